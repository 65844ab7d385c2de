"""URLs of the app's pages; they are public contracts, so names and shapes stay stable."""

from django.urls import include, path

from annotations.views import (
    adjudication,
    agreement,
    articles,
    data_access,
    jobs,
    label_styles,
    workspace,
    workspace_suggestions,
)

urlpatterns = [
    path("", articles.article_list, name="article_list"),
    path("articles/import/", articles.article_import, name="article_import"),
    path("jobs/", jobs.job_list, name="job_list"),
    path("jobs/<int:job_id>/", jobs.job_detail, name="job_detail"),
    path("articles/<int:article_id>/", workspace.article_workspace, name="article_detail"),
    path("articles/<int:article_id>/next/", workspace.next_unreviewed, name="workspace_next"),
    path("articles/<int:article_id>/sentences/", workspace.article_chunk, name="article_chunk"),
    path("articles/<int:article_id>/undo/", workspace.undo, name="workspace_undo"),
    path("articles/<int:article_id>/boundaries/", workspace.boundaries, name="sentence_boundaries"),
    path("sentences/<int:sentence_id>/", workspace.sentence_detail, name="sentence_detail"),
    path("sentences/<int:sentence_id>/claims/", workspace.claim_create, name="claim_create"),
    path("sentences/<int:sentence_id>/no-claim/", workspace.no_claim_mark, name="no_claim_mark"),
    path(
        "sentences/<int:sentence_id>/no-claim/remove/",
        workspace.no_claim_unmark,
        name="no_claim_unmark",
    ),
    path("sentences/<int:sentence_id>/history/", workspace.history, name="sentence_history"),
    path("claims/<int:claim_id>/edit/", workspace.claim_edit, name="claim_edit"),
    path(
        "suggestions/<int:suggestion_id>/accept/",
        workspace_suggestions.suggestion_accept,
        name="suggestion_accept",
    ),
    path(
        "suggestions/<int:suggestion_id>/reject/",
        workspace_suggestions.suggestion_reject,
        name="suggestion_reject",
    ),
    path("claims/<int:claim_id>/delete/", workspace.claim_delete, name="claim_delete"),
    path("articles/<int:article_id>/gold/", adjudication.article_gold, name="article_gold"),
    path("agreement/", agreement.agreement_page, name="agreement"),
    path("adjudication/", adjudication.queue, name="adjudication_queue"),
    path("adjudication/settings/", adjudication.gold_settings, name="gold_settings"),
    path(
        "adjudication/articles/<int:article_id>/",
        adjudication.article_adjudication,
        name="adjudication_article",
    ),
    path(
        "adjudication/sentences/<int:sentence_id>/decide/",
        adjudication.decide,
        name="adjudication_decide",
    ),
    path("team/", include("annotations.views.team_urls")),
    path("data/", data_access.data_access, name="data_access"),
    path("labels.css", label_styles.label_stylesheet, name="label_styles"),
]
