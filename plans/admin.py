from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from spreadsheets.admin import export_plans_report

from .models import (
    Box,
    Chapter,
    Jurisdiction,
    KeyProject,
    Plan,
    ResponsibleUnit,
    Section,
    Task,
    TaskResponsibility,
    TextTarget,
)


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ["name", "full_name", "level", "parent", "is_synthetic"]
    list_filter = ["level", "is_synthetic"]
    search_fields = ["name", "full_name"]
    list_select_related = ["parent"]


@admin.register(ResponsibleUnit)
class ResponsibleUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "jurisdiction", "task_count"]
    list_filter = ["jurisdiction"]
    search_fields = ["name", "aliases", "jurisdiction__name"]
    list_select_related = ["jurisdiction"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(task_count=Count("tasks", distinct=True))

    @admin.display(description=_("tasks"), ordering="task_count")
    def task_count(self, obj):
        return obj.task_count


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
    change_list_template = "plans/admin/plan_change_list.html"


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
