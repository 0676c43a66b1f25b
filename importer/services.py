"""Writing an imported plan outline into the database, in one transaction, idempotently."""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import F
from django.utils import timezone

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


def _write_structure(plan: Plan, chapters: list[parsed.Chapter], units: dict, counts: Counter):
    links, targets, keep_chapters, keep_sections, written = [], [], [], [], []
    tasks_by_section = defaultdict(list)
    for task in Task.objects.filter(section__chapter__plan=plan).order_by("section_id", "order"):
        tasks_by_section[task.section_id].append(task)
    for chapter_data in chapters:
        chapter, _ = Chapter.objects.update_or_create(
            plan=plan,
            number=chapter_data.number,
            defaults={"title": chapter_data.title, "subtitle": chapter_data.subtitle or ""},
        )
        keep_chapters.append(chapter.pk)
        counts["chapters"] += 1
        for section_data in chapter_data.sections:
            section, _ = Section.objects.update_or_create(
                chapter=chapter, number=section_data.number, defaults={"title": section_data.title}
            )
            keep_sections.append(section.pk)
            counts["sections"] += 1
            for task, task_data in _write_tasks(section, section_data.tasks, tasks_by_section[section.pk]):
                counts["tasks"] += 1
                written.append(task.pk)
                links += [
                    TaskResponsibility(task=task, unit=units[u.name], role=u.role, order=i)
                    for i, u in enumerate(_distinct_units(task_data.units), start=1)
                ]
                targets += [
                    TextTarget(
                        task=task,
                        order=i,
                        statement=t.statement,
                        metric=t.metric,
                        value=t.value,
                        unit=t.unit or "",
                    )
                    for i, t in enumerate(task_data.text_targets, start=1)
                ]
    # The document's tasks get their links to units and text targets rewritten whole (nothing else hangs
    # on them); a task kept for its recorded progress keeps its own.
    TaskResponsibility.objects.filter(task__in=written).delete()
    TextTarget.objects.filter(task__in=written).delete()
    # Stale parts only go when no progress is recorded under them.
    Section.objects.filter(chapter__plan=plan).exclude(pk__in=keep_sections).exclude(
        tasks__progress__isnull=False
    ).delete()
    plan.chapters.exclude(pk__in=keep_chapters).exclude(sections__tasks__progress__isnull=False).delete()
    TaskResponsibility.objects.bulk_create(links)
    TextTarget.objects.bulk_create(targets)
    counts["text targets"] = len(targets)


# Orders are moved out of the way by this much before they are set, so that no two tasks of a section
# share one in between (the unique constraint is checked row by row).
ORDER_SHIFT = 10000


def _write_tasks(section: Section, tasks: list[parsed.Task], existing: list[Task]):
    """The section's tasks as the document lists them, paired with `existing` (in order) as
    `importer.diff.pair_tasks` pairs them; returns (task, its outline) in order. A task the document no
    longer has goes, unless progress is recorded on it: then it stays, after the document's tasks."""
    written, created, changed, stale = [], [], [], []
    for i, j in pair_tasks([t.title for t in existing], [t.title for t in tasks]):
        if j is None:
            stale.append(existing[i])
            continue
        data = tasks[j]
        if i is None:
            task = Task(section=section, order=j + 1, title=data.title, text=data.text)
            created.append(task)
        else:
            task = existing[i]
            if (task.title, task.text, task.order) != (data.title, data.text, j + 1):
                task.title, task.text, task.order = data.title, data.text, j + 1
                changed.append(task)
        written.append((j, task, data))
    if stale:
        recorded = set(
            Task.objects.filter(pk__in=[t.pk for t in stale], progress__isnull=False).values_list(
                "pk", flat=True
            )
        )
        Task.objects.filter(pk__in=[t.pk for t in stale if t.pk not in recorded]).delete()
        for order, task in enumerate((t for t in stale if t.pk in recorded), start=len(tasks) + 1):
            if task.order != order:
                task.order = order
                changed.append(task)
    if changed:
        Task.objects.filter(pk__in=[t.pk for t in changed]).update(order=F("order") + ORDER_SHIFT)
        Task.objects.bulk_update(changed, ["title", "text", "order"])
    Task.objects.bulk_create(created)
    return [(task, data) for _, task, data in sorted(written, key=lambda item: item[0])]


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


