"""Every write of a yearly record goes through here: entering, submitting, reviewing, reopening.

The admin, the 填报 page, the API and spreadsheet imports all call these functions, so each rule
(which year, who may, in which state, with which figure) lives once, for every kind of record
(`kinds.KINDS`; each kind's rows are its `row_type`). Writes are all or nothing, in bulk, and leave one history row per record
with who did it and why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from operations.params import whole_number
from operations.text import text_check
from rounds import selectors as round_selectors
from rounds import services as round_services

from . import permissions
from .kinds import VALUE, RecordRow, kind_of_subject
from .models import NOTE_MAX_LENGTH, IndicatorValue, ProgressStatus, ReviewState
from .plausibility import indicator_warnings
from .states import EDITABLE_STATES
from .validation import clean_number
from .years import year_ended

# What saving a row does (`RecordChange.outcome`).
NEW, CHANGED, UNCHANGED, EMPTY = "new", "changed", "unchanged", "empty"
WRITTEN = (NEW, CHANGED)
BATCH = 1000
# simple_history keeps a change reason in 100 characters; the full reason stays on the record.
HISTORY_REASON_LENGTH = 100
WARNING_LENGTH = IndicatorValue._meta.get_field("warning").max_length


class ConflictError(Exception):
    """Somebody else saved the record since it was read: the second save is refused."""

    def __init__(self, message=None, *, changes=None):
        super().__init__(message or _("Someone else changed this record meanwhile; reload it and try again."))
        self.changes = changes  # from records_save_many: the rows as checked before the write failed


def history_reason(text: str) -> str:
    """A change reason that fits the history's column."""
    text = str(text)
    return text if len(text) <= HISTORY_REASON_LENGTH else text[: HISTORY_REASON_LENGTH - 1] + "…"


def year_check(*, plan, year) -> int:
    """The year as a number if it is one of the plan's, else a ValidationError (code "year")."""
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = None
    if year is not None and plan.covers(year):
        return year
    raise _year_refusal(plan, year)


def _year_refusal(plan, year: int | None) -> ValidationError:
    period = {"first": plan.start_year, "last": plan.end_year}
    if year is None:
        message = _("Give a year of this plan (%(first)d–%(last)d).") % period
    else:
        message = _("%(year)d is not a year of this plan (%(first)d–%(last)d).") % {"year": year, **period}
    return ValidationError(message, code="year")


def not_ended_error(year) -> ValidationError:
    """Figures for a year exist only once it is over: a year still running (or to come) takes none."""
    return ValidationError(
        _("%(year)s has not ended yet: its figures can be entered from 1 January %(next)s.")
        % {"year": year, "next": year + 1},
        code="not_ended",
    )


def _not_ended_check(records):
    """Submitting: a ValidationError (code "not_ended") for a record of a year not yet over."""
    if late := next((r.year for r in records if not year_ended(r.year)), None):
        raise not_ended_error(late)


# --- reporting rounds: a closed round's year takes no new figures ---------------------------------------


def closed_error(year) -> ValidationError:
    return ValidationError(_("Reporting for %(year)s is closed.") % {"year": year}, code="closed")


def _sent_back(record) -> bool:
    """Returned or reopened with a reason: its reporters may still correct it when the round is closed."""
    return record is not None and record.state == ReviewState.RETURNED


def _closed_keys(user, rows) -> set[tuple[int, int]]:
    """(jurisdiction id, year) of the rows' plans whose reporting round is closed (the rounds are read
    once per request, `rounds.selectors.rounds_for`)."""
    return round_selectors.closed_for(
        user,
        ((row.subject.plan.jurisdiction_id, row.year) for row in rows if row.subject.plan.covers(row.year)),
    )


def _closed_check(user, records):
    """Submitting: a ValidationError (code "closed") when a record's year is closed and it was not sent back."""
    keys = [(r.plan.jurisdiction_id, r.year) for r in records if not _sent_back(r)]
    closed = round_selectors.closed_for(user, keys)
    if late := next((key for key in keys if key in closed), None):
        raise closed_error(late[1])


def year_open_check(*, user, plan, year, record=None):
    """A ValidationError (code "closed") when the round of the plan's year is closed and the record was
    not sent back to its reporters; the admin's form asks this before saving."""
    if not _sent_back(record) and (plan.jurisdiction_id, year) in round_selectors.closed_for(
        user, {(plan.jurisdiction_id, year)}
    ):
        raise closed_error(year)


# --- rows: what a writer asks for ------------------------------------------------------------------


# The rows of indicator values, which the spreadsheet import and `value_save` write.
ValueRow = VALUE.row_type


