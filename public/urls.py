from django.urls import path, register_converter

from . import views


class FormatConverter:
    """The open data's file formats."""

    regex = "csv|xlsx|json"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "format")

app_name = "public"

# Stable URLs: the open data's listing (data.json) points at them.
urlpatterns = [
    path("", views.index, name="index"),
    path("data.json", views.listing, name="listing"),
    path("regions/<int:pk>/", views.region, name="region"),
    path("regions/<int:pk>.<format:fmt>", views.region, name="region-download"),
    path("plans/<int:pk>/", views.plan, name="plan"),
    path("plans/<int:pk>/<int:year>/", views.plan, name="plan-year"),
    path("plans/<int:pk>/<int:year>.<format:fmt>", views.plan, name="plan-year-download"),
    path("plans/<int:pk>/indicators/<int:indicator_pk>/", views.indicator, name="indicator"),
    path(
        "plans/<int:pk>/indicators/<int:indicator_pk>.<format:fmt>",
        views.indicator,
        name="indicator-download",
    ),
]
