"""The admin for indicators and yearly records: each user sees what the selectors let them see, may change
only what `permissions` lets them change, and every write or review goes through `services`."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from indicators.fields import FigureField, TargetTextField

from . import permissions, services
from .evidence_model import Evidence
from .kinds import KINDS, kind_of
from .models import NOTE_MAX_LENGTH, AssignedTarget, Indicator, IndicatorValue, TargetRevision
from .precision import indicator_places, shown

# --- history: old → new for every field changed -----------------------------------------------------


class PrintedHistoryHelper(HistoricalRecordContextHelper):
    """Values in the history as the pages show them: figures as the plan prints them (38, not
    38.0000), choices by their label, empty as —."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if value in (None, ""):
            return "—"
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        if field.get_internal_type() == "DecimalField":
            return shown(value, _places(self.record))
        return value


def _places(record):
    """The decimals the plan prints for the indicator a historical record is about (None: as entered)."""
    indicator = getattr(record, "indicator", None) if not isinstance(record.instance, Indicator) else record
    if indicator is None:
        return None
    return indicator_places(indicator) if hasattr(indicator, "baseline_text") else None


class HistoryAdmin(SimpleHistoryAdmin):
    """Every model's history page lists, per change, each field changed with its old and new value
    (`templates/simple_history/object_history_list.html`); reverting would bypass the services."""

    def get_historical_record_context_helper(self, request, historical_record):
        return PrintedHistoryHelper(self.model, historical_record)

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class FiguresAsValues:
    """Targets, assigned figures and thresholds typed here read as yearly values do: a figure through
    `forms.FigureField`, a target as written through `forms.TargetTextField` ("35,0" refused, not 350)."""

    formfield_overrides = {models.DecimalField: {"form_class": FigureField}}
    target_texts = ("baseline_text", "target_text", "target_2020_text")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.target_texts:
            kwargs["form_class"] = TargetTextField
        return super().formfield_for_dbfield(db_field, request, **kwargs)


# --- indicators ------------------------------------------------------------------------------------


class IndicatorValueInline(admin.TabularInline):
    """Read-only here: values are written by their reporters through the services."""

    model = IndicatorValue
    fields = ["year", "value", "status", "note", "state", "reported_by", "reviewed_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TargetRevisionInline(FiguresAsValues, admin.TabularInline):
    model = TargetRevision
    fields = ["effective_year", "target_text", "target_value", "reason", "decided_on", "created_by"]
    readonly_fields = ["created_by"]
    extra = 0


class AssignedTargetInline(FiguresAsValues, admin.TabularInline):
    """年度下达目标: the figure assigned from above for a year where the plan prints a text target."""

    model = AssignedTarget
    fields = ["year", "value", "at_most", "unit", "assigned_by", "decided_on", "note", "recorded_by"]
    readonly_fields = ["recorded_by"]
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(FiguresAsValues, HistoryAdmin):
    list_display = [
        "name",
        "unit",
        "plan",
        "box_number",
        "seq",
        "baseline_text",
        "target_text",
        "attribute",
        "direction",
    ]
    list_filter = ["plan__jurisdiction", "plan", "box__kind", "attribute", "direction", "source"]
    search_fields = ["name", "key", "category"]
    list_select_related = ["plan", "box"]
    autocomplete_fields = ["units", "parent_indicator"]
    fieldsets = [
        (None, {"fields": ["plan", "box", "source", "seq", "category", "name", "unit"]}),
        (
            gettext_lazy("Baseline and target"),
            {
                "fields": [
                    "baseline_text",
                    "baseline_value",
                    "target_text",
                    "target_value",
                    "target_2020_text",
                    "change_threshold",
                    "attribute",
                    "direction",
                    "footnote",
                ]
            },
        ),
        (gettext_lazy("Data source and definition"), {"fields": ["data_source", "definition"]}),
        (gettext_lazy("Responsibility and comparison"), {"fields": ["units", "key", "parent_indicator"]}),
    ]
    inlines = [IndicatorValueInline, TargetRevisionInline, AssignedTargetInline]
    # The plan's printed baseline and target: changed only by a 目标调整 (TargetRevision) with its
    # reason and date, never by editing them here.
    printed_fields = ["baseline_text", "baseline_value", "target_text", "target_value", "target_2020_text"]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user).prefetch_related("units")

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *(self.printed_fields if obj is not None else [])]

    def has_view_permission(self, request, obj=None):
        # The history pages fetch an indicator, or a past version of it, by id alone: this is their gate.
        if not super().has_view_permission(request, obj):
            return False
        return obj is None or Indicator.objects.visible_to(request.user).filter(pk=obj.pk).exists()

    @admin.display(description=gettext_lazy("box"), ordering="box__number")
    def box_number(self, obj):
        return obj.box.number if obj.box else "—"

    def save_formset(self, request, form, formset, change):
        # A revision records who decided it; the original target stays on the indicator.
        # So does an assigned figure.
        for record in formset.save(commit=False):
            if isinstance(record, TargetRevision) and not record.created_by_id:
                record.created_by = request.user
            if isinstance(record, AssignedTarget) and not record.recorded_by_id:
                record.recorded_by = request.user
        super().save_formset(request, form, formset, change)


