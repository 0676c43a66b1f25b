"""What each dashboard page shows, scoped to what the user may see, in a fixed number of queries."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Count, Exists, FilteredRelation, Min, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from accounts.models import Jurisdiction, ResponsibleUnit
from accounts.scope import Scope, is_admin, scope_of
from indicators.attainment import parse_number, remaining
from indicators.completion import NOTHING, progress_completion
from indicators.models import (
    Direction,
    Indicator,
    IndicatorValue,
    ProgressStatus,
    ProjectProgress,
    ReviewState,
    TaskProgress,
)
from indicators.selectors import PlanIndicator, indicator_lineage, indicator_path, indicator_years
from plans.models import Chapter, KeyProject, Plan, Task, TaskResponsibility
from plans.periods import period_name
from plans.selectors import jurisdictions_in_view

from . import scoreboard

UNREVIEWED = (ReviewState.SUBMITTED,)
NOT_SUBMITTED = (ReviewState.DRAFT, ReviewState.RETURNED)
PENDING = {"missing", ReviewState.DRAFT, ReviewState.RETURNED}  # `record_state`s still owed


def visible_jurisdictions(*, user):
    """(pk, name) of the jurisdictions the user may see, for the filter: those they read whole and
    those of the plans they open for their units' rows (`accounts.scope`)."""
    return list(jurisdictions_in_view(user).order_by("level", "name").values_list("pk", "name"))


def chosen_ids(jurisdiction: int | None) -> set[int] | None:
    """The jurisdiction chosen in the filter and those below it; None when none is chosen."""
    if jurisdiction is None:
        return None
    return set(Jurisdiction.objects.within(jurisdiction).values_list("pk", flat=True))


def scope_ids(*, user, jurisdiction: int | None) -> set[int] | None:
    """The jurisdictions the user reads whole, narrowed to a chosen one and those below it."""
    visible, chosen = scope_of(user).jurisdictions, chosen_ids(jurisdiction)
    if chosen is None:
        return None if visible is None else set(visible)
    return chosen if visible is None else chosen & visible


def scoped_rows(*, user, table: dict, filters: dict) -> list[scoreboard.Row]:
    """The rows the user may see (`accounts.scope`: their jurisdictions' and their units'), within the
    chosen jurisdiction, kept by the filters."""
    return scoreboard.filter_rows(
        table.values(),
        scope=scope_of(user),
        jurisdiction_ids=chosen_ids(filters.get("jurisdiction")),
        attribute=filters.get("attribute", ""),
        status=filters.get("status", ""),
        category=filters.get("category", ""),
    )


@dataclass(frozen=True)
class Label:
    """A plan as the overview lists it, taken from the rows (no query)."""

    pk: int
    name: str
    is_synthetic: bool
    jurisdiction_id: int


@dataclass(frozen=True)
class Place:
    """A jurisdiction row of the overview. Its tally (beside it in the list) sums its own plans and
    every plan below it; `own` counts its own plans only; `depth` indents it under its parent row."""

    pk: int
    name: str
    is_synthetic: bool
    parent_id: int | None  # the parent's row, None when the parent is not listed
    depth: int
    own: scoreboard.Tally


@dataclass
class Overview:
    total: scoreboard.Tally
    by_plan: list  # (Label, Tally)
    by_jurisdiction: list  # (Place, Tally including the jurisdictions below it)
    warnings: list  # Row, binding and not met at the end (first) or forecast to miss
    categories: list[str]
    own_by_jurisdiction: dict = field(default_factory=dict)  # jurisdiction pk → Tally of its own plans
    # Set on the summary of everything shared by all unfiltered visits of the whole data set: the key
    # under which their sorted lists may be kept (see `scoreboard.remember`).
    shared_key: tuple | None = None


def jurisdiction_links() -> dict[int, tuple[str, int | None, bool]]:
    """pk → (name, parent pk, synthetic) of every jurisdiction: a few hundred rows even with synthetic data."""
    rows = Jurisdiction.objects.values_list("pk", "name", "parent_id", "is_synthetic")
    return {pk: (name, parent, synthetic) for pk, name, parent, synthetic in rows}


