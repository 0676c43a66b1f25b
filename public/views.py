"""The public site (信息公开): no login, only what was published (`PublishedYear` snapshots).

Each view reads its rows in one query, answers 304 when the client's copy is current (ETag from the
snapshots' digests) and renders without the request's context processors, so no session, user or CSRF
token is touched and the response can be kept by a shared cache.
"""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from . import counts, selectors, tables
from .http import etag_of, public

DOWNLOADS = {"csv": tables.as_csv, "xlsx": tables.as_xlsx, "json": tables.as_json}


def _page(template: str, context: dict):
    return lambda: HttpResponse(render_to_string(template, context))


def _digests(rows) -> list:
    return [(row.pk, row.digest) for row in rows]


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
    history, chart = counts.by_year(found.years)
    context = {
        "plan": found,
        "published": published,
        "snapshot": published.snapshot,
        "counts": counts.status_counts(published.snapshot),
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
