"""Times under /api/ are UTC: every API response writes them as ``2025-08-16T08:02:11.532101Z``.

The site shows local time (TIME_ZONE) to people; machines get one format everywhere, the same
as the exports'. DRF renders date-times in the current time zone, so the API runs in UTC.
"""

import datetime

from django.utils import timezone


class ApiUtcMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith("/api/"):
            return self.get_response(request)
        with timezone.override(datetime.UTC):
            return self.get_response(request)
