"""Reading an evaluation report (评估报告) of one plan or of a jurisdiction's plans: the database →
`document.Report`, in a fixed number of queries whatever the number of plans.

Approved records only, as everywhere on the officials' pages: indicator values come through the one
attainment read path (`indicators.selectors.indicator_attainment`), task and project progress through
`indicators.completion` (已完成 in any year counts from that year on, with that year). Each indicator
prints its `Verdict` (`indicators.verdicts`): mid-period the latest approved value up to the report's
year with that year; final (已达标 / 未达标, no forecast) on the plan's last year, which says so when
that year's value is not reported.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import F
from django.utils.translation import gettext as _

from accounts.models import Jurisdiction
from indicators.attainment import BINDING, Status, parse_number
from indicators.completion import NOTHING, progress_completion
from indicators.models import Indicator, ProgressStatus, ProjectProgress, TaskProgress
from indicators.precision import estimated, indicator_places, shown
from indicators.selectors import IndicatorAttainment, indicator_attainment, indicator_path
from indicators.verdicts import problems_first
from plans.models import KeyProject, Plan, Task
from plans.periods import period_name
from plans.selectors import task_units_by_role

from .document import (
    Bucket,
    ChapterProgress,
    Chart,
    Comparison,
    ComparisonRow,
    IndicatorLine,
    Kind,
    PlanEvaluation,
    ProjectLine,
    Report,
    Risk,
    TaskLine,
)

BUCKETS = {
    Status.MET: Bucket.MET,
    Status.DONE: Bucket.MET,
    Status.ON_TRACK: Bucket.ON_TRACK,
    Status.IN_PROGRESS: Bucket.ON_TRACK,
    Status.BEHIND: Bucket.BEHIND,
    Status.NOT_MET: Bucket.BEHIND,
    Status.REGRESSING: Bucket.BEHIND,
    Status.NOT_DONE: Bucket.BEHIND,
    Status.NO_DATA: Bucket.NO_DATA,
    Status.NOT_ASSESSABLE: Bucket.NO_DATA,
}
OFF_TRACK = {Status.BEHIND, Status.REGRESSING, Status.NOT_DONE, Status.NOT_MET}


class NoPlan(Exception):
    """No plan of the jurisdiction covers the year."""


def kind_of(plan: Plan, year: int) -> Kind:
    return Kind.FINAL if plan.clamp_year(year) >= plan.end_year else Kind.MIDTERM


def plan_evaluation(*, plan: Plan, year: int, written_on: datetime.date, user=None) -> Report:
    """The report on one plan for `year` (kept within the plan's years), with the rows `user` may
    read (all of them for None)."""
    year = plan.clamp_year(year)
    kind = kind_of(plan, year)
    title = _("%(plan)s %(kind)s report") % {"plan": plan.title, "kind": kind_label(kind)}
    return _report(title, plan.jurisdiction.name, kind, year, [plan], written_on, {plan.pk}, user)


def jurisdiction_plans(*, jurisdiction, year: int, user=None):
    """The plans covering `year` of the jurisdiction and of those below it, its own first."""
    plans = Plan.objects.filter(jurisdiction__in=Jurisdiction.objects.within(jurisdiction)).covering(year)
    if user is not None:
        plans = plans.visible_to(user)
    plans = plans.select_related("jurisdiction")
    return sorted(
        plans,
        key=lambda p: (p.jurisdiction_id != jurisdiction.pk, p.is_synthetic, p.jurisdiction.name, p.title),
    )


def jurisdiction_evaluation(
    *, jurisdiction: Jurisdiction, year: int, written_on: datetime.date, user=None
) -> Report:
    """The report on the plans of a jurisdiction and those below it covering `year`: one section each."""
    plans = jurisdiction_plans(jurisdiction=jurisdiction, year=year, user=user)
    if not plans:
        raise NoPlan(
            _("No plan of %(region)s or below it covers %(year)s.")
            % {"region": jurisdiction.name, "year": year}
        )
    if len(plans) == 1:
        return plan_evaluation(plan=plans[0], year=year, written_on=written_on, user=user)
    main = plans[0]
    kind = kind_of(main, year)
    title = _(
        "%(region)s and the regions below it: %(period)s eco-environmental protection plans, %(kind)s report"
    ) % {
        "region": jurisdiction.name,
        "period": period_name(main.start_year, main.end_year),
        "kind": kind_label(kind),
    }
    # A trend chart for each binding indicator of the jurisdiction's own plan; the plans below are set
    # beside it in one chart per shared binding indicator (a province has hundreds of them).
    own = {plan.pk for plan in plans if plan.jurisdiction_id == jurisdiction.pk}
    report = _report(title, jurisdiction.name, kind, main.clamp_year(year), plans, written_on, own, user)
    return report


def kind_label(kind: Kind) -> str:
    return _("final evaluation") if kind == Kind.FINAL else _("midterm evaluation")


def _report(title, scope, kind, year, plans, written_on, charted, user=None) -> Report:
    main = plans[0]
    evaluations, comparisons = _evaluate(plans, year, charted, user)
    return Report(
        title=title,
        scope=scope,
        kind=kind,
        year=year,
        start_year=main.start_year,
        end_year=main.end_year,
        baseline_year=main.baseline_year,
        written_on=written_on,
        plans=evaluations,
        comparisons=comparisons,
    )


def _evaluate(
    plans: list[Plan], year: int, charted: set[int], user=None
) -> tuple[list[PlanEvaluation], list[Comparison]]:
    ids = [plan.pk for plan in plans]
    by_pk = {plan.pk: plan for plan in plans}
    indicators = list(
        Indicator.objects.filter(plan_id__in=ids)
        .seen_by(user)
        .assessed()
        .select_related("box")
        .order_by("plan_id", F("box__number").asc(nulls_last=True), "source", "seq")
    )
    for indicator in indicators:
        indicator.plan = by_pk[indicator.plan_id]
    judged = indicator_attainment(indicators=indicators, year=year)
    indicator_units = _names(
        Indicator.units.through.objects.filter(indicator__plan_id__in=ids).order_by("responsibleunit__name"),
        "indicator_id",
        "responsibleunit__name",
    )
    chapters = _chapters(ids, year, user)
    projects = _projects(ids, year, user)
    out = {
        plan.pk: PlanEvaluation(
            title=plan.title,
            region=plan.jurisdiction.name,
            synthetic=plan.is_synthetic,
            chapters=chapters.get(plan.pk, []),
            projects=projects.get(plan.pk, []),
        )
        for plan in plans
    }
    missed = defaultdict(list)
    for indicator in indicators:
        evaluation = out[indicator.plan_id]
        seq = len(evaluation.indicators) + 1
        line = _line(indicator, judged[indicator.pk], seq, indicator_units, indicator.plan_id in charted)
        evaluation.indicators.append(line)
        counts = evaluation.binding if line.binding else evaluation.indicative
        found = judged[indicator.pk]
        verdict = found.verdict
        counts.add(
            BUCKETS[verdict.status],
            regressing=verdict.status == Status.REGRESSING,
            forecast_miss=verdict.forecast is not None and verdict.assessment.forecast_meets_target is False,
            not_met=verdict.status == Status.NOT_MET,
            unreported=verdict.unreported,
        )
        if line.missed or (line.binding and verdict.unreported):
            # A binding indicator without its final value cannot be judged: a problem too, listed
            # after those not met (`problems_first`).
            problem = _problem(line, found, indicator.plan.end_year, indicator_places(indicator))
            missed[indicator.plan_id].append(
                (verdict, Risk(evaluation.region, line.name, problem, line.units))
            )
    for pk, evaluation in out.items():
        # Binding indicators not met at the end first, then those off track.
        evaluation.risks.extend(risk for _verdict, risk in problems_first(missed[pk], lambda pair: pair[0]))
        evaluation.risks.extend(_late_work(evaluation))
    return [out[pk] for pk in ids], _comparisons(indicators, judged, year) if len(plans) > 1 else []


def _comparisons(indicators, judged, year: int) -> list[Comparison]:
    """Binding indicators printed by at least two of the plans (same key), each region's latest value
    beside its target, in the order of the first plan's table."""
    shared = defaultdict(list)
    for indicator in indicators:
        if indicator.key and indicator.attribute == BINDING:
            shared[indicator.key].append(indicator)
    out = []
    for group in shared.values():
        if len({i.plan_id for i in group}) < 2:
            continue
        rows = []
        for indicator in group:
            verdict = judged[indicator.pk].verdict
            rows.append(
                ComparisonRow(
                    region=indicator.plan.jurisdiction.name,
                    value=_float(verdict.value),
                    target=_float(verdict.target.number),
                    status=str(verdict.status),
                    value_year=verdict.value_year if verdict.value is not None else None,
                    status_label=verdict.label,
                    unreported=verdict.unreported,
                )
            )
        if any(row.value is not None or row.target is not None for row in rows):
            out.append(Comparison(group[0].name, group[0].unit, rows, year=year))
    return out


def _names(rows, key, name) -> dict[int, str]:
    names = defaultdict(list)
    for pk, text in rows.values_list(key, name):
        names[pk].append(text)
    return {pk: "、".join(found) for pk, found in names.items()}


def _line(
    indicator: Indicator, found: IndicatorAttainment, seq: int, units: dict, charted: bool
) -> IndicatorLine:
    verdict = found.verdict
    plan = indicator.plan
    places = indicator_places(indicator)
    figure = printed = ""
    if verdict.value_year is not None:
        value = verdict.value
        figure = shown(value, places) if value is not None else str(ProgressStatus(verdict.text_status).label)
        printed = _("%(value)s (%(year)s)") % {"value": figure, "year": verdict.value_year}
    elif verdict.unreported:
        printed = verdict.label
    binding = verdict.binding
    misses = verdict.forecast is not None and verdict.assessment.forecast_meets_target is False
    target_text = verdict.target.text
    return IndicatorLine(
        seq=seq,
        name=indicator.name,
        unit=indicator.unit,
        baseline=indicator.baseline_text or shown(indicator.baseline_value, places),
        target=target_text,
        target_revised=verdict.target.revised,
        latest=printed,
        status=str(verdict.status),
        status_label=verdict.label,
        forecast=estimated(verdict.forecast, places),
        forecast_misses=misses,
        attribute=indicator.get_attribute_display(),
        binding=binding,
        demo=found.demo,
        missed=binding and (verdict.status in OFF_TRACK or misses),
        units=units.get(indicator.pk, ""),
        chart=_chart(indicator, found, plan) if binding and charted else None,
        final=verdict.final,
        value=figure,
        value_year=verdict.value_year,
        target_note=verdict.target.note,
        rule=verdict.rule_label,
        latest_demo=verdict.value_year in found.demo_years,
    )


def _chart(indicator: Indicator, found: IndicatorAttainment, plan: Plan) -> Chart:
    path = indicator_path(indicator, found.target)
    years = [plan.baseline_year, *plan.years]
    baseline = parse_number(indicator.baseline_text or indicator.baseline_value)
    values = [_float(baseline), *(_float(found.values.get(y)) for y in plan.years)]
    statuses = {y: s for y, s in found.statuses.items() if plan.covers(y)}
    return Chart(
        title=indicator.name,
        unit=indicator.unit,
        years=years,
        values=values,
        path=[_float(path.get(y)) for y in years] if path else [],
        target=_float(found.verdict.target.number),
        statuses={y: str(ProgressStatus(s).label) for y, s in statuses.items()},
        status_codes=statuses,
        demo_years=frozenset(y for y in found.demo_years if plan.covers(y)),
        places=indicator_places(indicator),
    )


def _float(value):
    return None if value is None else float(value)


def _problem(line: IndicatorLine, found: IndicatorAttainment, end_year: int, places: int | None) -> str:
    """What is wrong, in sentences a reader can read aloud: "2025年为36µg/m3，未达标。" at the end, mid-period
    "2023年为38µg/m3，按规划进度应为33.0，进度滞后；按现有趋势预计2025年为35.9，达不到30的目标。"."""
    verdict = found.verdict
    if verdict.unreported:
        return _("%(year)s data not reported: whether the target was met cannot be judged.") % {
            "year": verdict.end_year
        }
    assessment = verdict.assessment
    clauses, sentences = [], []
    if verdict.status in OFF_TRACK and verdict.value_year is not None:
        if verdict.value is None:
            clauses.append(
                _("in %(year)s it was reported %(status)s")
                % {"year": verdict.value_year, "status": ProgressStatus(verdict.text_status).label}
            )
        else:
            clauses.append(
                _("in %(year)s it was %(value)s%(unit)s")
                % {"year": verdict.value_year, "value": shown(verdict.value, places), "unit": line.unit}
            )
    if assessment.expected is not None and verdict.status == Status.BEHIND:
        clauses.append(
            _("the path to the target asks for %(expected)s")
            % {"expected": estimated(assessment.expected, places)}
        )
    if verdict.status in OFF_TRACK:
        clauses.append(line.status_label)
    if clauses:
        sentences.append("，".join(clauses))
    if line.forecast_misses:
        sentences.append(
            _("on the current trend %(year)s would reach %(forecast)s, short of the target %(target)s")
            % {"year": end_year, "forecast": line.forecast, "target": line.target}
        )
    return "；".join(sentences) + "。" if sentences else ""


def _chapters(plan_ids, year, user=None) -> dict[int, list[ChapterProgress]]:
    """Task counts per chapter by the status in force for the year (已完成 in an earlier year counts as
    completed, with that year), and the tasks with one."""
    progress = progress_completion(TaskProgress, plan_ids=plan_ids, year=year)
    leads = _task_units(plan_ids)
    tasks = (
        Task.objects.filter(section__chapter__plan_id__in=plan_ids)
        .seen_by(user)
        .order_by("section__chapter__plan_id", "section__chapter__number", "section__number", "order")
        .values_list(
            "pk", "section__chapter__plan_id", "section__chapter__number", "section__chapter__title", "title"
        )
    )
    chapters: dict[tuple, ChapterProgress] = {}
    for pk, plan_id, number_, title, task_title in tasks:
        chapter = chapters.get((plan_id, number_))
        if chapter is None:
            chapter = chapters[plan_id, number_] = ChapterProgress(number_, title)
        chapter.tasks += 1
        found = progress.get(pk, NOTHING)
        status = found.status(year)
        if not status:
            continue
        counted = {ProgressStatus.DONE: "done", ProgressStatus.IN_PROGRESS: "in_progress"}.get(
            status, "not_done"
        )
        setattr(chapter, counted, getattr(chapter, counted) + 1)
        chapter.lines.append(
            TaskLine(task_title, status, found.label(year), found.narrative, leads.get(pk, ""), found.demo)
        )
    out = defaultdict(list)
    for (plan_id, _number), chapter in chapters.items():
        out[plan_id].append(chapter)
    return out


def _task_units(plan_ids) -> dict[int, str]:
    """The lead units of each task, else all of its units."""
    return {pk: "、".join(lead or others) for pk, (lead, others) in task_units_by_role(plan_ids).items()}


def _projects(plan_ids, year, user=None) -> dict[int, list[ProjectLine]]:
    progress = progress_completion(ProjectProgress, plan_ids=plan_ids, year=year)
    units = _names(
        KeyProject.units.through.objects.filter(keyproject__box__plan_id__in=plan_ids).order_by(
            "responsibleunit__name"
        ),
        "keyproject_id",
        "responsibleunit__name",
    )
    out = defaultdict(list)
    for pk, plan_id, box_number, box_title, title in (
        KeyProject.objects.filter(box__plan_id__in=plan_ids)
        .seen_by(user)
        .order_by("box__plan_id", "box__number", "seq")
        .values_list("pk", "box__plan_id", "box__number", "box__title", "title")
    ):
        found = progress.get(pk, NOTHING)
        out[plan_id].append(
            ProjectLine(
                box=_("Box %(number)s %(title)s") % {"number": box_number, "title": box_title},
                title=title,
                status=found.status(year),
                status_label=found.label(year),
                narrative=found.narrative,
                units=units.get(pk, ""),
                demo=found.demo,
            )
        )
    return out


def _late_work(evaluation: PlanEvaluation) -> list[Risk]:
    """Tasks and key projects whose approved status of the year is 未完成."""
    lines = [*(line for chapter in evaluation.chapters for line in chapter.lines), *evaluation.projects]
    return [
        Risk(evaluation.region, line.title, line.status_label, line.units)
        for line in lines
        if line.status == ProgressStatus.NOT_DONE
    ]
