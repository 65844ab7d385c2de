"""The interface language an admin chose for a person, applied when that person logs in.

It becomes the language cookie LocaleMiddleware reads, so the language switcher in the page
header still wins afterwards. Wiring: add "annotations.login_language.PreferredLanguageMiddleware"
to MIDDLEWARE (anywhere after SessionMiddleware); importing this module connects the receiver.
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from annotations.models import UserPreferences


@receiver(user_logged_in, dispatch_uid="annotations_preferred_language")
def note_preferred_language(sender, request: HttpRequest | None, user, **kwargs) -> None:
    if request is None:
        return
    language = UserPreferences.objects.filter(user=user).values_list("language", flat=True).first()
    if language and translation.check_for_language(language):
        request.preferred_language = language  # type: ignore[attr-defined]  # read below


class PreferredLanguageMiddleware:
    """Sets the language cookie on the response to a login that found a preferred language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        language = getattr(request, "preferred_language", None)
        if language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
