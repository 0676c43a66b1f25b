"""The 填报 page's work: a reporter's indicators, tasks and key projects for one year, read in a fixed
number of queries, and saved all together or not at all through the bulk services.

Every row carries the record's version as the page showed it; a row somebody else changed since
is refused with its typed input kept, and nothing of the page is saved. Rows are numbered in page
order (what a column pasted from Excel fills); each row has a state the page's filters show (未填报,
已退回, 待提交, or locked). Submitting with rows still empty needs a confirmation (`MissingRows`), and a
figure with a plausibility warning needs a note before it is submitted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from entry.forms import row_form
from indicators import permissions, services
from indicators.evidence import evidence_attach, evidence_for_records
from indicators.kinds import KINDS, RecordKind
from indicators.models import ReviewState
from indicators.precision import indicator_places, shown
from indicators.selectors import target_in_force
from operations.params import int_param

# The page's filters (`?show=`): which row states each shows.
FILTERS = {"missing": {"missing"}, "returned": {"returned"}, "draft": {"draft"}}
ROW_PREFIX = re.compile(rf"^({'|'.join(kind.key for kind in KINDS)})(\d+)-")
VERSIONS_FIELD = "versions"


@dataclass
class Row:
    kind: RecordKind
    year: int
    subject: object
    record: object | None
    previous: object | None
    editable: bool
    evidence: list = field(default_factory=list)
    form: object | None = None
    conflict: str = ""
    number: int = 0  # in page order, from 1
    hidden: bool = False  # left out by the page's filter (`?show=`)

    @property
    def model(self):
        return self.kind.model

    @property
    def title(self) -> str:
        return getattr(self.subject, self.subject.TITLE_FIELD)

    @property
    def typed(self) -> bool:
        """The posted form holds input for the row."""
        form = self.form
        return bool(
            form is not None
            and form.is_bound
            and any(form.data.get(f"{self.prefix}-{name}") for name in form.input_fields)
        )

    @property
    def filled(self) -> bool:
        return self.record is not None or self.typed

    @property
    def state(self) -> str:
        """ "missing" (nothing entered), or the record's review state."""
        return self.record.state if self.record is not None else ("draft" if self.typed else "missing")

    @property
    def warning(self) -> str:
        """The figure's plausibility warning: of the input when posted, else as saved on the record."""
        if self.typed:
            return self.form.warning
        return getattr(self.record, "warning", "")

    @property
    def note_missing(self) -> bool:
        """A warned figure without the note that explains it (submitting it is refused)."""
        if not self.warning:
            return False
        if self.typed:
            return not (self.form.cleaned_data.get("note") or "").strip()
        return services.note_required(self.record)

    @property
    def upload_dropped(self) -> str:
        """The name of a file chosen for the row on a page that was refused (a conflict, an error on
        any row, the missing-rows question): nothing was saved, and a browser does not choose a file
        again on the page it gets back, so it must be chosen again. Empty otherwise."""
        form = self.form
        if form is None or not form.is_bound or "evidence" in form.errors:
            return ""
        upload = form.files.get(f"{self.prefix}-evidence")
        return upload.name if upload else ""

    @property
    def refused(self) -> bool:
        """Something on the row needs the user before the page can be saved."""
        return bool(self.conflict or (self.form is not None and self.form.errors) or self.upload_dropped)

    @property
    def marks(self) -> str:
        """The row's classes on the page: refused (kept by the script's filters too), locked, warned."""
        marks = (("has-error", self.refused), ("locked", not self.editable), ("warned", self.warning))
        return " ".join(name for name, on in marks if on)

    @property
    def prefix(self) -> str:
        return f"{self.kind.key}{self.subject.pk}"

    @property
    def plan(self):
        return self.subject.plan

    @property
    def units(self) -> str:
        return "、".join(unit.name for unit in self.subject.units.all())

    @property
    def target(self) -> str:
        return target_in_force(self.subject, self.year) if self.kind.figures else ""

    @property
    def revised(self) -> bool:
        return self.kind.figures and self.target != self.subject.target_text

    def make_form(self, data=None, files=None):
        extra = {"subject": self.subject, "year": self.year, "previous": self.previous}
        return row_form(self.kind)(data, files, prefix=self.prefix, initial=_initial(self), **extra)


class Counted:
    """What the page counts of some rows: 已填 x / 共 y."""

    rows: list

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def filled(self) -> int:
        return sum(row.filled for row in self.rows)


