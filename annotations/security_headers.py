"""Response headers a current security scanner expects that Django does not set itself.

Django sets Content-Security-Policy (SECURE_CSP), HSTS, X-Content-Type-Options,
Referrer-Policy, Cross-Origin-Opener-Policy and X-Frame-Options; this adds the rest.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# The app uses none of these browser features; nothing embedded may ask for them either.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # Other sites may not embed our responses (exports, API answers) as resources.
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
