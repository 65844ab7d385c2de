"""The address a request came from, for login throttling: behind the proxy, the proxy's word.

Without BEHIND_HTTPS_PROXY, REMOTE_ADDR is the client. Behind the documented proxy every
request's REMOTE_ADDR is the proxy itself, which would put all clients in one lock-out
bucket; the client is then the last address in X-Forwarded-For, the one our proxy appended.
Addresses further left were sent by the client and could be anything, so they are ignored.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    if not settings.BEHIND_HTTPS_PROXY:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    last = forwarded.rsplit(",", 1)[-1].strip()
    try:
        return str(ipaddress.ip_address(last))
    except ValueError:
        # No (or a garbled) header: the proxy is not doing its part; fall back to the peer.
        return remote
