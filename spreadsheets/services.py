"""Importing yearly values from a filled-in template: check every row, then write all or nothing.

`import_check` reports, per row, what would change (new / changed / unchanged / empty) and every row
error at once. `import_apply` checks again on locked records and writes only when no row is bad.
This module reads the template's cells (known indicator, year of the plan period, status words,
figures as Excel stores them); the rules of writing a value are those of every write, in
`services.record_changes_check` and `services.records_save_many`: only a reporter of the indicator's
unit (or, here, an administrator) within the plan period, figures cleaned by
`validation.clean_number`, submitted and approved records locked, optimistic versions, and a history
row per write — here with the change reason 表格导入 and the importer as its user. Writes go in bulk
so that ten thousand rows stay quick.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from indicators import services
from indicators.attainment import STATUS_LABELS, TEXT_STATUS_WORDS, TEXT_STATUSES
from indicators.models import Indicator, IndicatorValue
from indicators.services import BATCH, CHANGED, EMPTY, NEW, UNCHANGED, WRITTEN, ValueRow  # noqa: F401 re-exported
from operations.params import parse_year

from .formats.rows import RowError, TemplateRow

# Kept as data in the history, the same whatever language the importer reads.
IMPORT_REASON = "表格导入"
# An administrator may import any unit's values; a template uploaded again changes nothing.
RULES = {"administrators": True, "skip_unchanged": True}


class ImportRefused(Exception):
    def __init__(self, check):
        super().__init__(
            _("Nothing was imported: %(count)d rows have errors.") % {"count": len(check.errors)}
        )
        self.check = check


@dataclass
class RowChange:
    row_number: int
    indicator: Indicator
    year: int
    outcome: str
    value: Decimal | None = None
    status: str = ""
    note: str = ""
    record: IndicatorValue | None = None

    @property
    def old(self):
        if self.record is None:
            return None
        return self.record.value if self.record.value is not None else self.record.get_status_display()

    @property
    def new(self):
        return (
            self.value
            if self.value is not None
            else (str(STATUS_LABELS[self.status]) if self.status else None)
        )


@dataclass
class ImportCheck:
    changes: list[RowChange] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, outcome) -> int:
        return sum(1 for change in self.changes if change.outcome == outcome)

    @property
    def writes(self):
        return [change for change in self.changes if change.outcome in WRITTEN]


def integer(raw):
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, str) and raw.strip().isascii() and raw.strip().isdigit():
        return int(raw.strip())
    return None


def _version(raw) -> int:
    """The hidden 版本 cell, always checked: emptied, it says no record was there (0), so a record
    saved since is a conflict rather than overwritten; unreadable, it matches no record."""
    number = integer(raw)
    return services.version_sent("" if raw is None else raw if number is None else number)


def _text(raw) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return str(raw).strip()


def _status(raw) -> str:
    """The status code of a status word; unknown words are kept, for the check to refuse."""
    text = _text(raw)
    if text in TEXT_STATUS_WORDS:
        return str(TEXT_STATUS_WORDS[text])
    for status in TEXT_STATUSES:
        if text in (status.value, str(status.label)):
            return str(status)
    return text  # empty, or a word the check refuses


def _number_text(raw) -> str:
    """What clean_number reads: Excel gives floats, and 38.5 must not become 38.499999…"""
    if isinstance(raw, float):
        return repr(raw)
    return _text(raw)


def _error(row_number, code, message, **params):
    return RowError(row_number, code, _("Row %(row)s: ") % {"row": row_number} + message % params)


class _Reader:
    """Template rows → ValueRows, refusing rows whose indicator or year cannot be read."""

    def __init__(self, rows):
        ids = {i for i in (integer(row.indicator_id) for row in rows) if i is not None}
        self.indicators = (
            Indicator.objects.select_related("plan").prefetch_related("units").with_entry_kind().in_bulk(ids)
        )

    def read(self, row):
        """A ValueRow, or the row's RowError."""
        indicator = self.indicators.get(integer(row.indicator_id))
        if indicator is None or (row.name and _text(row.name) != indicator.name):
            return _error(
                row.row_number,
                "unknown_indicator",
                _("the indicator “%(name)s” is not known; do not change the hidden ID column."),
                name=_text(row.name),
            )
        year = parse_year(integer(row.year))
        if year is None:  # whether it is one of the plan's years is the services' rule ("year")
            return _year_error(row.row_number, indicator, _text(row.year))
        if not indicator.entered_as_figure:
            value, status = None, _status(row.value)
        else:
            value, status = _number_text(row.value), ""
        return ValueRow(indicator, year, value, status, _text(row.note), _version(row.version))


