"""Shared fixtures: the people who use the app, and articles built through the services."""

import pytest


@pytest.fixture
def password() -> str:
    return "correct horse battery staple"


@pytest.fixture
def admin_user(django_user_model, password):
    return django_user_model.objects.create_superuser("alice", "alice@example.org", password)


@pytest.fixture
def reviewer(django_user_model, password):
    return django_user_model.objects.create_user("rita", "rita@example.org", password)


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
def _static_files_without_collectstatic(settings):
    # Production serves hashed files after collectstatic; tests read the source folders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
