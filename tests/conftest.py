"""Shared fixtures: the people who use the app, and articles built through the services."""

import os

import pytest


def _use_the_configured_or_embedded_database() -> None:
    """The test session is an entry point: without DATABASE_URL it uses the embedded server.

    This runs when pytest loads this file, before pytest-django sets Django up and before any
    other conftest imports code that reads settings, so settings see the exported DATABASE_URL.
    """
    from factcheck import embedded_database

    embedded_database.use_unless_configured()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    # Conftests below this one import models, as they could when pytest-django set Django up.
    django.setup()


_use_the_configured_or_embedded_database()


@pytest.fixture
def password() -> str:
    return "correct horse battery staple"


def make_user(django_user_model, username: str, password: str, role: str | None, **extra):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        username, f"{username}@example.org", password, **extra
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def admin_user(django_user_model, password):
    return make_user(django_user_model, "alice", password, "Admin", is_staff=True)


@pytest.fixture
def superuser(django_user_model, password):
    return django_user_model.objects.create_superuser("sam", "sam@example.org", password)


@pytest.fixture
def reviewer(django_user_model, password):
    return make_user(django_user_model, "rita", password, "Reviewer")


@pytest.fixture
def other_reviewer(django_user_model, password):
    return make_user(django_user_model, "otto", password, "Reviewer")


@pytest.fixture
def curator(django_user_model, password):
    return make_user(django_user_model, "carla", password, "Curator")


@pytest.fixture
def data_user(django_user_model, password):
    return make_user(django_user_model, "dora", password, "Data user")


@pytest.fixture
def outsider(django_user_model, password):
    """Logged in, but holds no role."""
    return make_user(django_user_model, "olga", password, None)


@pytest.fixture
def labels():
    from annotations.models import Label

    return {label.slug: label for label in Label.objects.all()}


@pytest.fixture
def article_data():
    from annotations.importing import ArticleData

    return ArticleData(
        text="Am 15. August traf Trump Putin. Es gab keine Erklärung.\n\nDer Krieg blieb Thema.",
        title="Gipfel in Alaska",
        source="Beispielzeitung",
        language="de",
    )


@pytest.fixture
def article(article_data, admin_user):
    from annotations.services import article_import

    return article_import(data=article_data, imported_by=admin_user).article


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request):
    """Transactional tests empty every table; put back what migration 0004 created."""
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        return
    import importlib

    from django.apps import apps

    request.getfixturevalue("transactional_db")
    migration = importlib.import_module("annotations.migrations.0004_spans_rules_labels_roles")
    migration.create_labels_roles_and_settings(apps, None)
    curator_role = importlib.import_module("annotations.migrations.0016_curator_role")
    curator_role.create_curator_role(apps, None)


@pytest.fixture(autouse=True)
def _static_files_without_collectstatic(settings):
    # Production serves hashed files after collectstatic; tests read the source folders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request in another language leaves it active in the thread; the next test starts anew."""
    yield
    from django.utils import translation

    translation.deactivate()
