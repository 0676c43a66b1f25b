from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from operations.views import healthz

admin.site.site_header = "吉林省“十四五”生态环境保护规划指标监测"
admin.site.site_title = "规划指标监测"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("indicators.api_urls")),
    path("entry/", include("indicators.urls")),
    path("spreadsheets/", include("indicators.spreadsheet_urls", namespace="spreadsheets")),
    path("healthz", healthz, name="healthz"),
    path("", include("dashboard.urls")),
]
