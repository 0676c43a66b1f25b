"""Writing an imported plan outline into the database, in one transaction, idempotently."""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import DecimalField, F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import Jurisdiction, ResponsibleUnit
from importer.diff import REMOVED, PlanDiff, outline_diff, pair_indicators, pair_tasks
from importer.selectors import plan_outline, plan_recorded
from importer.units import responsibilities_move, units_merge
from indicators.attainment import parse_number
from indicators.keys import indicator_key
from indicators.models import Indicator
from plans.importing import PlanOutline, parse_plan
from plans.importing import outline as parsed
from plans.importing.documents import read_document
from plans.importing.responsibility import jurisdiction_prefixes, unit_name_merges
from plans.importing.text import normalise_unit_name
from plans.models import Box, Chapter, KeyProject, Plan, Section, Task, TaskResponsibility, TextTarget

# The province is above every plan here but publishes none of them.
PROVINCE_NAME = "吉林省"
ECOLOGY_UNIT_MARK = "生态环境"


@dataclass
class ImportReport:
    plan: Plan | None
    counts: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    created: bool = False
    diff: PlanDiff | None = None  # from the plan as it was, when the import revised one

    def lines(self):
        from django.utils.translation import gettext as _

        yield _("Plan: %(title)s") % {"title": self.plan.title if self.plan else "—"}
        for kind, count in self.counts.items():
            yield f"  {kind}: {count}"
        if self.diff is not None:
            yield _("Changes to the plan: %(added)d added, %(changed)d changed, %(removed)d removed") % {
                "added": len(self.diff.added),
                "changed": len(self.diff.changed),
                "removed": len(self.diff.removed),
            }
        yield _("Warnings: %(count)d") % {"count": len(self.warnings)}
        for warning in self.warnings:
            yield f"  - {warning}"


class DryRunRollback(Exception):
    """Raised inside the transaction to undo a dry run after counting everything."""


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def plan_import_file(*, path: Path, **options) -> ImportReport:
    """Read, parse and load one plan document (`options` as for `plan_import_outline`). Raises
    PlanParseError on a file that is no plan, PlanImportRefused on an import that needs a confirmation."""
    data = Path(path).read_bytes()
    return plan_import_outline(
        outline=parse_plan(read_document(Path(path).name, data)),
        source_file=Path(path).name,
        source_sha256=file_sha256(data),
        **options,
    )


class PlanImportRefused(Exception):
    """An import that would remove or create something nobody confirmed; nothing was written. The
    message is Chinese, for the person importing; `check` says what the import would do."""

    def __init__(self, message: str, check: ImportCheck):
        self.message = message
        self.check = check
        super().__init__(message)


@dataclass
class ImportCheck:
    """What importing an outline would do, read before anything is written: the plan it revises (none for
    a new plan, e.g. a 十五五 plan beside the jurisdiction's 十四五 plan), the difference from that plan,
    and the jurisdictions it would create, as (name, parent name)."""

    outline: PlanOutline
    plan: Plan | None
    diff: PlanDiff | None
    new_jurisdictions: list[tuple[str, str]]
    title_taken_by: Plan | None = None

    def refusal(self, *, confirm_removals=False, replace=False, create_jurisdiction=False) -> str | None:
        """Why the import may not go ahead with these confirmations (a Chinese message), or None."""
        if self.title_taken_by:
            other = self.title_taken_by
            return (
                f"{other.jurisdiction.name}已有同名规划“{other.title}”（{other.start_year}—{other.end_year}年），"
                f"与本文件的规划期{_period(self.outline)}不同：请核对文件的标题和规划期"
            )
        if self.new_jurisdictions and not create_jurisdiction:
            named = "、".join(f"{name}（上级：{parent}）" for name, parent in self.new_jurisdictions)
            return (
                f"文件所属的行政区不在系统中：{named}。确需新建时请勾选“创建新的行政区”"
                "（命令行：--create-jurisdiction）"
            )
        if self.diff is None or replace:
            return None
        if self.diff.is_replacement:
            return (
                f"导入将删除该规划结构（章、节、任务、指标、重点工程）的{self.diff.removed_share:.0%}"
                f"（{self.diff.structure_removed}/{self.diff.structure_total}项），超过四分之一，"
                "可能是文件不完整或选错了文件；如确要以本文件替换整个规划，请选择“替换”（命令行：--replace）"
            )
        unconfirmed = self.unconfirmed(confirm_removals)
        removals = [c for c in unconfirmed if c.action == REMOVED]
        renamings = [c for c in unconfirmed if c.action != REMOVED]
        refusals = []
        if removals:
            refusals.append(
                f"导入将删除以下{len(removals)}项，须逐项确认（命令行：--confirm-removals）：\n"
                + _listed(removals, removal_label)
            )
        if renamings:
            refusals.append(
                f"导入将改变以下{len(renamings)}项已有填报数据的指标的名称或单位，须逐项确认是同一指标"
                "（数据随指标保留；命令行：--confirm-removals）：\n" + _listed(renamings, renaming_label)
            )
        return "\n".join(refusals) or None

    def unconfirmed(self, confirm_removals) -> list:
        """The removals and changes of identity (`diff.Change.to_confirm`) not confirmed: True confirms
        all, otherwise the diff keys given."""
        if self.diff is None or confirm_removals is True:
            return []
        confirmed = set(confirm_removals or ())
        return [c for c in self.diff.confirmations if c.key not in confirmed]


