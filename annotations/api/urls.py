"""URLs of the REST API under /api/."""

urlpatterns: list = []
