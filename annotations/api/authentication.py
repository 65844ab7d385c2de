"""`Authorization: Token <key>` authentication against hashed, revocable API tokens."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from annotations.services.tokens import TokenRefused, token_use


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Invalid token header: use 'Authorization: Token <key>'.")
            )
        try:
            key = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token: not ASCII.")) from None
        try:
            token = token_use(key=key)
        except TokenRefused as refusal:
            raise exceptions.AuthenticationFailed(str(refusal)) from None
        return token.user, token

    def authenticate_header(self, request) -> str:
        return self.keyword
