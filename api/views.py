"""The JSON API: the same services and permissions as the pages, for monitoring systems.

Every refusal is JSON with a Chinese `detail`; a refused input adds `errors`, the messages by field.
That holds for every error: unreadable or oversized bodies (400, 413), unknown addresses (404) and
crashes (500, logged), inside the API's views (`api_exception_handler`) and outside them (the
`handler*` views config/urls.py names).
"""

import logging
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.settings import api_settings

from api.auth import ObtainExpiringAuthToken
from api.errors import error_responses
from indicators import permissions, selectors, services
from indicators.attainment import Status
from indicators.models import NOTE_MAX_LENGTH, Indicator, IndicatorValue, ReviewState
from indicators.states import ProgressStatus
from indicators.verdicts import TargetSource
from indicators.years import default_year
from operations.params import FIRST_PLAUSIBLE, LARGEST_WHOLE_NUMBER, LAST_PLAUSIBLE, parse_year, whole_number
from operations.text import PLAIN, plain_text

logger = logging.getLogger(__name__)

VERSION_MAX = 2**31 - 1  # the largest version the database holds


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
    number = whole_number(raw, minimum=1)
    if number is None:
        raise ValidationError({name: _("“%(name)s” must be an id: a whole number from 1.") % {"name": name}})
    return number


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send it as `Authorization: Token <token>`.")
    expires = serializers.DateTimeField(help_text="When it stops working; then ask for a new one.")


class TokenView(ObtainExpiringAuthToken):
    """A token for a username and password; a locked account (django-axes) is told so, as on the login page."""

    parser_classes = api_settings.DEFAULT_PARSER_CLASSES  # DRF's token view names its own, unbounded
    # The username and password are the credentials: a stale token sent along does not make it a 401.
    authentication_classes = []

    @extend_schema(
        operation_id="auth_token",
        auth=[],
        request=AuthTokenSerializer,
        responses={200: TokenSerializer, **error_responses(400, 413, 429, 500, 503)},
    )
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
    units = serializers.SerializerMethodField(help_text="The responsible units' names.")
    baseline = serializers.CharField(source="baseline_text")
    target = serializers.CharField(source="target_text")
    attribute = serializers.CharField()
    direction = serializers.CharField()
    entered_as_figure = serializers.BooleanField(
        read_only=True,
        help_text=(
            "How a yearly value of this indicator is reported: true, a figure (POST /api/values/ with "
            "“value”), judged against the target or, for a text target such as 完成市级下达任务, against "
            "the figure assigned for the year; false, a status (“text”: done, in_progress or not_done)."
        ),
    )
    synthetic = serializers.BooleanField(source="plan.is_synthetic")

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_units(self, indicator):
        return [unit.name for unit in indicator.units.all()]


# A name in a query: no control character, not even a line break (`operations.text.CONTROL_IN_LINE`).
NAME_SCHEMA = {"type": "string", "pattern": r"^[^\u0000-\u001f\u007f-\u009f]*$"}
YEAR_SCHEMA = {"type": "integer", "minimum": FIRST_PLAUSIBLE, "maximum": LAST_PLAUSIBLE}
ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": LARGEST_WHOLE_NUMBER}


@extend_schema_field(
    {"type": "string", "pattern": rf"^{PLAIN}+$".replace(r"\x", r"\u00"), "maxLength": NOTE_MAX_LENGTH}
)
class NoteField(serializers.CharField):
    """A note: at most NOTE_MAX_LENGTH characters, no control characters; empty allowed (the schema
    adds the empty string as its own choice, so the pattern asks for one character at least)."""


@extend_schema_field(
    {
        "type": "string",
        "enum": ["", *ProgressStatus.values],
        "description": "The status of an indicator reported as a status rather than a figure; "
        "empty for a figure.",
    }
)
class StatusTextField(serializers.CharField):
    """`text`: the status the services accept (`ProgressStatus`), declared as such in the schema."""


class ValueSerializer(serializers.ModelSerializer):
    text = StatusTextField(source="status", required=False, allow_blank=True)
    # Read as typed by the services' one number parser (`validation.clean_number`), not here.
    value = serializers.DecimalField(
        max_digits=16, decimal_places=4, read_only=True, allow_null=True, coerce_to_string=False
    )
    reported_by = serializers.CharField(
        source="reported_by.username", read_only=True, allow_null=True, default=None
    )
    reviewed_by = serializers.CharField(
        source="reviewed_by.username", read_only=True, allow_null=True, default=None
    )
    demo = serializers.BooleanField(source="is_demo", read_only=True)
    note = NoteField(required=False, allow_blank=True, max_length=NOTE_MAX_LENGTH, validators=[plain_text])
    version = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=VERSION_MAX,
        help_text=gettext_lazy(
            "The record's version. On a create, the version of the record it edits; "
            "left out (or 0): a new record, and one that is there already is a 409."
        ),
    )

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
        extra_kwargs = {"year": {"min_value": FIRST_PLAUSIBLE, "max_value": LAST_PLAUSIBLE}}
        validators = []  # one record per indicator and year: `ValueViewSet.create` answers 409


