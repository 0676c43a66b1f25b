from django.urls import include, path
from rest_framework.routers import DefaultRouter

from .api import IndicatorViewSet, TokenView, ValueViewSet

router = DefaultRouter()
router.register("indicators", IndicatorViewSet, basename="api-indicator")
router.register("values", ValueViewSet, basename="api-value")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("", include(router.urls)),
]
