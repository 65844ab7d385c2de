"""Django admin: articles (text and sentences read-only, offsets depend on them) and the team.

The team's everyday pages live in the app (/team/); the admin is for power users and follows
the same rules, through the same services: people with work are deactivated, never deleted;
labels in use are deactivated, never deleted; token keys are shown once, so tokens are created
in the app, not here.
"""

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from annotations import services
from annotations.forms import StrictJSONField, validate_one_line
from annotations.importing import InvalidImport, check_url
from annotations.models import (
    ApiToken,
    Article,
    Assignment,
    Label,
    Sentence,
    UserPreferences,
    WorkspaceSettings,
)
from annotations.permissions import ADMIN, DATA_USER, REVIEWER, ROLE_TITLES, highest_role
from annotations.selectors.team import assignable_reviewers, member_has_work, role_names
from annotations.team_forms import ROLE_CHOICES, LabelAdminForm


class SentenceInline(admin.TabularInline):
    model = Sentence
    fields = ("position", "paragraph", "start", "end", "text")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ArticleAdminForm(forms.ModelForm):
    """The import's rules for the fields the admin may edit (one-line texts, URL, metadata)."""

    class Meta:
        model = Article
        fields = ["title", "source", "url", "author", "published_on", "metadata"]
        field_classes = {"metadata": StrictJSONField}

    def clean_title(self) -> str:
        return _one_line(self.cleaned_data["title"])

    def clean_source(self) -> str:
        return _one_line(self.cleaned_data["source"])

    def clean_author(self) -> str:
        return _one_line(self.cleaned_data["author"])

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        if url:
            try:
                check_url(url)
            except InvalidImport as error:
                raise forms.ValidationError(str(error)) from None
        return url

    def clean_metadata(self):
        metadata = self.cleaned_data["metadata"]
        if metadata is not None and not isinstance(metadata, dict):
            raise forms.ValidationError(_("Metadata must be a JSON object."))
        return metadata


def _one_line(value: str) -> str:
    validate_one_line(value)
    return value


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ("__str__", "source", "published_on", "language", "imported_by", "imported_at")
    list_filter = ("language", "source")
    search_fields = ("title", "source", "author", "url")
    date_hierarchy = "imported_at"
    readonly_fields = ("text", "content_hash", "imported_by", "imported_at", "language")
    fields = (
        "title",
        "source",
        "url",
        "author",
        "published_on",
        "language",
        "metadata",
        "text",
        "content_hash",
        "imported_by",
        "imported_at",
    )
    inlines = [SentenceInline]

    def has_add_permission(self, request) -> bool:
        # Articles enter through the import page or command, which segment them.
        return False


class UserPreferencesInline(admin.StackedInline):
    model = UserPreferences
    can_delete = False
    extra = 0
    max_num = 1


admin.site.unregister(User)
# Roles are the fixed groups of migration 0004; editing their permissions or members here
# would bypass the services and the audit. Roles change on the team pages.
admin.site.unregister(Group)


