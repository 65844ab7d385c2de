"""URLs of the team administration pages (reviewers, assignments, labels, tokens, audit)."""

urlpatterns: list = []
