"""Every write of a yearly record goes through here: entering, submitting, reviewing, reopening.

The admin, the 填报 page, the API and spreadsheet imports all call these functions, so each rule
(who may, in which state, with which figure) lives once. Each call is one transaction and leaves a
history row with who did it and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from . import permissions
from .models import (
    Direction,
    Indicator,
    IndicatorValue,
    ProgressStatus,
    ProjectProgress,
    ReviewState,
    TaskProgress,
)
from .validation import clean_number

# What saving a value row does.
NEW, CHANGED, UNCHANGED, EMPTY = "new", "changed", "unchanged", "empty"
KINDS_WRITTEN = (NEW, CHANGED)
BATCH = 1000
VALUE_FIELDS_WRITTEN = ["value", "status", "note", "reported_by", "version", "updated_at"]


class ConflictError(Exception):
    """Somebody else saved the record since it was read: the second save is refused."""

    def __init__(self, message=None, *, changes=None):
        super().__init__(message or _("Someone else changed this record meanwhile; reload it and try again."))
        self.changes = changes  # from values_save_many: the rows as checked before the write failed


def _check(allowed: bool, message: str):
    if not allowed:
        raise PermissionDenied(message)


def _locked(record):
    return type(record).objects.select_for_update(of=("self",)).get(pk=record.pk)


def _check_version(record, version):
    if version is not None and int(version) != record.version:
        raise ConflictError


def _save(record, *, user, reason):
    record._history_user = user
    record._change_reason = reason
    record.save()
    return record


def _write(model, *, lookup: dict, user, version, fields: dict, reason: str):
    """Create or update the record of `lookup`, refusing locked states and stale versions."""
    with transaction.atomic():
        # Explicit pk order: the model's default ordering joins nullable relations, which PostgreSQL
        # cannot lock FOR UPDATE.
        record = model.objects.select_for_update(of=("self",)).filter(**lookup).order_by("pk").first()
        if record is None:
            if version not in (None, "", 0, "0"):
                raise ConflictError  # the caller saw a record that has since gone
            record = model(**lookup, **fields, reported_by=user, state=ReviewState.DRAFT, version=1)
            try:
                with transaction.atomic():
                    return _save(record, user=user, reason=reason or _("entered"))
            except IntegrityError:
                raise ConflictError from None
        if record.state not in permissions.EDITABLE_STATES:
            raise PermissionDenied(
                _("This record is %(state)s and cannot be changed.") % {"state": record.get_state_display()}
            )
        _check_version(record, version)
        for name, value in fields.items():
            setattr(record, name, value)
        record.reported_by = user
        record.version += 1
        return _save(record, user=user, reason=reason or _("edited"))


@dataclass(slots=True)
class ValueRow:
    """A value to enter: the figure as typed (numeric indicators) or a ProgressStatus code (qualitative
    ones), and the version of the record the writer saw (None: not checked; 0: there was none)."""

    indicator: Indicator
    year: int
    value: object = None
    status: str | None = ""
    note: str = ""
    version: int | None = None


@dataclass(slots=True)
class ValueChange:
    """What saving a ValueRow does (`kind`), or the rule it breaks (`error`, a code).

    `detail` is the figure's ValidationError (its code is `error`); `first` is the index of the row
    that a duplicate repeats.
    """

    row: ValueRow
    record: IndicatorValue | None
    kind: str = ""
    value: Decimal | None = None
    status: str = ""
    error: str = ""
    detail: ValidationError | None = None
    first: int | None = None


class ValuesRefused(Exception):
    """Some rows break a rule, so nothing was written; `changes` says which and why."""

    def __init__(self, changes):
        super().__init__([change.error for change in changes if change.error])
        self.changes = changes


def values_existing(rows, *, lock=False) -> dict[tuple[int, int], IndicatorValue]:
    """{(indicator id, year): record} for the rows' indicators and years, in one query."""
    records = IndicatorValue.objects.filter(
        indicator_id__in={row.indicator.pk for row in rows}, year__in={row.year for row in rows}
    ).order_by()  # no ordering join: PostgreSQL can lock the rows
    if lock:
        records = records.select_for_update()
    return {(record.indicator_id, record.year): record for record in records}


def _may_enter(user, indicator, year, *, admin: bool) -> bool:
    if admin:
        return indicator.plan.start_year <= year <= indicator.plan.end_year
    return permissions.can_enter(user, indicator, year)


