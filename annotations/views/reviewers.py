"""Team pages for people: the list with figures, creating, editing, roles, access and passwords.

Secrets (a generated password, an invitation link) are shown in the response to the POST that
made them and stored nowhere, so those responses render instead of redirecting.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from annotations import permissions, services
from annotations.permissions import ROLE_TITLES, highest_role
from annotations.request_types import AuthenticatedRequest
from annotations.selectors.assignments import assignments_of_reviewer
from annotations.selectors.audit import audit_entries, audit_events
from annotations.selectors.team import (
    active_user,
    login_failures,
    member_language,
    member_row,
    member_rows,
    team_members,
    token_list,
)
from annotations.team_forms import (
    MemberCreateForm,
    MemberDetailsForm,
    MemberFilterForm,
    PasswordChoice,
    PasswordResetForm,
    RoleForm,
    add_team_error,
)
from annotations.views.htmx_rendering import render_list_page, render_page
from annotations.views.team_access import team_admin_required

MEMBERS_PER_PAGE = 50
RECENT_HISTORY = 10


@require_GET
@login_required
@team_admin_required
def reviewer_list(request: AuthenticatedRequest) -> HttpResponse:
    form = MemberFilterForm(request.GET)
    form.is_valid()
    filters = form.cleaned_data
    members = team_members(
        query=filters.get("q", ""), role=filters.get("role", ""), status=filters.get("status", "")
    )
    return render_list_page(
        request,
        "annotations/team/reviewer_list.html",
        items=members,
        per_page=MEMBERS_PER_PAGE,
        context={"form": form, "rows_of": member_rows},
    )


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("password")
@never_cache  # the answer may show a generated password or an invitation link
@login_required
@team_admin_required
def reviewer_create(request: AuthenticatedRequest) -> HttpResponse:
    form = MemberCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        choice = data["password_choice"]
        password = {
            PasswordChoice.GENERATE: services.password_generate(),
            PasswordChoice.SET: data["password"],
        }.get(choice)
        try:
            user = services.reviewer_create(
                username=data["username"],
                role=data["role"],
                actor=request.user,
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                language=data["language"],
                password=password,
            )
        except services.TeamError as error:
            add_team_error(form, error)
        else:
            if permissions.can_receive_assignments(user):
                notice = _("%(user)s can now be assigned work.")
            else:
                notice = _(
                    "%(user)s can now read and export the data through the API; create an API "
                    "token for them under Team → API tokens."
                )
            messages.success(request, notice % {"user": user.get_username()})
            context = {
                "member": user,
                "role": data["role"],
                "password": password if choice == PasswordChoice.GENERATE else None,
                "link": _password_link(request, user) if choice == PasswordChoice.LINK else None,
            }
            return render(request, "annotations/team/reviewer_created.html", context, status=201)
    status = 422 if form.is_bound else 200
    return render(request, "annotations/team/reviewer_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
@team_admin_required
def reviewer_detail(request: AuthenticatedRequest, user_id: int) -> HttpResponse:
    """The person's page; a POST saves their name, email address and language."""
    member = get_object_or_404(User, pk=user_id)
    if request.method == "GET":
        return _detail(request, member)
    form = MemberDetailsForm(request.POST)
    if form.is_valid():
        services.reviewer_update(user=member, actor=request.user, **form.cleaned_data)
        return _done(request, member, "details", _("Saved."))
    return _detail(request, member, section="details", status=422, details_form=form)


@require_POST
@login_required
@team_admin_required
def reviewer_role(request: AuthenticatedRequest, user_id: int) -> HttpResponse:
    member = get_object_or_404(User, pk=user_id)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.reviewer_set_role(
                user=member, role=form.cleaned_data["role"], actor=request.user
            )
        except services.TeamError as error:
            add_team_error(form, error)
        else:
            return _done(
                request,
                member,
                "role",
                _("%(user)s is now %(role)s.")
                % {
                    "user": member.get_username(),
                    "role": ROLE_TITLES[form.cleaned_data["role"]],
                },
            )
    return _detail(request, member, section="role", status=422, role_form=form)


@require_POST
@login_required
@team_admin_required
def reviewer_active(request: AuthenticatedRequest, user_id: int) -> HttpResponse:
    """Deactivate (``active=0``) or reactivate (``active=1``) an account."""
    member = get_object_or_404(User, pk=user_id)
    activate = request.POST.get("active") == "1"
    try:
        if activate:
            services.reviewer_reactivate(user=member, actor=request.user)
            notice = _("%(user)s can log in again.")
        else:
            services.reviewer_deactivate(user=member, actor=request.user)
            notice = _(
                "%(user)s is deactivated: no login, no API access. Their work stays and is "
                "still exported under their name."
            )
    except services.TeamError as error:
        return _refused(request, member, "access", str(error))
    return _done(request, member, "access", notice % {"user": member.get_username()})