VALUE_HELP = gettext_lazy(
    'The figure as written, e.g. "36.5" (a JSON number is read too); null or empty for a status (`text`).'
)


class ValueEntrySerializer(ValueSerializer):
    """What a POST sends: the record's fields with the figure as written, which the services' one number
    parser reads (`validation.clean_number`)."""

    value = serializers.CharField(required=False, allow_null=True, allow_blank=True, help_text=VALUE_HELP)


EXISTS = gettext_lazy(
    "This indicator has a record for this year already: it is shown here. "
    "To change it, send its version (“version”) with the POST, or PATCH it."
)
VERSION_REQUIRED = gettext_lazy("Give the version of the record you read (“version”).")


class ValuePatchSerializer(serializers.Serializer):
    """A change to a value: what is left out stays as it is; the version is required, so that a change
    made meanwhile by someone else is refused rather than overwritten."""

    value = serializers.CharField(required=False, allow_null=True, allow_blank=True, help_text=VALUE_HELP)
    text = StatusTextField(required=False, allow_blank=True)
    note = NoteField(required=False, allow_blank=True, max_length=NOTE_MAX_LENGTH, validators=[plain_text])
    version = serializers.IntegerField(
        min_value=0,
        max_value=VERSION_MAX,
        error_messages={"required": VERSION_REQUIRED, "null": VERSION_REQUIRED},
    )


class TransitionSerializer(serializers.Serializer):
    # Not nullable: a form body cannot send null, and leaving it out says the same.
    version = serializers.IntegerField(required=False, min_value=0, max_value=VERSION_MAX)


GIVE_REASON = gettext_lazy("Give a reason.")


@extend_schema_field(
    {
        "type": "string",
        # Both rules the validators check: something besides spaces, and no control character.
        "pattern": rf"^{PLAIN}*[^\s\x00-\x1f\x7f-\x9f]{PLAIN}*$".replace(r"\x", r"\u00"),
        "maxLength": NOTE_MAX_LENGTH,
    }
)
class ReasonField(serializers.CharField):
    """A return or reopen reason: required, not spaces alone, no control characters."""


class ReasonSerializer(TransitionSerializer):
    reason = ReasonField(
        max_length=NOTE_MAX_LENGTH,
        validators=[plain_text, RegexValidator(r"\S", GIVE_REASON)],
        error_messages={"required": GIVE_REASON, "blank": GIVE_REASON, "null": GIVE_REASON},
    )


class ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current = ValueSerializer(allow_null=True, help_text="The record as it is now (null: there is none).")


class AssignedTargetSerializer(serializers.Serializer):
    """A figure assigned from above for the year (年度下达目标)."""

    value = serializers.FloatField()
    unit = serializers.CharField()
    at_most = serializers.BooleanField(help_text="The value must not exceed the figure (else: reach it).")
    assigned_by = serializers.CharField()


class AttainmentSerializer(serializers.Serializer):
    """What `_attainment_payload` answers (the schema's description of it)."""

    indicator = serializers.IntegerField()
    year = serializers.IntegerField()
    basis = serializers.CharField(help_text="Judged on approved values only.")
    target = serializers.CharField(help_text="The target in force for the year, as written.")
    revised = serializers.BooleanField(help_text="A target revision replaced the printed target.")
    target_source = serializers.ChoiceField(
        choices=[s.value for s in TargetSource],
        help_text="Where the target comes from: as printed, a revision in force, or the figure assigned for the year.",
    )
    printed_target = serializers.CharField(help_text="The plan's printed target.")
    target_number = serializers.FloatField(allow_null=True, help_text="The figure judged against, if any.")
    revised_from = serializers.IntegerField(allow_null=True, help_text="The revision's first year.")
    revised_on = serializers.DateField(allow_null=True, help_text="When the revision was decided.")
    revision_reason = serializers.CharField(help_text="Why the target was revised; empty when it was not.")
    rule = serializers.CharField(
        help_text="How the indicator is judged: lower_is_better, higher_is_better, hold, range, qualitative "
        "or assigned (against the figure assigned from above)."
    )
    status = serializers.ChoiceField(choices=[s.value for s in Status])
    status_label = serializers.CharField(
        help_text="The status in words, as every page and report prints it (已达标 / 未达标 once final; "
        "“2025年数据未报” for a final year not reported)."
    )
    final = serializers.BooleanField(
        help_text="The plan's last year, with its value approved or the year over: met or not_met, no forecast."
    )
    value_year = serializers.IntegerField(
        allow_null=True,
        help_text="The year of the approved value judged (the latest up to `year` mid-period).",
    )
    text_status = serializers.CharField(
        allow_null=True, help_text="The approved status judged (text targets)."
    )
    progress = serializers.FloatField(allow_null=True)
    expected = serializers.FloatField(allow_null=True)
    actual = serializers.FloatField(allow_null=True, help_text="The approved value judged, of `value_year`.")
    forecast = serializers.FloatField(
        allow_null=True,
        help_text="The value forecast for the plan's last year on the trend of the approved values; "
        "null once final.",
    )
    forecast_year = serializers.IntegerField(help_text="The plan's last year, which the forecast is for.")
    forecast_meets_target = serializers.BooleanField(allow_null=True)
    warning = serializers.BooleanField()
    sdg_ratio = serializers.FloatField(
        allow_null=True, help_text="Open SDG's progress measure of the value judged; null once final."
    )
    sdg_category = serializers.CharField(
        allow_null=True,
        help_text="substantial, moderate, limited or deterioration (Open SDG); null once final, where "
        "`status_label` is the one judgement.",
    )
    assigned_target = AssignedTargetSerializer(
        allow_null=True, help_text="Where the printed target is a text: the figure assigned for the year."
    )


