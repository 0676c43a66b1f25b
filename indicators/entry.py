"""The 填报 page's work: a reporter's indicators, tasks and key projects for one year, read in a fixed
number of queries, and saved all together or not at all through the bulk services.

Every row carries the record's version as the page showed it; a row somebody else changed since
is refused with its typed input kept, and nothing of the page is saved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from operations.params import int_param
from plans.models import KeyProject, Task

from . import permissions, services
from .evidence import evidence_attach, evidence_for_records
from .forms import ProgressRowForm, ValueRowForm
from .models import RECORD_KINDS, Indicator, IndicatorValue, ProjectProgress, TaskProgress
from .selectors import target_in_force

ROW_PREFIX = re.compile(rf"^({'|'.join(RECORD_KINDS)})(\d+)-")
FORMS = {IndicatorValue: ValueRowForm, TaskProgress: ProgressRowForm, ProjectProgress: ProgressRowForm}


@dataclass
class Row:
    model: type  # the kind of record: IndicatorValue, TaskProgress or ProjectProgress
    year: int
    subject: object
    record: object | None
    previous: object | None
    editable: bool
    evidence: list = field(default_factory=list)
    form: object | None = None
    conflict: str = ""

    @property
    def kind(self) -> str:
        return self.model.KIND

    @property
    def prefix(self) -> str:
        return f"{self.kind}{self.subject.pk}"

    @property
    def plan(self):
        return self.subject.plan

    @property
    def units(self) -> str:
        return "、".join(unit.name for unit in self.subject.units.all())

    @property
    def target(self) -> str:
        return target_in_force(self.subject, self.year) if self.model is IndicatorValue else ""

    @property
    def revised(self) -> bool:
        return self.model is IndicatorValue and self.target != self.subject.target_text

    def make_form(self, data=None, files=None):
        extra = {"subject": self.subject, "year": self.year}
        return FORMS[self.model](data, files, prefix=self.prefix, initial=_initial(self), **extra)


@dataclass
class PlanGroup:
    plan: object
    indicators: list = field(default_factory=list)
    tasks: list = field(default_factory=list)
    projects: list = field(default_factory=list)

    @property
    def rows(self):
        return [*self.indicators, *self.tasks, *self.projects]


def _initial(row) -> dict:
    record = row.record
    if record is None:
        return {"version": 0}
    initial = {name: getattr(record, name) for name in record.INPUT_FIELDS}
    if row.model is IndicatorValue:
        initial["value"] = "" if record.value is None else f"{record.value.normalize():f}"
    return {**initial, "version": record.version}


def _sources(user, year):
    """(record model, the user's subjects of a plan covering `year`, the page's part) in page order."""
    return (
        (
            IndicatorValue,
            Indicator.objects.for_reporter(user).in_year(year).for_entry().prefetch_related("revisions"),
            "indicators",
        ),
        (TaskProgress, Task.objects.for_reporter(user).in_year(year).for_entry(), "tasks"),
        (ProjectProgress, KeyProject.objects.for_reporter(user).in_year(year).for_entry(), "projects"),
    )


def entry_rows(*, user, year: int, data=None, files=None) -> list[PlanGroup]:
    """The page's rows grouped by plan; editable rows get a form (bound when `data` is given)."""
    sources = [(model, list(subjects), part) for model, subjects, part in _sources(user, year)]
    records = {}
    for model, subjects, _part in sources:
        found = model.objects.filter(
            **{f"{model.SUBJECT_FIELD}__in": [s.pk for s in subjects]}, year__in=[year - 1, year]
        )
        for record in found:
            records[(model, getattr(record, f"{model.SUBJECT_FIELD}_id"), record.year)] = record
    evidence = evidence_for_records([r for (_m, _s, y), r in records.items() if y == year])

    groups: dict[int, PlanGroup] = {}
    for model, subjects, part in sources:
        for subject in subjects:
            record = records.get((model, subject.pk, year))
            if record is not None:
                setattr(record, model.SUBJECT_FIELD, subject)  # the permission checks read it
            editable = permissions.can_edit(user, record) if record else permissions.can_enter(user, subject)
            row = Row(
                model=model,
                year=year,
                subject=subject,
                record=record,
                previous=records.get((model, subject.pk, year - 1)),
                editable=editable,
            )
            if record is not None:
                row.evidence = evidence.get((model.KIND, record.pk), [])
            if editable:
                row.form = row.make_form(data, files)
            plan = subject.plan
            groups.setdefault(plan.pk, PlanGroup(plan=plan))
            getattr(groups[plan.pk], part).append(row)
    return list(groups.values())


class EntryRefused(Exception):
    """The page cannot be saved as posted; the rows carry the errors."""


def _posted_version(row, data):
    return int_param(data, f"{row.prefix}-version", default=0)


def _shown(record) -> str:
    if record.INPUT_FIELDS[0] == "value" and record.value is not None:
        return f"{record.value.normalize():f}"
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
    posted = {match.group(1) + match.group(2) for key in data if (match := ROW_PREFIX.match(key))}
    if posted - known:
        raise PermissionDenied(_("You may not report these records."))


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
    return services.ROW_TYPES[row.model](
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


def _save_kind(*, user, rows, submit: bool) -> set[str]:
    """Save the rows of one kind in bulk (and submit them); the prefixes of the records touched.

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
        if change.kind in services.KINDS_WRITTEN:
            touched.add(row.prefix)
        if upload := row.form.cleaned_data.get("evidence"):
            evidence_attach(user=user, record=row.record, upload=upload)
            touched.add(row.prefix)
        if change.kind != services.EMPTY or row.record.pk:
            ready.append(row)
    if submit:
        services.records_transition(
            user=user, records=[row.record for row in ready], action="submit", current=True, savepoint=False
        )
        touched.update(row.prefix for row in ready)
    return touched


def _show_refusal(rows, refused, data):
    """Put each refused row's reason on the row."""
    by_subject = {row.subject.pk: row for row in rows}
    for change in refused.changes:
        row = by_subject.get(change.row.subject.pk)
        if row is None or not change.error:
            continue
        if change.error in ("conflict", "locked"):
            row.record = change.record
            _mark_conflict(row, data)
        else:
            row.form.add_error(None, services.refusal_of(change))


def entry_save(*, user, groups, data, submit: bool) -> int:
    """Validate every row, then save (and submit) them in one transaction: one bulk write per kind of
    record; the number of records touched.

    Raises EntryRefused with errors on the rows (nothing saved), PermissionDenied for rows not the user's.
    """
    check_posted_rows(groups=groups, data=data)
    rows = [row for group in groups for row in group.rows]
    if not _validate(rows, data):
        raise EntryRefused
    editable = [row for row in rows if row.form is not None]
    touched, model = set(), None
    try:
        with transaction.atomic():
            for model in FORMS:
                of_kind = [row for row in editable if row.model is model]
                if of_kind:
                    touched |= _save_kind(user=user, rows=of_kind, submit=submit)
    except services.ConflictError:
        _refresh_conflicts([row for row in editable if row.model is model], data, model)
        raise EntryRefused from None
    except services.RecordsRefused as refused:
        _show_refusal(editable, refused, data)
        raise EntryRefused from None
    return len(touched)
