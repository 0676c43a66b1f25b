"""What the public may read of one plan's year, as plain data (the `PublishedYear.snapshot`).

Only approved records are read (`indicators.selectors.indicator_attainment`, `indicators.completion`):
each indicator's `Verdict` as every output prints it, and the tasks' and key projects' completion counts.
Nothing else leaves: no notes, no evidence, no names of staff, no figures awaiting review. Labels are
written in Simplified Chinese, the public site's language, so the snapshot prints the same whoever reads it.
"""

from __future__ import annotations

import hashlib
import json

from django.db.models import Max
from django.utils import translation

from indicators.completion import NOTHING, progress_completion
from indicators.models import Indicator, IndicatorValue, ProjectProgress, TaskProgress
from indicators.precision import indicator_places, shown
from indicators.selectors import indicator_attainment
from indicators.states import ProgressStatus
from plans.models import KeyProject, Task

VERSION = 1
LANGUAGE = "zh-hans"
COUNTED = (ProgressStatus.DONE, ProgressStatus.IN_PROGRESS, ProgressStatus.NOT_DONE)


def plan_year_snapshot(*, plan, year: int) -> dict:
    """The snapshot of `plan`'s `year`: a fixed number of queries whatever the plan's size."""
    with translation.override(LANGUAGE):
        return {
            "version": VERSION,
            "year": year,
            "plan": {
                "id": plan.pk,
                "title": plan.title,
                "jurisdiction": plan.jurisdiction.name,
                "jurisdiction_id": plan.jurisdiction_id,
                "issuer": plan.issuer,
                "doc_number": plan.doc_number,
                "start_year": plan.start_year,
                "end_year": plan.end_year,
                "baseline_year": plan.baseline_year,
            },
            "indicators": _indicators(plan, year),
            "tasks": _tasks(plan, year),
            "projects": _projects(plan, year),
        }


def digest_of(snapshot: dict) -> str:
    """A fingerprint of the snapshot's content (the public pages' ETag)."""
    return hashlib.sha256(json.dumps(snapshot, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def data_as_of(*, plan, year: int):
    """When the latest record the snapshot reads was approved: the "数据截至" of the public pages."""
    latest = [
        model.objects.approved()
        .filter(**{model.plan_path(): plan, "year__lte": year})
        .aggregate(at=Max("reviewed_at"))["at"]
        for model in (IndicatorValue, TaskProgress, ProjectProgress)
    ]
    latest = [at for at in latest if at is not None]
    return max(latest) if latest else None


def _indicators(plan, year: int) -> list[dict]:
    indicators = list(
        Indicator.objects.assessed()
        .filter(plan=plan)
        .select_related("plan", "box")
        .order_by("box__number", "seq", "pk")
    )
    judged = indicator_attainment(indicators=indicators, year=year)
    rows = []
    for indicator in indicators:
        attainment = judged[indicator.pk]
        verdict = attainment.verdict
        places = indicator_places(indicator)
        if verdict.value is not None:
            value = shown(verdict.value, places)
        elif verdict.text_status:
            value = str(ProgressStatus(verdict.text_status).label)
        else:
            value = ""
        rows.append(
            {
                "id": indicator.pk,
                "key": indicator.key,
                "group": indicator.box.title if indicator.box else "",
                "category": indicator.category,
                "name": indicator.name,
                "unit": indicator.unit,
                "binding": verdict.binding,
                "baseline": indicator.baseline_text or shown(indicator.baseline_value, places),
                "target": verdict.target.text,
                "target_revised": verdict.target.revised,
                "target_number": None if verdict.target.number is None else str(verdict.target.number),
                "value": value,
                "number": None if verdict.value is None else str(verdict.value),
                "value_year": verdict.value_year,
                "status": str(verdict.status),
                "label": verdict.label,
                "final": verdict.final,
                "demo": attainment.demo,
            }
        )
    return rows


def _tasks(plan, year: int) -> dict:
    """Key tasks by chapter: how many are completed (from the year of completion on), in progress, not
    completed, and without an approved status for the year."""
    progress = progress_completion(TaskProgress, plan_ids=[plan.pk], year=year)
    tasks = (
        Task.objects.filter(section__chapter__plan=plan)
        .order_by("section__chapter__number", "section__number", "order")
        .values_list("pk", "section__chapter__number", "section__chapter__title")
    )
    chapters: dict[int, dict] = {}
    for pk, number, title in tasks:
        chapter = chapters.setdefault(number, {"number": number, "title": title, **_counts()})
        _count(chapter, progress.get(pk, NOTHING).status(year))
    total = _counts()
    for chapter in chapters.values():
        for name in total:
            total[name] += chapter[name]
    return {**total, "chapters": list(chapters.values())}


def _projects(plan, year: int) -> dict:
    progress = progress_completion(ProjectProgress, plan_ids=[plan.pk], year=year)
    total = _counts()
    for pk in KeyProject.objects.filter(box__plan=plan).values_list("pk", flat=True):
        _count(total, progress.get(pk, NOTHING).status(year))
    return total


def _counts() -> dict:
    return {"total": 0, **{str(status): 0 for status in COUNTED}, "unreported": 0}


def _count(counts: dict, status: str) -> None:
    counts["total"] += 1
    counts[str(status) if status in COUNTED else "unreported"] += 1