def roll_up(own: dict[int, scoreboard.Tally], links: dict, scope: set[int] | None = None) -> list:
    """(Place, Tally) of each jurisdiction in scope with indicators in its own plans or below it; the
    tally adds a city's districts and development zones (and a province's cities) to its own plans."""

    def listed(pk):
        return pk in links and (scope is None or pk in scope)

    def ancestors(pk):  # the listed parent, its listed parent…; the tree is three levels deep
        seen = {pk}
        parent = links[pk][1]
        while parent is not None and listed(parent) and parent not in seen:
            seen.add(parent)
            yield parent
            parent = links[parent][1]

    sums: dict[int, scoreboard.Tally] = {}
    for pk, tally in own.items():
        if listed(pk):
            for node in (pk, *ancestors(pk)):
                sums.setdefault(node, scoreboard.Tally()).merge(tally)
    out = []
    for pk, tally in sums.items():
        name, parent, synthetic = links[pk]
        depth = len(list(ancestors(pk)))
        parent = parent if parent is not None and listed(parent) else None
        out.append((Place(pk, name, synthetic, parent, depth, own.get(pk) or scoreboard.Tally()), tally))
    return out


def summarise(rows, links: dict, scope: set[int] | None = None) -> Overview:
    """Tallies per plan and per jurisdiction (with those below it) and the early warnings, in one pass."""
    plans: dict[int, tuple[Label, scoreboard.Tally]] = {}
    warnings, categories = [], set()
    for row in rows:
        plan = plans.get(row.plan_id)
        if plan is None:
            plan = plans[row.plan_id] = (
                Label(row.plan_id, row.plan_title, row.synthetic, row.jurisdiction_id),
                scoreboard.Tally(),
            )
        plan[1].add(row)
        if row.warning or row.not_met:
            warnings.append(row)
        if row.category:
            categories.add(row.category)
    own: dict[int, scoreboard.Tally] = {}
    total = scoreboard.Tally()
    for label, plan_tally in plans.values():
        own.setdefault(label.jurisdiction_id, scoreboard.Tally()).merge(plan_tally)
        total.merge(plan_tally)
    return Overview(
        total=total,
        by_plan=list(plans.values()),
        by_jurisdiction=roll_up(own, links, scope),
        warnings=sorted(warnings, key=lambda row: not row.not_met),  # 约束性 未达标 first
        categories=sorted(categories),
        own_by_jurisdiction=own,
    )


def _everything(table, links, year, stamp) -> Overview:
    summary = summarise(table.values(), links)
    summary.shared_key = ("overview", year, stamp)
    return summary


def overview(*, user, year: int, filters: dict, stamp=None) -> Overview:
    """The overview's numbers. Without attribute, status or category filters (the usual visit) the
    summary of all plans is computed once per data version and only narrowed to the user's scope: the
    plans of the jurisdictions they read whole, plus the rows their units are responsible for elsewhere."""
    stamp = stamp or scoreboard.fingerprint()
    table = scoreboard.attainment_table(year=year, stamp=stamp)
    links = scoreboard.memo("jurisdictions", 0, lambda year: jurisdiction_links(), stamp)
    scope = scope_of(user)
    chosen = chosen_ids(filters.get("jurisdiction"))
    whole = scope_ids(user=user, jurisdiction=filters.get("jurisdiction"))
    everything = scoreboard.memo("summary", year, lambda year: _everything(table, links, year, stamp), stamp)
    if any(filters.get(name) for name in ("attribute", "status", "category")):
        rows = scoped_rows(user=user, table=table, filters=filters)
        summary = summarise(rows, links, _listed(whole, rows))
        summary.categories = everything.categories
        return summary
    if whole is None:
        return everything
    reached = _reached_rows(scope=scope, table=table, chosen=chosen, year=year, stamp=stamp)
    extra = summarise(reached, links)
    plans = [(label, t) for label, t in everything.by_plan if label.jurisdiction_id in whole] + extra.by_plan
    total = scoreboard.Tally()
    for _label, plan_tally in plans:
        total.merge(plan_tally)
    own = {pk: t for pk, t in everything.own_by_jurisdiction.items() if pk in whole}
    for pk, tally in extra.own_by_jurisdiction.items():
        own.setdefault(pk, scoreboard.Tally()).merge(tally)
    return Overview(
        total=total,
        by_plan=plans,
        by_jurisdiction=roll_up(own, links, _listed(whole, reached)),
        warnings=[row for row in everything.warnings if row.jurisdiction_id in whole] + extra.warnings,
        categories=everything.categories,
        own_by_jurisdiction=own,
    )


