"""Reading attainment: one read path for the dashboard, the spreadsheets, the API and the indicator page.

`indicator_attainment` reads, for many indicators at once, what `attainment.assess` needs (approved
values only: a draft or a submitted figure has not been checked by a reviewer) and returns per
indicator the assessment, the target in force, whether it was revised and the approved values. The
target in force for a year is the latest target revision (中期调整) effective by then, else the
printed target.

Each indicator carries its `Verdict` (`indicators.verdicts`): the one judgement every output prints,
made here and nowhere else; that module states how a status is decided, mid-period and final. Where a
text target has figures assigned from above (`AssignedTarget`, 年度下达目标) the assessment judges
against them (`attainment.Assigned`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from plans.models import Plan

from .attainment import BINDING, Assessment, Assigned, assess, conclude, parse_number, rule, straight_path
from .models import AssignedTarget, Indicator, IndicatorValue, TargetRevision
from .validation import is_percentage, measures_change
from .verdicts import TargetInForce, TargetSource, Verdict

CHUNK = 5000  # SQLite allows some 32 000 parameters per query


def revision_in_force(revisions, year: int):
    """The latest target revision effective by `year`, or None."""
    in_force = [r for r in revisions if r.effective_year <= year]
    return max(in_force, key=lambda r: r.effective_year) if in_force else None


def target_in_force(indicator, year: int, revisions=None) -> str:
    """The printed target for `year`: the latest revision effective by then, else the plan's own."""
    if revisions is None:
        revisions = indicator.revisions.all()
    revision = revision_in_force(revisions, year)
    return revision.target_text if revision is not None else indicator.target_text


def bounds(indicator) -> dict:
    """What the measure can physically be: changes may fall below zero, shares stop at 100."""
    return {
        "floor": None if measures_change(indicator.name) else 0,
        "ceiling": 100 if is_percentage(indicator.unit) else None,
    }


@dataclass(frozen=True)
class IndicatorAttainment:
    """An indicator judged for one year (`verdict`, what every output prints), with the approved
    values and assigned figures it was judged on."""

    year: int
    verdict: Verdict
    assessment: Assessment  # the year's own value judged (a year's row on the indicator page)
    values: dict[int, Decimal | None] = field(default_factory=dict)  # approved figures, every year
    statuses: dict[int, str] = field(default_factory=dict)  # approved statuses, every year
    demo: bool = False  # some approved value is demo data
    demo_years: frozenset[int] = frozenset()  # the years whose approved value is demo data
    assigned: dict[int, AssignedTarget] = field(default_factory=dict)  # year → figure assigned from above

    @property
    def status(self):
        return self.verdict.status

    @property
    def target(self) -> str:
        return self.verdict.target.text

    @property
    def revised(self) -> bool:
        return self.verdict.target.revised

    @property
    def latest_year(self) -> int | None:
        return self.verdict.value_year

    @property
    def latest_value(self):
        return self.verdict.shown_value

    @property
    def standing(self) -> Assessment:
        return self.verdict.assessment

    @property
    def assigned_target(self) -> AssignedTarget | None:
        return self.verdict.target.assigned


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
            "indicator_id", "effective_year", "target_text", "reason", "decided_on"
        )
        for revision in revisions:
            facts[revision.indicator_id].revisions.append(revision)
        for figure in AssignedTarget.objects.filter(indicator_id__in=ids):
            facts[figure.indicator_id].assigned[figure.year] = figure
    return facts, plans


def _assigned(facts: _Facts) -> Assigned | None:
    if not facts.assigned:
        return None
    figures = {y: figure.value for y, figure in facts.assigned.items()}
    return Assigned(figures, at_most=facts.assigned[max(facts.assigned)].at_most)


def _assess(indicator, plan, year: int, facts: _Facts, target: str) -> Assessment:
    return assess(
        direction=indicator.direction,
        baseline=indicator.baseline_text or indicator.baseline_value,
        target=target,
        values={y: v for y, v in facts.values.items() if v is not None},
        year=year,
        text_status=facts.statuses.get(year),
        attribute=indicator.attribute,
        start_year=plan.start_year,
        end_year=plan.end_year,
        baseline_year=plan.baseline_year,
        assigned=_assigned(facts),
        **bounds(indicator),
    )