def _listed(changes, label) -> str:
    listed = [f"- {label(c)}" for c in changes[:REFUSAL_LIST_LIMIT]]
    if len(changes) > REFUSAL_LIST_LIMIT:
        listed.append(f"……另有{len(changes) - REFUSAL_LIST_LIMIT}项")
    return "\n".join(listed)


REFUSAL_LIST_LIMIT = 30
KIND_NAMES = {
    "plan": "规划", "chapter": "章", "section": "节", "task": "任务", "unit": "责任单位",
    "box": "专栏", "indicator": "指标", "goal": "文中目标", "project": "重点工程",
}  # fmt: skip


def removal_label(change) -> str:
    kept = "（已有填报数据：该条目及其数据保留，不再属于规划文本）" if change.recorded else ""
    return f"{KIND_NAMES[change.kind]} {change.label}{kept}"


def renaming_label(change) -> str:
    was = "、".join(f"{f.old or '—'}→{f.new or '—'}" for f in change.fields if f.name in ("name", "unit"))
    return f"{KIND_NAMES[change.kind]} {change.label}（{was}）"


def _period(outline: PlanOutline) -> str:
    start, end = outline.plan.period
    return f"{start}—{end}年"


def plan_import_check(*, outline: PlanOutline) -> ImportCheck:
    """What importing `outline` would do (see ImportCheck); reads only."""
    info = outline.plan
    start, end = info.period
    new_jurisdictions = []
    jurisdiction = Jurisdiction.objects.filter(name=info.jurisdiction).first()
    if jurisdiction is None:
        parent = info.parent_jurisdiction or PROVINCE_NAME
        if info.parent_jurisdiction and not Jurisdiction.objects.filter(name=parent).exists():
            new_jurisdictions.append((parent, PROVINCE_NAME))
        new_jurisdictions.append((info.jurisdiction, parent))
    plan = (
        Plan.objects.filter(jurisdiction=jurisdiction, start_year=start, end_year=end).first()
        if jurisdiction
        else None
    )
    taken = (
        Plan.objects.filter(jurisdiction=jurisdiction, title=info.title)
        .exclude(pk=getattr(plan, "pk", None))
        .first()
        if jurisdiction
        else None
    )
    plan_diff = None
    if plan is not None:
        plan_diff = outline_diff(plan_outline(plan=plan), outline, plan_recorded(plan=plan))
    return ImportCheck(
        outline=outline, plan=plan, diff=plan_diff, new_jurisdictions=new_jurisdictions, title_taken_by=taken
    )


def plan_import_outline(
    *,
    outline: PlanOutline,
    source_file: str,
    source_sha256: str,
    dry_run: bool = False,
    confirm_removals: bool | Iterable[str] = False,
    replace: bool = False,
    create_jurisdiction: bool = False,
) -> ImportReport:
    """Write one plan: a new one, or the revision of the jurisdiction's plan of the same period.

    Refused (PlanImportRefused, nothing written) when it would remove parts not confirmed
    (`confirm_removals`: True or the diff keys of the confirmed removals), remove more than a quarter
    of the plan's structure without `replace`, or create a jurisdiction without `create_jurisdiction`.
    Rows holding recorded yearly values are never deleted: removed from the document, they stay.
    """
    report = ImportReport(plan=None, warnings=list(outline.warnings))
    try:
        with transaction.atomic():
            check = plan_import_check(outline=outline)
            refusal = check.refusal(
                confirm_removals=confirm_removals, replace=replace, create_jurisdiction=create_jurisdiction
            )
            if refusal:
                raise PlanImportRefused(refusal, check)
            report.diff = check.diff
            report.plan, report.created = _write_outline(
                outline, check.plan, source_file, source_sha256, report.counts
            )
            if dry_run:
                raise DryRunRollback
    except DryRunRollback:
        pass
    return report


