"""Reading attainment: one read path for the dashboard, the spreadsheets, the API and the indicator page.

`indicator_attainment` reads, for many indicators at once, what `attainment.assess` needs (approved
values only: a draft or a submitted figure has not been checked by a reviewer) and returns per
indicator the assessment, the target in force, whether it was revised and the approved values. The
target in force for a year is the latest target revision (中期调整) effective by then, else the
printed target.

Beside the year asked for, each indicator carries where it stands now: its latest approved value
up to that year (`latest_year`, `latest_value`) and the assessment of that latest year (`latest`),
so a year not yet reported never empties a page. Where a text target has figures assigned from above
(`AssignedTarget`, 年度下达目标) the assessment judges against them (`attainment.Assigned`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from plans.models import Plan

from .attainment import Assessment, Assigned, assess, parse_number, straight_path
from .models import AssignedTarget, Indicator, IndicatorValue, TargetRevision
from .validation import is_percentage, measures_change

CHUNK = 5000  # SQLite allows some 32 000 parameters per query


def target_in_force(indicator, year: int, revisions=None) -> str:
    """The printed target for `year`: the latest revision effective by then, else the plan's own."""
    if revisions is None:
        revisions = indicator.revisions.all()
    in_force = [r for r in revisions if r.effective_year <= year]
    if in_force:
        return max(in_force, key=lambda r: r.effective_year).target_text
    return indicator.target_text


def bounds(indicator) -> dict:
    """What the measure can physically be: changes may fall below zero, shares stop at 100."""
    return {
        "floor": None if measures_change(indicator.name) else 0,
        "ceiling": 100 if is_percentage(indicator.unit) else None,
    }


@dataclass(frozen=True)
class IndicatorAttainment:
    """An indicator judged for one year, with what it was judged on."""

    year: int
    assessment: Assessment
    target: str  # in force for the year, as written
    revised: bool  # a target revision replaced the printed target
    values: dict[int, Decimal | None] = field(default_factory=dict)  # approved figures, every year
    statuses: dict[int, str] = field(default_factory=dict)  # approved statuses, every year
    demo: bool = False  # some approved value is demo data
    demo_years: frozenset[int] = frozenset()  # the years whose approved value is demo data
    latest_year: int | None = None  # the last year up to `year` with an approved value or status
    latest: Assessment | None = None  # that year's assessment (the year's own when it is the same)
    assigned: dict[int, AssignedTarget] = field(default_factory=dict)  # year → figure assigned from above

    @property
    def status(self):
        return self.assessment.status

    @property
    def latest_value(self):
        """The latest approved figure, or the code of its approved status for a text target."""
        if self.latest_year is None:
            return None
        value = self.values.get(self.latest_year)
        return value if value is not None else self.statuses.get(self.latest_year)

    @property
    def standing(self) -> Assessment:
        """Where the indicator stands: the latest year's assessment, else the year's (暂无数据)."""
        return self.latest if self.latest is not None else self.assessment

    @property
    def assigned_target(self) -> AssignedTarget | None:
        """The figure assigned for the year judged."""
        return self.assigned.get(self.year)


@dataclass
class _Facts:
    values: dict = field(default_factory=dict)
    statuses: dict = field(default_factory=dict)
    revisions: list = field(default_factory=list)
    assigned: dict = field(default_factory=dict)
    demo: bool = False
    demo_years: set = field(default_factory=set)


def _read(indicators) -> tuple[dict[int, _Facts], dict[int, Plan]]:
    """Approved values, revisions and assigned figures of the indicators, and their plans: four
    queries at most per chunk."""
    facts: dict[int, _Facts] = defaultdict(_Facts)
    plans = {i.plan_id: i.plan for i in indicators if Indicator.plan.is_cached(i)}
    missing = {i.plan_id for i in indicators} - set(plans)
    if missing:
        plans.update(Plan.objects.in_bulk(missing))
    for start in range(0, len(indicators), CHUNK):
        ids = [indicator.pk for indicator in indicators[start : start + CHUNK]]
        rows = (
            IndicatorValue.objects.approved()
            .filter(indicator_id__in=ids)
            .values_list("indicator_id", "year", "value", "status", "is_demo")
        )
        for indicator_id, year, value, status, is_demo in rows:
            found = facts[indicator_id]
            found.values[year] = value
            if status:
                found.statuses[year] = status
            found.demo |= is_demo
            if is_demo:
                found.demo_years.add(year)
        revisions = TargetRevision.objects.filter(indicator_id__in=ids).only(
            "indicator_id", "effective_year", "target_text"
        )
        for revision in revisions:
            facts[revision.indicator_id].revisions.append(revision)
        for figure in AssignedTarget.objects.filter(indicator_id__in=ids):
            facts[figure.indicator_id].assigned[figure.year] = figure
    return facts, plans


def _assess(indicator, plan, year: int, facts: _Facts) -> Assessment:
    assigned = None
    if facts.assigned:
        figures = {y: figure.value for y, figure in facts.assigned.items()}
        assigned = Assigned(figures, at_most=facts.assigned[max(facts.assigned)].at_most)
    return assess(
        direction=indicator.direction,
        baseline=indicator.baseline_text or indicator.baseline_value,
        target=target_in_force(indicator, year, facts.revisions),
        values={y: v for y, v in facts.values.items() if v is not None},
        year=year,
        text_status=facts.statuses.get(year),
        attribute=indicator.attribute,
        start_year=plan.start_year,
        end_year=plan.end_year,
        baseline_year=plan.baseline_year,
        assigned=assigned,
        **bounds(indicator),
    )