class TeamUserChangeForm(UserChangeForm):
    """Django's user form with the role, activity and superuser status as the team pages
    have them: not model fields, so nothing is saved past the services that check and
    audit them (see TeamUserAdmin.save_model). ``actor`` is set per request."""

    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=ROLE_CHOICES, required=False)
    active = forms.BooleanField(
        label=gettext_lazy("Active"),
        required=False,
        help_text=gettext_lazy("Deactivated people cannot log in or use API tokens; work stays."),
    )
    superuser = forms.BooleanField(
        label=gettext_lazy("Superuser"),
        required=False,
        help_text=gettext_lazy("Always an Admin, with every permission in the Django admin."),
    )
    actor = None

    class Meta(UserChangeForm.Meta):
        fields = ("username", "password", "first_name", "last_name", "email")  # type: ignore[assignment]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.instance
        self.fields["role"].initial = highest_role(user) or ""
        self.fields["active"].initial = user.is_active
        self.fields["superuser"].initial = user.is_superuser
        if highest_role(user) is None:
            cast(forms.ChoiceField, self.fields["role"]).choices = [("", "–"), *ROLE_CHOICES]
        if not (self.actor and self.actor.is_superuser):
            del self.fields["superuser"]
        for name in ("first_name", "last_name"):
            self.fields[name].validators.append(validate_one_line)

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        user, actor = self.instance, self.actor
        checks: list[tuple[str, Callable[..., None], dict[str, Any]]] = []
        if "superuser" in self.fields and cleaned.get("superuser") != user.is_superuser:
            checks.append(
                ("superuser", services.superuser_check, {"is_superuser": cleaned["superuser"]})
            )
        if cleaned.get("role") and cleaned["role"] != highest_role(user):
            checks.append(("role", services.role_change_check, {"role": cleaned["role"]}))
        if user.is_active and cleaned.get("active") is False:
            checks.append(("active", services.deactivation_check, {}))
        for field, check, arguments in checks:
            try:
                check(user=user, actor=actor, **arguments)
            except services.TeamError as error:
                self.add_error(field, str(error))
        return cleaned


