"""Team page for API tokens: the list, creating one (its key shown once) and revoking."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from annotations import services
from annotations.models import ApiToken
from annotations.request_types import AuthenticatedRequest
from annotations.selectors.team import token_list
from annotations.team_forms import TokenCreateForm, TokenFilterForm, add_team_error
from annotations.views.htmx_rendering import render_page
from annotations.views.team_access import team_admin_required


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
@team_admin_required
def token_index(request: AuthenticatedRequest) -> HttpResponse:
    """The token list; a POST creates a token and this response is the only one showing its key."""
    filters = TokenFilterForm(request.GET)
    filters.is_valid()
    created = None
    status = 200
    if request.method == "POST":
        form = TokenCreateForm(request.POST)
        if form.is_valid():
            try:
                created = services.token_create(actor=request.user, **form.cleaned_data)
            except services.TeamError as error:
                add_team_error(form, error)
        if created is None:
            status = 422
        else:
            status = 201
            form = TokenCreateForm()
    else:
        form = TokenCreateForm(initial={"user": request.GET.get("for")})
    context = {
        "filters": filters,
        "form": form,
        "created": created,
        "tokens": token_list(
            user=filters.cleaned_data.get("user"), status=filters.cleaned_data.get("status", "")
        ),
    }
    return render_page(
        request, "annotations/team/token_list.html", context, partial="tokens", status=status
    )


@require_POST
@login_required
@team_admin_required
def token_revoke(request: AuthenticatedRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.select_related("user", "created_by"), pk=token_id)
    services.token_revoke(token=token, actor=request.user)
    if request.htmx:
        return render(request, "annotations/team/token_list.html#token-row", {"token": token})
    messages.success(
        request, _("Token %(prefix)s… revoked; it no longer works.") % {"prefix": token.prefix}
    )
    return redirect("team_tokens")