@admin.register(TargetRevision)
class TargetRevisionAdmin(FiguresAsValues, HistoryAdmin):
    list_display = ["indicator", "effective_year", "target_text", "decided_on", "created_by"]
    list_filter = ["indicator__plan", "effective_year"]
    search_fields = ["indicator__name", "reason"]
    autocomplete_fields = ["indicator"]
    list_select_related = ["indicator", "created_by"]
    readonly_fields = ["created_by"]

    def get_queryset(self, request):
        visible = Indicator.objects.visible_to(request.user).values("pk")
        return super().get_queryset(request).filter(indicator__in=visible)

    def has_view_permission(self, request, obj=None):
        # The history pages fetch a revision, or a past version of it, by id alone: this is their gate.
        if not super().has_view_permission(request, obj):
            return False
        return obj is None or Indicator.objects.visible_to(request.user).filter(pk=obj.indicator_id).exists()

    def save_model(self, request, obj, form, change):
        if not obj.created_by_id:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


# --- yearly records --------------------------------------------------------------------------------


class EvidenceInline(admin.TabularInline):
    model = Evidence
    fields = ["download", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return obj is None or permissions.can_view_record(request.user, obj)

    @admin.display(description=gettext_lazy("file"))
    def download(self, evidence):
        return format_html(
            '<a href="{}">{}</a>', reverse("entry:evidence", args=[evidence.pk]), evidence.original_name
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("reason"), widget=forms.Textarea(attrs={"rows": 3, "cols": 60})
    )


class RecordForm(forms.ModelForm):
    """Checks the input with the service's own rules (`services.record_check`), so that refusals show
    on the form's fields rather than as errors; who may write is checked by the service on save."""

    expected_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version
        if "note" in self.fields:  # the browser's limit; the service's check says why
            self.fields["note"].widget.attrs["maxlength"] = NOTE_MAX_LENGTH
        if "value" in self.fields:
            # Read by the one number parser (`validation.clean_number`, through the service's check),
            # as on the 填报 page: "８８．５" and "1,234" read, "12,0" refused with its reason.
            self.fields["value"] = forms.CharField(
                label=self.fields["value"].label, required=False, max_length=40
            )
            if self.instance.pk and self.instance.value is not None:
                self.initial["value"] = shown(self.instance.value, indicator_places(self.instance.subject))

    def clean(self):
        cleaned = super().clean()
        model = self._meta.model
        subject = cleaned.get(model.SUBJECT_FIELD) or (self.instance.subject if self.instance.pk else None)
        year = cleaned.get("year", self.instance.year)
        if subject is None or year is None:
            return cleaned
        row = kind_of(model).row_type(
            subject,
            year,
            value=cleaned.get("value"),
            status=cleaned.get("status") or "",
            note=cleaned.get("note") or "",
        )
        change = services.record_check(row)
        error = services.refusal_of(change)
        if error is None and "value" in cleaned:
            cleaned["value"] = change.value
        if error is None and not permissions.can_enter(self.user, subject):
            error = ValidationError(_("You may not report this record for %(year)s.") % {"year": year})
        if error is not None:
            field = {"year": "year", "not_ended": "year", "status": "status", "note_too_long": "note"}.get(
                change.error
            )
            if field is None and change.outcome == services.EMPTY:
                field = "value" if row.wants_number else "status"
            elif field is None and change.detail is not None:
                field = "value"
            if field in self.fields:
                self.add_error(field, error)
            else:
                raise error
        # Reporting rounds: a closed year takes no new figures (the service would refuse the save).
        record = self.instance if self.instance.pk else None
        services.year_open_check(user=self.user, plan=subject.plan, year=year, record=record)
        # The version the form was rendered with: a save without it (a form of another page) or with
        # an older one would overwrite an edit made meanwhile.
        if self.instance.pk and cleaned.get("expected_version") != self.instance.version:
            raise ValidationError(str(services.ConflictError()))
        return cleaned


class RecordAdmin(HistoryAdmin):
    """One admin for every kind of yearly record (`kinds.KINDS`), configured by the model's class-level
    metadata (`ReviewedRecord.SUBJECT_FIELD`, `INPUT_FIELDS`, `plan_path()`): each user sees the records the
    queryset's `visible_to` lets them see, changes what `permissions` allows, and every write or
    review goes through `services`."""

    form = RecordForm
    readonly_fields = [
        "state",
        "reported_by",
        "reviewed_by",
        "reviewed_at",
        "review_comment",
        "version",
        "is_demo",
        "created_at",
        "updated_at",
    ]
    inlines = [EvidenceInline]
    actions = ["submit_selected", "approve_selected", "return_selected", "reopen_selected"]

    def __init__(self, model, admin_site):
        subject, plan = model.SUBJECT_FIELD, model.plan_path()
        self.fields = [subject, "year", *model.INPUT_FIELDS, "expected_version"]
        self.list_display = [
            subject,
            "jurisdiction",
            "year",
            "reported",
            "state",
            "is_demo",
            "reported_by",
            "updated_at",
        ]
        self.list_filter = [f"{plan}__jurisdiction", plan, "year", "state", "is_demo"]
        self.list_select_related = [f"{plan}__jurisdiction", "reported_by"]
        self.search_fields = [
            f"{subject}__{model.subject_model().TITLE_FIELD}",
            "note",
            *(["narrative"] if "narrative" in model.INPUT_FIELDS else []),
        ]
        super().__init__(model, admin_site)

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def get_readonly_fields(self, request, obj=None):
        # Which record a form writes is fixed once it exists; only its content changes.
        fixed = [self.model.SUBJECT_FIELD, "year"] if obj is not None else []
        return [*fixed, *self.readonly_fields]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == self.model.SUBJECT_FIELD:
            kwargs["queryset"] = self.model.subject_model().objects.for_reporter(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=gettext_lazy("jurisdiction"))
    def jurisdiction(self, obj):
        return obj.plan.jurisdiction.name

    @admin.display(description=gettext_lazy("value"))
    def reported(self, obj):
        value = getattr(obj, "value", None)
        return shown(value, indicator_places(obj.subject)) if value is not None else obj.get_status_display()

    # Per-object rules come from `permissions`; the role's model permissions gate the pages.
    def has_view_permission(self, request, obj=None):
        # The history pages fetch a record, or a past version of it, by id alone: this is their gate.
        if not super().has_view_permission(request, obj):
            return False
        return obj is None or permissions.can_view_record(request.user, obj)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and permissions.may_enter_any(request.user)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or permissions.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # records are corrected or returned, never deleted; the history keeps every state

    def has_submit_permission(self, request):
        return permissions.may_enter_any(request.user)

    def has_review_permission(self, request):
        return permissions.may_review_any(request.user)

    def has_reopen_permission(self, request):
        return permissions.may_reopen_any(request.user)

    def save_model(self, request, obj, form, change):
        row = kind_of(self.model).row_type(
            obj.subject,
            obj.year,
            value=getattr(obj, "value", None),
            status=obj.status,
            note=obj.note,
            narrative=getattr(obj, "narrative", ""),
            # A new record: none may have been added meanwhile (0), or it would be overwritten.
            version=services.version_sent(form.cleaned_data.get("expected_version") if change else 0),
        )
        saved = services.record_save(user=request.user, row=row)
        obj.pk, obj.version = saved.pk, saved.version

    # --- actions: each record through its service, refusals counted and explained ---

    def _apply(self, request, queryset, action, done_message, **kwargs):
        done, refused = 0, []
        for record in queryset:
            try:
                services.records_transition(user=request.user, records=[record], action=action, **kwargs)
                done += 1
            except (PermissionDenied, ValidationError, services.ConflictError) as error:
                text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                refused.append(f"{record}: {text}")
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)
        if refused:
            self.message_user(
                request,
                _("%(count)d records were refused: %(details)s")
                % {"count": len(refused), "details": "；".join(refused[:10])},
                messages.WARNING,
            )

    def _with_reason(self, request, queryset, action, done_message, title):
        """Ask for the reason on an intermediate page; apply once it is given."""
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._apply(request, queryset, action, done_message, reason=form.cleaned_data["reason"])
            return None
        return TemplateResponse(
            request,
            "indicators/admin/reason.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "form": form,
                "queryset": queryset,
                "opts": self.model._meta,
                "action": request.POST.get("action"),
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description=gettext_lazy("Submit selected records"), permissions=["submit"])
    def submit_selected(self, request, queryset):
        self._apply(request, queryset, "submit", _("Submitted %(count)d records."))

    @admin.action(description=gettext_lazy("Approve selected records"), permissions=["review"])
    def approve_selected(self, request, queryset):
        self._apply(request, queryset, "approve", _("Approved %(count)d records."))

    @admin.action(description=gettext_lazy("Return selected records"), permissions=["review"])
    def return_selected(self, request, queryset):
        return self._with_reason(
            request, queryset, "return", _("Returned %(count)d records."), _("Return the selected records")
        )

    @admin.action(description=gettext_lazy("Reopen selected approved records"), permissions=["reopen"])
    def reopen_selected(self, request, queryset):
        return self._with_reason(
            request, queryset, "reopen", _("Reopened %(count)d records."), _("Reopen the selected records")
        )


# Every kind of record; `spreadsheets.admin` registers the yearly values' admin again with their
# export and import.
admin.site.register([kind.model for kind in KINDS], RecordAdmin)
