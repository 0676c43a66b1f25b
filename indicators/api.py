"""The JSON API: the same services and permissions as the pages, for monitoring systems.

Every refusal is JSON with a Chinese `detail`; a refused input adds `errors`, the messages by field.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

from accounts.views import ObtainExpiringAuthToken

from . import selectors, services
from .models import Indicator, IndicatorValue, ReviewState
from .years import default_year, parse_year


def _messages(detail) -> list[str]:
    """The messages of an error detail (a message, or lists and dicts of them), in order."""
    if isinstance(detail, dict):
        return [message for value in detail.values() for message in _messages(value)]
    if isinstance(detail, list | tuple):
        return [message for value in detail for message in _messages(value)]
    return [str(detail)]


def _invalid(errors) -> Response:
    set_rollback()
    return Response(
        {"detail": " ".join(_messages(errors)), "errors": errors}, status=status.HTTP_400_BAD_REQUEST
    )


def api_exception_handler(exc, context):
    """Django's own errors from the services become JSON with their (Chinese) message."""
    if isinstance(exc, PermissionDenied):
        return Response({"detail": str(exc) or _("Permission denied.")}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return _invalid(exc.message_dict)
        # The services' codes that name a field ("year") answer under that field.
        field = {"year": "year", "note_required": "note"}.get(getattr(exc, "code", None), "non_field_errors")
        return _invalid({field: exc.messages})
    if isinstance(exc, serializers.ValidationError):
        return _invalid(exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail})
    if isinstance(exc, services.ConflictError):
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    return exception_handler(exc, context)


def _year_param(request, name="year") -> int | None:
    raw = request.query_params.get(name)
    if not raw:
        return None
    year = parse_year(raw)
    if year is None:
        raise ValidationError({name: _("“%(raw)s” is not a year.") % {"raw": raw[:20]}})
    return year


def _id_param(request, name) -> int | None:
    raw = request.query_params.get(name)
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 12:
        raise ValidationError({name: _("“%(name)s” must be a whole number.") % {"name": name}})
    return int(raw)


class TokenView(ObtainExpiringAuthToken):
    """A token for a username and password; a locked account (django-axes) is told so, as on the login page."""

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except serializers.ValidationError:
            # Axes marks the request it was given, here DRF's wrapper rather than Django's request.
            if getattr(request, "axes_locked_out", False):
                return Response(
                    {
                        "detail": _(
                            "Too many failed login attempts: this account is locked for a while. "
                            "Try again later or ask an administrator to unlock it."
                        )
                    },
                    status=status.HTTP_429_TOO_MANY_REQUESTS,
                )
            raise


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
    synthetic = serializers.BooleanField(source="plan.is_synthetic")

    def get_units(self, indicator):
        return [unit.name for unit in indicator.units.all()]


class ValueSerializer(serializers.ModelSerializer):
    text = serializers.CharField(source="status", required=False, allow_blank=True)
    # Read as typed by the services' one number parser (`validation.clean_number`), not here.
    value = serializers.DecimalField(max_digits=16, decimal_places=4, read_only=True, coerce_to_string=False)
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
            "warning",
            "state",
            "version",
            "review_comment",
            "reported_by",
            "reviewed_by",
            "demo",
        ]
        read_only_fields = ["state", "review_comment", "warning"]
        validators = []  # uniqueness is the service's concern (it turns a second create into an edit)


VERSION_REQUIRED = gettext_lazy("Give the version of the record you read (“version”).")


class ValuePatchSerializer(serializers.Serializer):
    """A change to a value: what is left out stays as it is; the version is required, so that a change
    made meanwhile by someone else is refused rather than overwritten."""

    value = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    text = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)
    version = serializers.IntegerField(
        error_messages={"required": VERSION_REQUIRED, "null": VERSION_REQUIRED}
    )


class TransitionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, allow_null=True)