def _clean(change):
    """The figure or status the row sets, or the row marked EMPTY or with the error of its input."""
    row = change.row
    if row.indicator.direction == Direction.QUALITATIVE:
        if row.status in (None, ""):
            change.kind = EMPTY
        elif row.status not in ProgressStatus.values:
            change.error = "status"
        else:
            change.status = row.status
    elif row.value in (None, ""):
        change.kind = EMPTY
    else:
        try:
            change.value = clean_number(row.value, name=row.indicator.name, unit=row.indicator.unit)
        except ValidationError as error:
            change.error, change.detail = error.code or "invalid", error


def value_changes_check(
    *, user, rows, existing, administrators=False, skip_unchanged=False
) -> list[ValueChange]:
    """What saving each row would do, or the rule it breaks. Queries nothing when the rows' indicators
    come with their plan and units (as `permissions` reads them): `existing` holds the records.

    The rules of every write of values, in order: only a reporter of the indicator's unit within the
    plan's years (`administrators`: an administrator too) — "not_yours"; one row per indicator and
    year — "duplicate"; a row without figure or status is EMPTY; a qualitative target takes a
    ProgressStatus — "status"; a figure passes `clean_number` (its codes); a submitted or approved
    record is locked — "locked"; a version that is not the record's is stale — "conflict".
    `skip_unchanged`: a row equal to its record is UNCHANGED before the last two rules (a template
    uploaded again); otherwise it is written again.
    """
    admin = administrators and permissions.is_admin(user)
    changes, seen = [], {}
    for index, row in enumerate(rows):
        key = (row.indicator.pk, row.year)
        change = ValueChange(row, existing.get(key))
        changes.append(change)
        if not _may_enter(user, row.indicator, row.year, admin=admin):
            change.error = "not_yours"
            continue
        if key in seen:
            change.error, change.first = "duplicate", seen[key]
            continue
        seen[key] = index
        _clean(change)
        if change.error or change.kind:
            continue
        record = change.record
        if (
            skip_unchanged
            and record is not None
            and (record.value, record.status, record.note) == (change.value, change.status, row.note)
        ):
            change.kind = UNCHANGED
        elif record is not None and record.state not in permissions.EDITABLE_STATES:
            change.error = "locked"
        elif row.version is not None and row.version != (record.version if record else 0):
            change.error = "conflict"
        else:
            change.kind = NEW if record is None else CHANGED
    return changes


def values_save_many(*, user, rows, reason="", administrators=False, skip_unchanged=False):
    """Check `rows` on locked records, then write the new and changed values as drafts in bulk.

    All or nothing: ValuesRefused when a row breaks a rule (see `value_changes_check`), ConflictError
    when somebody else created one of the values meanwhile. Each write leaves a history row by `user`
    with `reason` (by default "entered" or "edited"). Returns the checked changes.
    """
    with transaction.atomic():
        changes = value_changes_check(
            user=user,
            rows=rows,
            existing=values_existing(rows, lock=True),
            administrators=administrators,
            skip_unchanged=skip_unchanged,
        )
        if any(change.error for change in changes):
            raise ValuesRefused(changes)
        try:
            with transaction.atomic():
                _values_write([c for c in changes if c.kind in KINDS_WRITTEN], user=user, reason=reason)
        except IntegrityError:
            raise ConflictError(changes=changes) from None
    return changes


def _values_write(changes, *, user, reason):
    now = timezone.now()
    created, updated = [], []
    for change in changes:
        row, record = change.row, change.record
        if record is None:
            change.record = IndicatorValue(
                indicator=row.indicator,
                year=row.year,
                value=change.value,
                status=change.status,
                note=row.note,
                reported_by=user,
                state=ReviewState.DRAFT,
                version=1,
            )
            created.append(change.record)
        else:
            record.value, record.status, record.note = change.value, change.status, row.note
            record.reported_by, record.version, record.updated_at = user, record.version + 1, now
            updated.append(record)
    if created:
        bulk_create_with_history(
            created,
            IndicatorValue,
            batch_size=BATCH,
            default_user=user,
            default_change_reason=reason or _("entered"),
            default_date=now,
        )
    if updated:
        bulk_update_with_history(
            updated,
            IndicatorValue,
            VALUE_FIELDS_WRITTEN,
            batch_size=BATCH,
            default_user=user,
            default_change_reason=reason or _("edited"),
            default_date=now,
        )