# What each kind of endpoint can answer besides its success (see `api_errors.ERROR_DESCRIPTIONS`).
READ_ERRORS = error_responses(400, 401, 404, 500, 503)
WRITE_ERRORS = error_responses(400, 401, 403, 404, 413, 500, 503)
CONFLICT = {409: OpenApiResponse(ConflictSerializer, description="The record changed meanwhile or exists.")}


def _query(name, type_, description, **extra):
    return OpenApiParameter(name, type_, OpenApiParameter.QUERY, description=description, **extra)


YEAR = _query("year", YEAR_SCHEMA, "A year of the plan; by default the user's default year.")


@extend_schema_view(
    list=extend_schema(
        parameters=[
            _query("plan", ID_SCHEMA, "Only this plan's indicators."),
            _query("jurisdiction", NAME_SCHEMA, "Only the plans of this jurisdiction (its name)."),
        ],
        responses={200: IndicatorSerializer(many=True), **READ_ERRORS},
    ),
    retrieve=extend_schema(responses={200: IndicatorSerializer, **READ_ERRORS}),
    attainment=extend_schema(parameters=[YEAR], responses={200: AttainmentSerializer, **READ_ERRORS}),
)
class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = IndicatorSerializer

    def get_queryset(self):
        qs = (
            Indicator.objects.visible_to(self.request.user)
            .for_display()
            .with_entry_kind()
            .order_by("plan_id", "box__number", "seq")
        )
        if (plan := _id_param(self.request, "plan")) is not None:
            qs = qs.filter(plan_id=plan)
        if jurisdiction := self.request.query_params.get("jurisdiction"):
            qs = qs.filter(plan__jurisdiction__name=jurisdiction)
        return qs

    @action(detail=True)
    def attainment(self, request, pk=None, format=None):  # DRF passes a suffix (.json) as `format`
        indicator = self.get_object()
        raw = request.query_params.get("year")
        if raw:
            year = services.year_check(plan=indicator.plan, year=parse_year(raw))
        else:
            year = indicator.plan.clamp_year(default_year(request.user))
        found = selectors.indicator_attainment(indicators=[indicator], year=year)[indicator.pk]
        return Response(_attainment_payload(indicator, found))


