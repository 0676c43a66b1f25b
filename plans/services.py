"""Writing an imported plan outline into the database, in one transaction, idempotently."""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from indicators.attainment import parse_number
from indicators.keys import indicator_key
from indicators.models import Indicator

from .importing import PlanOutline, parse_plan
from .importing import outline as parsed
from .importing.documents import read_document
from .models import (
    Box,
    Chapter,
    Jurisdiction,
    KeyProject,
    Plan,
    ResponsibleUnit,
    Section,
    Task,
    TaskResponsibility,
    TextTarget,
)

# The province is above every plan here but publishes none of them.
PROVINCE_NAME = "吉林省"
ECOLOGY_UNIT_MARK = "生态环境"


@dataclass
class ImportReport:
    plan: Plan | None
    counts: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    created: bool = False

    def lines(self):
        from django.utils.translation import gettext as _

        yield _("Plan: %(title)s") % {"title": self.plan.title if self.plan else "—"}
        for kind, count in self.counts.items():
            yield f"  {kind}: {count}"
        yield _("Warnings: %(count)d") % {"count": len(self.warnings)}
        for warning in self.warnings:
            yield f"  - {warning}"


class DryRunRollback(Exception):
    """Raised inside the transaction to undo a dry run after counting everything."""


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def plan_import_file(*, path: Path, dry_run: bool = False) -> ImportReport:
    """Read, parse and load one plan document. Raises PlanParseError on a file that is no plan."""
    data = Path(path).read_bytes()
    return plan_import_outline(
        outline=parse_plan(read_document(Path(path).name, data)),
        source_file=Path(path).name,
        source_sha256=file_sha256(data),
        dry_run=dry_run,
    )


def plan_import_outline(
    *, outline: PlanOutline, source_file: str, source_sha256: str, dry_run: bool = False
) -> ImportReport:
    report = ImportReport(plan=None, warnings=list(outline.warnings))
    try:
        with transaction.atomic():
            report.plan, report.created = _write_outline(outline, source_file, source_sha256, report.counts)
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
    info: parsed.PlanInfo, jurisdiction, source_file, source_sha256, warnings
) -> tuple[Plan, bool]:
    start, end = info.period
    plan, created = Plan.objects.update_or_create(
        jurisdiction=jurisdiction,
        title=info.title,
        defaults={
            "issuer": info.issuer or "",
            "doc_number": info.doc_number or "",
            "issued_on": _issued_on(info.issued_date),
            "issued_date_text": info.issued_date or "",
            "start_year": start,
            "end_year": end,
            "baseline_year": info.baseline_year,
            "source_file": source_file,
            "source_sha256": source_sha256,
            "warnings": warnings,
            "imported_at": timezone.now(),
        },
    )
    _link_parent_plans(plan)
    return plan, created


def _link_parent_plans(plan: Plan):
    """Link the plan to its parent jurisdiction's plan and its children's plans to it, whichever came first."""
    parent = Plan.objects.filter(jurisdiction_id=plan.jurisdiction.parent_id).order_by("pk").first()
    if parent and plan.parent_id != parent.pk:
        plan.parent = parent
        plan.save(update_fields=["parent"])
    Plan.objects.filter(jurisdiction__parent=plan.jurisdiction, parent__isnull=True).update(parent=plan)


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


def _write_structure(plan: Plan, chapters: list[parsed.Chapter], units: dict, counts: Counter):
    # Links of tasks to units and text targets are rewritten whole: nothing else hangs on them.
    TaskResponsibility.objects.filter(task__section__chapter__plan=plan).delete()
    TextTarget.objects.filter(task__section__chapter__plan=plan).delete()
    links, targets, keep_chapters, keep_sections = [], [], [], []
    tasks_by_section = defaultdict(dict)
    for task in Task.objects.filter(section__chapter__plan=plan):
        tasks_by_section[task.section_id][task.order] = task
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
    # Progress recorded on a task cascades with it; stale parts only go when nothing hangs on them.
    Section.objects.filter(chapter__plan=plan).exclude(pk__in=keep_sections).exclude(
        tasks__progress__isnull=False
    ).delete()
    plan.chapters.exclude(pk__in=keep_chapters).exclude(sections__tasks__progress__isnull=False).delete()
    TaskResponsibility.objects.bulk_create(links)
    TextTarget.objects.bulk_create(targets)
    counts["text targets"] = len(targets)


def _write_tasks(section: Section, tasks: list[parsed.Task], existing: dict[int, Task]):
    """Tasks are identified by their place in the section (`existing`: order → task, loaded for the whole
    plan at once); returns (task, its outline) in order."""
    stale = [task.pk for order, task in existing.items() if order > len(tasks)]
    changed, created = [], []
    for order, data in enumerate(tasks, start=1):
        task = existing.get(order)
        if task is None:
            task = Task(section=section, order=order, title=data.title, text=data.text)
            created.append(task)
        elif (task.title, task.text) != (data.title, data.text):
            task.title, task.text = data.title, data.text
            changed.append(task)
        existing[order] = task
    Task.objects.bulk_create(created)
    Task.objects.bulk_update(changed, ["title", "text"])
    if stale:
        Task.objects.filter(pk__in=stale).exclude(progress__isnull=False).delete()
    return [(existing[order], data) for order, data in enumerate(tasks, start=1)]


def _distinct_units(unit_roles: list[parsed.UnitRole]) -> list[parsed.UnitRole]:
    """A unit named twice in one bracket keeps its first role."""
    seen, distinct = set(), []
    for item in unit_roles:
        if item.name not in seen:
            seen.add(item.name)
            distinct.append(item)
    return distinct


def _indicator_defaults(row: parsed.IndicatorRow, source: str) -> dict:
    return {
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
        keep = []
        for position, row in enumerate(box_data.indicators, start=1):
            indicator, _ = Indicator.objects.update_or_create(
                plan=plan, box=box, seq=row.seq or position, defaults=_indicator_defaults(row, source)
            )
            keep.append(indicator.pk)
            indicators.append(indicator)
            counts["indicators"] += 1
        box.indicators.exclude(pk__in=keep).exclude(values__isnull=False).delete()
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

    keep_goals = []
    for seq, goal in enumerate(goals, start=1):
        indicator, _ = Indicator.objects.update_or_create(
            plan=plan,
            box=None,
            seq=seq,
            defaults=_indicator_defaults(_goal_row(seq, goal), Indicator.Source.GOAL),
        )
        keep_goals.append(indicator.pk)
        indicators.append(indicator)
        counts["goals"] += 1
    plan.indicators.filter(box__isnull=True).exclude(pk__in=keep_goals).exclude(values__isnull=False).delete()
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


def _write_outline(outline: PlanOutline, source_file: str, source_sha256: str, counts: Counter):
    jurisdiction = _jurisdictions(outline.plan)
    plan, created = _write_plan(outline.plan, jurisdiction, source_file, source_sha256, outline.warnings)
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
    indicators = _write_boxes(plan, outline.boxes, outline.goals, counts)
    _default_responsibility(plan, indicators, units, mentions)
    _link_parent_indicators(plan)
    return plan, created
