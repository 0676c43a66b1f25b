from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator"),
    path("compare/", views.compare_index, name="compare-index"),
    path("compare/<str:key>/", views.compare, name="compare"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
]
