"""Error responses for the whole site: JSON with a reason under /api/, a page elsewhere.

Django calls these for exceptions no view handled (handler400/403/404/500 in factcheck.urls)
and for CSRF failures (CSRF_FAILURE_VIEW); RequestLimitsMiddleware uses them for bodies that
are too large or not UTF-8. An API client never gets an HTML page, whatever went wrong.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def refusal(request: HttpRequest, status: int, reason: str, *, template: str) -> HttpResponse:
    """``reason`` as ``{"detail": reason}`` under /api/, else ``template`` showing it."""
    if is_api(request):
        return JsonResponse({"detail": reason}, status=status)
    return render(request, template, {"reason": reason, "exception": reason}, status=status)


def too_large(request: HttpRequest) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    reason = _(
        "The request is too large: at most %(limit)s bytes (%(megabytes).1f MB) are accepted."
    ) % {"limit": f"{limit:,}", "megabytes": limit / 1024 / 1024}
    if is_api(request):
        hint = _(
            "Send less at once; load large annotation files with manage.py import_annotations."
        )
    else:
        hint = _("Send less at once, e.g. import the articles in several files.")
    reason = f"{reason} {hint}"
    return refusal(request, 413, reason, template="413.html")


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        return too_large(request)
    if isinstance(exception, TooManyFieldsSent):
        reason = _("The request has too many fields (at most %(limit)d).") % {
            "limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        }
    else:
        reason = _("The request could not be understood.")
    return refusal(request, 400, reason, template="400.html")


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    reason = str(exception) if exception and str(exception) else ""
    if is_api(request):
        return JsonResponse({"detail": reason or _("You may not do this.")}, status=403)
    return render(request, "403.html", {"exception": reason}, status=403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api(request):
        return JsonResponse(
            {"detail": _("No API endpoint at this address; see /api/docs/.")}, status=404
        )
    return render(request, "404.html", {"request_path": request.path}, status=404)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        return JsonResponse(
            {
                "detail": _(
                    "Something went wrong on our side; nothing was changed by this request "
                    "unless its answer said so. Try again, or tell your admin the time."
                )
            },
            status=500,
        )
    # No context processors: whatever failed may fail again while rendering the page.
    return HttpResponse(loader.get_template("500.html").render(), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    message = _(
        "The form was sent without a valid security token (CSRF), so nothing was saved. Reload "
        "the page and send it again."
    )
    return refusal(request, 403, message, template="403.html")