@dataclass(slots=True)
class RecordChange:
    """What saving a row does (`outcome`), or the rule it breaks (`error`, a code).

    `detail` is the ValidationError of the input (its code is `error`); `first` is the index of the
    row that a duplicate repeats. `previous` is the record of the year before, if any; `warnings` are
    the figure's `plausibility` warnings, which never refuse it but ask for a note before submitting.
    """

    row: RecordRow
    record: object | None
    outcome: str = ""
    value: Decimal | None = None
    status: str = ""
    error: str = ""
    detail: ValidationError | None = None
    first: int | None = None
    previous: object | None = None
    warnings: list = field(default_factory=list)

    @property
    def warning(self) -> str:
        return " ".join(warning.message for warning in self.warnings)

    def fields(self) -> dict:
        """The input fields of the record, and those derived from them, as this change sets them."""
        row = self.row
        written = {
            "value": self.value,
            "status": self.status,
            "note": row.note,
            "narrative": row.narrative,
            "warning": self.warning[:WARNING_LENGTH],
        }
        return {name: written[name] for name in (*row.model.INPUT_FIELDS, *row.model.DERIVED_FIELDS)}


class RecordsRefused(Exception):
    """Some rows break a rule, so nothing was written; `changes` says which and why."""

    def __init__(self, changes):
        super().__init__([change.error for change in changes if change.error])
        self.changes = changes


# --- checking rows -----------------------------------------------------------------------------------


def records_existing(rows, *, lock=False) -> dict[tuple[int, int], object]:
    """{(subject id, year): record} for rows of one kind, and the year before each (what a figure's
    plausibility is judged against), in one query."""
    if not rows:
        return {}
    model = rows[0].model
    subject_id = f"{model.SUBJECT_FIELD}_id"
    years = {row.year for row in rows}
    if model.DERIVED_FIELDS:
        years |= {year - 1 for year in years}
    records = model.objects.filter(
        **{f"{subject_id}__in": {row.subject.pk for row in rows}, "year__in": years}
    ).order_by()  # no ordering join: PostgreSQL can lock the rows
    if lock:
        records = records.select_for_update()
    return {(getattr(record, subject_id), record.year): record for record in records}


def _may_enter(user, row, *, admin: bool) -> str:
    """The code of the first rule the row's subject and year break, or ""."""
    if not row.subject.plan.covers(row.year):
        return "year"
    if not year_ended(row.year):
        return "not_ended"
    if not (admin or permissions.can_enter(user, row.subject)):
        return "not_yours"
    return ""


def _clean(change):
    """The figure or status the row sets, or the row marked EMPTY or with the error of its input."""
    row = change.row
    if len(row.note or "") > NOTE_MAX_LENGTH:
        message = _("The note is too long: at most %(limit)d characters (this one has %(count)d).")
        change.error = "note_too_long"
        change.detail = ValidationError(
            message % {"limit": NOTE_MAX_LENGTH, "count": len(row.note)}, code="note_too_long"
        )
    elif refused := _text_refusal(row.note, row.narrative, row.status, row.value):
        change.error, change.detail = refused.code, refused
    elif not row.wants_number:
        if row.status in (None, ""):
            change.outcome = EMPTY
        elif row.status not in ProgressStatus.values:
            change.error = "status"
        else:
            change.status = row.status
    elif row.value in (None, ""):
        change.outcome = EMPTY
    else:
        try:
            change.value = clean_number(row.value, name=row.subject.name, unit=row.subject.unit)
        except ValidationError as error:
            change.error, change.detail = error.code or "invalid", error
        else:
            previous = getattr(change.previous, "value", None)
            change.warnings = indicator_warnings(row.subject, change.value, previous)


def _unchanged(change) -> bool:
    record = change.record
    # The input alone: a derived field that moved (a warning judged anew) changes nothing typed.
    return record is not None and all(
        getattr(record, name) == value
        for name, value in change.fields().items()
        if name in change.row.model.INPUT_FIELDS
    )


