from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Indicator, IndicatorValue, ProjectProgress, TargetRevision, TaskProgress


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    fields = ["year", "value", "status", "note", "state", "reported_by", "reviewed_by"]
    readonly_fields = ["reported_by", "reviewed_by"]
    extra = 0


class TargetRevisionInline(admin.TabularInline):
    model = TargetRevision
    fields = ["effective_year", "target_text", "target_value", "reason", "decided_on", "created_by"]
    readonly_fields = ["created_by"]
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "plan", "box_number", "seq", "baseline_text", "target_text", "attribute",
                    "direction"]
    list_filter = ["plan__jurisdiction", "plan", "box__kind", "attribute", "direction", "source"]
    search_fields = ["name", "key", "category"]
    list_select_related = ["plan", "box"]
    autocomplete_fields = ["units", "parent_indicator"]
    fieldsets = [
        (None, {"fields": ["plan", "box", "source", "seq", "category", "name", "unit"]}),
        (_("Baseline and target"), {"fields": ["baseline_text", "baseline_value", "target_text", "target_value",
                                               "target_2020_text", "attribute", "direction", "footnote"]}),
        (_("Responsibility and comparison"), {"fields": ["units", "key", "parent_indicator"]}),
    ]
    inlines = [IndicatorValueInline, TargetRevisionInline]

    @admin.display(description=_("box"), ordering="box__number")
    def box_number(self, obj):
        return obj.box.number if obj.box else "—"


@admin.register(IndicatorValue)
class IndicatorValueAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "plan", "year", "value", "status", "state", "reported_by", "reviewed_by",
                    "updated_at"]
    list_filter = ["indicator__plan__jurisdiction", "indicator__plan", "year", "state", "indicator__attribute"]
    search_fields = ["indicator__name", "note"]
    list_select_related = ["indicator__plan", "reported_by", "reviewed_by"]
    autocomplete_fields = ["indicator"]
    readonly_fields = ["reported_by", "reviewed_by", "reviewed_at", "version", "created_at", "updated_at"]

    @admin.display(description=_("plan"), ordering="indicator__plan")
    def plan(self, obj):
        return obj.indicator.plan


@admin.register(TargetRevision)
class TargetRevisionAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "effective_year", "target_text", "decided_on", "created_by"]
    list_filter = ["indicator__plan", "effective_year"]
    search_fields = ["indicator__name", "reason"]
    autocomplete_fields = ["indicator"]
    list_select_related = ["indicator", "created_by"]


@admin.register(TaskProgress)
class TaskProgressAdmin(SimpleHistoryAdmin):
    list_display = ["task", "year", "status", "state", "reported_by", "updated_at"]
    list_filter = ["task__section__chapter__plan", "year", "state", "status"]
    search_fields = ["task__title", "narrative"]
    list_select_related = ["task", "reported_by"]
    readonly_fields = ["reported_by", "reviewed_by", "reviewed_at", "version"]


@admin.register(ProjectProgress)
class ProjectProgressAdmin(SimpleHistoryAdmin):
    list_display = ["project", "year", "status", "state", "reported_by", "updated_at"]
    list_filter = ["project__box__plan", "year", "state", "status"]
    search_fields = ["project__title", "narrative"]
    list_select_related = ["project", "reported_by"]
    readonly_fields = ["reported_by", "reviewed_by", "reviewed_at", "version"]
