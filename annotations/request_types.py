"""Types of the requests views receive: what django-htmx's middleware adds, and the user that
``login_required`` guarantees."""

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxRequest(HttpRequest):
    """Any request: HtmxMiddleware sets ``htmx`` (falsy unless htmx sent it)."""

    htmx: HtmxDetails
    user: User | AnonymousUser


class AuthenticatedRequest(HtmxRequest):
    """A request to a view behind ``login_required``."""

    user: User
