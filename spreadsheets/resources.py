"""django-import-export resources for the admin: export a table, import it back.

Every resource derives from `FormulaSafeResource`: text a spreadsheet would run as a formula (a note
"=HYPERLINK(…)") is exported behind an apostrophe, in csv and xlsx alike, and read back without it;
numbers stay numbers. (The library's IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT is not used: it turns
every cell into text, empty ones into "None", drops the "=" and leaves "+", "-" and "@" as they are.)

`IndicatorValueResource`: the columns are those of the import template (a header row, then one
indicator-year per row). An import is checked and written by `services` — the same rules, messages,
history and all-or-nothing as the bureau's upload — so this class only translates between tablib
rows and template rows.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from import_export import fields, resources
from import_export.widgets import CachedForeignKeyWidget, IntegerWidget

from indicators.models import Indicator, IndicatorValue
from operations.cells import cell_value, escaped_text, unescaped_text

from . import services
from .formats.rows import TemplateRow


def _key(row):
    return services.integer(row.get("ID")), services.integer(row.get("年份"))


class FormulaSafeResource(resources.ModelResource):
    def export_resource(self, instance, selected_fields=None, **kwargs):
        return [escaped_text(value) for value in super().export_resource(instance, selected_fields, **kwargs)]

    def before_import(self, dataset, **kwargs):
        for index, row in enumerate(dataset):
            dataset[index] = [unescaped_text(value) for value in row]
        super().before_import(dataset, **kwargs)


class IndicatorValueResource(FormulaSafeResource):
    indicator = fields.Field(
        attribute="indicator",
        column_name="ID",
        widget=CachedForeignKeyWidget(Indicator, coerce_to_string=False),
    )
    version = fields.Field(
        attribute="version", column_name="版本", widget=IntegerWidget(coerce_to_string=False)
    )
    year = fields.Field(attribute="year", column_name="年份", widget=IntegerWidget(coerce_to_string=False))
    name = fields.Field(attribute="indicator__name", column_name="指标", readonly=True)
    unit = fields.Field(attribute="indicator__unit", column_name="单位", readonly=True)
    value = fields.Field(column_name="本年数值")
    note = fields.Field(attribute="note", column_name="备注")
    state = fields.Field(attribute="state", column_name="状态", readonly=True)

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "version", "year", "name", "unit", "value", "note", "state"]
        import_id_fields = ["indicator", "year"]
        use_bulk = True
        skip_unchanged = True
        report_skipped = False

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("indicator")

    def dehydrate_value(self, record):
        # 38, not "38.0000": the import reads at most three decimals, as people type them.
        return cell_value(record.value) if record.value is not None else record.get_status_display()

    def dehydrate_state(self, record):
        return record.get_state_display()

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.user = kwargs.get("user")
        self.rows = [
            TemplateRow(
                number + 1,
                row.get("ID"),
                row.get("版本"),
                row.get("年份"),
                row.get("指标") or "",
                row.get("单位") or "",
                value=row.get("本年数值"),
                note=row.get("备注"),
            )
            for number, row in enumerate(dataset.dict, start=1)
        ]
        self.check = services.import_check(user=self.user, rows=self.rows)
        self.errors_by_row = {}
        for error in self.check.errors:
            self.errors_by_row.setdefault(error.row_number, []).append(error.message)
        self.changes = {(c.indicator.pk, c.year): c for c in self.check.changes}

    def get_or_init_instance(self, instance_loader, row):
        """The existing record as the check found it: no query per row."""
        change = self.changes.get(_key(row))
        if change is not None and change.record is not None:
            return change.record, False
        return IndicatorValue(), True

    def import_instance(self, instance, row, **kwargs):
        messages = self.errors_by_row.get(kwargs["row_number"] + 1)
        if messages:
            raise ValidationError({NON_FIELD_ERRORS: messages})
        change = self.changes[_key(row)]
        self.fields["indicator"].save(instance, row)
        instance.year, instance.value, instance.status, instance.note = (
            change.year,
            change.value,
            change.status,
            change.note,
        )

    def skip_row(self, instance, original, row, import_validation_errors=None):
        change = self.changes.get(_key(row))
        return not import_validation_errors and change is not None and change.outcome not in services.WRITTEN

    def bulk_create(self, *args, **kwargs):
        self.create_instances.clear()  # written by services.import_apply in after_import

    def bulk_update(self, *args, **kwargs):
        self.update_instances.clear()

    def after_import(self, dataset, result, **kwargs):
        if kwargs.get("dry_run", True) or result.has_errors() or result.has_validation_errors():
            return
        services.import_apply(user=self.user, rows=self.rows)
