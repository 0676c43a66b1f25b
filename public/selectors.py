"""Reading what is published: one query per page, whatever the number of plans (the snapshots hold the
figures, so nothing else is read)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Max
from django.http import Http404

from operations.params import MAX_ID

from .models import PublishedYear


def _row_id(pk: int) -> int:
    """A path id a database can hold, else 404 (the path converter takes any digits)."""
    if not 0 < pk <= MAX_ID:
        raise Http404
    return pk


@dataclass
class PublishedPlan:
    """A plan with its published years (snapshots loaded or not), oldest first."""

    plan_id: int
    title: str
    jurisdiction: str
    jurisdiction_id: int
    start_year: int
    end_year: int
    years: list[PublishedYear] = field(default_factory=list)

    @property
    def latest(self) -> PublishedYear:
        return self.years[-1]

    def year(self, year: int | None) -> PublishedYear:
        """The published `year`, or the latest without one; 404 when that year is not published."""
        if year is None:
            return self.latest
        for published in self.years:
            if published.year == year:
                return published
        raise Http404


@dataclass
class Region:
    name: str
    jurisdiction_id: int
    plans: list[PublishedPlan] = field(default_factory=list)


def _group(rows) -> list[PublishedPlan]:
    plans: dict[int, PublishedPlan] = {}
    for row in rows:
        plan = row.plan
        entry = plans.get(plan.pk)
        if entry is None:
            entry = plans[plan.pk] = PublishedPlan(
                plan.pk,
                plan.title,
                plan.jurisdiction.name,
                plan.jurisdiction_id,
                plan.start_year,
                plan.end_year,
            )
        entry.years.append(row)
    return list(plans.values())


def publication_state() -> str:
    """What the index and the listing show changes only with this (how many years are published, the
    latest publication, the latest row): one query, cheaper than reading the rows."""
    state = PublishedYear.objects.aggregate(count=Count("pk"), latest=Max("published_at"), last=Max("pk"))
    return f"{state['count']}-{state['latest'] and state['latest'].isoformat()}-{state['last']}"


def published_regions() -> list[Region]:
    """Every published plan by jurisdiction (without the snapshots): one query."""
    regions: dict[int, Region] = {}
    for plan in _group(PublishedYear.objects.listing()):
        regions.setdefault(
            plan.jurisdiction_id, Region(plan.jurisdiction, plan.jurisdiction_id)
        ).plans.append(plan)
    return list(regions.values())


def published_plan(*, plan_id: int) -> PublishedPlan:
    """One plan's published years with their snapshots: one query; 404 when none is published."""
    rows = (
        PublishedYear.objects.filter(plan_id=_row_id(plan_id))
        .select_related("plan__jurisdiction")
        .order_by("year")
    )
    plans = _group(rows)
    if not plans:
        raise Http404
    return plans[0]


def published_region(*, jurisdiction_id: int) -> Region:
    """A jurisdiction's published plans, with their snapshots: one query; 404 without one."""
    rows = (
        PublishedYear.objects.filter(plan__jurisdiction_id=_row_id(jurisdiction_id))
        .select_related("plan__jurisdiction")
        .order_by("plan__start_year", "plan_id", "year")
    )
    plans = _group(rows)
    if not plans:
        raise Http404
    return Region(plans[0].jurisdiction, jurisdiction_id, plans)


def indicator_years(plan: PublishedPlan, indicator_id: int) -> list[tuple[PublishedYear, dict]]:
    """The indicator's row in each published year of the plan; 404 when no snapshot holds it."""
    found = [
        (published, row)
        for published in plan.years
        for row in published.snapshot["indicators"]
        if row["id"] == indicator_id
    ]
    if not found:
        raise Http404
    return found


def value_series(found: list[tuple[PublishedYear, dict]]) -> dict[int, str]:
    """{year: approved figure} as the published snapshots give them, the latest publication winning."""
    series: dict[int, str] = {}
    for _published, row in found:
        if row["number"] is not None and row["value_year"] is not None:
            series[row["value_year"]] = row["number"]
    return dict(sorted(series.items()))
