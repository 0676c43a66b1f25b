from django.urls import include, path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from .api import IndicatorViewSet, ValueViewSet

router = DefaultRouter()
router.register("indicators", IndicatorViewSet, basename="api-indicator")
router.register("values", ValueViewSet, basename="api-value")

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("", include(router.urls)),
]