def _write_indicators(
    plan: Plan, box: Box | None, rows: list, fields: list[dict], existing: list[Indicator]
) -> list[Indicator]:
    """A box's indicator rows (or the text's goals, `box` None) as the document lists them, `fields` of
    each, paired with `existing` as `importer.diff.pair_indicators` pairs them: by name and unit, then by
    place, so that each indicator keeps its own yearly values whatever order the rows are printed in.
    An indicator the document no longer has goes, unless values are recorded on it: then it stays, moved
    after the document's rows if its 序号 is now another's."""
    written, stale = [], []
    saved = {i.pk: i.seq for i in existing}
    for i, j in pair_indicators(existing, rows):
        if j is None:
            stale.append(existing[i])
            continue
        indicator = existing[i] if i is not None else Indicator(plan=plan, box=box)
        for name, value in fields[j].items():
            setattr(indicator, name, value)
        written.append(indicator)
    recorded = set(
        Indicator.objects.filter(pk__in=[i.pk for i in stale], values__isnull=False).values_list(
            "pk", flat=True
        )
    )
    Indicator.objects.filter(pk__in=[i.pk for i in stale if i.pk not in recorded]).delete()
    kept = [i for i in stale if i.pk in recorded]
    taken = {i.seq for i in written}
    free = max(taken | {i.seq for i in kept}, default=0)
    for indicator in kept:
        if indicator.seq in taken:
            free += 1
            indicator.seq = free
    moved = [i for i in written + kept if i.pk is not None and saved[i.pk] != i.seq]
    # Out of the way first: the unique 序号 of a box is checked row by row.
    Indicator.objects.filter(pk__in=[i.pk for i in moved]).update(seq=F("seq") + ORDER_SHIFT)
    for indicator in written + [i for i in kept if i in moved]:
        indicator.save()
    return written


def _write_boxes(
    plan: Plan, boxes: list[parsed.Box], goals: list[parsed.Goal], counts: Counter
) -> list[Indicator]:
    indicators, keep_boxes = [], []
    for box_data in boxes:
        box, _ = Box.objects.update_or_create(
            plan=plan,
            number=box_data.number,
            defaults={"title": box_data.title, "kind": box_data.kind},
        )
        keep_boxes.append(box.pk)
        counts["boxes"] += 1
        source = Indicator.Source.REVIEW if box.kind == Box.Kind.REVIEW else Indicator.Source.TABLE
        rows = [
            _indicator_defaults(row, source, seq=row.seq or position)
            for position, row in enumerate(box_data.indicators, start=1)
        ]
        written = _write_indicators(plan, box, box_data.indicators, rows, list(box.indicators.all()))
        indicators += written
        counts["indicators"] += len(written)
        keep_projects = []
        for project_data in box_data.projects:
            project, _ = KeyProject.objects.update_or_create(
                box=box,
                seq=project_data.seq,
                defaults={"title": project_data.title, "text": project_data.text or ""},
            )
            keep_projects.append(project.pk)
            counts["projects"] += 1
        box.projects.exclude(pk__in=keep_projects).exclude(progress__isnull=False).delete()
    plan.boxes.exclude(pk__in=keep_boxes).exclude(indicators__values__isnull=False).exclude(
        projects__progress__isnull=False
    ).delete()

    goal_rows = [_goal_row(seq, goal) for seq, goal in enumerate(goals, start=1)]
    written = _write_indicators(
        plan,
        None,
        goal_rows,
        [_indicator_defaults(row, Indicator.Source.GOAL, seq=row.seq) for row in goal_rows],
        list(plan.indicators.filter(box__isnull=True)),
    )
    indicators += written
    counts["goals"] += len(written)
    return indicators


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
    """Match indicators to the parent plan's by comparison key, and the children's to this plan's."""
    pairs = [(plan, plan.parent)] if plan.parent_id else []
    pairs += [(child, plan) for child in plan.children.all()]
    for child, parent in pairs:
        parent_by_key = {}
        for indicator in parent.indicators.filter(source__in=["table", "goal"]).order_by("source", "pk"):
            parent_by_key.setdefault(indicator.key, indicator)
        for indicator in child.indicators.filter(source="table"):
            match = parent_by_key.get(indicator.key)
            if match and indicator.parent_indicator_id != match.pk:
                indicator.parent_indicator = match
                indicator.save(update_fields=["parent_indicator"])


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
