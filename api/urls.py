from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import auth
from .views import IndicatorViewSet, TokenView, ValueViewSet


class DocsView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"  # drf-spectacular's, with <html lang>


router = DefaultRouter()
router.register("indicators", IndicatorViewSet, basename="api-indicator")
router.register("values", ValueViewSet, basename="api-value")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("auth/logout-everywhere/", auth.api_logout_everywhere, name="api-logout-everywhere"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file: the Content-Security-Policy allows no inline script.
    path("docs/", DocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(router.urls)),
]