def _reported(facts: _Facts, year: int) -> bool:
    return facts.values.get(year) is not None or bool(facts.statuses.get(year))


def _latest_year(plan, year: int, facts: _Facts) -> int | None:
    reported = [
        y for y in {*facts.statuses, *facts.values} if plan.start_year <= y <= year and _reported(facts, y)
    ]
    return max(reported) if reported else None


def is_final(plan, year: int, *, reported: bool, today: datetime.date) -> bool:
    """Whether the verdict of `year` is final: the plan's last year, approved or over (see `verdicts`)."""
    return year == plan.end_year and (reported or today > datetime.date(plan.end_year, 12, 31))


def _target(indicator, year: int, judged_year: int, revisions, facts: _Facts) -> TargetInForce:
    """The target in force for `year` and where it comes from; the assigned figure of the year judged."""
    assigned = facts.assigned.get(judged_year)
    if (revision := revision_in_force(revisions, year)) is not None:
        return TargetInForce(
            text=revision.target_text,
            source=TargetSource.REVISED,
            printed=indicator.target_text,
            number=parse_number(revision.target_text),
            revised_from=revision.effective_year,
            revised_on=revision.decided_on,
            reason=revision.reason,
            assigned=assigned,
        )
    text = indicator.target_text
    number = parse_number(text)
    if number is None and assigned is not None:
        return TargetInForce(text, TargetSource.ASSIGNED, text, assigned.value, assigned=assigned)
    return TargetInForce(text, TargetSource.PRINTED, text, number, assigned=assigned)


def _judge(indicator, plan, year: int, facts: _Facts, today: datetime.date) -> IndicatorAttainment:
    """The one place a verdict is made (see `verdicts` for the rules)."""
    year = plan.clamp_year(year)
    target_text = target_in_force(indicator, year, facts.revisions)
    own = _assess(indicator, plan, year, facts, target_text)
    final = is_final(plan, year, reported=_reported(facts, year), today=today)
    if final:
        own = conclude(own)
        judged_year = year if _reported(facts, year) else None
        assessment = own
    else:
        judged_year = _latest_year(plan, year, facts)
        assessment = (
            own if judged_year in (None, year) else _assess(indicator, plan, judged_year, facts, target_text)
        )
    verdict = Verdict(
        indicator_id=indicator.pk,
        year=year,
        end_year=plan.end_year,
        binding=indicator.attribute == BINDING,
        rule=rule(
            direction=indicator.direction,
            target=target_text,
            assigned=_assigned(facts),
            year=judged_year or year,
            end_year=plan.end_year,
        ),
        target=_target(indicator, year, judged_year or year, facts.revisions, facts),
        assessment=assessment,
        final=final,
        value=facts.values.get(judged_year) if judged_year else None,
        text_status=facts.statuses.get(judged_year) if judged_year else None,
        value_year=judged_year,
    )
    return IndicatorAttainment(
        year=year,
        verdict=verdict,
        assessment=own,
        values=facts.values,
        statuses=facts.statuses,
        demo=facts.demo,
        demo_years=frozenset(facts.demo_years),
        assigned=facts.assigned,
    )


def indicator_attainment(
    *, indicators, year: int, today: datetime.date | None = None
) -> dict[int, IndicatorAttainment]:
    """{indicator id: IndicatorAttainment} for `year` (kept within each plan's years), in a fixed
    number of queries whatever the number of indicators. `today` (the local date by default) tells
    whether a plan's last year is over."""
    indicators = list(indicators)
    today = today or timezone.localdate()
    facts, plans = _read(indicators)
    return {i.pk: _judge(i, plans[i.plan_id], year, facts[i.pk], today) for i in indicators}


def indicator_years(*, indicator) -> dict[int, IndicatorAttainment]:
    """One indicator judged for every year of its plan, read once."""
    facts, plans = _read([indicator])
    plan = plans[indicator.plan_id]
    today = timezone.localdate()
    return {year: _judge(indicator, plan, year, facts[indicator.pk], today) for year in plan.years}


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