def _jurisdictions(info: parsed.PlanInfo) -> Jurisdiction:
    province, _ = Jurisdiction.objects.get_or_create(
        name=PROVINCE_NAME, defaults={"level": Jurisdiction.Level.PROVINCE}
    )
    parent = province
    if info.parent_jurisdiction:
        parent, _ = Jurisdiction.objects.get_or_create(
            name=info.parent_jurisdiction, defaults={"level": Jurisdiction.Level.CITY, "parent": province}
        )
    jurisdiction, created = Jurisdiction.objects.get_or_create(
        name=info.jurisdiction, defaults={"level": info.level, "parent": parent}
    )
    if not created and (jurisdiction.level != info.level or jurisdiction.parent_id != parent.pk):
        jurisdiction.level, jurisdiction.parent = info.level, parent
        jurisdiction.save(update_fields=["level", "parent"])
    return jurisdiction


def _issued_on(text: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text) if text and len(text) == 10 else None
    except ValueError:
        return None


def _write_plan(
    info: parsed.PlanInfo, jurisdiction, plan: Plan | None, source_file, source_sha256, warnings
) -> tuple[Plan, bool]:
    """`plan` is the jurisdiction's plan of the same period (ImportCheck.plan), revised in place."""
    start, end = info.period
    created = plan is None
    if created:
        plan = Plan(jurisdiction=jurisdiction)
    plan.title = info.title
    plan.issuer = info.issuer or ""
    plan.doc_number = info.doc_number or ""
    plan.issued_on = _issued_on(info.issued_date)
    plan.issued_date_text = info.issued_date or ""
    plan.start_year, plan.end_year, plan.baseline_year = start, end, info.baseline_year
    plan.source_file, plan.source_sha256 = source_file, source_sha256
    plan.warnings = warnings
    plan.imported_at = timezone.now()
    plan.save()
    _link_parent_plans(plan)
    return plan, created


def _link_parent_plans(plan: Plan):
    """Link the plan to its parent jurisdiction's plan of the same period and that period's plans of its
    children to it, whichever came first."""
    same_period = Plan.objects.filter(start_year=plan.start_year, end_year=plan.end_year)
    parent = same_period.filter(jurisdiction_id=plan.jurisdiction.parent_id).order_by("pk").first()
    if parent and plan.parent_id != parent.pk:
        plan.parent = parent
        plan.save(update_fields=["parent"])
    same_period.filter(jurisdiction__parent=plan.jurisdiction, parent__isnull=True).update(parent=plan)


def _units(plan: Plan, names) -> dict[str, ResponsibleUnit]:
    existing = {u.name: u for u in ResponsibleUnit.objects.filter(jurisdiction=plan.jurisdiction)}
    for alias_owner in list(existing.values()):
        for alias in alias_owner.aliases:
            existing.setdefault(alias, alias_owner)
    missing = [
        ResponsibleUnit(jurisdiction=plan.jurisdiction, name=n) for n in sorted(set(names) - set(existing))
    ]
    for unit in ResponsibleUnit.objects.bulk_create(missing):
        existing[unit.name] = unit
    return existing


