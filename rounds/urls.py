from django.urls import path

from . import views

app_name = "rounds"

urlpatterns = [
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:pk>/", views.notification_open, name="notification-open"),
    path("help/", views.help_page, name="help"),
    path("help/<slug:role>/", views.help_page, name="help-role"),
]
