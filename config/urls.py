from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from operations.views import healthz

admin.site.site_header = _("Jilin 14th Five-Year eco-environmental plan indicators")
admin.site.site_title = _("Plan indicator monitoring")
admin.site.index_title = _("Administration")

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("indicators.api_urls")),
    path("entry/", include("indicators.urls")),
    path("spreadsheets/", include("spreadsheets.urls", namespace="spreadsheets")),
    path("healthz", healthz, name="healthz"),
    path("", include("dashboard.urls")),
]