@extend_schema_view(
    list=extend_schema(
        parameters=[
            _query("indicator", ID_SCHEMA, "Only this indicator's values."),
            _query("year", YEAR_SCHEMA, "Only this year's values."),
            _query("state", OpenApiTypes.STR, "Only values in this state.", enum=ReviewState.values),
        ],
        responses={200: ValueSerializer(many=True), **READ_ERRORS},
    ),
    retrieve=extend_schema(responses={200: ValueSerializer, **READ_ERRORS}),
    create=extend_schema(
        description=(
            "Enter a new record (201). A record of the indicator and year that is there already is a 409 "
            "showing it, unless the request carries its `version`: then it is edited (200)."
        ),
        request=ValueEntrySerializer,
        responses={
            201: ValueSerializer,
            200: OpenApiResponse(ValueSerializer, description="The record named by `version`, edited."),
            **WRITE_ERRORS,
            **CONFLICT,
        },
    ),
    partial_update=extend_schema(
        request=ValuePatchSerializer, responses={200: ValueSerializer, **WRITE_ERRORS, **CONFLICT}
    ),
    submit=extend_schema(
        request=TransitionSerializer, responses={200: ValueSerializer, **WRITE_ERRORS, **CONFLICT}
    ),
    approve=extend_schema(
        request=TransitionSerializer, responses={200: ValueSerializer, **WRITE_ERRORS, **CONFLICT}
    ),
    return_=extend_schema(
        request=ReasonSerializer, responses={200: ValueSerializer, **WRITE_ERRORS, **CONFLICT}
    ),
    reopen=extend_schema(
        request=ReasonSerializer, responses={200: ValueSerializer, **WRITE_ERRORS, **CONFLICT}
    ),
)
class ValueViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ValueSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def _visible(self):
        return IndicatorValue.objects.visible_to(self.request.user).with_subject()

    def get_queryset(self):
        qs = self._visible().order_by("indicator_id", "year")
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

    def _conflict(self, message, **record) -> Response:
        """409 with the record as it is now (None when there is none), so the caller can decide."""
        current = self._visible().filter(**record).first()
        return Response(
            {"detail": str(message), "current": ValueSerializer(current).data if current else None},
            status=status.HTTP_409_CONFLICT,
        )

    def create(self, request, *args, **kwargs):
        """A new record, 201; one that is there already is a 409 showing it, so a change made by
        someone else is never overwritten. With the `version` of that record, the POST edits it: 200."""
        data = ValueEntrySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        indicator, year, version = fields["indicator"], fields["year"], fields.get("version")
        where = {"indicator": indicator, "year": year}
        if version is None:
            if permissions.can_enter(request.user, indicator) and self._visible().filter(**where).exists():
                return self._conflict(EXISTS, **where)
            version = 0  # the service refuses it too if the record comes meanwhile
        try:
            value = services.value_save(
                user=request.user,
                indicator=indicator,
                year=year,
                value=fields.get("value"),
                status=fields.get("status", ""),
                note=fields.get("note", ""),
                version=version,
            )
        except services.ConflictError as error:
            return self._conflict(error, **where)
        return Response(
            ValueSerializer(value).data,
            status=status.HTTP_201_CREATED if version == 0 else status.HTTP_200_OK,
        )

    def partial_update(self, request, *args, **kwargs):
        value = self.get_object()
        patch = ValuePatchSerializer(data=request.data)
        patch.is_valid(raise_exception=True)
        data = patch.validated_data
        stored = None if value.value is None else f"{value.value.normalize():f}"  # 88.0000 was typed as 88
        try:
            saved = services.value_save(
                user=request.user,
                indicator=value.indicator,
                year=value.year,
                value=data.get("value", stored),
                status=data.get("text", value.status),
                note=data.get("note", value.note),
                version=data["version"],
            )
        except services.ConflictError as error:
            return self._conflict(error, pk=value.pk)
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
        try:
            saved = service(
                user=request.user, record=value, version=data.validated_data.get("version"), **extra
            )
        except services.ConflictError as error:
            return self._conflict(error, pk=value.pk)
        return Response(ValueSerializer(saved).data)

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None, format=None):
        return self._transition(request, services.record_submit)

    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None, format=None):
        return self._transition(request, services.record_approve)

    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None, format=None):
        return self._transition(request, services.record_return, with_reason=True)

    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None, format=None):
        return self._transition(request, services.record_reopen, with_reason=True)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value.quantize(Decimal("0.0001")))


def _attainment_payload(indicator, found: selectors.IndicatorAttainment) -> dict:
    """What the attainment action answers: the indicator's verdict for the year (`indicators.verdicts`)."""
    verdict = found.verdict
    result, target, sdg = verdict.assessment, verdict.target, verdict.sdg_measure
    return {
        "indicator": indicator.pk,
        "year": verdict.year,
        "basis": "approved",
        "target": target.text,
        "revised": target.revised,
        "target_source": str(target.source),
        "printed_target": target.printed,
        "target_number": _number(target.number),
        "revised_from": target.revised_from,
        "revised_on": target.revised_on.isoformat() if target.revised_on else None,
        "revision_reason": target.reason,
        "rule": verdict.rule,
        "status": str(verdict.status),
        "status_label": verdict.label,
        "final": verdict.final,
        "value_year": verdict.value_year,
        "text_status": verdict.text_status,
        "progress": _number(result.progress),
        "expected": _number(result.expected),
        "actual": _number(verdict.value),
        "forecast": _number(verdict.forecast),
        "forecast_year": indicator.plan.end_year,
        "forecast_meets_target": None if verdict.final else result.forecast_meets_target,
        "warning": verdict.warning,
        "sdg_ratio": _number(sdg.ratio) if sdg else None,
        "sdg_category": str(sdg.category) if sdg else None,
        "assigned_target": _assigned(target.assigned),
    }


def _assigned(figure) -> dict | None:
    """The figure assigned from above for the year (年度下达目标), beside the printed text target."""
    if figure is None:
        return None
    return {
        "value": _number(figure.value),
        "unit": figure.unit,
        "at_most": figure.at_most,
        "assigned_by": figure.assigned_by,
    }