class ReasonSerializer(TransitionSerializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = IndicatorSerializer

    def get_queryset(self):
        qs = (
            Indicator.objects.visible_to(self.request.user)
            .for_display()
            .order_by("plan_id", "box__number", "seq")
        )
        if (plan := _id_param(self.request, "plan")) is not None:
            qs = qs.filter(plan_id=plan)
        if jurisdiction := self.request.query_params.get("jurisdiction"):
            qs = qs.filter(plan__jurisdiction__name=jurisdiction)
        return qs

    @action(detail=True)
    def attainment(self, request, pk=None):
        indicator = self.get_object()
        raw = request.query_params.get("year")
        if raw:
            year = services.year_check(plan=indicator.plan, year=parse_year(raw))
        else:
            year = indicator.plan.clamp_year(default_year(request.user))
        found = selectors.indicator_attainment(indicators=[indicator], year=year)[indicator.pk]
        return Response(_attainment_payload(indicator, found))


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
        qs = (
            IndicatorValue.objects.visible_to(self.request.user)
            .with_subject()
            .order_by("indicator_id", "year")
        )
        if (indicator := _id_param(self.request, "indicator")) is not None:
            qs = qs.filter(indicator_id=indicator)
        if (year := _year_param(self.request)) is not None:
            qs = qs.filter(year=year)
        if state := self.request.query_params.get("state"):
            if state not in ReviewState.values:
                raise ValidationError(
                    {
                        "state": _("Unknown state; use one of: %(states)s.")
                        % {"states": ", ".join(ReviewState.values)}
                    }
                )
            qs = qs.filter(state=state)
        return qs

    def create(self, request, *args, **kwargs):
        data = ValueSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        indicator, year = data.validated_data["indicator"], data.validated_data["year"]
        value = services.value_save(
            user=request.user,
            indicator=indicator,
            year=year,
            value=request.data.get("value"),
            status=data.validated_data.get("status", ""),
            note=data.validated_data.get("note", ""),
            version=request.data.get("version"),
        )
        return Response(ValueSerializer(value).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        value = self.get_object()
        patch = ValuePatchSerializer(data=request.data)
        patch.is_valid(raise_exception=True)
        data = patch.validated_data
        stored = None if value.value is None else f"{value.value.normalize():f}"  # 88.0000 was typed as 88
        saved = services.value_save(
            user=request.user,
            indicator=value.indicator,
            year=value.year,
            value=data.get("value", stored),
            status=data.get("text", value.status),
            note=data.get("note", value.note),
            version=data["version"],
        )
        return Response(ValueSerializer(saved).data)

    def update(self, request, *args, **kwargs):
        if not kwargs.get("partial"):
            return Response({"detail": _("Use PATCH.")}, status=status.HTTP_405_METHOD_NOT_ALLOWED)
        return self.partial_update(request, *args, **kwargs)

    def _transition(self, request, service, with_reason=False):
        value = self.get_object()
        data = (ReasonSerializer if with_reason else TransitionSerializer)(data=request.data)
        data.is_valid(raise_exception=True)
        extra = {"reason": data.validated_data["reason"]} if with_reason else {}
        saved = service(user=request.user, record=value, version=data.validated_data.get("version"), **extra)
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


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value.quantize(Decimal("0.0001")))


def _attainment_payload(indicator, found: selectors.IndicatorAttainment) -> dict:
    """What the attainment action answers: the assessment of one indicator for one year."""
    result = found.assessment
    return {
        "indicator": indicator.pk,
        "year": found.year,
        "basis": "approved",
        "target": found.target,
        "revised": found.revised,
        "status": str(result.status),
        "status_label": str(result.status.label),
        "progress": _number(result.progress),
        "expected": _number(result.expected),
        "actual": _number(result.actual),
        "forecast_2025": _number(result.forecast_2025),
        "forecast_meets_target": result.forecast_meets_target,
        "warning": result.warning,
        "sdg_ratio": _number(result.sdg_ratio),
        "sdg_category": str(result.sdg_category) if result.sdg_category else None,
    }
