from django.urls import path, re_path

from . import views

app_name = "spreadsheets"

urlpatterns = [
    re_path(r"^plans/(?P<pk>\d+)/report\.(?P<fmt>xlsx|csv)$", views.plan_report, name="plan_report"),
    re_path(r"^plans/report\.(?P<fmt>xlsx|csv)$", views.all_plans_report, name="all_plans_report"),
    path("import/", views.import_upload, name="import"),
    path("import/template.xlsx", views.template_download, name="template"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
]