@require_POST
@sensitive_post_parameters("password")
@never_cache  # the answer may show a generated password or a reset link
@login_required
@team_admin_required
def reviewer_password(request: AuthenticatedRequest, user_id: int) -> HttpResponse:
    member = get_object_or_404(User, pk=user_id)
    form = PasswordResetForm(request.POST)
    if not form.is_valid():
        return _detail(request, member, section="access", status=422, password_form=form)
    choice = form.cleaned_data["password_choice"]
    if choice == PasswordChoice.LINK:
        # The old password stops working now, not when the link is used.
        try:
            services.reviewer_reset_password(user=member, actor=request.user)
        except services.TeamError as error:
            add_team_error(form, error)
            return _detail(request, member, section="access", status=422, password_form=form)
        secrets: dict[str, Any] = {
            "link": _password_link(request, member),
            "notice": _(
                "The old password no longer works and their open sessions have ended; send "
                "them this link to choose a new one."
            ),
        }
    else:
        password = (
            services.password_generate()
            if choice == PasswordChoice.GENERATE
            else form.cleaned_data["password"]
        )
        try:
            services.reviewer_set_password(user=member, password=password, actor=request.user)
        except services.TeamError as error:
            add_team_error(form, error)
            return _detail(request, member, section="access", status=422, password_form=form)
        secrets = {
            "password": password if choice == PasswordChoice.GENERATE else None,
            "notice": _("New password set; their open sessions have ended."),
        }
    # A secret is shown once, in this response; nothing to redirect to.
    return _detail(request, member, section="access", **secrets)


@require_POST
@login_required
@team_admin_required
def reviewer_unlock(request: AuthenticatedRequest, user_id: int) -> HttpResponse:
    member = get_object_or_404(User, pk=user_id)
    services.reviewer_unlock(user=member, actor=request.user)
    return _done(
        request,
        member,
        "access",
        _("Failed logins of %(user)s forgotten; they can try again now.")
        % {"user": member.get_username()},
    )


@require_POST
@login_required
@team_admin_required
def reviewer_delete(request: AuthenticatedRequest, user_id: int) -> HttpResponse:
    member = get_object_or_404(User, pk=user_id)
    username = member.get_username()
    try:
        services.reviewer_delete(user=member, actor=request.user)
    except services.TeamError as error:
        return _refused(request, member, "access", str(error))
    messages.success(request, _("The account %(user)s was deleted.") % {"user": username})
    if request.htmx:
        return HttpResponseClientRedirect(reverse("team_reviewers"))
    return redirect("team_reviewers")


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters()
@never_cache
def set_password(request: AuthenticatedRequest, uidb64: str, token: str) -> HttpResponse:
    """Where an invitation or reset link leads: the person chooses their password."""
    user = _user_from_link(uidb64, token)
    if user is None:
        return render(request, "annotations/team/set_password.html", {"invalid": True}, status=400)
    form = SetPasswordForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # The person acts on their own account; the audit log names them, not "system".
        services.reviewer_set_password(
            user=user, password=form.cleaned_data["new_password1"], actor=user
        )
        messages.success(request, _("Your password is set. Log in with it now."))
        return redirect("login")
    status = 422 if form.is_bound else 200
    context = {"form": form, "member": user}
    return render(request, "annotations/team/set_password.html", context, status=status)


def _detail(
    request: AuthenticatedRequest, member, *, section: str = "", status: int = 200, **extra
) -> HttpResponse:
    """The person's page, or only ``section`` of it for htmx."""
    role = highest_role(member)
    context = {
        "member": member,
        "row": member_row(member),
        "role": role,
        "failures": login_failures(user=member),
        "details_form": MemberDetailsForm(
            initial={
                "first_name": member.first_name,
                "last_name": member.last_name,
                "email": member.email,
                "language": member_language(member),
            }
        ),
        "role_form": RoleForm(initial={"role": role}),
        "password_form": PasswordResetForm(),
        "is_self": member.pk == request.user.pk,
        "section": section,
        **extra,
    }
    if not (request.htmx and section):
        context["assignments"] = assignments_of_reviewer(reviewer=member)
        context["tokens"] = token_list(user=member)
        context["history"] = audit_entries(audit_events(subject_id=member.pk)[:RECENT_HISTORY])
    return render_page(
        request, "annotations/team/reviewer_detail.html", context, partial=section, status=status
    )


def _done(request: AuthenticatedRequest, member, section: str, notice: str) -> HttpResponse:
    if request.htmx:
        return _detail(request, member, section=section, notice=notice)
    messages.success(request, notice)
    return redirect("team_reviewer_detail", user_id=member.pk)


def _refused(request: AuthenticatedRequest, member, section: str, reason: str) -> HttpResponse:
    if request.htmx:
        return _detail(request, member, section=section, status=422, problem=reason)
    messages.error(request, reason)
    return redirect("team_reviewer_detail", user_id=member.pk)


def _password_link(request: AuthenticatedRequest, user) -> str:
    path = reverse(
        "team_set_password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return request.build_absolute_uri(path)


def _user_from_link(uidb64: str, token: str):
    try:
        user_id = int(urlsafe_base64_decode(uidb64).decode())
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    user = active_user(user_id)
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user