def _listed(whole: set[int] | None, rows) -> set[int] | None:
    """The jurisdictions the overview lists: those read whole and those of the rows shown."""
    return None if whole is None else whole | {row.jurisdiction_id for row in rows}


def _reached_rows(*, scope: Scope, table: dict, chosen: set[int] | None, year: int, stamp) -> list:
    """The rows the user sees only through their units (`accounts.scope`): outside the jurisdictions
    they read whole, within the chosen one. Found through an index of the rows by unit, kept per data
    version, so the usual visit does not walk the whole table."""
    if scope.everything or not scope.units:
        return []
    by_unit = scoreboard.memo("by_unit", year, lambda year: _rows_by_unit(table), stamp)
    pks = {pk for unit in scope.units for pk in by_unit.get(unit, ())}
    return [
        table[pk]
        for pk in sorted(pks, key=by_unit[None].__getitem__)
        if pk in table
        and table[pk].jurisdiction_id not in scope.jurisdictions
        and (chosen is None or table[pk].jurisdiction_id in chosen)
    ]


def _rows_by_unit(table: dict) -> dict:
    """unit pk → the pks of its rows; under None, each row's position in the table (its order)."""
    index: dict = {None: {}}
    for position, row in enumerate(table.values()):
        index[None][row.pk] = position
        for unit in row.unit_ids:
            index.setdefault(unit, []).append(row.pk)
    return index


def indicators_by_pk(pks) -> dict[int, Indicator]:
    """Display objects for one page of rows."""
    return (
        Indicator.objects.select_related("plan__jurisdiction")
        .only(
            "pk",
            "seq",
            "name",
            "unit",
            "baseline_text",
            "target_text",
            "attribute",
            "plan__title",
            "plan__is_synthetic",
            "plan__baseline_year",
            "plan__start_year",
            "plan__end_year",
            "plan__jurisdiction__name",
            "plan__jurisdiction__is_synthetic",
        )
        .in_bulk(list(pks))
    )


@dataclass(frozen=True)
class UnitEntry:
    """A responsible unit's data entry for a year: indicators it reports and their records' states."""

    pk: int
    name: str
    jurisdiction_id: int
    jurisdiction_name: str
    synthetic: bool
    total: int
    approved: int
    unreviewed: int
    not_submitted: int

    @property
    def missing(self) -> int:
        return self.total - self.approved - self.unreviewed - self.not_submitted


def compute_entry(*, year: int) -> list[UnitEntry]:
    """Counted in the database, for every unit that reports an indicator of a plan covering `year`."""
    units = (
        # Filtered before the counts, so they count only the indicators of plans covering `year`.
        ResponsibleUnit.objects.filter(
            indicators__plan__start_year__lte=year, indicators__plan__end_year__gte=year
        )
        .annotate(
            this_year=FilteredRelation("indicators__values", condition=Q(indicators__values__year=year)),
        )
        .annotate(
            total=Count("indicators", distinct=True),
            approved=Count("this_year", filter=Q(this_year__state=ReviewState.APPROVED)),
            unreviewed=Count("this_year", filter=Q(this_year__state__in=UNREVIEWED)),
            not_submitted=Count("this_year", filter=Q(this_year__state__in=NOT_SUBMITTED)),
        )
        .filter(total__gt=0)
        .values_list(
            "pk",
            "name",
            "jurisdiction_id",
            "jurisdiction__name",
            "jurisdiction__is_synthetic",
            "total",
            "approved",
            "unreviewed",
            "not_submitted",
        )
    )
    return [UnitEntry(*row) for row in units]


def unit_completeness(*, user, year: int, stamp=None, jurisdiction: int | None = None) -> list[UnitEntry]:
    """The units the user may see (`ResponsibleUnit.objects.visible_to`: of their jurisdictions, and
    their own), within the chosen jurisdiction."""
    scope, chosen = scope_of(user), chosen_ids(jurisdiction)
    entries = scoreboard.memo("entry", year, compute_entry, stamp)
    if scope.everything and chosen is None:
        return entries
    return [
        e
        for e in entries
        if scope.sees(jurisdiction_id=e.jurisdiction_id, unit_ids=(e.pk,))
        and (chosen is None or e.jurisdiction_id in chosen)
    ]


