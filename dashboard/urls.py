from django.urls import path

from . import evaluation_views, views

app_name = "dashboard"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("evaluation.docx", evaluation_views.jurisdiction_report, name="evaluation"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/evaluation.docx", evaluation_views.plan_report, name="plan-evaluation"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator"),
    path("compare/", views.compare_index, name="compare-index"),
    path("compare/<str:key>/", views.compare, name="compare"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
]
