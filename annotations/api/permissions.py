"""DRF permission classes for the API: thin shells around annotations.permissions predicates.

A class allows reads (GET, HEAD, OPTIONS) by one predicate and writes by another, and says in
its refusal which role the action needs. Object-level rules (whose claim, which article) are
checked by the views through the same predicates.
"""

from collections.abc import Callable
from typing import cast

from django.contrib.auth.models import User
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from annotations import permissions

Predicate = Callable[[permissions.AnyUser], bool]


def acting_user(request: Request) -> User:
    """The request's user, once a permission class has let only people with a role through."""
    return cast(User, request.user)


class _RolePermission(BasePermission):
    read: Predicate | None = None
    write: Predicate | None = None
    read_message: str | Promise = ""
    write_message: str | Promise = ""

    def has_permission(self, request, view) -> bool:
        if not hasattr(view, request.method.lower()):
            # The view answers 405 with its Allow header; a 403 would hide which methods exist.
            return True
        reading = request.method in SAFE_METHODS
        predicate = self.read if reading else self.write
        self.message = self.read_message if reading else self.write_message
        return predicate is not None and predicate(request.user)


class ArticlePermission(_RolePermission):
    read = staticmethod(permissions.can_read_articles)
    write = staticmethod(permissions.can_import_articles)
    read_message = _("Reading articles needs the Reviewer, Admin or Data user role.")
    write_message = _("Importing articles needs the Admin role.")


class LabelPermission(_RolePermission):
    read = staticmethod(lambda user: permissions.role_of(user) is not None)
    read_message = _("Reading labels needs the Reviewer, Admin or Data user role.")
    write_message = _("Labels are edited in the app by admins, not through the API.")


class ClaimPermission(_RolePermission):
    read = staticmethod(
        lambda user: permissions.can_annotate(user) or permissions.can_read_all_claims(user)
    )
    write = staticmethod(permissions.can_annotate)
    read_message = _("Reading annotations needs the Reviewer, Admin or Data user role.")
    write_message = _("Making and changing annotations needs the Reviewer or Admin role.")


class ClaimImportPermission(_RolePermission):
    write = staticmethod(permissions.can_import_claims)
    write_message = _("Importing annotations needs the Admin role.")


class ExportPermission(_RolePermission):
    read = staticmethod(permissions.can_export)
    read_message = _("Exports need the Admin or Data user role.")
