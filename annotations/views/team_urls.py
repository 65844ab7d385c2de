"""URLs of the team administration pages (reviewers, assignments, labels, tokens, audit)."""

from django.urls import path

from annotations.views import assignments, audit, labels, reviewers, team_settings, tokens

urlpatterns = [
    path("", reviewers.reviewer_list, name="team_reviewers"),
    path("reviewers/new/", reviewers.reviewer_create, name="team_reviewer_create"),
    path("reviewers/<int:user_id>/", reviewers.reviewer_detail, name="team_reviewer_detail"),
    path("reviewers/<int:user_id>/role/", reviewers.reviewer_role, name="team_reviewer_role"),
    path("reviewers/<int:user_id>/active/", reviewers.reviewer_active, name="team_reviewer_active"),
    path(
        "reviewers/<int:user_id>/password/",
        reviewers.reviewer_password,
        name="team_reviewer_password",
    ),
    path("reviewers/<int:user_id>/unlock/", reviewers.reviewer_unlock, name="team_reviewer_unlock"),
    path("reviewers/<int:user_id>/delete/", reviewers.reviewer_delete, name="team_reviewer_delete"),
    # Reached by people who are not logged in yet: the link is their credential.
    path("welcome/<str:uidb64>/<str:token>/", reviewers.set_password, name="team_set_password"),
    path("assignments/", assignments.assignment_index, name="team_assignments"),
    path("assignments/new/", assignments.assignment_bulk, name="team_assignments_create"),
    path(
        "assignments/<int:assignment_id>/delete/",
        assignments.assignment_delete,
        name="team_assignment_delete",
    ),
    path(
        "assignments/<int:assignment_id>/due/",
        assignments.assignment_due,
        name="team_assignment_due",
    ),
    path(
        "articles/<int:article_id>/assignments/",
        assignments.article_assignments,
        name="team_article_assignments",
    ),
    path("labels/", labels.label_list, name="team_labels"),
    path("labels/new/", labels.label_create, name="team_label_create"),
    path("labels/<int:label_id>/", labels.label_edit, name="team_label_edit"),
    path("labels/<int:label_id>/move/", labels.label_move, name="team_label_move"),
    path("labels/<int:label_id>/active/", labels.label_active, name="team_label_active"),
    path("labels/<int:label_id>/delete/", labels.label_delete, name="team_label_delete"),
    path("tokens/", tokens.token_index, name="team_tokens"),
    path("tokens/<int:token_id>/revoke/", tokens.token_revoke, name="team_token_revoke"),
    path("audit/", audit.audit_log, name="team_audit"),
    path("settings/", team_settings.workspace_settings, name="team_settings"),
]
