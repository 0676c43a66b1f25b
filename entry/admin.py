"""The administrator opens and closes reporting rounds here; the actions call `entry.cycle`."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from rounds.models import ReportingRound

from . import cycle


@admin.register(ReportingRound)
class ReportingRoundAdmin(SimpleHistoryAdmin):
    list_display = [
        "year",
        "covers",
        "due_date",
        "review_due_date",
        "state",
        "days_left",
        "opened_by",
        "closed_at",
    ]
    list_filter = ["state", "year"]
    filter_horizontal = ["jurisdictions"]
    readonly_fields = ["state", "opened_by", "opened_at", "closed_at"]
    fieldsets = [
        (None, {"fields": ["year", "jurisdictions", "due_date", "review_due_date"]}),
        (gettext_lazy("State"), {"fields": ["state", "opened_by", "opened_at", "closed_at"]}),
    ]
    actions = ["open_selected", "close_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("opened_by").with_coverage()

    @admin.display(description=gettext_lazy("covers"))
    def covers(self, round_):
        named = [j.name for j in round_.jurisdictions.all()]
        return "、".join(sorted(named)) if named else _("every plan")

    @admin.display(description=gettext_lazy("days left"))
    def days_left(self, round_):
        return round_.days_left() if round_.is_open else "—"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:  # a new round opens once its jurisdictions are set, so its reporters hear of it
            cycle.round_open(user=request.user, round_=form.instance)
        elif "due_date" in form.changed_data:
            cycle.round_due_changed_notify(round_=form.instance)

    @admin.action(description=gettext_lazy("Open selected rounds"), permissions=["change"])
    def open_selected(self, request, queryset):
        opened = [cycle.round_open(user=request.user, round_=r) for r in queryset if not r.is_open]
        self.message_user(request, _("Opened %(count)d rounds.") % {"count": len(opened)}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Close selected rounds"), permissions=["change"])
    def close_selected(self, request, queryset):
        closed = [cycle.round_close(user=request.user, round_=r) for r in queryset if r.is_open]
        self.message_user(request, _("Closed %(count)d rounds.") % {"count": len(closed)}, messages.SUCCESS)