@admin.register(User)
class TeamUserAdmin(DjangoUserAdmin):
    """Django's user admin, following the team pages' rules through the same services.

    Roles, activity and superuser status change only through annotations.services (which
    refuse self-escalation, removing the last admin, and log every change); people are
    created on the team page, which gives them a role; nobody with work is deleted.
    """

    form = TeamUserChangeForm
    readonly_fields = ("last_login", "date_joined")
    list_display = ("username", "full_name", "email", "role", "is_active", "last_login")
    list_filter = ("is_active", "groups", "is_superuser")
    inlines = [UserPreferencesInline]
    actions = [
        "deactivate_users",
        "reactivate_users",
        "make_reviewers",
        "make_admins",
        "make_data_users",
        "delete_selected",
    ]

    def get_queryset(self, request):
        # One query for the roles of the whole page, read by highest_role().
        return super().get_queryset(request).annotate(role_names=role_names())

    def get_fieldsets(self, request, obj=None):
        access = (
            ("role", "active", "superuser") if request.user.is_superuser else ("role", "active")
        )
        return (
            (None, {"fields": ("username", "password")}),
            (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
            (_("Role and access"), {"fields": access}),
            (_("Important dates"), {"fields": ("last_login", "date_joined")}),
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    def add_view(self, request, form_url="", extra_context=None):
        # New people get a role, preferences and a first password or invitation there.
        return HttpResponseRedirect(reverse("team_reviewer_create"))

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        data = form.cleaned_data
        try:
            with transaction.atomic():
                if "superuser" in form.fields:
                    services.superuser_set(
                        user=obj, is_superuser=data["superuser"], actor=request.user
                    )
                if data.get("role") and data["role"] != highest_role(obj):
                    services.reviewer_set_role(user=obj, role=data["role"], actor=request.user)
                if data["active"] and not obj.is_active:
                    services.reviewer_reactivate(user=obj, actor=request.user)
                elif not data["active"] and obj.is_active:
                    services.reviewer_deactivate(user=obj, actor=request.user)
        except services.TeamError as error:
            # Someone changed the team between the form's checks and now.
            self.message_user(request, str(error), messages.ERROR)

    @admin.display(description=gettext_lazy("name"), ordering="last_name")
    def full_name(self, user) -> str:
        return user.get_full_name()

    @admin.display(description=gettext_lazy("role"))
    def role(self, user) -> str:
        role = highest_role(user)
        return str(ROLE_TITLES[role]) if role else "–"

    @admin.action(description=gettext_lazy("Deactivate the selected accounts (work stays)"))
    def deactivate_users(self, request, queryset) -> None:
        self._each(request, queryset, services.reviewer_deactivate, _("Deactivated"))

    @admin.action(description=gettext_lazy("Reactivate the selected accounts"))
    def reactivate_users(self, request, queryset) -> None:
        self._each(request, queryset, services.reviewer_reactivate, _("Reactivated"))

    @admin.action(description=gettext_lazy("Give the selected accounts the Reviewer role"))
    def make_reviewers(self, request, queryset) -> None:
        self._set_role(request, queryset, REVIEWER)

    @admin.action(description=gettext_lazy("Give the selected accounts the Admin role"))
    def make_admins(self, request, queryset) -> None:
        self._set_role(request, queryset, ADMIN)

    @admin.action(description=gettext_lazy("Give the selected accounts the Data user role"))
    def make_data_users(self, request, queryset) -> None:
        self._set_role(request, queryset, DATA_USER)

    @admin.action(permissions=["delete"], description=gettext_lazy("Delete the selected accounts"))
    def delete_selected(self, request, queryset):
        refused = [user for user in queryset if member_has_work(user)]
        if refused:
            self.message_user(
                request,
                _(
                    "Nothing was deleted: %(users)s made claims or imported articles, which must "
                    "keep their author. Deactivate these accounts instead."
                )
                % {"users": ", ".join(user.get_username() for user in refused)},
                messages.ERROR,
            )
            return None
        return django_delete_selected(self, request, queryset)

    def delete_view(self, request, object_id, extra_context=None):
        user = self.get_object(request, unquote(object_id))
        if user is not None and member_has_work(user):
            self.message_user(request, services.reviewer_deletion_refusal(user), messages.ERROR)
            return HttpResponseRedirect(
                reverse("admin:auth_user_change", args=[user.pk], current_app=self.admin_site.name)
            )
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj) -> None:
        # Work may have arrived between the confirmation page and this request.
        try:
            services.reviewer_delete(user=obj, actor=request.user)
        except services.TeamError as error:
            request._factcheck_refusal = str(error)

    def response_delete(self, request, obj_display, obj_id):
        refusal = getattr(request, "_factcheck_refusal", None)
        if refusal is None:
            return super().response_delete(request, obj_display, obj_id)
        self.message_user(request, refusal, messages.ERROR)
        return HttpResponseRedirect(
            reverse("admin:auth_user_change", args=[obj_id], current_app=self.admin_site.name)
        )

    def user_change_password(self, request, id, form_url=""):
        user = self.get_object(request, unquote(id))
        if user is not None:
            try:
                services.password_change_check(user=user, actor=request.user)
            except services.TeamError as error:
                raise PermissionDenied(str(error)) from None
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            # The user table's history trigger does not see the password column.
            user = self.get_object(request, unquote(id))
            if user is not None:
                services.password_change_record(user=user, actor=request.user)
        return response

    def _each(self, request, queryset, service, done: str) -> None:
        names = []
        for user in queryset:
            try:
                service(user=user, actor=request.user)
            except services.TeamError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                names.append(user.get_username())
        if names:
            self.message_user(request, f"{done}: {', '.join(names)}", messages.SUCCESS)

    def _set_role(self, request, queryset, role: str) -> None:
        self._each(
            request,
            queryset,
            lambda *, user, actor: services.reviewer_set_role(user=user, role=role, actor=actor),
            _("Role %(role)s given to") % {"role": ROLE_TITLES[role]},
        )


@admin.register(Label)
class LabelAdmin(admin.ModelAdmin):
    form = LabelAdminForm
    list_display = ("name", "slug", "shortcut", "colour", "order", "is_active", "claims")
    list_filter = ("is_active",)
    search_fields = ("name", "slug", "description")
    ordering = ("order", "name")
    actions = ["deactivate_labels", "reactivate_labels", "delete_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_count=Count("annotations"))

    def get_readonly_fields(self, request, obj=None):
        # The API identifies labels by slug; it is set once.
        return ("slug",) if obj is not None else ()

    @admin.display(description=gettext_lazy("claims"), ordering="claim_count")
    def claims(self, label) -> int:
        return label.claim_count

    @admin.action(description=gettext_lazy("Deactivate the selected labels (claims keep them)"))
    def deactivate_labels(self, request, queryset) -> None:
        for label in queryset:
            services.label_deactivate(label=label, actor=request.user)
        self.message_user(request, _("Labels deactivated."), messages.SUCCESS)

    @admin.action(description=gettext_lazy("Reactivate the selected labels"))
    def reactivate_labels(self, request, queryset) -> None:
        for label in queryset:
            try:
                services.label_reactivate(label=label, actor=request.user)
            except services.TeamError as error:
                self.message_user(request, str(error), messages.ERROR)

    @admin.action(permissions=["delete"], description=gettext_lazy("Delete the selected labels"))
    def delete_selected(self, request, queryset):
        used = [label for label in queryset if label.claim_count]
        if used:
            for label in used:
                self.message_user(request, services.label_deletion_refusal(label), messages.ERROR)
            return None
        return django_delete_selected(self, request, queryset)

    def delete_view(self, request, object_id, extra_context=None):
        label = self.get_object(request, unquote(object_id))
        if label is not None and label.annotations.exists():
            self.message_user(request, services.label_deletion_refusal(label), messages.ERROR)
            return HttpResponseRedirect(
                reverse(
                    "admin:annotations_label_change",
                    args=[label.pk],
                    current_app=self.admin_site.name,
                )
            )
        return super().delete_view(request, object_id, extra_context)


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("article", "reviewer", "due_on", "assigned_by", "created_at")
    list_filter = ("due_on", ("reviewer", admin.RelatedOnlyFieldListFilter))
    search_fields = ("article__title", "reviewer__username")
    autocomplete_fields = ("article",)
    readonly_fields = ("assigned_by", "created_at")
    list_select_related = ("article", "reviewer", "assigned_by")
    date_hierarchy = "created_at"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "reviewer":
            kwargs["queryset"] = assignable_reviewers()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        # A different article or reviewer is a different assignment: delete and add.
        if obj is not None:
            return ("article", "reviewer", *self.readonly_fields)
        return self.readonly_fields

    def save_model(self, request, obj, form, change) -> None:
        # The team pages' services: same checks, same audit.
        if change:
            stored = Assignment.objects.get(pk=obj.pk)
            services.assignment_set_due(assignment=stored, due_on=obj.due_on, actor=request.user)
            return
        services.assignment_create(
            article=obj.article, reviewer=obj.reviewer, due_on=obj.due_on, actor=request.user
        )
        obj.pk = Assignment.objects.get(article=obj.article, reviewer=obj.reviewer).pk

    def delete_model(self, request, obj) -> None:
        services.assignment_delete(assignment=obj, actor=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for assignment in queryset:
            services.assignment_delete(assignment=assignment, actor=request.user)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created in the app (Team → API tokens), where the key can be shown once."""

    list_display = (
        "prefix",
        "name",
        "user",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("prefix", "name", "user__username")
    list_select_related = ("user", "created_by")
    fields = ("name", "user", "prefix", "created_by", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("user", "prefix", "created_by", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke_tokens"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # Revoked tokens stay listed: who could read the data, and until when.
        return False

    @admin.action(description=gettext_lazy("Revoke the selected tokens"))
    def revoke_tokens(self, request, queryset) -> None:
        for token in queryset:
            services.token_revoke(token=token, actor=request.user)
        self.message_user(request, _("Tokens revoked; they no longer work."), messages.SUCCESS)


@admin.register(WorkspaceSettings)
class WorkspaceSettingsAdmin(admin.ModelAdmin):
    list_display = ("__str__", "reviewers_may_open_unassigned")

    def save_model(self, request, obj, form, change) -> None:
        # The settings page's service, so that the change is recorded with its actor.
        services.workspace_settings_update(
            actor=request.user, reviewers_may_open_unassigned=obj.reviewers_may_open_unassigned
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
