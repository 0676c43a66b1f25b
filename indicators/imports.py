"""Importing yearly values from a filled-in template: check every row, then write all or nothing.

`import_check` reports, per row, what would change (new / changed / unchanged / empty) and every row
error at once. `import_apply` checks again on locked records and writes only when no row is bad.
The rules are those of `services.value_save`: only a reporter of the indicator's unit (or an
administrator) within the plan period, figures cleaned by `validation.clean_number`, submitted and
approved records locked, optimistic versions, and a history row per write — here with the change
reason 表格导入 and the importer as its user. Writes go in bulk so that ten thousand rows stay quick.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from . import permissions
from .attainment import STATUS_LABELS, TEXT_STATUS_WORDS, TEXT_STATUSES
from .models import Direction, Indicator, IndicatorValue, ReviewState
from .spreadsheets.rows import RowError, TemplateRow
from .validation import clean_number

# Kept as data in the history, the same whatever language the importer reads.
IMPORT_REASON = "表格导入"
NEW, CHANGED, UNCHANGED, EMPTY = "new", "changed", "unchanged", "empty"
KINDS_WRITTEN = (NEW, CHANGED)
BATCH = 1000


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
    kind: str
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

    def count(self, kind) -> int:
        return sum(1 for change in self.changes if change.kind == kind)

    @property
    def writes(self):
        return [change for change in self.changes if change.kind in KINDS_WRITTEN]


def integer(raw):
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, str) and raw.strip().isdigit():
        return int(raw.strip())
    return None


def _text(raw) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return str(raw).strip()


def _status(raw) -> str | None:
    text = _text(raw)
    if text in TEXT_STATUS_WORDS:
        return str(TEXT_STATUS_WORDS[text])
    for status in TEXT_STATUSES:
        if text in (status.value, str(status.label)):
            return str(status)
    return None


def _number_text(raw) -> str:
    """What clean_number reads: Excel gives floats, and 38.5 must not become 38.499999…"""
    if isinstance(raw, float):
        return repr(raw)
    return _text(raw)


class _Checker:
    def __init__(self, user, rows, existing):
        self.user, self.rows = user, rows
        self.first_year, self.last_year = settings.PLAN_PERIOD
        ids = {i for i in (integer(row.indicator_id) for row in rows) if i is not None}
        self.indicators = Indicator.objects.select_related("plan").prefetch_related("units").in_bulk(ids)
        self.existing = existing(ids)
        self.is_admin = permissions.is_admin(user)
        self.seen = {}

    def error(self, row, code, message, **params):
        return RowError(row.row_number, code, _("Row %(row)s: ") % {"row": row.row_number} + message % params)

    def check(self, row):
        """A RowChange, or the row's errors (a list)."""
        indicator = self.indicators.get(integer(row.indicator_id))
        if indicator is None or (row.name and _text(row.name) != indicator.name):
            return [
                self.error(
                    row,
                    "unknown_indicator",
                    _("the indicator “%(name)s” is not known; do not change the hidden ID column."),
                    name=_text(row.name),
                )
            ]
        year = integer(row.year)
        if (
            year is None
            or not (self.first_year <= year <= self.last_year)
            or not (indicator.plan.start_year <= year <= indicator.plan.end_year)
        ):
            return [
                self.error(
                    row,
                    "year",
                    _("the year “%(year)s” is outside %(first)s–%(last)s."),
                    year=_text(row.year),
                    first=self.first_year,
                    last=self.last_year,
                )
            ]
        if not (self.is_admin or permissions.can_enter(self.user, indicator, year)):
            return [
                self.error(
                    row,
                    "not_yours",
                    _("“%(name)s” is reported by another unit; you may not import it."),
                    name=indicator.name,
                )
            ]
        key = (indicator.pk, year)
        if key in self.seen:
            return [
                self.error(
                    row,
                    "duplicate",
                    _("“%(name)s” %(year)s already appears in row %(first)s."),
                    name=indicator.name,
                    year=year,
                    first=self.seen[key],
                )
            ]
        self.seen[key] = row.row_number
        record = self.existing.get(key)
        change = RowChange(row.row_number, indicator, year, EMPTY, record=record, note=_text(row.note))
        if _text(row.value) == "":
            return change
        if indicator.direction == Direction.QUALITATIVE:
            change.status = _status(row.value)
            if change.status is None:
                return [
                    self.error(
                        row,
                        "status",
                        _("for “%(name)s” enter 已完成, 推进中 or 未完成."),
                        name=indicator.name,
                    )
                ]
        else:
            if isinstance(row.value, bool):
                return [self.error(row, "not_a_number", _("“%(raw)s” is not a number."), raw=row.value)]
            try:
                change.value = clean_number(_number_text(row.value), name=indicator.name, unit=indicator.unit)
            except ValidationError as error:
                return [
                    self.error(row, error.code or "invalid", "%(detail)s", detail=" ".join(error.messages))
                ]
        return self.classify(row, change)

    def classify(self, row, change):
        record = change.record
        if record is not None and (record.value, record.status, record.note) == (
            change.value,
            change.status,
            change.note,
        ):
            change.kind = UNCHANGED
            return change
        if record is not None and record.state not in permissions.EDITABLE_STATES:
            return [
                self.error(
                    row,
                    "locked",
                    _("the %(year)s value of “%(name)s” is %(state)s and cannot be changed."),
                    year=change.year,
                    name=change.indicator.name,
                    state=record.get_state_display(),
                )
            ]
        version = integer(row.version)
        if version is not None and version != (record.version if record else 0):
            return [
                self.error(
                    row,
                    "conflict",
                    _(
                        "“%(name)s” %(year)s was changed by someone else after the template was downloaded; "
                        "download it again."
                    ),
                    name=change.indicator.name,
                    year=change.year,
                )
            ]
        change.kind = NEW if record is None else CHANGED
        return change


