from django.urls import path

from . import views

app_name = "evaluation"
urlpatterns = [
    path("evaluation.docx", views.jurisdiction_report, name="jurisdiction"),
    path("plans/<int:pk>/evaluation.docx", views.plan_report, name="plan"),
]
