"""The JSON API: the same services and permissions as the pages, for monitoring systems."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.views import exception_handler

from . import selectors, services
from .models import IndicatorValue


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT


def api_exception_handler(exc, context):
    """Django's own errors from the services become JSON with their (Chinese) message."""
    if isinstance(exc, PermissionDenied):
        return Response({"detail": str(exc) or _("Permission denied.")}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, ValidationError):
        return Response({"detail": " ".join(exc.messages)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, services.ConflictError):
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    return exception_handler(exc, context)


class IndicatorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    unit = serializers.CharField()
    plan = serializers.IntegerField(source="plan_id")
    jurisdiction = serializers.CharField(source="plan.jurisdiction.name")
    units = serializers.SerializerMethodField()
    baseline = serializers.CharField(source="baseline_text")
    target = serializers.CharField(source="target_text")
    attribute = serializers.CharField()
    direction = serializers.CharField()
    demo = serializers.SerializerMethodField()

    def get_units(self, indicator):
        return [unit.name for unit in indicator.units.all()]

    def get_demo(self, indicator):
        return indicator.plan.is_synthetic


class ValueSerializer(serializers.ModelSerializer):
    text = serializers.CharField(source="status", required=False, allow_blank=True)
    value = serializers.DecimalField(
        max_digits=16, decimal_places=4, required=False, allow_null=True, coerce_to_string=False
    )
    reported_by = serializers.CharField(source="reported_by.username", read_only=True, default=None)
    reviewed_by = serializers.CharField(source="reviewed_by.username", read_only=True, default=None)
    demo = serializers.BooleanField(source="is_demo", read_only=True)

    class Meta:
        model = IndicatorValue
        fields = [
            "id",
            "indicator",
            "year",
            "value",
            "text",
            "note",
            "state",
            "version",
            "review_comment",
            "reported_by",
            "reviewed_by",
            "demo",
        ]
        read_only_fields = ["state", "review_comment"]
        validators = []  # uniqueness is the service's concern (it turns a second create into an edit)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = IndicatorSerializer

    def get_queryset(self):
        qs = selectors.indicators_visible_to(self.request.user).order_by("plan_id", "box__number", "seq")
        if plan := self.request.query_params.get("plan"):
            qs = qs.filter(plan_id=plan) if plan.isdigit() else qs.none()
        if jurisdiction := self.request.query_params.get("jurisdiction"):
            qs = qs.filter(plan__jurisdiction__name=jurisdiction)
        return qs

    @action(detail=True)
    def attainment(self, request, pk=None):
        from .reports import indicator_attainment

        indicator = self.get_object()
        year = request.query_params.get("year") or None
        first, last = settings.PLAN_PERIOD
        if year is not None and (not year.isdigit() or not first <= int(year) <= last):
            raise ValidationError(
                _("Year must be between %(first)d and %(last)d.") % {"first": first, "last": last}
            )
        return Response(indicator_attainment(indicator=indicator, year=int(year) if year else None))


class ValueViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ValueSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        qs = selectors.values_visible_to(self.request.user).order_by("indicator_id", "year")
        for param, field in (("indicator", "indicator_id"), ("year", "year"), ("state", "state")):
            if value := self.request.query_params.get(param):
                qs = qs.filter(**{field: value})
        return qs

    def create(self, request, *args, **kwargs):
        data = ValueSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        value = services.value_save(
            user=request.user,
            indicator=data.validated_data["indicator"],
            year=data.validated_data["year"],
            value=request.data.get("value"),
            status=data.validated_data.get("status", ""),
            note=data.validated_data.get("note", ""),
            version=request.data.get("version"),
        )
        return Response(ValueSerializer(value).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        value = self.get_object()
        data = request.data
        saved = services.value_save(
            user=request.user,
            indicator=value.indicator,
            year=value.year,
            value=data.get("value", value.value),
            status=data.get("text", value.status),
            note=data.get("note", value.note),
            version=data.get("version"),
        )
        return Response(ValueSerializer(saved).data)

    def update(self, request, *args, **kwargs):
        if not kwargs.get("partial"):
            return Response({"detail": _("Use PATCH.")}, status=status.HTTP_405_METHOD_NOT_ALLOWED)
        return self.partial_update(request, *args, **kwargs)

    def _transition(self, request, service, with_reason=False):
        value = self.get_object()
        extra = {}
        if with_reason:
            reason = ReasonSerializer(data=request.data)
            reason.is_valid(raise_exception=True)
            extra["reason"] = reason.validated_data["reason"]
        saved = service(user=request.user, record=value, version=request.data.get("version"), **extra)
        return Response(ValueSerializer(saved).data)

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._transition(request, services.record_submit)

    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._transition(request, services.record_approve)

    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._transition(request, services.record_return, with_reason=True)

    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._transition(request, services.record_reopen, with_reason=True)
