from django.urls import path

from importer import views

app_name = "importer"

urlpatterns = [
    path("import/", views.plan_import, name="import"),
    path("import/confirm/", views.plan_import_confirm, name="import_confirm"),
    path("import/cancel/", views.plan_import_cancel, name="import_cancel"),
]
