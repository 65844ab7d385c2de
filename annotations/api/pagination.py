"""Cursor pagination for API lists, with a client-chosen page size under a hard cap."""

from rest_framework import pagination


class CursorPagination(pagination.CursorPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000
    ordering = "-id"