# --- plan page ---------------------------------------------------------------------------------


@dataclass
class TableRow:
    indicator: Indicator
    row: scoreboard.Row
    values: dict  # year → approved value (all years, for the columns)
    parent_row: scoreboard.Row | None = None  # the parent city's indicator, for its target in force
    category_span: int = 1  # rows the category cell spans; 0 where the cell above covers it
    rank: int | None = None  # comparison pages: place among the regions of its level by the year's value
    level: str = ""  # comparison pages: the level it is ranked at (`Jurisdiction.peer_level`)
    reported: bool = True  # comparison pages: an approved value or status for the year asked for
    readable: bool = True  # comparison pages: the user may open the plan and the indicator page


def indicator_rows(*, indicators, table: dict, filters: dict | None = None) -> list[TableRow]:
    """Rows of an indicator table with their assessment (from `table`) and approved values per year."""
    rows = [
        TableRow(i, table[i.pk], _shown_values(table[i.pk]), table.get(i.parent_indicator_id))
        for i in indicators
        if i.pk in table
    ]
    if filters:
        keep = {
            r.pk
            for r in scoreboard.filter_rows(
                [r.row for r in rows],
                attribute=filters.get("attribute", ""),
                status=filters.get("status", ""),
                category=filters.get("category", ""),
            )
        }
        rows = [r for r in rows if r.row.pk in keep]
    return span_categories(rows)


def span_categories(rows: list[TableRow]) -> list[TableRow]:
    """As printed: a category cell only on the first row of a run of rows sharing it."""
    first = None
    for row in rows:
        if first is not None and row.indicator.category == first.indicator.category:
            first.category_span += 1
            row.category_span = 0
        else:
            first = row
            row.category_span = 1
    return rows


def _shown_values(row: scoreboard.Row) -> dict[int, object]:
    """Year → the approved figure, or the label of the approved status of a qualitative target."""
    shown = {}
    for year, value in row.values.items():
        status = row.statuses.get(year)
        shown[year] = value if value is not None else (str(ProgressStatus(status).label) if status else None)
    return shown


@dataclass
class PlanPage:
    tables: list  # (box, [TableRow]) of the indicator boxes
    reviews: list  # the 十三五 review boxes
    projects: list  # the key-project boxes
    goal_rows: list[TableRow]  # indicators stated in the text, outside any box
    chapters: list  # Chapters with this year's task counts (`_chapters`)
    tally: scoreboard.Tally  # every assessed row on the page: box tables and goals


def plan_page(*, plan: Plan, year: int, filters: dict, user) -> PlanPage:
    """The plan as the user may read it (`accounts.scope`): whole, or, opened for their units' rows
    only, just those rows and the boxes and chapters that hold them."""
    boxes = list(
        plan.boxes.prefetch_related(
            Prefetch("indicators", Indicator.objects.visible_to(user).order_by("seq")),
            Prefetch(
                "projects",
                KeyProject.objects.visible_to(user).prefetch_related(
                    "units",
                    Prefetch("progress", ProjectProgress.objects.filter(year=year), to_attr="this_year"),
                ),
            ),
        ).order_by("number")
    )
    whole = scope_of(user).sees(jurisdiction_id=plan.jurisdiction_id)
    if not whole:
        boxes = [box for box in boxes if box.indicators.all() or box.projects.all()]
    _project_completion([box for box in boxes if box.kind == box.Kind.PROJECTS], plan=plan, year=year)
    table = scoreboard.attainment_table(year=year)
    tables = [
        (box, indicator_rows(indicators=box.indicators.all(), table=table, filters=filters))
        for box in boxes
        if box.kind == box.Kind.INDICATORS
    ]
    goals = plan.indicators.visible_to(user).filter(box__isnull=True).order_by("seq")
    goal_rows = indicator_rows(indicators=goals, table=table, filters=filters)
    tally = scoreboard.Tally()
    for rows in [*(rows for _box, rows in tables), goal_rows]:
        for row in rows:
            tally.add(row.row)
    return PlanPage(
        tables=tables,
        reviews=[box for box in boxes if box.kind == box.Kind.REVIEW],
        projects=[box for box in boxes if box.kind == box.Kind.PROJECTS],
        goal_rows=goal_rows,
        chapters=_chapters(plan=plan, year=year, user=user, whole=whole),
        tally=tally,
    )


