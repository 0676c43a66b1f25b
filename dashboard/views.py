"""The officials' pages: read-only, login required, scoped to what the user may see."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.models import ResponsibleUnit
from accounts.scope import scope_of
from indicators.attainment import parse_number
from indicators.models import Indicator
from indicators.verdicts import Outcome
from indicators.years import year_param, years_for
from operations.params import page_param, sort_param
from plans.models import Plan

from . import scoreboard, selectors
from .forms import FilterForm
from .sorting import page_of, sort_rows, sort_tree

PAGE_SIZE = 20  # per list on the overview, which shows four


def _filters(request):
    """The filter form and its valid values, with the year asked for or the user's default year."""
    year = year_param(request.user, request.GET)
    data = request.GET.copy()
    data["year"] = str(year)
    form = FilterForm(
        data, jurisdictions=selectors.visible_jurisdictions(user=request.user), years=years_for(request.user)
    )
    filters = form.cleaned_or_empty()
    filters["year"] = year
    return form, filters


ROW_SORTS = {
    "plan": lambda r: (not r.not_met, r.jurisdiction_name, r.plan_title, r.seq),  # 约束性 未达标 first
    "name": lambda r: r.name,
    "status": lambda r: scoreboard.outcome_order(r.outcome),
    "forecast": lambda r: r.forecast,
    "actual": lambda r: r.assessment.actual,
}
PLAN_SORTS = {
    "title": lambda p: p[0].name,
    "share": lambda p: p[1].share_good,
    "warnings": lambda p: p[1].warnings,
    "total": lambda p: p[1].total,
}
JURISDICTION_SORTS = {
    "name": lambda j: j[0].name,
    "share": lambda j: j[1].share_good,
    "warnings": lambda j: j[1].warnings,
}
UNIT_SORTS = {
    "name": lambda u: (u.jurisdiction_name, u.name),
    "missing": lambda u: u.missing,
    "not_submitted": lambda u: u.not_submitted,
    "unreviewed": lambda u: u.unreviewed,
}


def _sorted(shared, name, sort, rows, order, *args, **kwargs):
    """`sort(rows, order, …)`, kept per data version when the rows are the shared summary's."""
    if shared is None:
        return sort(rows, order, *args, **kwargs)
    return scoreboard.remember((*shared, name, order), lambda: sort(rows, order, *args, **kwargs))


@login_required
@require_GET
def overview(request):
    form, filters = _filters(request)
    year = filters["year"]
    stamp = scoreboard.fingerprint()
    data = selectors.overview(user=request.user, year=year, filters=filters, stamp=stamp)

    # The usual visit (everything, no filter) sorts the same memoised lists every time: keep the orders.
    shared = data.shared_key

    plans, plan_sort = _sorted(
        shared,
        "plans",
        sort_rows,
        data.by_plan,
        sort_param(request.GET, "psort", PLAN_SORTS),
        PLAN_SORTS,
        default="title",
    )
    # A tree: each city under the province, its districts and zones under it; siblings sorted.
    jurisdictions, jurisdiction_sort = _sorted(
        shared,
        "jurisdictions",
        sort_tree,
        data.by_jurisdiction,
        sort_param(request.GET, "jsort", JURISDICTION_SORTS),
        JURISDICTION_SORTS,
        default="name",
        pk=lambda j: j[0].pk,
        parent=lambda j: j[0].parent_id,
    )

    sort = sort_param(request.GET, "sort", ROW_SORTS)
    warnings, sort = _sorted(shared, "warnings", sort_rows, data.warnings, sort, ROW_SORTS, default="plan")
    warnings = page_of(warnings, page_param(request.GET, "wpage"), size=PAGE_SIZE)
    shown = selectors.indicators_by_pk(r.pk for r in warnings)
    warnings.object_list = [(shown[r.pk], r) for r in warnings]

    units = selectors.unit_completeness(
        user=request.user, year=year, stamp=stamp, jurisdiction=filters.get("jurisdiction")
    )
    units, unit_sort = _sorted(
        shared,
        "units",
        sort_rows,
        units,
        sort_param(request.GET, "usort", UNIT_SORTS),
        UNIT_SORTS,
        default="-missing",
    )

    return render(
        request,
        "dashboard/overview.html",
        {
            "form": form,
            "year": year,
            "data": data,
            "warnings": warnings,
            # No forecast column when no listed row has one (every verdict final: the period is over).
            "warning_forecasts": any(row.forecast is not None for row in data.warnings),
            "plan_names": selectors.plan_names({i.plan for i in shown.values()}),
            "plans": page_of(plans, page_param(request.GET, "ppage"), size=PAGE_SIZE),
            "plan_sort": plan_sort,
            "jurisdictions": page_of(jurisdictions, page_param(request.GET, "jpage"), size=PAGE_SIZE),
            "jurisdiction_sort": jurisdiction_sort,
            "units": page_of(units, page_param(request.GET, "upage"), size=PAGE_SIZE),
            "unit_sort": unit_sort,
            "units_without_users": selectors.units_without_users(user=request.user),
            "sort": sort,
            # Only the outcomes that occur: text statuses are rare, and the tables must fit a narrow screen.
            "statuses": [outcome for outcome, count in data.total.ordered() if count]
            or [Outcome(scoreboard.Status.NO_DATA)],
        },
    )


@login_required
@require_GET
def plan_detail(request, pk):
    plan = get_object_or_404(Plan.objects.visible_to(request.user).with_structure(), pk=pk)
    form, filters = _filters(request)
    year = plan.clamp_year(filters["year"])
    page = selectors.plan_page(plan=plan, year=year, filters=filters, user=request.user)
    return render(
        request,
        "dashboard/plan_detail.html",
        {"plan": plan, "form": form, "year": year, "years": plan.years, **vars(page)},
    )


