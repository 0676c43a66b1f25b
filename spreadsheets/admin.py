"""Spreadsheets in the admin: the report export action for plans (`importer.admin` names it) and the
admin of yearly values with their import-export (registered here, in place of the records' own admin)."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy
from import_export.admin import ImportExportMixin

from indicators import permissions
from indicators.admin import RecordAdmin
from indicators.kinds import VALUE
from indicators.years import default_year
from operations.downloads import download

from .formats.bounded import IMPORT_FORMATS
from .formats.report_xlsx import build_report
from .formats.template_xlsx import TemplateRejected
from .resources import IndicatorValueResource
from .selectors import plan_reports
from .views import XLSX


@admin.action(
    description=gettext_lazy("Export the report of the selected plans (.xlsx)"), permissions=["view"]
)
def export_plans_report(modeladmin, request, queryset):
    plans = list(queryset.visible_to(request.user).select_related("jurisdiction"))
    content = build_report(
        plan_reports(plans=plans, year=default_year(request.user), user=request.user),
        exported_on=timezone.localdate(),
        summary=len(plans) > 1,
    )
    return download(content, f"规划指标报表_{timezone.localdate():%Y%m%d}.xlsx", XLSX)


class ValueImportExportMixin(ImportExportMixin):
    """Export of yearly values for everyone who may see them; import for administrators only, through
    the same checks as a bureau's upload (see `resources.IndicatorValueResource`)."""

    resource_classes = [IndicatorValueResource]

    def has_import_permission(self, request):
        return permissions.is_admin(request.user)

    def get_import_formats(self):
        return IMPORT_FORMATS

    def add_data_read_fail_error_to_form(self, form, e):
        # Our formats' refusals say in Chinese what is wrong; the library's default names the exception.
        if isinstance(e, TemplateRejected):
            form.add_error("import_file", e.message)
        else:
            super().add_data_read_fail_error_to_form(form, e)


class IndicatorValueAdmin(ValueImportExportMixin, RecordAdmin):
    """Values can also be exported and imported as spreadsheets: registered here, where the
    spreadsheets are, in place of the records' own admin below (`indicators.admin`)."""


admin.site.unregister(VALUE.model)
admin.site.register(VALUE.model, IndicatorValueAdmin)
