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
    path("", include("rounds.urls")),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("", include("dashboard.urls")),
]