def _retire_renamed_units(
    plan: Plan, info: parsed.PlanInfo, named: set[str], units: dict[str, ResponsibleUnit]
):
    """A unit an earlier import created under a name the importer now reads as another unit of the plan
    (生态环境分局 beside 区生态环境分局, 市发改委等部门): its responsibilities in this plan go to that unit
    (the document's tasks were rewritten already; this moves those kept for their recorded progress). It
    goes too, its name kept as an alias, unless something still hangs on it: another plan's tasks,
    indicators, key projects or users (an administrator merges those in the admin)."""
    earlier = ResponsibleUnit.objects.filter(jurisdiction=plan.jurisdiction).exclude(name__in=named)
    normalised = {unit.name: normalise_unit_name(unit.name) for unit in earlier}
    prefixes = jurisdiction_prefixes(info.level, info.jurisdiction)
    merges = unit_name_merges(named | set(normalised.values()), prefixes)
    for unit in earlier:
        name = merges.get(normalised[unit.name], normalised[unit.name])
        survivor = units.get(name) if name in named else None
        if survivor is None or survivor.pk == unit.pk:
            continue
        responsibilities_move(
            rows=TaskResponsibility.objects.filter(unit=unit, task__section__chapter__plan=plan),
            into=survivor,
        )
        in_use = (
            unit.responsibilities.exists()
            or unit.indicators.exists()
            or unit.projects.exists()
            or unit.users.exists()
        )
        if not in_use:
            units_merge(into=survivor, others=[unit])  # nothing left to move: keeps its name as an alias
            units.update({alias: survivor for alias, owner in units.items() if owner.pk == unit.pk})


def _stored(field, value):
    """`value` as the database gives it back (a decimal to its places), so that an unchanged row compares
    equal to what the document says."""
    if isinstance(field, DecimalField) and value is not None:
        return Decimal(value).quantize(Decimal(1).scaleb(-field.decimal_places))
    return value


def _differs(row, values: dict) -> bool:
    """Whether writing `values` (field name → value) would change the saved `row`."""
    field = row._meta.get_field
    return any(
        _stored(field(name), getattr(row, name)) != _stored(field(name), value)
        for name, value in values.items()
    )


def _upsert(model, saved: dict, rows: list[tuple], new) -> list:
    """The rows of `model` the document has, in its order: `rows` are (key, fields), `saved` the rows in the
    database by the same key. A saved row whose fields differ is updated and a missing one is made by
    `new(key)`, all in one bulk statement each; a key printed twice is one row, its last fields winning."""
    saved, created, changed, written = dict(saved), [], {}, []
    names = sorted({name for _, values in rows for name in values})
    for key, values in rows:
        row = saved.get(key)
        if row is None:
            row = saved[key] = new(key)
            created.append(row)
        if row.pk is None or _differs(row, values):
            for name, value in values.items():
                setattr(row, name, value)
            if row.pk is not None:
                changed[row.pk] = row
        written.append(row)
    model.objects.bulk_create(created)
    if changed:
        model.objects.bulk_update(list(changed.values()), names)
    return written


def _write_structure(plan: Plan, chapters: list[parsed.Chapter], units: dict, counts: Counter):
    """Chapters, sections and tasks in a fixed number of queries, whatever the plan's size."""
    chapter_rows = _upsert(
        Chapter,
        {chapter.number: chapter for chapter in plan.chapters.all()},
        [(c.number, {"title": c.title, "subtitle": c.subtitle or ""}) for c in chapters],
        lambda number: Chapter(plan=plan, number=number),
    )
    counts["chapters"] += len(chapters)
    printed = [
        (chapter, data) for chapter, c in zip(chapter_rows, chapters, strict=True) for data in c.sections
    ]
    section_rows = _upsert(
        Section,
        {(s.chapter_id, s.number): s for s in Section.objects.filter(chapter__plan=plan)},
        [((chapter.pk, data.number), {"title": data.title}) for chapter, data in printed],
        lambda key: Section(chapter_id=key[0], number=key[1]),
    )
    counts["sections"] += len(printed)
    wanted = defaultdict(list)  # a section printed twice holds the tasks of both
    for section, (_, data) in zip(section_rows, printed, strict=True):
        wanted[section.pk] += data.tasks
    saved = defaultdict(list)
    for task in Task.objects.filter(section__chapter__plan=plan).order_by("section_id", "order"):
        saved[task.section_id].append(task)
    written = _write_tasks(wanted, saved)
    counts["tasks"] += len(written)
    links, targets = [], []
    for task, task_data in written:
        links += [
            TaskResponsibility(task=task, unit=units[u.name], role=u.role, order=i)
            for i, u in enumerate(_distinct_units(task_data.units), start=1)
        ]
        targets += [
            TextTarget(
                task=task, order=i, statement=t.statement, metric=t.metric, value=t.value, unit=t.unit or ""
            )
            for i, t in enumerate(task_data.text_targets, start=1)
        ]
    # The document's tasks get their links to units and text targets rewritten whole (nothing else hangs
    # on them); a task kept for its recorded progress keeps its own.
    written_pks = [task.pk for task, _ in written]
    TaskResponsibility.objects.filter(task__in=written_pks).delete()
    TextTarget.objects.filter(task__in=written_pks).delete()
    # Stale parts only go when no progress is recorded under them.
    Section.objects.filter(chapter__plan=plan).exclude(pk__in=[s.pk for s in section_rows]).exclude(
        tasks__progress__isnull=False
    ).delete()
    plan.chapters.exclude(pk__in=[c.pk for c in chapter_rows]).exclude(
        sections__tasks__progress__isnull=False
    ).delete()
    TaskResponsibility.objects.bulk_create(links)
    TextTarget.objects.bulk_create(targets)
    counts["text targets"] = len(targets)