def _latest_year(plan, year: int, facts: _Facts) -> int | None:
    reported = [
        y
        for y in {*facts.statuses, *(y for y, v in facts.values.items() if v is not None)}
        if plan.start_year <= y <= year
    ]
    return max(reported) if reported else None


def _judge(indicator, plan, year: int, facts: _Facts, earlier=None) -> IndicatorAttainment:
    """`earlier`: assessments already made for other years of this indicator, reused for the latest."""
    year = plan.clamp_year(year)
    assessment = _assess(indicator, plan, year, facts)
    latest_year = _latest_year(plan, year, facts)
    if latest_year is None or latest_year == year:
        latest = assessment if latest_year is not None else None
    elif earlier is not None and latest_year in earlier:
        latest = earlier[latest_year]
    else:
        latest = _assess(indicator, plan, latest_year, facts)
    return IndicatorAttainment(
        year=year,
        assessment=assessment,
        target=target_in_force(indicator, year, facts.revisions),
        revised=any(r.effective_year <= year for r in facts.revisions),
        values=facts.values,
        statuses=facts.statuses,
        demo=facts.demo,
        demo_years=frozenset(facts.demo_years),
        latest_year=latest_year,
        latest=latest,
        assigned=facts.assigned,
    )


def indicator_attainment(*, indicators, year: int) -> dict[int, IndicatorAttainment]:
    """{indicator id: IndicatorAttainment} for `year` (kept within each plan's years), in a fixed
    number of queries whatever the number of indicators."""
    indicators = list(indicators)
    facts, plans = _read(indicators)
    return {i.pk: _judge(i, plans[i.plan_id], year, facts[i.pk]) for i in indicators}


def indicator_years(*, indicator) -> dict[int, IndicatorAttainment]:
    """One indicator judged for every year of its plan, read once."""
    facts, plans = _read([indicator])
    plan = plans[indicator.plan_id]
    found: dict[int, IndicatorAttainment] = {}
    for year in plan.years:  # in order, so each year's latest is an earlier year already judged
        found[year] = _judge(
            indicator, plan, year, facts[indicator.pk], {y: f.assessment for y, f in found.items()}
        )
    return found


def indicator_path(indicator, target: str) -> dict[int, Decimal]:
    """The straight path from the baseline to `target` over the indicator's plan (the chart's line)."""
    plan = indicator.plan
    return straight_path(
        direction=indicator.direction,
        baseline=indicator.baseline_text or indicator.baseline_value,
        target=target,
        baseline_year=plan.baseline_year,
        end_year=plan.end_year,
    )


# --- one history across successive plans ---------------------------------------------------------


@dataclass(frozen=True)
class PlanIndicator:
    """An indicator of one plan in a lineage, with its approved figures."""

    indicator: Indicator
    values: dict[int, Decimal]  # year of its plan → approved figure

    @property
    def plan(self) -> Plan:
        return self.indicator.plan


@dataclass(frozen=True)
class Handover:
    """Where a plan hands over to the next: the next plan's printed baseline beside the figure approved
    for that year under the plan before (十五五's 2025 baseline beside 十四五's approved 2025 value)."""

    earlier: PlanIndicator
    later: PlanIndicator
    year: int  # the later plan's baseline year, a year of the earlier plan
    approved: Decimal | None
    baseline: Decimal | None

    @property
    def mismatch(self) -> bool:
        return None not in (self.approved, self.baseline) and self.approved != self.baseline


@dataclass(frozen=True)
class Lineage:
    periods: list[PlanIndicator] = field(default_factory=list)  # by period, the indicator's own among them
    handovers: list[Handover] = field(default_factory=list)


def indicator_lineage(indicator) -> Lineage:
    """The indicator and those of its key in the other plans of its jurisdiction (十四五 and 十五五),
    ordered by period, with their approved figures and where each plan hands over to the next. Empty
    when no other plan prints the key. Two queries at most (one when there is no other plan)."""
    if not indicator.key:
        return Lineage()
    own = indicator.plan
    candidates = (
        Indicator.objects.assessed()
        .filter(key=indicator.key, plan__jurisdiction_id=own.jurisdiction_id)
        .exclude(plan_id=own.pk)
        .select_related("plan")
        .order_by("plan__start_year", "plan_id", "box__number", "seq")
    )
    others: dict[int, Indicator] = {}
    for other in candidates:
        overlaps = other.plan.start_year <= own.end_year and own.start_year <= other.plan.end_year
        if not overlaps:
            others.setdefault(other.plan_id, other)  # one per plan: the first the plan prints
    if not others:
        return Lineage()
    members = sorted([indicator, *others.values()], key=lambda i: i.plan.start_year)
    values: dict[int, dict[int, Decimal]] = defaultdict(dict)
    rows = (
        IndicatorValue.objects.approved()
        .filter(indicator_id__in=[i.pk for i in members], value__isnull=False)
        .values_list("indicator_id", "year", "value")
    )
    by_pk = {i.pk: i for i in members}
    for indicator_id, year, value in rows:
        if by_pk[indicator_id].plan.covers(year):
            values[indicator_id][year] = value
    periods = [PlanIndicator(i, dict(sorted(values[i.pk].items()))) for i in members]
    handovers = [
        Handover(
            earlier=earlier,
            later=later,
            year=later.plan.baseline_year,
            approved=earlier.values.get(later.plan.baseline_year),
            baseline=parse_number(later.indicator.baseline_text or later.indicator.baseline_value),
        )
        for earlier, later in zip(periods, periods[1:], strict=False)
        if earlier.plan.covers(later.plan.baseline_year)
    ]
    return Lineage(periods, handovers)