def record_changes_check(
    *, user, rows, existing, administrators=False, skip_unchanged=False
) -> list[RecordChange]:
    """What saving each row would do, or the rule it breaks. Queries nothing when the rows' subjects
    come with their plan and units (as `permissions` reads them): `existing` holds the records.

    The rules of every write, in order: the year is one of the plan's — "year"; only a reporter of
    the subject's unit (`administrators`: an administrator too) — "not_yours"; one row per subject
    and year — "duplicate"; a note of at most NOTE_MAX_LENGTH characters — "note_too_long"; a row
    without figure or status is EMPTY; the year's reporting round is closed and the record is new or a
    draft (not sent back by a reviewer) — "closed"; a qualitative target, a task or a project takes a
    ProgressStatus — "status"; a figure passes `clean_number` (its codes); a submitted or approved
    record is locked — "locked"; a version that is not the record's is stale — "conflict".
    `skip_unchanged`: a row equal to its record is UNCHANGED before the last two rules (a template
    uploaded again); otherwise it is written again. The rounds are read once per request
    (`rounds.selectors.rounds_for`, kept on the user).
    """
    admin = administrators and permissions.is_admin(user)
    changes, seen = [], {}
    closed = _closed_keys(user, rows)  # reporting rounds
    for index, row in enumerate(rows):
        key = row.key()
        change = RecordChange(row, existing.get(key), previous=existing.get((key[0], key[1] - 1)))
        changes.append(change)
        if error := _may_enter(user, row, admin=admin):
            change.error = error
            if error == "not_ended":
                change.detail = not_ended_error(row.year)
            continue
        if key in seen:
            change.error, change.first = "duplicate", seen[key]
            continue
        seen[key] = index
        _clean(change)
        if change.outcome == EMPTY:
            continue
        # Reporting rounds: a closed year refuses new figures and drafts, not sent-back records.
        record = change.record
        in_force = record is None or record.state in EDITABLE_STATES
        if in_force and not _sent_back(record) and (row.subject.plan.jurisdiction_id, row.year) in closed:
            change.error, change.detail = "closed", closed_error(row.year)
            continue
        if change.error:
            continue
        if skip_unchanged and _unchanged(change):
            change.outcome = UNCHANGED
        elif record is not None and record.state not in EDITABLE_STATES:
            change.error = "locked"
        elif row.version is not None and row.version != (record.version if record else 0):
            change.error = "conflict"
        else:
            change.outcome = NEW if record is None else CHANGED
    return changes


# --- writing rows ------------------------------------------------------------------------------------


def records_save_many(*, user, rows, reason="", administrators=False, skip_unchanged=False, savepoint=True):
    """Check `rows` (of one kind) on locked records, then write the new and changed ones as drafts in bulk.

    All or nothing: RecordsRefused when a row breaks a rule (see `record_changes_check`), ConflictError
    when somebody else created one of the records meanwhile. Each write leaves a history row by `user`
    with `reason` (by default "entered" or "edited"). Returns the checked changes, each with its
    record as it is now (new, written, or as found, locked).
    """
    # `savepoint=False`: a refusal undoes the caller's whole transaction, as the 填报 page wants (it
    # saves all its rows or none); each savepoint costs two queries.
    with transaction.atomic(savepoint=savepoint):
        changes = record_changes_check(
            user=user,
            rows=rows,
            existing=records_existing(rows, lock=True),
            administrators=administrators,
            skip_unchanged=skip_unchanged,
        )
        if any(change.error for change in changes):
            raise RecordsRefused(changes)
        try:
            _records_write([c for c in changes if c.outcome in WRITTEN], user=user, reason=reason)
        except IntegrityError:
            raise ConflictError(changes=changes) from None
    return changes


def _records_write(changes, *, user, reason):
    if not changes:
        return
    model = changes[0].row.model
    now = timezone.now()
    created, updated = [], []
    for change in changes:
        row, record = change.row, change.record
        if record is None:
            change.record = model(
                **{model.SUBJECT_FIELD: row.subject, "year": row.year, **change.fields()},
                reported_by=user,
                state=ReviewState.DRAFT,
                version=1,
            )
            created.append(change.record)
        else:
            for name, value in change.fields().items():
                setattr(record, name, value)
            record.reported_by, record.version, record.updated_at = user, record.version + 1, now
            updated.append(record)
    history = {"default_user": user, "default_date": now, "batch_size": BATCH}
    if created:
        bulk_create_with_history(
            created, model, default_change_reason=history_reason(reason or _("entered")), **history
        )
    if updated:
        bulk_update_with_history(
            updated,
            model,
            [*model.INPUT_FIELDS, *model.DERIVED_FIELDS, "reported_by", "version", "updated_at"],
            default_change_reason=history_reason(reason or _("edited")),
            **history,
        )


def version_sent(raw) -> int | None:
    """The version a caller sent: None is not checked, "" and 0 mean no record was there."""
    if raw is None:
        return None
    if raw in ("", "0", 0):
        return 0
    number = whole_number(str(raw))  # the one reader of numbers sent by people (ASCII digits, bounded)
    return -1 if number is None else number  # no record has an unreadable version: a conflict