# Orders are moved out of the way by this much before they are set, so that no two tasks of a section
# share one in between (the unique constraint is checked row by row).
ORDER_SHIFT = 10000


def _write_tasks(wanted: dict[int, list[parsed.Task]], saved: dict[int, list[Task]]):
    """Each section's tasks as the document lists them (`wanted`, by section id), paired with the `saved`
    ones (in order) as `importer.diff.pair_tasks` pairs them; returns (task, its outline) in the document's
    order. A task the document no longer has goes, unless progress is recorded on it: then it stays, after
    the section's tasks of the document. One query per step for all sections."""
    written, created, changed, stale = [], [], [], []
    for section_id, tasks in wanted.items():
        existing = saved.get(section_id, [])
        paired = {}
        for i, j in pair_tasks([t.title for t in existing], [t.title for t in tasks]):
            if j is None:
                stale.append((existing[i], len(tasks)))
                continue
            data = tasks[j]
            if i is None:
                task = Task(section_id=section_id, order=j + 1, title=data.title, text=data.text)
                created.append(task)
            else:
                task = existing[i]
                if (task.title, task.text, task.order) != (data.title, data.text, j + 1):
                    task.title, task.text, task.order = data.title, data.text, j + 1
                    changed.append(task)
            paired[j] = (task, data)
        written += [paired[j] for j in range(len(tasks))]
    if stale:
        recorded = set(
            Task.objects.filter(pk__in=[t.pk for t, _ in stale], progress__isnull=False).values_list(
                "pk", flat=True
            )
        )
        Task.objects.filter(pk__in=[t.pk for t, _ in stale if t.pk not in recorded]).delete()
        after = {}  # the next free order of each section after the document's tasks
        for task, printed in stale:
            if task.pk in recorded:
                order = after[task.section_id] = after.get(task.section_id, printed) + 1
                if task.order != order:
                    task.order = order
                    changed.append(task)
    if changed:
        Task.objects.filter(pk__in=[t.pk for t in changed]).update(order=F("order") + ORDER_SHIFT)
        Task.objects.bulk_update(changed, ["title", "text", "order"])
    Task.objects.bulk_create(created)
    return written


def _distinct_units(unit_roles: list[parsed.UnitRole]) -> list[parsed.UnitRole]:
    """A unit named twice in one bracket keeps its first role."""
    seen, distinct = set(), []
    for item in unit_roles:
        if item.name not in seen:
            seen.add(item.name)
            distinct.append(item)
    return distinct


def _indicator_defaults(row: parsed.IndicatorRow, source: str, *, seq: int) -> dict:
    return {
        "seq": seq,
        "source": source,
        "category": row.category or "",
        "name": row.name,
        "unit": row.unit or "",
        "baseline_text": row.baseline or "",
        "baseline_value": parse_number(row.baseline),
        "target_text": row.target or "",
        "target_value": parse_number(row.target),
        "target_2020_text": row.previous_target or "",
        "attribute": row.attribute or "",
        "direction": row.direction,
        "footnote": row.footnote or "",
        "key": indicator_key(row.name),
    }


def _goal_row(seq: int, goal: parsed.Goal) -> parsed.IndicatorRow:
    """A goal of the running text is an indicator with a name, a target, a unit and a direction."""
    return parsed.IndicatorRow(
        seq=seq, category=None, name=goal.name, unit=goal.unit, baseline=None, target=goal.target,
        previous_target=None, attribute=None, direction=goal.direction, footnote=None,
    )  # fmt: skip