@login_required
@require_GET
def indicator_detail(request, pk):
    indicator = get_object_or_404(
        Indicator.objects.visible_to(request.user)
        .for_display()
        .select_related("parent_indicator__plan__jurisdiction")
        .prefetch_related("units__jurisdiction"),
        pk=pk,
    )
    _form, filters = _filters(request)
    year = indicator.plan.clamp_year(filters["year"])
    page = selectors.indicator_page(indicator=indicator, year=year)
    end_year = indicator.plan.end_year
    siblings = 0
    if indicator.key:
        # Other regions: the jurisdiction's own plan of another period is no comparison.
        siblings = (
            Indicator.objects.comparable_for(request.user)
            .filter(key=indicator.key)
            .exclude(plan__jurisdiction_id=indicator.plan.jurisdiction_id)
            .values("plan__jurisdiction_id")
            .distinct()
            .count()
        )
    return render(
        request,
        "dashboard/indicator_detail.html",
        {
            "indicator": indicator,
            "year": year,
            "years": indicator.plan.years,
            "siblings": siblings,
            **page,
            "chart_labels": {
                "values": _("Approved value"),
                "path": _("Straight path to the target"),
                "target": _("%(year)s target") % {"year": end_year},
                "forecast": _("%(year)s forecast (linear trend)") % {"year": end_year},
                "baselines": _("Baseline of the following plan"),
            },
        },
    )


@login_required
@require_GET
def compare_index(request):
    keys = selectors.comparable_keys(user=request.user)
    return render(request, "dashboard/compare_index.html", {"keys": page_of(keys, page_param(request.GET))})


COMPARE_SORTS = {
    "rank": selectors.rank_order,
    "region": lambda r: (r.indicator.plan.jurisdiction.level, r.indicator.plan.jurisdiction.name),
    "status": lambda r: scoreboard.outcome_order(r.row.outcome),
    "actual": lambda r: r.row.assessment.actual,
    "forecast": lambda r: r.row.forecast,
}


@login_required
@require_GET
def compare(request, key):
    form, filters = _filters(request)
    year = filters["year"]
    indicators = list(selectors.compared_indicators(user=request.user, key=key, year=year))
    if not indicators:
        raise Http404
    table = scoreboard.attainment_table(year=year)
    rows = selectors.indicator_rows(indicators=indicators, table=table, filters=filters)
    rows = selectors.rank_rows(selectors.mark_readable(rows, user=request.user), year=year)
    rows, sort = sort_rows(
        rows, sort_param(request.GET, "sort", COMPARE_SORTS), COMPARE_SORTS, default="rank"
    )
    page = page_of(rows, page_param(request.GET))
    for row in page:
        row.category_span = 1
    # The plans compared share the year asked for, and so, as a rule, their last year.
    end_years = {i.plan.end_year for i in indicators}
    end_year = next(iter(end_years)) if len(end_years) == 1 else None
    # Each bar is the year's value, or a region's latest value of an earlier year, greyed and named.
    bar_years = [selectors.bar_year(r, year=year) for r in page]
    bars = [_float(r.row.values.get(y)) if y else None for r, y in zip(page, bar_years, strict=True)]
    chart = {
        "regions": [
            r.indicator.plan.jurisdiction.name + ("\n" + _("(%(year)s)") % {"year": y} if y else "")
            for r, y in zip(page, bar_years, strict=True)
        ],
        "values": [v if y == year else None for v, y in zip(bars, bar_years, strict=True)],
        "older": [v if y != year else None for v, y in zip(bars, bar_years, strict=True)],
        "targets": [_float(parse_number(r.row.target)) for r in page],
        "parent_targets": [_float(parse_number(r.parent_row.target)) if r.parent_row else None for r in page],
        "unit": indicators[0].unit,
    }
    levels = {r.level for r in rows}
    return render(
        request,
        "dashboard/compare.html",
        {
            "key": key,
            "name": indicators[0].name,
            "form": form,
            "year": year,
            "rows": page,
            "sort": sort,
            # Level headings when cities and districts are ranked apart on one page.
            "level_names": selectors.level_names() if len(levels) > 1 and sort == "rank" else {},
            "plan_names": selectors.plan_names({i.plan for i in indicators}),
            "years": list(range(min(i.plan.start_year for i in indicators), max(end_years) + 1)),
            "tally": _tally(r.row for r in rows),
            "chart": chart,
            "chart_labels": {
                "values": _("%(year)s approved value") % {"year": year},
                "older": _("Not reported for %(year)s: latest approved value") % {"year": year},
                "targets": _("Own %(year)s target") % {"year": end_year} if end_year else _("Own target"),
                "parent_targets": (
                    _("Parent city's %(year)s target") % {"year": end_year}
                    if end_year
                    else _("Parent city's target")
                ),
            },
        },
    )


def _float(number):
    return None if number is None else float(number)


def _tally(rows):
    tally = scoreboard.Tally()
    for row in rows:
        tally.add(row)
    return tally


@login_required
@require_GET
def unit_detail(request, pk):
    unit = get_object_or_404(
        ResponsibleUnit.objects.visible_to(request.user).select_related("jurisdiction"), pk=pk
    )
    _form, filters = _filters(request)
    year = filters["year"]
    return render(
        request,
        "dashboard/unit_detail.html",
        {
            "unit": unit,
            "year": year,
            "years": years_for(request.user),
            **selectors.unit_page(unit=unit, year=year, user=request.user),
            "may_enter": unit.pk in scope_of(request.user).units,
        },
    )