def _refusal(change):
    """The exception `record_save` raises for a row that is refused or empty."""
    row = change.row
    if change.error == "year":
        return _year_refusal(row.subject.plan, row.year)
    if change.error == "not_yours":
        return PermissionDenied(_("You may not report this for %(year)s.") % {"year": row.year})
    if row.wants_number and change.outcome == EMPTY:
        return ValidationError(_("Enter a number."), code="required")
    if change.error == "status" or change.outcome == EMPTY:
        if row.kind.figures:
            return ValidationError(_("Choose a status for this qualitative target."), code="status")
        return ValidationError(_("Choose a status."), code="status")
    if change.detail is not None:
        return change.detail
    if change.error == "locked":
        return PermissionDenied(
            _("This record is %(state)s and cannot be changed.")
            % {"state": change.record.get_state_display()}
        )
    return ConflictError()


def record_check(row, *, previous=None) -> RecordChange:
    """The input rules alone (no permission, no record): what forms and the admin form turn into
    field errors, so they say exactly what the service would; with the warnings the figure earns
    against `previous`, the record of the year before."""
    change = RecordChange(row, None, previous=previous)
    if not row.subject.plan.covers(row.year):
        change.error = "year"
    elif not year_ended(row.year):
        change.error, change.detail = "not_ended", not_ended_error(row.year)
    else:
        _clean(change)
    return change


def refusal_of(change) -> Exception | None:
    """The error a form shows for a checked row, or None when its input is acceptable."""
    if change.error or change.outcome == EMPTY:
        return _refusal(change)
    return None


def record_save(*, user, row: RecordRow, reason=""):
    """Enter or edit one record (a draft until submitted); returns it."""
    try:
        [change] = records_save_many(user=user, rows=[row], reason=reason)
    except RecordsRefused as refused:
        raise _refusal(refused.changes[0]) from None
    if change.outcome == EMPTY:
        raise _refusal(change)
    return change.record


def value_save(*, user, indicator, year, value=None, status="", note="", version=None, reason=""):
    """Enter or edit the value of an indicator for a year."""
    row = ValueRow(
        indicator, _int_or(year), value=value, status=status, note=note, version=version_sent(version)
    )
    return record_save(user=user, row=row, reason=reason)


def progress_save(*, user, subject, year, status, narrative="", note="", version=None, reason=""):
    """Enter or edit the progress of a task or a key project for a year."""
    row = kind_of_subject(subject).row_type(
        subject, _int_or(year), status=status, narrative=narrative, note=note, version=version_sent(version)
    )
    return record_save(user=user, row=row, reason=reason)


def _int_or(year):
    try:
        return int(year)
    except (TypeError, ValueError):
        return -1  # refused as "year"


# --- review: moving records between states ----------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    allowed: object  # permissions.can_* (user, record) → bool
    actor: object  # (user, record) → bool: who may take the step, whatever the record's state
    state: str
    reason: str  # the history's change reason; "%(reason)s" is the reviewer's reason
    refused: str
    wrong_state: str  # the refusal of a record in a state the step does not start from
    reviewed: bool = False  # sets reviewed_by/at and the review comment


def _transitions():
    return {
        "submit": Transition(
            permissions.can_submit,
            lambda user, record: permissions.can_enter(user, record.subject),
            ReviewState.SUBMITTED,
            _("submitted"),
            _("You may not submit this record."),
            _("This record is %(state)s: only a draft or a returned record can be submitted."),
        ),
        "approve": Transition(
            permissions.can_approve,
            permissions.can_review,
            ReviewState.APPROVED,
            _("approved"),
            _("You may not approve this record."),
            _("This record is %(state)s: only a submitted record can be approved."),
            reviewed=True,
        ),
        "return": Transition(
            permissions.can_return,
            permissions.can_review,
            ReviewState.RETURNED,
            _("returned: %(reason)s"),
            _("You may not return this record."),
            _("This record is %(state)s: only a submitted record can be returned."),
            reviewed=True,
        ),
        "reopen": Transition(
            permissions.can_reopen,
            permissions.may_reopen,
            ReviewState.RETURNED,
            _("reopened: %(reason)s"),
            _("You may not reopen this record."),
            _("This record is %(state)s: only an approved record can be reopened."),
            reviewed=True,
        ),
    }


def note_required(record) -> bool:
    """A record with a plausibility warning is submitted only with a note explaining the figure."""
    return bool(getattr(record, "warning", "")) and not record.note.strip()


def note_check(record):
    if note_required(record):
        raise ValidationError(
            _("Explain the figure in the note before submitting: %(warning)s") % {"warning": record.warning},
            code="note_required",
        )