def _chapters(*, plan: Plan, year: int, user, whole: bool = True) -> list[Chapter]:
    """The plan's chapters with their task counts for the year: by the status in force (a task
    completed in an earlier year counts as completed, `indicators.completion`), those whose record of
    the year is not yet approved, and those with neither a record nor a status."""
    progress = progress_completion(TaskProgress, plan_ids=[plan.pk], year=year)
    this_year = TaskProgress.objects.filter(task=OuterRef("pk"), year=year).values("state")[:1]
    tasks = (
        Task.objects.visible_to(user)
        .filter(section__chapter__plan=plan)
        .annotate(state=Subquery(this_year))
        .order_by()
        .values_list("pk", "section__chapter_id", "state")
    )
    counted = {ProgressStatus.DONE: "done", ProgressStatus.IN_PROGRESS: "in_progress"}
    chapters = list(Chapter.objects.filter(plan=plan).order_by("number"))
    by_pk = {chapter.pk: chapter for chapter in chapters}
    for chapter in chapters:
        chapter.tasks = chapter.done = chapter.in_progress = chapter.not_done = 0
        chapter.unreviewed = chapter.unreported = 0
    for pk, chapter_id, state in tasks:
        chapter = by_pk[chapter_id]
        chapter.tasks += 1
        if status := progress.get(pk, NOTHING).status(year):
            name = counted.get(status, "not_done")
            setattr(chapter, name, getattr(chapter, name) + 1)
        if state is not None and state != ReviewState.APPROVED:
            chapter.unreviewed += 1
        elif state is None and not status:
            chapter.unreported += 1
    return chapters if whole else [chapter for chapter in chapters if chapter.tasks]


def _project_completion(boxes, *, plan: Plan, year: int):
    """Set `completed` on each key project completed by `year` ("2022年已完成"), else ""."""
    progress = progress_completion(ProjectProgress, plan_ids=[plan.pk], year=year)
    for box in boxes:
        for project in box.projects.all():
            found = progress.get(project.pk, NOTHING)
            project.completed = found.label(year) if found.status(year) == ProgressStatus.DONE else ""


# --- indicator page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetInForce:
    """What the `target` template tag prints, like `scoreboard.Row`'s fields of the same names."""

    target: str
    revised: bool
    assigned: object = None  # the figure assigned from above for the year


def indicator_page(*, indicator: Indicator, year: int) -> dict:
    values = list(indicator.values.select_related("reported_by", "reviewed_by").order_by("year"))
    history = list(
        IndicatorValue.history.filter(indicator_id=indicator.pk)
        .select_related("history_user")
        .order_by("-history_date")[:200]
    )
    revisions = list(indicator.revisions.all())
    plan = indicator.plan
    per_year = indicator_years(indicator=indicator)
    this_year = per_year[plan.clamp_year(year)]
    standing = this_year.standing
    approved = {y: v for y, v in this_year.values.items() if v is not None and y <= this_year.year}
    lineage = indicator_lineage(indicator)
    target = parse_number(this_year.target)
    chart = _chart(
        indicator,
        approved=approved,
        path=indicator_path(indicator, this_year.target),
        target=target,
        forecast=this_year.verdict.forecast,
        lineage=lineage,
    )
    timeline = []
    if not approved and not chart["path"] and target is None:
        # A target in words: its yearly statuses in order, instead of an empty chart.
        timeline = [(y, per_year[y].assessment.status) for y in plan.years if y <= this_year.year]
    return {
        "values": values,
        "history": history,
        "revisions": revisions,
        "per_year": {y: found.assessment for y, found in per_year.items()},
        # A final year without its value: the row says 2025年数据未报, as the verdict above it does.
        "unreported": {y: found.verdict for y, found in per_year.items() if found.verdict.unreported},
        "assessment": this_year.assessment,
        "verdict": this_year.verdict,
        "target": TargetInForce(this_year.target, this_year.revised, this_year.assigned_target),
        "chart": chart,
        "approved": approved,
        "timeline": timeline,
        "latest": standing if this_year.latest_year is not None else None,
        "latest_year": this_year.latest_year,
        "latest_value": this_year.latest_value,
        "standing": standing,
        "distance": _distance(indicator, this_year, plan.end_year),
        "assigned": sorted(this_year.assigned.values(), key=lambda a: a.year),
        "lineage": lineage,
        "periods": {p.plan.pk: period_name(p.plan.start_year, p.plan.end_year) for p in lineage.periods},
        "handover": next((h for h in lineage.handovers if h.later.indicator.pk == indicator.pk), None),
    }


