"""The public site (信息公开): no login, only what was published (`PublishedYear` snapshots).

Each view reads its rows in one query, answers 304 when the client's copy is current (ETag from the
snapshots' digests) and renders without the request's context processors, so no session, user or CSRF
token is touched and the response can be kept by a shared cache.
"""

from __future__ import annotations

from collections import Counter

from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from indicators.attainment import STATUS_LABELS, Status

from . import selectors, tables
from .http import etag_of, public
from .snapshot import LANGUAGE

# The order statuses are counted and charted in, best first.
STATUS_ORDER = [
    Status.MET,
    Status.ON_TRACK,
    Status.DONE,
    Status.IN_PROGRESS,
    Status.BEHIND,
    Status.REGRESSING,
    Status.NOT_MET,
    Status.NOT_DONE,
    Status.NO_DATA,
    Status.NOT_ASSESSABLE,
]
DOWNLOADS = {"csv": tables.as_csv, "xlsx": tables.as_xlsx, "json": tables.as_json}


def _page(template: str, context: dict):
    return lambda: HttpResponse(render_to_string(template, context))


def _digests(rows) -> list:
    return [(row.pk, row.digest) for row in rows]


def outcome_of(row: dict) -> tuple[str, str]:
    """What a snapshot's indicator row is counted as: its status and the words it prints, so that a
    final year not reported (2025年数据未报, `indicators.verdicts.Outcome`) is counted as it reads, in the
    colour of 暂无数据 but apart from it."""
    return row["status"], row["label"]


def _outcome_order(outcome: tuple[str, str]):
    """By status; a status's own words (暂无数据) before other words of it (2025年数据未报)."""
    status, label = Status(outcome[0]), outcome[1]
    with translation.override(LANGUAGE):  # the snapshot's words
        return STATUS_ORDER.index(status), label != str(STATUS_LABELS[status]), label


def outcomes_of(snapshots) -> list[tuple[str, str]]:
    """The (status, label) the rows of `snapshots` are counted as, in the order of `STATUS_ORDER`."""
    return sorted(
        {outcome_of(row) for snapshot in snapshots for row in snapshot["indicators"]}, key=_outcome_order
    )


def status_counts(snapshot: dict) -> list[dict]:
    counts = Counter(outcome_of(row) for row in snapshot["indicators"])
    return [
        {"code": status, "label": label, "count": counts[status, label]}
        for status, label in outcomes_of([snapshot])
    ]


@public
def index(request):
    def build():
        return _page("public/index.html", {"regions": selectors.published_regions()})()

    return etag_of("index", selectors.publication_state()), build


@public
def listing(request):
    """What is published, with stable URLs: the open data's table of contents."""

    def url(name, *args):
        return request.build_absolute_uri(reverse(f"public:{name}", args=args))

    def build():
        regions = selectors.published_regions()
        data = {
            "regions": [
                {
                    "jurisdiction": region.name,
                    "url": url("region", region.jurisdiction_id),
                    "plans": [
                        {
                            "id": plan.plan_id,
                            "title": plan.title,
                            "period": [plan.start_year, plan.end_year],
                            "url": url("plan", plan.plan_id),
                            "years": [
                                {
                                    "year": published.year,
                                    "published_at": published.published_at.isoformat(),
                                    "data_as_of": published.data_as_of and published.data_as_of.isoformat(),
                                    "digest": published.digest,
                                    "url": url("plan-year", plan.plan_id, published.year),
                                    "csv": url("plan-year-download", plan.plan_id, published.year, "csv"),
                                    "xlsx": url("plan-year-download", plan.plan_id, published.year, "xlsx"),
                                    "json": url("plan-year-download", plan.plan_id, published.year, "json"),
                                }
                                for published in plan.years
                            ],
                        }
                        for plan in region.plans
                    ],
                }
                for region in regions
            ]
        }
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False})

    return etag_of("listing", request.get_host(), selectors.publication_state()), build


@public
def region(request, pk: int, fmt: str | None = None):
    found = selectors.published_region(jurisdiction_id=pk)
    rows = [year for plan in found.plans for year in plan.years]
    etag = etag_of("region", fmt, *_digests(rows))
    if fmt:
        return etag, lambda: DOWNLOADS[fmt](tables.region_table(found))
    latest, compared = tables.region_rows(found)
    context = {"region": found, "latest": latest, "rows": compared, "side_by_side": len(found.plans) > 1}
    return etag, _page("public/region.html", context)


@public
def plan(request, pk: int, year: int | None = None, fmt: str | None = None):
    found = selectors.published_plan(plan_id=pk)
    published = found.year(year)
    etag = etag_of("plan", year, fmt, *_digests(found.years))
    if fmt:
        return etag, lambda: DOWNLOADS[fmt](tables.plan_table(published))
    charted = outcomes_of(p.snapshot for p in found.years)
    history = [
        (p, [sum(outcome_of(row) == outcome for row in p.snapshot["indicators"]) for outcome in charted])
        for p in found.years
    ]
    chart = {
        "years": [p.year for p in found.years],
        "statuses": [
            {"code": status, "label": label, "counts": [c[i] for _p, c in history]}
            for i, (status, label) in enumerate(charted)
        ],
    }
    context = {
        "plan": found,
        "published": published,
        "snapshot": published.snapshot,
        "counts": status_counts(published.snapshot),
        "history": history,
        "chart": chart,
    }
    return etag, _page("public/plan.html", context)


@public
def indicator(request, pk: int, indicator_pk: int, fmt: str | None = None):
    found = selectors.published_plan(plan_id=pk)
    years = selectors.indicator_years(found, indicator_pk)
    etag = etag_of("indicator", indicator_pk, fmt, *_digests(found.years))
    if fmt:
        return etag, lambda: DOWNLOADS[fmt](tables.indicator_table(found, years))
    series = selectors.value_series(years)
    latest = years[-1][1]
    chart = {
        "years": list(series),
        "values": list(series.values()),
        "target": latest["target_number"],
        "target_label": _("Target"),
        "unit": latest["unit"],
        "name": latest["name"],
    }
    context = {"plan": found, "years": years, "indicator": latest, "series": series, "chart": chart}
    return etag, _page("public/indicator.html", context)