@dataclass
class Part(Counted):
    """Rows of one kind in a plan group, with what the page counts of them."""

    kind: RecordKind
    rows: list

    @property
    def complete(self) -> bool:
        return self.filled == self.total

    @property
    def needs_attention(self) -> bool:
        """Shown open: something is missing, returned, refused or unusual."""
        return any(not row.filled or row.state == "returned" or row.refused for row in self.rows)


@dataclass
class PlanGroup(Counted):
    """A plan's rows, a part per kind of record (in `KINDS` order)."""

    plan: object
    by_kind: dict[RecordKind, list] = field(default_factory=lambda: {kind: [] for kind in KINDS})

    @property
    def rows(self):
        return [row for rows in self.by_kind.values() for row in rows]

    @property
    def parts(self) -> list[Part]:
        return [Part(kind, rows) for kind, rows in self.by_kind.items() if rows]


@dataclass
class Summary(Counted):
    """The page's counts and lists: 已填 x / 共 y, the rows still missing, the returned ones."""

    rows: list

    @property
    def missing(self) -> list:
        """Rows the user could fill and has not."""
        return [row for row in self.rows if row.form is not None and not row.filled]

    @property
    def returned(self) -> list:
        return [row for row in self.rows if row.record is not None and row.record.state == "returned"]

    @property
    def dropped_uploads(self) -> list:
        """Rows whose chosen file was not saved with the refused page (`Row.upload_dropped`)."""
        return [row for row in self.rows if row.upload_dropped]

    @property
    def first_missing(self):
        return next(iter(self.missing), None)


def summary(groups) -> Summary:
    return Summary([row for group in groups for row in group.rows])


def apply_filter(groups, show: str | None) -> str:
    """Mark the rows the filter `show` leaves out (rows with an error always show); the filter used."""
    states = FILTERS.get(show or "")
    for group in groups:
        for row in group.rows:
            row.hidden = bool(states) and row.state not in states and not row.refused
    return show if states else ""


def _initial(row) -> dict:
    record = row.record
    if record is None:
        return {"version": 0}
    initial = {name: getattr(record, name) for name in record.INPUT_FIELDS}
    if row.kind.figures:
        initial["value"] = shown(record.value, indicator_places(row.subject))
    return {**initial, "version": record.version}


def _subjects(kind, user, year):
    """The user's subjects of a kind, of a plan covering `year`, in page order."""
    subjects = kind.subject_model.objects.for_reporter(user).in_year(year).for_entry()
    # A figure's row shows the target in force (`Row.target`), which reads the revisions.
    return subjects.prefetch_related("revisions") if kind.figures else subjects


def entry_rows(*, user, year: int, data=None, files=None) -> list[PlanGroup]:
    """The page's rows grouped by plan; editable rows get a form (bound when `data` is given)."""
    sources = [(kind, list(_subjects(kind, user, year))) for kind in KINDS]
    records = {}
    for kind, subjects in sources:
        model = kind.model
        found = model.objects.filter(
            **{f"{model.SUBJECT_FIELD}__in": [s.pk for s in subjects]}, year__in=[year - 1, year]
        )
        for record in found:
            records[(model, getattr(record, f"{model.SUBJECT_FIELD}_id"), record.year)] = record
    evidence = evidence_for_records([r for (_m, _s, y), r in records.items() if y == year])

    groups: dict[int, PlanGroup] = {}
    for kind, subjects in sources:
        model = kind.model
        for subject in subjects:
            record = records.get((model, subject.pk, year))
            if record is not None:
                setattr(record, model.SUBJECT_FIELD, subject)  # the permission checks read it
            editable = permissions.can_edit(user, record) if record else permissions.can_enter(user, subject)
            row = Row(
                kind=kind,
                year=year,
                subject=subject,
                record=record,
                previous=records.get((model, subject.pk, year - 1)),
                editable=editable,
            )
            if record is not None:
                row.evidence = evidence.get((kind.key, record.pk), [])
            if editable:
                row.form = row.make_form(data, files)
            plan = subject.plan
            groups.setdefault(plan.pk, PlanGroup(plan=plan))
            groups[plan.pk].by_kind[kind].append(row)
    ordered = list(groups.values())
    for number, row in enumerate((row for group in ordered for row in group.rows), start=1):
        row.number = number
    return ordered


class EntryRefused(Exception):
    """The page cannot be saved as posted; the rows carry the errors."""


class MissingRows(EntryRefused):
    """Submit was asked with rows still empty and without `confirm_missing`: nothing saved yet; the
    page lists the rows and asks again."""

    def __init__(self, rows):
        super().__init__()
        self.rows = rows


