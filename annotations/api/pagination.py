"""Cursor pagination for API lists, with a client-chosen page size under a hard cap."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, pagination


class CursorPagination(pagination.CursorPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000
    ordering = "-id"
    invalid_cursor_message: str = _(  # type: ignore[assignment]  # DRF formats it with str()
        "Invalid cursor: pass the 'next' or 'previous' link of a page back unchanged."
    )

    def decode_cursor(self, request):
        # DRF answers a broken cursor with 404, as if the list did not exist; it is bad input.
        try:
            return super().decode_cursor(request)
        except exceptions.NotFound as error:
            raise exceptions.ValidationError({"cursor": [error.detail]}) from None
