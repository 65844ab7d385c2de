"""Site URLs: health check, app pages, authentication, the Django admin, language switching."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from annotations.views.health import health

urlpatterns = [
    path("healthz", health, name="health"),
    path("", include("annotations.urls")),
    path("api/", include("annotations.api.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# JSON under /api/, the site's pages elsewhere; 400 turns an oversized body into a 413.
handler400 = "annotations.views.errors.bad_request"
handler403 = "annotations.views.errors.permission_denied"
handler404 = "annotations.views.errors.page_not_found"
handler500 = "annotations.views.errors.server_error"