def _chart(indicator, *, approved, path, target, forecast, lineage) -> dict:
    """The indicator chart's data: the plan's baseline, approved values, path, target and forecast; where
    other plans print the same indicator (十四五 before, 十五五 after), one history across all of them,
    each plan's boundary marked and each later plan's baseline beside the value approved before it."""
    plan = indicator.plan
    baseline = _baseline(indicator)
    periods = lineage.periods or [PlanIndicator(indicator, approved)]
    first = periods[0]
    years = list(range(first.plan.baseline_year, max(p.plan.end_year for p in periods) + 1))
    shown = {}  # year → the value of the plan covering it; this plan's only up to the year asked for
    for member in periods:
        shown.update(approved if member.indicator.pk == indicator.pk else member.values)
    shown.setdefault(first.plan.baseline_year, _baseline(first.indicator))
    series = [shown.get(y) for y in years]
    later_baselines = {p.plan.baseline_year: _baseline(p.indicator) for p in periods[1:]}
    baselines = [later_baselines.get(y) for y in years] if later_baselines else []
    return {
        "years": years,
        # Years without an approved value are gaps (null), never a line drawn across them.
        "values": [_float(v) for v in series],
        "path": [_float(path.get(y)) for y in years] if path else [],
        "target": _float(target),
        "forecast": _float(forecast),
        "forecast_year": plan.end_year,
        "plan_years": [plan.baseline_year, plan.end_year],  # where this plan's target line runs
        "baselines": [_float(v) for v in baselines],  # later plans' printed baselines, at their year
        "boundaries": [
            {"year": p.plan.baseline_year, "label": period_name(p.plan.start_year, p.plan.end_year)}
            for p in periods[1:]
        ],
        "last_year": max(approved) if approved else None,
        "last_value": _float(approved[max(approved)]) if approved else None,
        "unit": indicator.unit,
        **axis_span(
            [*series, *baselines, *path.values(), target, forecast],
            floor=0 if (baseline or 0) >= 0 else None,
        ),
    }


def _baseline(indicator):
    return parse_number(indicator.baseline_text or indicator.baseline_value)


def _distance(indicator, found, end_year) -> dict | None:
    """How far the latest approved value is from the target in force (距2025年目标还差 8 µg/m³)."""
    if found.latest_year is None:
        return None
    left = remaining(
        direction=indicator.direction,
        baseline=indicator.baseline_text or indicator.baseline_value,
        target=found.target,
        value=found.values.get(found.latest_year),
    )
    if left is None:
        return None
    return {"left": left, "year": end_year, "unit": indicator.unit}


def axis_span(numbers, *, floor=None) -> dict:
    """The y-axis bounds that hold every number (baseline, values, path, target, forecast), with a
    margin and on round steps, so the target line never sits on the x-axis."""
    known = [Decimal(str(n)) for n in numbers if n is not None]
    if not known:
        return {"y_min": None, "y_max": None}
    low, high = min(known), max(known)
    span = high - low or abs(high) or Decimal(1)
    step = Decimal(10) ** math.floor(math.log10(float(span)))
    if span / step < 3:
        step /= 2 if span / step >= 1.5 else 5
    y_min = math.floor((low - span / 10) / step) * step
    y_max = math.ceil((high + span / 10) / step) * step
    if floor is not None and low >= floor and y_min < floor:
        y_min = floor
    return {"y_min": _float(y_min), "y_max": _float(y_max)}


def _float(number):
    return None if number is None else round(float(number), 4)


# --- comparison --------------------------------------------------------------------------------


def comparable_keys(*, user):
    """Keys printed in at least two regions the user may compare, with how many regions print them (a
    region's 十四五 and 十五五 plans are one region: they are never set side by side)."""
    return (
        Indicator.objects.comparable_for(user)
        .exclude(key="")
        .values("key")
        .annotate(
            regions=Count("plan__jurisdiction", distinct=True),
            name=Min("name"),
            synthetic=Count("plan__jurisdiction", filter=Q(plan__is_synthetic=True), distinct=True),
        )
        .filter(regions__gte=2)
        .order_by("-regions", "key")
    )