def _posted_prefixes(data) -> set[str]:
    """The prefixes of the rows `data` holds inputs for (value1, task7, …)."""
    return {match.group(1) + match.group(2) for key in data if (match := ROW_PREFIX.match(key))}


def versions_field(groups) -> str:
    """The page's one field of row versions: `prefix:version` for each editable row with a record, a
    row without one being sent as 0 ("no record expected"). One field instead of a hidden input a row
    (6 KB at 124 rows); `with_row_versions` reads it back."""
    versions = (
        f"{row.prefix}:{version}"
        for group in groups
        for row in group.rows
        if row.form is not None and (version := row.form["version"].value()) not in (None, "", 0, "0")
    )
    return " ".join(versions)


def with_row_versions(data):
    """`data` with each posted row's `<prefix>-version` read from the page's `versions` field; a row
    posted without a version there gets 0. Data without the field (a client naming each row's version)
    is returned as it is."""
    if VERSIONS_FIELD not in data:
        return data
    listed = dict(item.partition(":")[::2] for item in data[VERSIONS_FIELD].split())
    posted = _posted_prefixes(data)
    data = data.copy()
    for prefix in posted:
        data.setdefault(f"{prefix}-version", listed.get(prefix, "0"))
    return data


def _posted_version(row, data):
    return int_param(data, f"{row.prefix}-version", default=0)


def _shown(record) -> str:
    if record.kind.figures and record.value is not None:
        return shown(record.value, indicator_places(record.indicator))
    return record.get_status_display()


def _conflict_message(row, data) -> str:
    message = _("Someone else changed this record meanwhile; your input is kept below.")
    if row.record is not None:
        message += " " + _("Saved now: %(value)s (%(state)s, by %(user)s). Save again to replace it.") % {
            "value": _shown(row.record),
            "state": row.record.get_state_display(),
            "user": row.record.reported_by or "—",
        }
    if not row.editable:
        typed = data.get(f"{row.prefix}-value") or data.get(f"{row.prefix}-status") or ""
        if typed:
            message += " " + _("Your input: %(value)s") % {"value": typed}
    return message


def _mark_conflict(row, data):
    """Show the row's conflict and let a second save replace what is there now, input kept."""
    if row.record is not None and not row.record.is_editable:
        row.editable, row.form = False, None
    row.conflict = _conflict_message(row, data)
    if row.form is not None:
        fresh = data.copy()
        fresh[f"{row.prefix}-version"] = str(row.record.version if row.record else 0)
        row.form = row.make_form(fresh, row.form.files)
        row.form.is_valid()


def check_posted_rows(*, groups, data):
    """A POST naming a row the user cannot see on the page (another unit's indicator) is refused."""
    known = {row.prefix for group in groups for row in group.rows}
    posted = _posted_prefixes(data)
    if posted - known:
        raise PermissionDenied(_("You may not report these records."))


def _notes_check(rows) -> bool:
    """Before a submit: a warned figure needs its note; the error is on the row. True when all have it."""
    valid = True
    for row in rows:
        if row.form is not None and row.note_missing:
            row.form.add_error(
                "note",
                _("Explain the figure in the note before submitting (see the warning beside it)."),
            )
            valid = False
    return valid


def _validate(rows, data):
    """Errors on the rows; True when every row may be saved."""
    valid = True
    for row in rows:
        posted = f"{row.prefix}-version" in data
        current = row.record.version if row.record else 0
        if posted and _posted_version(row, data) != current:
            _mark_conflict(row, data)
            valid = False
        elif row.form is None:
            if posted:
                raise PermissionDenied(_("This record is locked."))
        elif not row.form.is_valid():  # a file alone is refused here too: the row's figure is required
            valid = False
    return valid


def _to_write(row):
    """The services' row for a page row: what the page shows for it, as typed."""
    form, record = row.form, row.record
    data = form.cleaned_data if form.has_input() else {}
    if not data and record is None:
        return None
    if not data:  # an existing record left empty: kept as it is (and submitted with the page)
        data = {name: getattr(record, name) for name in record.INPUT_FIELDS}
    return row.kind.row_type(
        row.subject,
        row.year,
        value=data.get("value"),
        status=data.get("status", ""),
        # The page edits a task's narrative; a note set in the admin or the API stays.
        note=data.get("note", record.note if record else ""),
        narrative=data.get("narrative", ""),
        version=data.get("version") or 0,
    )