def _write_indicators(plan: Plan, groups: list[tuple[Box | None, list, list[dict]]]) -> list[list[Indicator]]:
    """Each box's indicator rows (or the text's goals, box None) as the document lists them: `groups` are
    (box, rows, the fields of each row), each paired with the box's saved indicators as
    `importer.diff.pair_indicators` pairs them: by name and unit, then by place, so that each indicator
    keeps its own yearly values whatever order the rows are printed in. An indicator the document no
    longer has goes, unless values are recorded on it: then it stays, moved after the document's rows if
    its 序号 is now another's. Returns each group's indicators, in a fixed number of queries: only rows
    that changed are written, with a history row each, and their `updated_at` moves (the dashboard's
    fingerprint reads it)."""
    saved = defaultdict(list)
    for indicator in plan.indicators.order_by("source", "seq"):
        saved[indicator.box_id].append(indicator)
    seqs = {indicator.pk: indicator.seq for group in saved.values() for indicator in group}
    written, stale, created, changed = [], [], [], []
    for box, rows, fields in groups:
        existing = saved.get(box.pk if box else None, [])
        ours, theirs = [], []
        for i, j in pair_indicators(existing, rows):
            if j is None:
                theirs.append(existing[i])
                continue
            if i is None:
                indicator = Indicator(plan=plan, box=box, **fields[j])
                created.append(indicator)
            else:
                indicator = existing[i]
                if _differs(indicator, fields[j]):
                    for name, value in fields[j].items():
                        setattr(indicator, name, value)
                    changed.append(indicator)
            ours.append(indicator)
        written.append(ours)
        stale.append((ours, theirs))
    gone = [indicator.pk for _, theirs in stale for indicator in theirs]
    recorded = set(Indicator.objects.filter(pk__in=gone, values__isnull=False).values_list("pk", flat=True))
    Indicator.objects.filter(pk__in=[pk for pk in gone if pk not in recorded]).delete()
    for ours, theirs in stale:
        kept = [indicator for indicator in theirs if indicator.pk in recorded]
        taken = {indicator.seq for indicator in ours}
        free = max(taken | {indicator.seq for indicator in kept}, default=0)
        for indicator in kept:
            if indicator.seq in taken:
                free += 1
                indicator.seq = free
                changed.append(indicator)
    now = timezone.now()
    if changed:
        # Out of the way first: the unique 序号 of a box is checked row by row.
        moved = [indicator.pk for indicator in changed if indicator.seq != seqs[indicator.pk]]
        Indicator.objects.filter(pk__in=moved).update(seq=F("seq") + ORDER_SHIFT)
        for indicator in changed:
            indicator.updated_at = now
        names = {name for _, _, fields in groups for row in fields for name in row}
        bulk_update_with_history(
            changed, Indicator, [*sorted(names | {"seq"}), "updated_at"], default_date=now
        )
    if created:
        bulk_create_with_history(created, Indicator, default_date=now)
    return written


def _write_boxes(
    plan: Plan, boxes: list[parsed.Box], goals: list[parsed.Goal], counts: Counter
) -> list[Indicator]:
    """Boxes, their indicators and key projects, and the text's goals, in a fixed number of queries."""
    box_rows = _upsert(
        Box,
        {box.number: box for box in plan.boxes.all()},
        [(b.number, {"title": b.title, "kind": b.kind}) for b in boxes],
        lambda number: Box(plan=plan, number=number),
    )
    counts["boxes"] += len(boxes)
    # A box number printed twice is one box: the last printed wins.
    printed = {box.pk: (box, data) for box, data in zip(box_rows, boxes, strict=True)}
    groups = []
    for box, data in printed.values():
        source = Indicator.Source.REVIEW if box.kind == Box.Kind.REVIEW else Indicator.Source.TABLE
        fields = [
            _indicator_defaults(row, source, seq=row.seq or position)
            for position, row in enumerate(data.indicators, start=1)
        ]
        groups.append((box, data.indicators, fields))
    goal_rows = [_goal_row(seq, goal) for seq, goal in enumerate(goals, start=1)]
    groups.append(
        (None, goal_rows, [_indicator_defaults(row, Indicator.Source.GOAL, seq=row.seq) for row in goal_rows])
    )
    written = _write_indicators(plan, groups)
    counts["indicators"] += sum(len(indicators) for indicators in written[:-1])
    counts["goals"] += len(written[-1])

    projects = _upsert(
        KeyProject,
        {(p.box_id, p.seq): p for p in KeyProject.objects.filter(box__plan=plan)},
        [
            ((box.pk, p.seq), {"title": p.title, "text": p.text or ""})
            for box, data in printed.values()
            for p in data.projects
        ],
        lambda key: KeyProject(box_id=key[0], seq=key[1]),
    )
    counts["projects"] += len(projects)
    KeyProject.objects.filter(box__in=list(printed)).exclude(pk__in=[p.pk for p in projects]).exclude(
        progress__isnull=False
    ).delete()
    plan.boxes.exclude(pk__in=list(printed)).exclude(indicators__values__isnull=False).exclude(
        projects__progress__isnull=False
    ).delete()
    return [indicator for indicators in written for indicator in indicators]


