"""The 填报 page's work: a reporter's indicators, tasks and key projects for one year, read in a fixed
number of queries, and saved all together or not at all through the services.

Every row carries the record's version as the page showed it; a row somebody else changed since
is refused with its typed input kept, and nothing of the page is saved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import permissions, selectors, services
from .evidence import evidence_attach, evidence_for_records
from .forms import ProgressRowForm, ValueRowForm
from .models import IndicatorValue, ProjectProgress, TaskProgress
from .records import projects_for_entry
from .reports import target_in_force

ROW_PREFIX = re.compile(r"^([itp])(\d+)-")
EVIDENCE_FIELD = {"i": "value", "t": "task_progress", "p": "project_progress"}
SUBJECT_FIELD = {"i": "indicator", "t": "task", "p": "project"}


@dataclass
class Row:
    kind: str  # "i" indicator value, "t" task progress, "p" project progress
    year: int
    subject: object
    plan: object
    record: object | None
    previous: object | None
    editable: bool
    evidence: list = field(default_factory=list)
    form: object | None = None
    conflict: str = ""

    @property
    def prefix(self) -> str:
        return f"{self.kind}{self.subject.pk}"

    @property
    def units(self) -> str:
        return "、".join(unit.name for unit in self.subject.units.all())

    @property
    def target(self) -> str:
        return target_in_force(self.subject, self.year) if self.kind == "i" else ""

    @property
    def revised(self) -> bool:
        return self.kind == "i" and self.target != self.subject.target_text


@dataclass
class PlanGroup:
    plan: object
    indicators: list = field(default_factory=list)
    tasks: list = field(default_factory=list)
    projects: list = field(default_factory=list)

    @property
    def rows(self):
        return [*self.indicators, *self.tasks, *self.projects]


def _by_subject(records, attribute, year):
    current, previous = {}, {}
    for record in records:
        (current if record.year == year else previous)[getattr(record, attribute)] = record
    return current, previous


def _initial(row) -> dict:
    record = row.record
    if record is None:
        return {"version": 0}
    if row.kind == "i":
        return {
            "value": "" if record.value is None else f"{record.value.normalize():f}",
            "status": record.status,
            "note": record.note,
            "version": record.version,
        }
    return {"status": record.status, "narrative": record.narrative, "version": record.version}


def entry_rows(*, user, year: int, data=None, files=None) -> list[PlanGroup]:
    """The page's rows grouped by plan; editable rows get a form (bound when `data` is given)."""
    years = [year - 1, year]
    indicators = list(selectors.indicators_for_entry(user).prefetch_related("revisions"))
    tasks = list(selectors.tasks_for_entry(user))
    projects = list(projects_for_entry(user))
    values = _by_subject(
        IndicatorValue.objects.filter(indicator__in=[i.pk for i in indicators], year__in=years),
        "indicator_id",
        year,
    )
    task_records = _by_subject(
        TaskProgress.objects.filter(task__in=[t.pk for t in tasks], year__in=years), "task_id", year
    )
    project_records = _by_subject(
        ProjectProgress.objects.filter(project__in=[p.pk for p in projects], year__in=years),
        "project_id",
        year,
    )
    current = [*values[0].values(), *task_records[0].values(), *project_records[0].values()]
    evidence = evidence_for_records(current)

    groups: dict[int, PlanGroup] = {}
    sources = (
        ("i", indicators, values, lambda s: s.plan, "indicators"),
        ("t", tasks, task_records, lambda s: s.section.chapter.plan, "tasks"),
        ("p", projects, project_records, lambda s: s.box.plan, "projects"),
    )
    for kind, subjects, (this_year, last_year), plan_of, part in sources:
        for subject in subjects:
            record = this_year.get(subject.pk)
            if record is not None:
                setattr(record, SUBJECT_FIELD[kind], subject)  # the permission checks read it
            editable = (
                permissions.can_edit(user, record) if record else permissions.can_enter(user, subject, year)
            )
            row = Row(
                kind=kind,
                year=year,
                subject=subject,
                plan=plan_of(subject),
                record=record,
                previous=last_year.get(subject.pk),
                editable=editable,
            )
            if record is not None:
                row.evidence = evidence.get((EVIDENCE_FIELD[kind], record.pk), [])
            if editable:
                form_class = ValueRowForm if kind == "i" else ProgressRowForm
                extra = {"indicator": subject} if kind == "i" else {}
                row.form = form_class(data, files, prefix=row.prefix, initial=_initial(row), **extra)
            plan = row.plan
            groups.setdefault(plan.pk, PlanGroup(plan=plan))
            getattr(groups[plan.pk], part).append(row)
    return list(groups.values())


