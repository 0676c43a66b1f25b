"""Reading plans for the spreadsheets: the database → the plain rows of `formats.rows`.

A fixed number of queries whatever the number of plans (about a dozen): every list is fetched once
for all plans and grouped in Python.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import F
from django.utils.translation import gettext as _

from accounts.models import Jurisdiction
from indicators.attainment import STATUS_LABELS, Status, parse_number
from indicators.completion import progress_completion
from indicators.models import Indicator, IndicatorValue, ProjectProgress, TaskProgress
from indicators.selectors import indicator_attainment
from plans.models import KeyProject, Plan, Task
from plans.selectors import task_units_by_role

from .formats.rows import IndicatorRow, PlanReport, ProjectRow, TaskRow, TemplateRow


def plans_visible_to(user):
    return (
        Plan.objects.visible_to(user).select_related("jurisdiction").order_by("jurisdiction__name", "title")
    )


def overview_report_plans(user, *, year: int, jurisdiction=None) -> list:
    """The plans of the overview's report: those `user` sees (of `jurisdiction` and those below it, when
    given) that report in `year`, as the overview counts them (2025 is 十四五's last year, not a year of
    十五五); all of them when none does."""
    plans = plans_visible_to(user)
    if jurisdiction is not None:
        plans = plans.filter(jurisdiction__in=Jurisdiction.objects.within(jurisdiction))
    return list(plans.covering(year)) or list(plans)


def report_indicators(plan_ids, user=None):
    """The indicators a report lists: the 十四五 tables and text goals, not the 十三五 review."""
    return (
        Indicator.objects.filter(plan_id__in=plan_ids)
        .seen_by(user)
        .exclude(source=Indicator.Source.REVIEW)
        .select_related("box")
        .order_by("plan_id", F("box__number").asc(nulls_last=True), "source", "seq")
    )


def _label(code) -> str:
    return str(STATUS_LABELS[Status(code)]) if code else ""


def _shown(record_value, record_status):
    return record_value if record_value is not None else _label(record_status)


def _demo_marked(text: str, is_demo: bool) -> str:
    """Printed reports say so beside any demo figure, so it is never passed off as a real one."""
    if not is_demo:
        return text
    mark = _("demo data")
    return f"{text}（{mark}）" if text else mark


def _target(indicator, target):
    """The verdict's target in force as printed (a plain number as a number)."""
    if not target.revised:
        return _printed(indicator.target_text, indicator.target_value)
    return _printed(target.text, parse_number(target.text))


def _printed_beside(target) -> str:
    """The printed target kept beside a revised one (中期调整)."""
    return _("Printed target: %(target)s") % {"target": target.printed} if target.revised else ""


def _judged_on(verdict) -> str:
    """Which value the status judges, where it is not the report year's own."""
    if verdict.value_year is None or verdict.value_year == verdict.year:
        return ""
    return _("judged on the %(year)s value") % {"year": verdict.value_year}


def _note(*parts) -> str:
    return "；".join(part for part in parts if part)


def _indicator_rows(indicators, plans, year):
    """`plans`: {id: plan}, which also spares the assessment reading the plans again."""
    for indicator in indicators:
        indicator.plan = plans[indicator.plan_id]
    # The one attainment read path: approved values only, as on the dashboard, and the target in force.
    found = indicator_attainment(indicators=indicators, year=year) if indicators else {}
    rows = defaultdict(list)
    for indicator in indicators:
        judged = found[indicator.pk]
        # The indicator's verdict, as every output prints it (`indicators.verdicts`).
        verdict = judged.verdict
        values = {y: v if v is not None else _label(judged.statuses.get(y)) for y, v in judged.values.items()}
        rows[indicator.plan_id].append(
            IndicatorRow(
                category=indicator.category,
                seq=indicator.seq,
                name=indicator.name,
                unit=indicator.unit,
                baseline=_printed(indicator.baseline_text, indicator.baseline_value),
                values=values,
                target=_target(indicator, verdict.target),
                target_revised=verdict.target.revised,
                attribute=indicator.attribute,
                status=str(verdict.status),
                status_label=verdict.label,
                note=_demo_marked(
                    _note(
                        verdict.target.assigned.label if verdict.target.assigned else "",
                        indicator.footnote,
                        _printed_beside(verdict.target),
                        _judged_on(verdict),
                    ),
                    judged.demo,
                ),
                forecast=verdict.forecast,
                forecast_misses=verdict.warning,
                final=verdict.final,
                unreported=verdict.unreported,
            )
        )
    return rows


def _printed(text, number):
    """A plain printed number goes out as a number, anything else ("≥90", "--", 完成…) as printed."""
    if number is not None and text.strip() == format(number.normalize(), "f"):
        return number
    return text or number


def _progress(model, plan_ids, year):
    """Statuses in force by subject and year up to the report year (已完成 carried on from its year,
    `indicators.completion`), and the latest progress text reported up to it: {subject: (year, text,
    is_demo)} (a demo record is marked in its own column, not in the text)."""
    found = progress_completion(model, plan_ids=plan_ids, year=year)
    statuses = defaultdict(dict, {pk: completion.statuses for pk, completion in found.items()})
    narratives = {
        pk: (completion.narrative_year, completion.narrative, completion.narrative_demo)
        for pk, completion in found.items()
        if completion.narrative
    }
    return statuses, narratives


