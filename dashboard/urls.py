from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator"),
    path("compare/", views.compare_index, name="compare-index"),
    path("compare/<str:key>/", views.compare, name="compare"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    # Browsers ask for /favicon.ico whatever the page says; answer instead of logging a 404.
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True)),
]
