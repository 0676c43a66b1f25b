from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from operations.views import favicon, healthz

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("indicators.api_urls")),
    path("entry/", include("indicators.urls")),
    path("spreadsheets/", include("spreadsheets.urls", namespace="spreadsheets")),
    path("plans/", include("plans.urls")),  # before the dashboard's plans/<pk>/
    path("", include("rounds.urls")),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("", include("dashboard.urls")),
]

# Errors raised outside a view's own handling: JSON under /api/, Django's pages elsewhere.
handler400 = "indicators.api.bad_request"
handler403 = "indicators.api.permission_denied"
handler404 = "indicators.api.page_not_found"
handler500 = "indicators.api.server_error"
