from django.urls import path

from entry import views

app_name = "entry"

urlpatterns = [
    path("", views.entry, name="entry"),
    path("review/", views.review, name="review"),
    path("review/batch/", views.review_batch, name="review-batch"),
    path("review/<str:kind>/<int:pk>/<str:decision>/", views.review_decide, name="review-decide"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("evidence/<int:pk>/delete/", views.evidence_remove, name="evidence-delete"),
]