class EntryRefused(Exception):
    """The page cannot be saved as posted; the rows carry the errors."""


def _posted_version(row, data):
    raw = data.get(f"{row.prefix}-version")
    return int(raw) if raw not in (None, "") and str(raw).isdigit() else 0


def _conflict_message(row, data) -> str:
    message = _("Someone else changed this record meanwhile; your input is kept below.")
    if row.record is not None:
        shown = (
            f"{row.record.value.normalize():f}"
            if row.kind == "i" and row.record.value is not None
            else row.record.get_status_display()
        )
        message += " " + _("Saved now: %(value)s (%(state)s, by %(user)s). Save again to replace it.") % {
            "value": shown,
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
    if row.record is not None and row.record.state not in permissions.EDITABLE_STATES:
        row.editable, row.form = False, None
    row.conflict = _conflict_message(row, data)
    if row.form is not None:
        fresh = data.copy()
        fresh[f"{row.prefix}-version"] = str(row.record.version if row.record else 0)
        row.form = type(row.form)(
            fresh,
            row.form.files,
            prefix=row.prefix,
            initial=row.form.initial,
            **({"indicator": row.subject} if row.kind == "i" else {}),
        )
        row.form.is_valid()


def check_posted_rows(*, groups, data):
    """A POST naming a row the user cannot see on the page (another unit's indicator) is refused."""
    known = {row.prefix for group in groups for row in group.rows}
    posted = {match.group(1) + match.group(2) for key in data if (match := ROW_PREFIX.match(key))}
    if posted - known:
        raise PermissionDenied(_("You may not report these records."))


def _save_row(row, *, user):
    """Save the row's input if it changed, attach its file; (the record or None, whether it changed)."""
    data = row.form.cleaned_data
    version = data.get("version") or 0
    record = row.record
    changed = row.form.has_input() and row.form.differs_from(record)
    if changed and row.kind == "i":
        record = services.value_save(
            user=user,
            indicator=row.subject,
            year=row.year,
            value=data.get("value"),
            status=data.get("status", ""),
            note=data["note"],
            version=version,
        )
    elif changed and row.kind == "t":
        record = services.task_progress_save(
            user=user,
            task=row.subject,
            year=row.year,
            status=data["status"],
            narrative=data["narrative"],
            note=record.note if record else "",  # the page edits the narrative; a note from the admin stays
            version=version,
        )
    elif changed:
        record = services.project_progress_save(
            user=user,
            project=row.subject,
            year=row.year,
            status=data["status"],
            narrative=data["narrative"],
            note=record.note if record else "",
            version=version,
        )
    if data.get("evidence") and record is not None:
        evidence_attach(user=user, record=record, upload=data["evidence"])
        changed = True
    return record, changed


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


def entry_save(*, user, groups, data, submit: bool) -> int:
    """Validate every row, then save (and submit) them in one transaction; the number of records touched.

    Raises EntryRefused with errors on the rows (nothing saved), PermissionDenied for rows not the user's.
    """
    check_posted_rows(groups=groups, data=data)
    rows = [row for group in groups for row in group.rows]
    if not _validate(rows, data):
        raise EntryRefused
    touched = 0
    row = None
    try:
        with transaction.atomic():
            for row in rows:
                if row.form is None or (row.record is None and not row.form.has_input()):
                    continue
                record, changed = _save_row(row, user=user)
                if submit and record is not None:
                    services.record_submit(user=user, record=record, version=record.version)
                    changed = True
                touched += changed
    except services.ConflictError:
        row.record = (
            _model(row).objects.filter(**{SUBJECT_FIELD[row.kind]: row.subject, "year": row.year}).first()
        )
        _mark_conflict(row, data)
        raise EntryRefused from None
    except ValidationError as error:
        row.form.add_error(None, error)
        raise EntryRefused from None
    return touched


def _model(row):
    return {"i": IndicatorValue, "t": TaskProgress, "p": ProjectProgress}[row.kind]