def _version(raw) -> int | None:
    """The version a caller sent: None is not checked, "" and 0 mean no record was there."""
    if raw is None:
        return None
    if raw in ("", "0", 0):
        return 0
    try:
        return int(raw)
    except (TypeError, ValueError):
        return -1  # no record has it: a conflict


def _value_refusal(change, *, year):
    """The exception `value_save` raises for a row that is refused or empty."""
    qualitative = change.row.indicator.direction == Direction.QUALITATIVE
    if change.error == "not_yours":
        return PermissionDenied(_("You may not report this indicator for %(year)s.") % {"year": year})
    if change.error == "status" or (change.kind == EMPTY and qualitative):
        return ValidationError(_("Choose a status for this qualitative target."), code="status")
    if change.kind == EMPTY:
        return ValidationError(_("Enter a number."), code="required")
    if change.detail is not None:
        return change.detail
    if change.error == "locked":
        return PermissionDenied(
            _("This record is %(state)s and cannot be changed.")
            % {"state": change.record.get_state_display()}
        )
    return ConflictError()


def value_save(*, user, indicator, year, value=None, status="", note="", version=None, reason=""):
    """Enter or edit the value of an indicator for a year (a draft until submitted)."""
    row = ValueRow(indicator, int(year), value=value, status=status, note=note, version=_version(version))
    try:
        [change] = values_save_many(user=user, rows=[row], reason=reason)
    except ValuesRefused as refused:
        raise _value_refusal(refused.changes[0], year=year) from None
    if change.kind == EMPTY:
        raise _value_refusal(change, year=year)
    return change.record


def _progress_fields(status, narrative, note):
    if status not in ProgressStatus.values:
        raise ValidationError(_("Choose a status."), code="status")
    return {"status": status, "narrative": narrative, "note": note}


def task_progress_save(*, user, task, year, status, narrative="", note="", version=None, reason=""):
    _check(
        permissions.can_enter(user, task, int(year)),
        _("You may not report this task for %(year)s.") % {"year": year},
    )
    return _write(
        TaskProgress,
        lookup={"task": task, "year": int(year)},
        user=user,
        version=version,
        fields=_progress_fields(status, narrative, note),
        reason=reason,
    )


def project_progress_save(*, user, project, year, status, narrative="", note="", version=None, reason=""):
    _check(
        permissions.can_enter(user, project, int(year)),
        _("You may not report this project for %(year)s.") % {"year": year},
    )
    return _write(
        ProjectProgress,
        lookup={"project": project, "year": int(year)},
        user=user,
        version=version,
        fields=_progress_fields(status, narrative, note),
        reason=reason,
    )


def record_submit(*, user, record, version=None):
    with transaction.atomic():
        record = _locked(record)
        _check(permissions.can_submit(user, record), _("You may not submit this record."))
        _check_version(record, version)
        record.state = ReviewState.SUBMITTED
        record.version += 1
        return _save(record, user=user, reason=_("submitted"))


def record_approve(*, user, record, version=None):
    with transaction.atomic():
        record = _locked(record)
        _check(permissions.can_approve(user, record), _("You may not approve this record."))
        _check_version(record, version)
        record.state = ReviewState.APPROVED
        record.reviewed_by, record.reviewed_at, record.review_comment = user, timezone.now(), ""
        record.version += 1
        return _save(record, user=user, reason=_("approved"))


def _required_reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason."), code="reason")
    return reason


def record_return(*, user, record, reason, version=None):
    reason = _required_reason(reason)
    with transaction.atomic():
        record = _locked(record)
        _check(permissions.can_return(user, record), _("You may not return this record."))
        _check_version(record, version)
        record.state = ReviewState.RETURNED
        record.reviewed_by, record.reviewed_at, record.review_comment = user, timezone.now(), reason
        record.version += 1
        return _save(record, user=user, reason=_("returned: %(reason)s") % {"reason": reason})


def record_reopen(*, user, record, reason, version=None):
    """Unlock an approved record so its reporters can correct it; the reason stays in the history."""
    reason = _required_reason(reason)
    with transaction.atomic():
        record = _locked(record)
        _check(permissions.can_reopen(user, record), _("You may not reopen this record."))
        _check_version(record, version)
        record.state = ReviewState.RETURNED
        record.reviewed_by, record.reviewed_at, record.review_comment = user, timezone.now(), reason
        record.version += 1
        return _save(record, user=user, reason=_("reopened: %(reason)s") % {"reason": reason})
