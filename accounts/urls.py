from django.urls import path

from . import views

urlpatterns = [
    path("accounts/logout-everywhere/", views.logout_everywhere, name="logout-everywhere"),
    path("api/auth/logout-everywhere/", views.api_logout_everywhere, name="api-logout-everywhere"),
]