def _default_responsibility(plan: Plan, indicators: list[Indicator], units: dict, mentions: Counter):
    """Boxes name no units: an indicator or key project nobody was assigned goes to the jurisdiction's
    生态环境 unit, the one the plan names most often (documents also print short variants such as
    生态环境分局), until an administrator assigns others."""
    candidates = [u for name, u in units.items() if ECOLOGY_UNIT_MARK in name]
    if not candidates:
        return
    ecology = max(candidates, key=lambda u: (mentions[u.name], -len(u.name)))
    through = Indicator.units.through
    assigned = set(through.objects.filter(indicator__plan=plan).values_list("indicator_id", flat=True))
    through.objects.bulk_create(
        through(indicator_id=pk, responsibleunit_id=ecology.pk)
        for pk in {i.pk for i in indicators} - assigned
    )
    through = KeyProject.units.through
    projects = set(KeyProject.objects.filter(box__plan=plan).values_list("pk", flat=True))
    assigned = set(through.objects.filter(keyproject__box__plan=plan).values_list("keyproject_id", flat=True))
    through.objects.bulk_create(
        through(keyproject_id=pk, responsibleunit_id=ecology.pk) for pk in projects - assigned
    )


def _link_parent_indicators(plan: Plan):
    """Match indicators to the parent plan's by comparison key, and the children's to this plan's, reading
    the indicators of all these plans at once and writing those whose link changed in one bulk update."""
    pairs = [(plan.pk, plan.parent_id)] if plan.parent_id else []
    pairs += [(child, plan.pk) for child in plan.children.values_list("pk", flat=True)]
    if not pairs:
        return
    of_plan = defaultdict(list)
    linked = Indicator.objects.filter(
        plan__in={pk for pair in pairs for pk in pair},
        source__in=[Indicator.Source.TABLE, Indicator.Source.GOAL],
    )
    for indicator in linked.order_by("source", "pk"):
        of_plan[indicator.plan_id].append(indicator)
    changed = []
    for child, parent in pairs:
        parent_by_key = {}
        for indicator in of_plan[parent]:
            parent_by_key.setdefault(indicator.key, indicator)
        for indicator in of_plan[child]:
            match = parent_by_key.get(indicator.key)
            if (
                indicator.source == Indicator.Source.TABLE
                and match
                and indicator.parent_indicator_id != match.pk
            ):
                indicator.parent_indicator = match
                changed.append(indicator)
    if changed:
        now = timezone.now()
        for indicator in changed:
            indicator.updated_at = now
        bulk_update_with_history(changed, Indicator, ["parent_indicator", "updated_at"], default_date=now)


def _write_outline(
    outline: PlanOutline, plan: Plan | None, source_file: str, source_sha256: str, counts: Counter
):
    jurisdiction = _jurisdictions(outline.plan)
    plan, created = _write_plan(
        outline.plan, jurisdiction, plan, source_file, source_sha256, outline.warnings
    )
    names = set(outline.units)
    mentions = Counter()
    for chapter in outline.chapters:
        for section in chapter.sections:
            for task in section.tasks:
                mentions.update(u.name for u in task.units)
    names.update(mentions)
    units = _units(plan, names)
    counts["units"] = len(names)
    _write_structure(plan, outline.chapters, units, counts)
    _retire_renamed_units(plan, outline.plan, names, units)
    indicators = _write_boxes(plan, outline.boxes, outline.goals, counts)
    _default_responsibility(plan, indicators, units, mentions)
    _link_parent_indicators(plan)
    return plan, created
