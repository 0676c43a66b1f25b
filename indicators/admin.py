"""The admin for indicators and yearly records: each user sees what the selectors let them see, may change
only what `permissions` lets them change, and every write or review goes through `services`."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import User
from spreadsheets.admin import ValueImportExportMixin

from . import permissions, records, selectors, services
from .evidence_model import Evidence
from .models import Direction, Indicator, IndicatorValue, ProjectProgress, TargetRevision, TaskProgress
from .records import projects_for_entry
from .validation import clean_number

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


class TargetRevisionInline(admin.TabularInline):
    model = TargetRevision
    fields = ["effective_year", "target_text", "target_value", "reason", "decided_on", "created_by"]
    readonly_fields = ["created_by"]
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
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
                    "attribute",
                    "direction",
                    "footnote",
                ]
            },
        ),
        (gettext_lazy("Responsibility and comparison"), {"fields": ["units", "key", "parent_indicator"]}),
    ]
    inlines = [IndicatorValueInline, TargetRevisionInline]

    def get_queryset(self, request):
        return selectors.indicators_visible_to(request.user)

    @admin.display(description=gettext_lazy("box"), ordering="box__number")
    def box_number(self, obj):
        return obj.box.number if obj.box else "—"

    def save_formset(self, request, form, formset, change):
        # A revision records who decided it; the original target stays on the indicator.
        for revision in formset.save(commit=False):
            if isinstance(revision, TargetRevision) and not revision.created_by_id:
                revision.created_by = request.user
        super().save_formset(request, form, formset, change)


@admin.register(TargetRevision)
class TargetRevisionAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "effective_year", "target_text", "decided_on", "created_by"]
    list_filter = ["indicator__plan", "effective_year"]
    search_fields = ["indicator__name", "reason"]
    autocomplete_fields = ["indicator"]
    list_select_related = ["indicator", "created_by"]
    readonly_fields = ["created_by"]

    def get_queryset(self, request):
        visible = selectors.indicators_visible_to(request.user).values("pk")
        return super().get_queryset(request).filter(indicator__in=visible)

    def has_view_permission(self, request, obj=None):
        # The history pages fetch a revision, or a past version of it, by id alone: this is their gate.
        if not super().has_view_permission(request, obj):
            return False
        return (
            obj is None or selectors.indicators_visible_to(request.user).filter(pk=obj.indicator_id).exists()
        )

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
            '<a href="{}">{}</a>', reverse("indicators:evidence", args=[evidence.pk]), evidence.original_name
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("reason"), widget=forms.Textarea(attrs={"rows": 3, "cols": 60})
    )


class RecordForm(forms.ModelForm):
    """Checks the input as the services will, so that refusals show on the form rather than as errors."""

    expected_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        subject = cleaned.get(self.subject_field, getattr(self.instance, self.subject_field, None))
        year = cleaned.get("year", self.instance.year)
        if subject is not None and year is not None and not permissions.can_enter(self.user, subject, year):
            raise ValidationError(_("You may not report this record for %(year)s.") % {"year": year})
        if self.instance.pk and cleaned.get("expected_version") not in (None, self.instance.version):
            raise ValidationError(str(services.ConflictError()))
        return cleaned


class IndicatorValueForm(RecordForm):
    subject_field = "indicator"

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "year", "value", "status", "note"]

    def clean(self):
        cleaned = super().clean()
        indicator = cleaned.get("indicator", self.instance.indicator if self.instance.pk else None)
        if indicator is None:
            return cleaned
        if indicator.direction == Direction.QUALITATIVE:
            if not cleaned.get("status"):
                self.add_error("status", _("Choose a status for this qualitative target."))
        elif cleaned.get("value") is None:
            self.add_error("value", _("Enter a number."))
        else:
            try:
                clean_number(cleaned["value"], name=indicator.name, unit=indicator.unit)
            except ValidationError as error:
                self.add_error("value", error)
        return cleaned


class TaskProgressForm(RecordForm):
    subject_field = "task"

    class Meta:
        model = TaskProgress
        fields = ["task", "year", "status", "narrative", "note"]


class ProjectProgressForm(RecordForm):
    subject_field = "project"

    class Meta:
        model = ProjectProgress
        fields = ["project", "year", "status", "narrative", "note"]


class RecordAdmin(SimpleHistoryAdmin):
    """Shared rules of the three record admins; subclasses name their kind and how to save."""

    kind = ""
    list_filter = ["year", "state"]
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

    def get_queryset(self, request):
        return records.records_visible_to(request.user, self.kind)

    def get_readonly_fields(self, request, obj=None):
        # Which record a form writes is fixed once it exists; only its content changes.
        fixed = [self.form.subject_field, "year"] if obj is not None else []
        return [*fixed, *self.readonly_fields]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user
        return form

    # Per-object rules come from `permissions`; model permissions (groups) still gate the pages.
    def has_view_permission(self, request, obj=None):
        # The history pages fetch a record, or a past version of it, by id alone: this is their gate.
        if not super().has_view_permission(request, obj):
            return False
        return obj is None or permissions.can_view_record(request.user, obj)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and request.user.role == User.Role.REPORTER

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or permissions.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # records are corrected or returned, never deleted; the history keeps every state

    def has_submit_permission(self, request):
        return request.user.role == User.Role.REPORTER

    def has_review_permission(self, request):
        return request.user.role == User.Role.REVIEWER

    def has_reopen_permission(self, request):
        return request.user.role == User.Role.REVIEWER or permissions.is_admin(request.user)

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied  # reverting would bypass the services
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        saved = self.save_record(
            user=request.user, obj=obj, version=form.cleaned_data.get("expected_version")
        )
        obj.pk, obj.version = saved.pk, saved.version

    # --- actions: each record through its service, refusals counted and explained ---

    def _apply(self, request, queryset, service, done_message, **kwargs):
        done, refused = 0, []
        for record in queryset:
            try:
                service(user=request.user, record=record, **kwargs)
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

    def _with_reason(self, request, queryset, service, done_message, title):
        """Ask for the reason on an intermediate page; apply once it is given."""
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._apply(request, queryset, service, done_message, reason=form.cleaned_data["reason"])
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
        self._apply(request, queryset, services.record_submit, _("Submitted %(count)d records."))

    @admin.action(description=gettext_lazy("Approve selected records"), permissions=["review"])
    def approve_selected(self, request, queryset):
        self._apply(request, queryset, services.record_approve, _("Approved %(count)d records."))

    @admin.action(description=gettext_lazy("Return selected records"), permissions=["review"])
    def return_selected(self, request, queryset):
        return self._with_reason(
            request,
            queryset,
            services.record_return,
            _("Returned %(count)d records."),
            _("Return the selected records"),
        )

    @admin.action(description=gettext_lazy("Reopen selected approved records"), permissions=["reopen"])
    def reopen_selected(self, request, queryset):
        return self._with_reason(
            request,
            queryset,
            services.record_reopen,
            _("Reopened %(count)d records."),
            _("Reopen the selected records"),
        )


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ValueImportExportMixin, RecordAdmin):
    kind = "value"
    form = IndicatorValueForm
    list_display = [
        "indicator",
        "jurisdiction",
        "year",
        "reported",
        "state",
        "is_demo",
        "reported_by",
        "reviewed_by",
        "updated_at",
    ]
    list_filter = [
        "indicator__plan__jurisdiction",
        "indicator__plan",
        "year",
        "state",
        "indicator__attribute",
        "is_demo",
    ]
    search_fields = ["indicator__name", "note"]
    list_select_related = ["indicator__plan__jurisdiction", "reported_by", "reviewed_by"]

    @admin.display(description=gettext_lazy("jurisdiction"), ordering="indicator__plan__jurisdiction__name")
    def jurisdiction(self, obj):
        return obj.indicator.plan.jurisdiction.name

    @admin.display(description=gettext_lazy("value"), ordering="value")
    def reported(self, obj):
        return f"{obj.value.normalize():f}" if obj.value is not None else obj.get_status_display()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "indicator":
            kwargs["queryset"] = selectors.indicators_for_entry(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_record(self, *, user, obj, version):
        return services.value_save(
            user=user,
            indicator=obj.indicator,
            year=obj.year,
            value=obj.value,
            status=obj.status,
            note=obj.note,
            version=version,
        )


@admin.register(TaskProgress)
class TaskProgressAdmin(RecordAdmin):
    kind = "task"
    form = TaskProgressForm
    list_display = ["task", "year", "status", "state", "reported_by", "updated_at"]
    list_filter = ["task__section__chapter__plan", "year", "state", "status"]
    search_fields = ["task__title", "narrative"]
    list_select_related = ["task", "reported_by"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "task":
            kwargs["queryset"] = selectors.tasks_for_entry(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_record(self, *, user, obj, version):
        return services.task_progress_save(
            user=user,
            task=obj.task,
            year=obj.year,
            status=obj.status,
            narrative=obj.narrative,
            note=obj.note,
            version=version,
        )


@admin.register(ProjectProgress)
class ProjectProgressAdmin(RecordAdmin):
    kind = "project"
    form = ProjectProgressForm
    list_display = ["project", "year", "status", "state", "reported_by", "updated_at"]
    list_filter = ["project__box__plan", "year", "state", "status"]
    search_fields = ["project__title", "narrative"]
    list_select_related = ["project", "reported_by"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "project":
            kwargs["queryset"] = projects_for_entry(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_record(self, *, user, obj, version):
        return services.project_progress_save(
            user=user,
            project=obj.project,
            year=obj.year,
            status=obj.status,
            narrative=obj.narrative,
            note=obj.note,
            version=version,
        )