def compared_indicators(*, user, key: str, year: int):
    """The indicators of `key` the user may compare (their own scope and, by setting, their peers), of
    the plans whose period includes `year` (a jurisdiction's 十四五 and 十五五 plans are not set side by side)."""
    return (
        Indicator.objects.comparable_for(user)
        .in_year(year)
        .for_display()
        .filter(key=key)
        .select_related("plan__jurisdiction__parent", "parent_indicator__plan__jurisdiction")
    )


def mark_readable(rows: list[TableRow], *, user) -> list[TableRow]:
    """Rows of peers the user may compare but not open lose their links (one query)."""
    readable = set(
        Indicator.objects.visible_to(user)
        .filter(pk__in=[r.indicator.pk for r in rows])
        .values_list("pk", flat=True)
    )
    for row in rows:
        row.readable = row.indicator.pk in readable
    return rows


# The levels ranked apart, highest first: districts among districts, cities among cities.
PEER_LEVELS = (Jurisdiction.Level.PROVINCE, Jurisdiction.Level.CITY, Jurisdiction.Level.DISTRICT)


def rank_rows(rows: list[TableRow], *, year: int) -> list[TableRow]:
    """Places among the regions of one level by the approved value of `year`, best first in the
    indicator's direction (lower is better: the lowest first); equal values share a place. Like is
    compared with like: a region without an approved value that year is not ranked (it shows its
    latest value as of another year), nor a row without a number or of a direction without a better side."""
    better = {Direction.LOWER: 1, Direction.HIGHER: -1}
    by_level: dict[str, list] = {}
    for row in rows:
        row.level = row.indicator.plan.jurisdiction.peer_level
        row.reported = row.values.get(year) is not None
        value = row.row.values.get(year)
        if row.indicator.direction in better and value is not None:
            by_level.setdefault(row.level, []).append((better[row.indicator.direction] * value, row))
    for ranked in by_level.values():
        ranked.sort(key=lambda pair: pair[0])
        place, previous = 0, None
        for n, (score, row) in enumerate(ranked, start=1):
            if score != previous:
                place, previous = n, score
            row.rank = place
    return rows


def bar_year(row: TableRow, *, year: int) -> int | None:
    """The year of the figure a comparison bar draws: `year` when it is approved, else the latest year
    before it with an approved figure, greyed and never ranked. A final verdict without the last year's
    value (2025年数据未报) judges no older value, but the bar still shows the latest one, as its legend says."""
    if row.reported:
        return year
    earlier = [y for y, value in row.row.values.items() if value is not None and y < year]
    return max(earlier) if earlier else None


def level_names() -> dict[str, str]:
    """The heading of each level's ranking on the comparison page."""
    return {
        Jurisdiction.Level.PROVINCE: _("Provinces"),
        Jurisdiction.Level.CITY: _("Cities"),
        Jurisdiction.Level.DISTRICT: _("Districts and development zones"),
    }


def rank_order(row: TableRow) -> tuple:
    """The comparison's order: by level (cities, then districts), by place, the unranked last."""
    level = PEER_LEVELS.index(row.level) if row.level in PEER_LEVELS else len(PEER_LEVELS)
    return (level, row.rank is None, row.rank or 0)


def plan_names(plans) -> dict[int, str]:
    """pk → the short name (“十四五”, `period_name`) of each plan listed beside another plan of its
    jurisdiction, so that their indicators read apart; a jurisdiction's only plan needs none. Two plans
    of one period (a plan and an action plan) are told apart by their titles."""
    by_place: dict[int, dict] = {}
    for plan in plans:
        by_place.setdefault(plan.jurisdiction_id, {})[plan.pk] = plan
    names = {}
    for group in by_place.values():
        if len(group) < 2:
            continue
        periods = {pk: period_name(p.start_year, p.end_year) for pk, p in group.items()}
        shared = len(set(periods.values())) < len(periods)
        names.update({pk: group[pk].title if shared else period for pk, period in periods.items()})
    return names


# --- unit page ---------------------------------------------------------------------------------


