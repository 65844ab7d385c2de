"""Who may do what: plain predicates shared by the HTML views, the API and the admin."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


def can_import_articles(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)