def _refresh_conflicts(rows, data, model):
    """After a concurrent create: show each row of `model` whose record now differs from the page."""
    current = model.objects.filter(
        **{f"{model.SUBJECT_FIELD}__in": [row.subject.pk for row in rows]}, year=rows[0].year
    )
    by_subject = {getattr(record, f"{model.SUBJECT_FIELD}_id"): record for record in current}
    for row in rows:
        record = by_subject.get(row.subject.pk)
        if (record.version if record else 0) != (row.record.version if row.record else 0):
            row.record = record
            _mark_conflict(row, data)


def _save_kind(*, user, rows, submit: bool, only_returned: bool = False) -> tuple[set[str], int]:
    """Save the rows of one kind in bulk (and submit them: `only_returned`, those a reviewer sent back);
    the prefixes of the records touched and the number submitted.

    Every row with a record or input goes to the service: rows equal to their record are UNCHANGED
    and written nowhere, but come back locked and current, so the submission reads nothing again.
    """
    writes = {row.subject.pk: w for row in rows if (w := _to_write(row)) is not None}
    changes = services.records_save_many(
        user=user, rows=list(writes.values()), skip_unchanged=True, savepoint=False
    )
    by_subject = {change.row.subject.pk: change for change in changes}
    touched, ready = set(), []
    for row in rows:
        change = by_subject.get(row.subject.pk)
        if change is None or change.record is None:
            continue
        row.record = change.record
        setattr(row.record, row.model.SUBJECT_FIELD, row.subject)  # the permission checks read it
        if change.outcome in services.WRITTEN:
            touched.add(row.prefix)
        if upload := row.form.cleaned_data.get("evidence"):
            evidence_attach(user=user, record=row.record, upload=upload)
            touched.add(row.prefix)
        if change.outcome != services.EMPTY or row.record.pk:
            ready.append(row)
    if not submit:
        return touched, 0
    if only_returned:  # a returned record stays returned when edited; new rows and drafts wait
        ready = [row for row in ready if row.record.state == ReviewState.RETURNED]
    services.records_transition(
        user=user, records=[row.record for row in ready], action="submit", current=True, savepoint=False
    )
    touched.update(row.prefix for row in ready)
    return touched, len(ready)


def _show_refusal(rows, refused, data):
    """Put each refused row's reason on the row: rows are keyed by kind and subject, as an indicator,
    a task and a project may share an id."""
    by_subject = {(row.kind, row.subject.pk): row for row in rows}
    for change in refused.changes:
        row = by_subject.get((change.row.kind, change.row.subject.pk))
        if row is None or not change.error:
            continue
        if change.error in ("conflict", "locked"):
            row.record = change.record
            _mark_conflict(row, data)
        else:
            row.form.add_error(None, services.refusal_of(change))


@dataclass(frozen=True)
class Saved:
    touched: int  # records written, given evidence or submitted
    submitted: int


def entry_save(
    *, user, groups, data, submit: bool, confirm_missing: bool = False, only_returned: bool = False
) -> Saved:
    """Validate every row, then save (and submit) them in one transaction: one bulk write per kind of
    record. `only_returned`: submit only the records a reviewer returned (the rest is saved as drafts),
    so resubmitting a correction does not hand in other drafts unasked.

    Raises EntryRefused with errors on the rows (nothing saved), MissingRows when submitting every
    row leaves rows empty without `confirm_missing`, PermissionDenied for rows not the user's.
    """
    check_posted_rows(groups=groups, data=data)
    rows = [row for group in groups for row in group.rows]
    if not _validate(rows, data):
        raise EntryRefused
    submitted = [r for r in rows if r.state == ReviewState.RETURNED] if only_returned else rows
    if submit and not _notes_check(submitted):
        raise EntryRefused
    if submit and not only_returned and not confirm_missing and (missing := summary(groups).missing):
        raise MissingRows(missing)
    editable = [row for row in rows if row.form is not None]
    touched, count, kind = set(), 0, None
    try:
        with transaction.atomic():
            for kind in KINDS:
                of_kind = [row for row in editable if row.kind is kind]
                if of_kind:
                    written, sent = _save_kind(
                        user=user, rows=of_kind, submit=submit, only_returned=only_returned
                    )
                    touched |= written
                    count += sent
    except services.ConflictError:
        _refresh_conflicts([row for row in editable if row.kind is kind], data, kind.model)
        raise EntryRefused from None
    except services.RecordsRefused as refused:
        _show_refusal(editable, refused, data)
        raise EntryRefused from None
    return Saved(len(touched), count)