def _narrative(found) -> dict:
    if found is None:
        return {}
    year, text, demo = found
    return {"narrative": text, "narrative_year": year, "demo": demo}


def _task_rows(plan_ids, year, user):
    """Read as plain tuples: thousands of tasks and their units, without building model instances."""
    statuses, narratives = _progress(TaskProgress, plan_ids, year)
    units = task_units_by_role(plan_ids)
    tasks = (
        Task.objects.filter(section__chapter__plan_id__in=plan_ids)
        .seen_by(user)
        .order_by("section__chapter__plan_id", "section__chapter__number", "section__number", "order")
        .values_list(
            "pk", "section__chapter__plan_id", "section__chapter__number", "section__chapter__title", "title"
        )
    )
    chapters, rows = {}, defaultdict(list)
    for pk, plan_id, number, chapter_title, title in tasks:
        if (plan_id, number) not in chapters:
            chapters[plan_id, number] = _("Chapter %(number)s %(title)s") % {
                "number": number,
                "title": chapter_title,
            }
        lead, others = units[pk]
        rows[plan_id].append(
            TaskRow(
                chapter=chapters[plan_id, number],
                title=title,
                lead_units="、".join(lead),
                responsible_units="、".join(others),
                statuses=statuses[pk],
                **_narrative(narratives.get(pk)),
            )
        )
    return rows


def _project_rows(plan_ids, year, user):
    statuses, narratives = _progress(ProjectProgress, plan_ids, year)
    units = defaultdict(list)
    for project_id, name in (
        KeyProject.units.through.objects.filter(keyproject__box__plan_id__in=plan_ids)
        .order_by("keyproject_id", "responsibleunit__name")
        .values_list("keyproject_id", "responsibleunit__name")
    ):
        units[project_id].append(name)
    projects = (
        KeyProject.objects.filter(box__plan_id__in=plan_ids)
        .seen_by(user)
        .select_related("box")
        .order_by("box__plan_id", "box__number", "seq")
    )
    rows = defaultdict(list)
    for project in projects:
        rows[project.box.plan_id].append(
            ProjectRow(
                box=str(project.box),
                seq=project.seq,
                title=project.title,
                units="、".join(units[project.pk]),
                statuses=statuses[project.pk],
                **_narrative(narratives.get(project.pk)),
            )
        )
    return rows


def plan_reports(*, plans, year: int, user=None) -> list[PlanReport]:
    """The report rows of `plans` (with their jurisdiction selected) assessed for `year` (kept within
    each plan's period), those the `user` may read (all of them for None)."""
    plans = list(plans)
    ids = [plan.pk for plan in plans]
    indicators = list(report_indicators(ids, user))
    indicator_rows = _indicator_rows(indicators, {plan.pk: plan for plan in plans}, year)
    task_rows, project_rows = {}, {}
    for report_year, plan_ids in _by_report_year(plans, year).items():  # progress up to each plan's year
        task_rows |= _task_rows(plan_ids, report_year, user)
        project_rows |= _project_rows(plan_ids, report_year, user)
    return [
        PlanReport(
            title=plan.title,
            jurisdiction=plan.jurisdiction.name,
            years=plan.years,
            baseline_year=plan.baseline_year,
            report_year=plan.clamp_year(year),
            indicators=indicator_rows[plan.pk],
            tasks=task_rows.get(plan.pk, []),
            projects=project_rows.get(plan.pk, []),
        )
        for plan in plans
    ]


def _by_report_year(plans, year) -> dict[int, list[int]]:
    found = defaultdict(list)
    for plan in plans:
        found[plan.clamp_year(year)].append(plan.pk)
    return found


def template_rows(*, indicators, years) -> list[TemplateRow]:
    """Rows of the import template: each indicator for each year, with what is recorded so far."""
    indicators = [i for i in indicators if i.source != Indicator.Source.REVIEW]
    recorded = {}
    records = IndicatorValue.objects.filter(
        indicator__in=[i.pk for i in indicators], year__in={y - 1 for y in years} | set(years)
    ).values_list("indicator_id", "year", "value", "status", "note", "version")
    for indicator_id, year, value, status, note, version in records:
        recorded[indicator_id, year] = (_shown(value, status), note, version)
    rows = []
    for year in years:
        for indicator in indicators:
            plan = indicator.plan
            if not plan.covers(year):
                continue
            shown, note, version = recorded.get((indicator.pk, year), (None, "", 0))
            if year - 1 == plan.baseline_year:
                previous = _printed(indicator.baseline_text, indicator.baseline_value)
            else:
                previous = recorded.get((indicator.pk, year - 1), (None,))[0]
            rows.append(
                TemplateRow(
                    row_number=0,
                    indicator_id=indicator.pk,
                    version=version,
                    year=year,
                    name=indicator.name,
                    unit=indicator.unit,
                    baseline=_printed(indicator.baseline_text, indicator.baseline_value),
                    target=_printed(indicator.target_text, indicator.target_value),
                    previous=previous,
                    value=shown if shown != "" else None,
                    note=note,
                )
            )
    return rows