def unit_page(*, unit: ResponsibleUnit, year: int, user) -> dict:
    """What the unit reports for `year` that the user may see (`accounts.scope`), each with its
    record's state, and what of it is still owed.

    A unit may report every indicator, task and key project it is linked to, whatever its role on a
    task (`indicators.permissions.can_enter` asks only for the link), so every pending one is late.
    Only plans whose reporting years include `year` count: no 十五五 value is owed for 2025.
    """
    indicators = list(
        unit.indicators.in_year(year)
        .visible_to(user)
        .select_related("plan__jurisdiction")
        .prefetch_related(Prefetch("values", IndicatorValue.objects.filter(year=year), to_attr="this_year"))
        .order_by("plan__jurisdiction__name", "plan_id", "seq")
    )
    responsibilities = list(
        TaskResponsibility.objects.filter(unit=unit, task__in=Task.objects.in_year(year).visible_to(user))
        .select_related("task__section__chapter__plan")
        .prefetch_related(
            Prefetch("task__progress", TaskProgress.objects.filter(year=year), to_attr="this_year")
        )
        .order_by(
            "task__section__chapter__plan_id",
            "task__section__chapter__number",
            "task__section__number",
            "task__order",
        )
    )
    projects = list(
        unit.projects.in_year(year)
        .visible_to(user)
        .select_related("box__plan")
        .prefetch_related(
            Prefetch("progress", ProjectProgress.objects.filter(year=year), to_attr="this_year")
        )
    )
    table = scoreboard.attainment_table(year=year)
    indicators = [(i, table.get(i.pk), record_state(i.this_year)) for i in indicators]
    tasks = [(r, record_state(r.task.this_year)) for r in responsibilities]
    projects = [(p, record_state(p.this_year)) for p in projects]
    plans = {i.plan for i, _row, _state in indicators} | {r.task.section.chapter.plan for r, _ in tasks}
    return {
        "plan_names": plan_names({*plans, *(p.box.plan for p, _ in projects)}),
        "indicators": indicators,
        "tasks": tasks,
        "projects": projects,
        "late_indicators": [row for row in indicators if row[2] in PENDING],
        "late_tasks": [row for row in tasks if row[1] in PENDING],
        "late_projects": [row for row in projects if row[1] in PENDING],
    }


def record_state(records) -> str:
    """The state of this year's record, or "missing"."""
    return records[0].state if records else "missing"


def _linked_count(through, column: str):
    """How many rows of `through` name the outer unit in `column`: a subquery, so several counts make no
    product of joins."""
    rows = through.objects.filter(**{column: OuterRef("pk")}).order_by().values(column)
    return Coalesce(Subquery(rows.annotate(count=Count("pk")).values("count")), 0)


UNITS_WITHOUT_USERS_SHOWN = 20  # the overview lists the first ones; the count covers them all


class UnitsWithoutUsers(NamedTuple):
    count: int
    units: list

    @property
    def more(self) -> int:
        """How many the list leaves out."""
        return self.count - len(self.units)


def units_without_users(*, user) -> UnitsWithoutUsers:
    """For administrators: how many units of real plans something is assigned to (tasks, indicators,
    key projects) no user belongs to, so nobody reports for them, and the first of them. Two queries;
    nothing for others."""
    if not is_admin(user):
        return UnitsWithoutUsers(0, [])

    def linked(through, column):
        return Exists(through.objects.filter(**{column: OuterRef("pk")}))

    # Existence decides which units are listed (cheap); the counts are read for the listed ones only.
    units = (
        ResponsibleUnit.objects.filter(jurisdiction__is_synthetic=False)
        .filter(~linked(ResponsibleUnit.users.through, "responsibleunit"))
        .filter(
            linked(TaskResponsibility, "unit")
            | linked(Indicator.units.through, "responsibleunit")
            | linked(KeyProject.units.through, "responsibleunit")
        )
    )
    listed = (
        units.annotate(
            task_count=_linked_count(TaskResponsibility, "unit"),
            indicator_count=_linked_count(Indicator.units.through, "responsibleunit"),
            project_count=_linked_count(KeyProject.units.through, "responsibleunit"),
        )
        .select_related("jurisdiction")
        .order_by("jurisdiction__name", "name")
    )
    return UnitsWithoutUsers(units.count(), list(listed[:UNITS_WITHOUT_USERS_SHOWN]))