def _text_refusal(*texts) -> ValidationError | None:
    """The refusal of text holding control characters (`operations.text`), which no record stores."""
    try:
        for text in texts:
            text_check(text)
    except ValidationError as refused:
        return refused
    return None


def _required_reason(reason):
    """A reason is bounded like a note: it is copied into every notification it causes."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason."), code="reason")
    if len(reason) > NOTE_MAX_LENGTH:
        raise ValidationError(
            _("The reason is too long: at most %(limit)d characters (this one has %(count)d).")
            % {"limit": NOTE_MAX_LENGTH, "count": len(reason)},
            code="reason_too_long",
        )
    text_check(reason)
    return reason


def records_transition(
    *, user, records, action: str, reason: str = "", versions=None, current=False, savepoint=True
) -> list:
    """Move records (of one kind) together by `action` (submit, approve, return, reopen).

    All or nothing: each record is locked and checked (`permissions`, and its version when `versions`
    {pk: version} names it); PermissionDenied or ConflictError refuses them all. One UPDATE and one
    history row per record, whatever their number. `current`: the records were just read locked in
    this transaction (`records_save_many`), so they are not read again.
    """
    records = list(records)
    if not records:
        return []
    transition = _transitions()[action]
    if "%(reason)s" in transition.reason:
        reason = _required_reason(reason)
    model = type(records[0])
    versions = versions or {}
    with transaction.atomic(savepoint=savepoint):
        locked = records if current else _locked_with_subjects(model, records)
        if action == "submit":
            _not_ended_check(locked)
            _closed_check(user, locked)
        now = timezone.now()
        for record in locked:
            if not transition.allowed(user, record):
                if transition.actor(user, record):  # the user may, only not in this state: a conflict
                    raise ConflictError(transition.wrong_state % {"state": record.get_state_display()})
                raise PermissionDenied(transition.refused)
            if action == "submit":
                note_check(record)
            version = versions.get(record.pk)
            if version is not None and int(version) != record.version:
                raise ConflictError
            record.state = transition.state
            record.version += 1
            record.updated_at = now
            if transition.reviewed:
                record.reviewed_by, record.reviewed_at = user, now
                record.review_comment = reason if "%(reason)s" in transition.reason else ""
        fields = ["state", "version", "updated_at"]
        if transition.reviewed:
            fields += ["reviewed_by", "reviewed_at", "review_comment"]
        bulk_update_with_history(
            locked,
            model,
            fields,
            batch_size=BATCH,
            default_user=user,
            default_change_reason=history_reason(transition.reason % {"reason": reason}),
            default_date=now,
        )
        if action in ("return", "reopen"):  # notifications: each reporter hears of it, in bulk
            round_services.records_sent_back(records=locked, action=action, reason=reason)
    return locked


def _locked_with_subjects(model, records) -> list:
    """The records read again FOR UPDATE, each with its subject (plan and units, which the permission
    checks read): the caller's when it came with one, else read for all of them at once."""
    locked = model.objects.select_for_update(of=("self",)).order_by().in_bulk([r.pk for r in records])
    if len(locked) != len(records):
        raise ConflictError  # one of them is gone
    subject_field = model._meta.get_field(model.SUBJECT_FIELD)
    missing = {r.pk for r in records if not subject_field.is_cached(r)}
    subjects = {}
    if missing:
        subjects = (
            model.subject_model()
            .objects.select_related(model.subject_model().PLAN_PATH)
            .prefetch_related("units")
            .in_bulk({getattr(locked[pk], f"{model.SUBJECT_FIELD}_id") for pk in missing})
        )
    result = []
    for record in records:
        current = locked[record.pk]
        subject = (
            record.subject
            if record.pk not in missing
            else subjects[getattr(current, f"{model.SUBJECT_FIELD}_id")]
        )
        setattr(current, model.SUBJECT_FIELD, subject)
        result.append(current)
    return result


def _one(action, *, user, record, version=None, reason=""):
    versions = {record.pk: version} if version is not None else None
    [record] = records_transition(
        user=user, records=[record], action=action, reason=reason, versions=versions
    )
    return record


def record_submit(*, user, record, version=None):
    return _one("submit", user=user, record=record, version=version)


def record_approve(*, user, record, version=None):
    return _one("approve", user=user, record=record, version=version)


def record_return(*, user, record, reason, version=None):
    return _one("return", user=user, record=record, version=version, reason=reason)


def record_reopen(*, user, record, reason, version=None):
    """Unlock an approved record so its reporters can correct it; the reason stays on the record."""
    return _one("reopen", user=user, record=record, version=version, reason=reason)