def _year_error(row_number, indicator, year):
    plan = indicator.plan
    message = _("the year “%(year)s” is outside %(first)s–%(last)s.")
    return _error(row_number, "year", message, year=year, first=plan.start_year, last=plan.end_year)


def _row_error(row_number, change, first_row_number):
    """The import's words for a row that breaks a rule of `services.record_changes_check`."""
    indicator, year = change.row.subject, change.row.year
    if change.error == "year":
        return _year_error(row_number, indicator, year)
    if change.error == "not_yours":
        message = _("“%(name)s” is reported by another unit; you may not import it.")
        return _error(row_number, "not_yours", message, name=indicator.name)
    if change.error == "duplicate":
        message = _("“%(name)s” %(year)s already appears in row %(first)s.")
        return _error(
            row_number, "duplicate", message, name=indicator.name, year=year, first=first_row_number
        )
    if change.error == "status":
        message = _("for “%(name)s” enter 已完成, 推进中 or 未完成.")
        return _error(row_number, "status", message, name=indicator.name)
    if change.detail is not None:
        return _error(row_number, change.error, "%(detail)s", detail=" ".join(change.detail.messages))
    if change.error == "locked":
        message = _("the %(year)s value of “%(name)s” is %(state)s and cannot be changed.")
        state = change.record.get_state_display()
        return _error(row_number, "locked", message, year=year, name=indicator.name, state=state)
    message = _(
        "“%(name)s” %(year)s was changed by someone else after the template was downloaded; download it again."
    )
    return _error(row_number, "conflict", message, name=indicator.name, year=year)


class _Import:
    """The template rows read, then checked by the services' rules into an ImportCheck."""

    def __init__(self, rows, read_errors):
        self.result = ImportCheck(errors=list(read_errors))
        bad_rows = {error.row_number for error in read_errors}
        rows = [row for row in rows if row.row_number not in bad_rows]
        reader = _Reader(rows)
        self.row_numbers, self.values = [], []
        for row in rows:
            outcome = reader.read(row)
            if isinstance(outcome, RowError):
                self.result.errors.append(outcome)
            else:
                self.row_numbers.append(row.row_number)
                self.values.append(outcome)

    def checked(self, changes) -> ImportCheck:
        result = self.result
        for row_number, change in zip(self.row_numbers, changes, strict=True):
            if change.error:
                first = self.row_numbers[change.first] if change.first is not None else None
                result.errors.append(_row_error(row_number, change, first))
            else:
                row = change.row
                result.changes.append(
                    RowChange(
                        row_number,
                        row.subject,
                        row.year,
                        change.outcome,
                        change.value,
                        change.status,
                        row.note,
                        change.record,
                    )
                )
        result.errors.sort(key=lambda error: error.row_number)
        return result

    def check(self, *, user, lock) -> ImportCheck:
        existing = services.records_existing(self.values, lock=lock)
        return self.checked(
            services.record_changes_check(user=user, rows=self.values, existing=existing, **RULES)
        )


def import_check(*, user, rows: list[TemplateRow], read_errors=()) -> ImportCheck:
    """What importing `rows` would do, and every row error; writes nothing."""
    return _Import(rows, read_errors).check(user=user, lock=False)


def import_apply(*, user, rows: list[TemplateRow], read_errors=()) -> ImportCheck:
    """Write the new and changed values as drafts, all or nothing; ImportRefused if any row is bad."""
    with transaction.atomic():
        reading = _Import(rows, read_errors)
        if not reading.result.ok:  # still check the other rows, to report every error at once
            raise ImportRefused(reading.check(user=user, lock=True))
        try:
            changes = services.records_save_many(
                user=user, rows=reading.values, reason=IMPORT_REASON, **RULES
            )
        except services.RecordsRefused as refused:
            raise ImportRefused(reading.checked(refused.changes)) from None
        except services.ConflictError as conflict:  # a value created by someone else since the check
            result = reading.checked(conflict.changes)
            result.errors.append(
                RowError(
                    0,
                    "conflict",
                    _("Someone else saved values of these indicators meanwhile; upload the file again."),
                )
            )
            raise ImportRefused(result) from None
    return reading.checked(changes)
