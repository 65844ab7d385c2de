"""URLs of the app's pages; they are public contracts, so names and shapes stay stable."""

from django.urls import include, path

from annotations.views import articles

urlpatterns = [
    path("", articles.article_list, name="article_list"),
    path("articles/import/", articles.article_import, name="article_import"),
    path("articles/<int:article_id>/", articles.article_detail, name="article_detail"),
    path("team/", include("annotations.views.team_urls")),
]