def _existing(lock=False):
    def load(ids):
        records = IndicatorValue.objects.filter(indicator_id__in=ids).order_by()  # no join: lockable
        if lock:
            records = records.select_for_update()
        return {(r.indicator_id, r.year): r for r in records}

    return load


def _check(*, user, rows, read_errors, lock):
    checker = _Checker(user, rows, _existing(lock))
    result = ImportCheck(errors=list(read_errors))
    bad_rows = {error.row_number for error in read_errors}
    for row in rows:
        if row.row_number in bad_rows:
            continue
        outcome = checker.check(row)
        if isinstance(outcome, list):
            result.errors += outcome
        else:
            result.changes.append(outcome)
    result.errors.sort(key=lambda error: error.row_number)
    return result


def import_check(*, user, rows: list[TemplateRow], read_errors=()) -> ImportCheck:
    """What importing `rows` would do, and every row error; writes nothing."""
    return _check(user=user, rows=rows, read_errors=read_errors, lock=False)


def import_apply(*, user, rows: list[TemplateRow], read_errors=()) -> ImportCheck:
    """Write the new and changed values as drafts, all or nothing; ImportRefused if any row is bad."""
    with transaction.atomic():
        result = _check(user=user, rows=rows, read_errors=read_errors, lock=True)
        if not result.ok:
            raise ImportRefused(result)
        try:
            with transaction.atomic():
                _write(result.writes, user=user)
        except IntegrityError:  # a value created by someone else between the check and the write
            result.errors.append(
                RowError(
                    0,
                    "conflict",
                    _("Someone else saved values of these indicators meanwhile; upload the file again."),
                )
            )
            raise ImportRefused(result) from None
    return result


def _write(changes, *, user):
    now = timezone.now()
    created, updated = [], []
    for change in changes:
        if change.record is None:
            created.append(
                IndicatorValue(
                    indicator=change.indicator,
                    year=change.year,
                    value=change.value,
                    status=change.status,
                    note=change.note,
                    reported_by=user,
                    state=ReviewState.DRAFT,
                    version=1,
                )
            )
        else:
            record = change.record
            record.value, record.status, record.note = change.value, change.status, change.note
            record.reported_by, record.version, record.updated_at = user, record.version + 1, now
            updated.append(record)
    if created:
        bulk_create_with_history(
            created,
            IndicatorValue,
            batch_size=BATCH,
            default_user=user,
            default_change_reason=IMPORT_REASON,
            default_date=now,
        )
    if updated:
        bulk_update_with_history(
            updated,
            IndicatorValue,
            ["value", "status", "note", "reported_by", "version", "updated_at"],
            batch_size=BATCH,
            default_user=user,
            default_change_reason=IMPORT_REASON,
            default_date=now,
        )
