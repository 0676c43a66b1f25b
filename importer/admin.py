from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from accounts.models import Jurisdiction, ResponsibleUnit
from accounts.scope import is_admin
from importer.units import units_merge
from plans.models import Box, Chapter, KeyProject, Plan, Section, Task, TaskResponsibility, TextTarget
from spreadsheets.admin import export_plans_report


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ["name", "full_name", "level", "parent", "is_synthetic"]
    list_filter = ["level", "is_synthetic"]
    search_fields = ["name", "full_name"]
    list_select_related = ["parent"]


class UnitMergeForm(forms.Form):
    into = forms.ModelChoiceField(
        queryset=ResponsibleUnit.objects.none(),
        label=_("surviving unit"),
        widget=forms.RadioSelect,
        empty_label=None,
        help_text=_(
            "The other selected units are merged into it and deleted; their names become its aliases."
        ),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = units


@admin.register(ResponsibleUnit)
class ResponsibleUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "jurisdiction", "task_count", "user_count", "alias_names"]
    list_filter = ["jurisdiction"]
    search_fields = ["name", "aliases", "jurisdiction__name"]
    list_select_related = ["jurisdiction"]
    actions = ["merge_selected"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(task_count=Count("tasks", distinct=True), user_count=Count("users", distinct=True))
        )

    @admin.display(description=_("tasks"), ordering="task_count")
    def task_count(self, obj):
        return obj.task_count

    @admin.display(description=_("users"), ordering="user_count")
    def user_count(self, obj):
        return obj.user_count

    @admin.display(description=_("aliases"))
    def alias_names(self, obj):
        return "、".join(obj.aliases)

    def has_merge_permission(self, request):
        return is_admin(request.user) and self.has_delete_permission(request)

    @admin.action(description=_("Merge selected units"), permissions=["merge"])
    def merge_selected(self, request, queryset):
        """Choose the surviving unit on an intermediate page; then merge through `units_merge`, logged
        on the survivor and the merged units (responsibilities keep no history of their own)."""
        units = queryset.select_related("jurisdiction").order_by("name")
        if len({unit.jurisdiction_id for unit in units}) > 1 or units.count() < 2:
            self.message_user(request, _("Select two or more units of one jurisdiction."), messages.ERROR)
            return None
        form = UnitMergeForm(request.POST if "apply" in request.POST else None, units=units)
        if form.is_bound and form.is_valid():
            into = form.cleaned_data["into"]
            others = [unit for unit in units if unit.pk != into.pk]
            names = "、".join(unit.name for unit in others)
            with transaction.atomic():
                self.log_deletions(request, units.exclude(pk=into.pk))
                moved = units_merge(into=into, others=others, user=request.user)
                self.log_change(
                    request,
                    into,
                    _(
                        "Merged %(names)s into this unit: %(responsibilities)d task responsibilities, "
                        "%(indicators)d indicators, %(projects)d key projects, %(users)d users moved."
                    )
                    % {"names": names, **moved},
                )
            self.message_user(
                request, _("Merged %(names)s into %(into)s.") % {"names": names, "into": into.name}
            )
            return None
        return TemplateResponse(
            request,
            "importer/admin/unit_merge.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Merge selected units"),
                "form": form,
                "units": units,
                "opts": self.model._meta,
                "action": request.POST.get("action"),
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


class ChapterInline(admin.TabularInline):
    model = Chapter
    fields = ["number", "title", "subtitle"]
    extra = 0
    show_change_link = True


class BoxInline(admin.TabularInline):
    model = Box
    fields = ["number", "title", "kind"]
    extra = 0
    show_change_link = True


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "jurisdiction", "doc_number", "issued_date_text", "parent", "is_synthetic"]
    list_filter = ["jurisdiction", "is_synthetic"]
    search_fields = ["title", "doc_number", "issuer"]
    list_select_related = ["jurisdiction", "parent"]
    readonly_fields = ["source_file", "source_sha256", "imported_at", "warnings"]
    fieldsets = [
        (None, {"fields": ["title", "jurisdiction", "parent", "issuer", "doc_number"]}),
        (
            _("Dates"),
            {"fields": ["issued_on", "issued_date_text", "start_year", "end_year", "baseline_year"]},
        ),
        (
            _("Source"),
            {"fields": ["source_file", "source_sha256", "imported_at", "warnings", "is_synthetic"]},
        ),
    ]
    inlines = [ChapterInline, BoxInline]
    actions = [export_plans_report]
    # An object-tools link to the import page (upload → preview → confirm), the one way plans come in.
    change_list_template = "importer/admin/plan_change_list.html"


class SectionInline(admin.TabularInline):
    model = Section
    fields = ["number", "title"]
    extra = 0
    show_change_link = True


@admin.register(Chapter)
class ChapterAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "subtitle"]
    list_filter = ["plan__jurisdiction", "plan"]
    search_fields = ["title", "subtitle"]
    list_select_related = ["plan"]
    inlines = [SectionInline]


class TaskInline(admin.StackedInline):
    model = Task
    fields = ["order", "title", "text"]
    extra = 0
    show_change_link = True


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "chapter", "plan"]
    list_filter = ["chapter__plan__jurisdiction", "chapter__plan"]
    search_fields = ["title"]
    list_select_related = ["chapter__plan"]
    inlines = [TaskInline]

    @admin.display(description=_("plan"), ordering="chapter__plan")
    def plan(self, obj):
        return obj.chapter.plan


class TaskResponsibilityInline(admin.TabularInline):
    model = TaskResponsibility
    fields = ["order", "unit", "role"]
    autocomplete_fields = ["unit"]
    extra = 0


class TextTargetInline(admin.TabularInline):
    model = TextTarget
    fields = ["order", "statement", "metric", "value", "unit"]
    extra = 0


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["title", "section", "plan", "unit_names"]
    list_filter = ["section__chapter__plan__jurisdiction", "section__chapter__plan"]
    search_fields = ["title", "text", "units__name"]
    list_select_related = ["section__chapter__plan"]
    inlines = [TaskResponsibilityInline, TextTargetInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("responsibilities__unit")

    @admin.display(description=_("plan"))
    def plan(self, obj):
        return obj.section.chapter.plan

    @admin.display(description=_("responsible units"))
    def unit_names(self, obj):
        return "、".join(str(r) for r in obj.responsibilities.all())


class KeyProjectInline(admin.StackedInline):
    model = KeyProject
    fields = ["seq", "title", "text", "units"]
    autocomplete_fields = ["units"]
    extra = 0


@admin.register(Box)
class BoxAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "kind"]
    list_filter = ["kind", "plan__jurisdiction", "plan"]
    search_fields = ["title"]
    list_select_related = ["plan"]
    inlines = [KeyProjectInline]


@admin.register(KeyProject)
class KeyProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "seq", "box", "plan"]
    list_filter = ["box__plan__jurisdiction", "box__plan"]
    search_fields = ["title", "text"]
    list_select_related = ["box__plan"]
    autocomplete_fields = ["units"]

    @admin.display(description=_("plan"))
    def plan(self, obj):
        return obj.box.plan
