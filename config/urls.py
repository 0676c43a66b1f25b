from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from operations.views import favicon, healthz

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("api.urls")),
    path("public/", include("public.urls")),  # the public site: no login (信息公开)
    path("entry/", include("entry.urls")),
    path("spreadsheets/", include("spreadsheets.urls", namespace="spreadsheets")),
    path("plans/", include("importer.urls")),  # before the dashboard's plans/<pk>/
    path("", include("rounds.urls")),
    path("", include("evaluation.urls")),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("", include("dashboard.urls")),
]

# Errors raised outside a view's own handling: JSON under /api/, Django's pages elsewhere.
handler400 = "api.handlers.bad_request"
handler403 = "api.handlers.permission_denied"
handler404 = "api.handlers.page_not_found"
handler500 = "api.handlers.server_error"
