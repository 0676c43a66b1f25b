"""The years a page, report or API call is about: reading `?year=` and the one shown when none is asked for.

Every page, download and API call that takes a year reads it here, with the one year parser
(`operations.params.parse_year`: ASCII digits only, so "²⁰²⁴" is no year), and the default follows one
rule, `default_year`. Which years exist comes from
the plans themselves (`Plan.start_year`–`end_year`), never from a fixed period.
"""

from __future__ import annotations

import hashlib
from fractions import Fraction

from django.core.cache import cache
from django.db.models import Count, Max, Min
from django.utils import timezone

from accounts.models import User
from accounts.scope import scope_of
from operations.memo import per_request
from operations.params import parse_year
from plans.models import Plan
from rounds.selectors import open_round_year

from .fingerprint import fingerprint
from .models import Indicator, IndicatorValue


def plan_span(user=None) -> tuple[int, int] | None:
    """(first, last) year of the plans the user may see (all plans for None); None when there are none."""

    def read():
        plans = Plan.objects.all() if user is None else Plan.objects.visible_to(user)
        span = plans.aggregate(first=Min("start_year"), last=Max("end_year"))
        return (span["first"], span["last"]) if span["first"] is not None else None

    return read() if user is None else per_request(user, "plan_span", read)


def years_for(user=None) -> list[int]:
    """The years a year selector offers: every year of the plans the user may see."""
    span = plan_span(user)
    return list(range(span[0], span[1] + 1)) if span else []


def year_ended(year: int) -> bool:
    """Whether `year` is over (Asia/Shanghai): its figures exist, so values for it may be entered."""
    return year < timezone.localdate().year


def reporting_year() -> int:
    """The year being reported now: figures for a year exist only after it ends."""
    return timezone.localdate().year - 1


COVERED = Fraction(1, 2)  # the share of a year's indicators whose approved values make it the default


def default_year(user=None) -> int:
    """The year every page, report and API call opens on when none is asked for.

    The rule, for every page, report and API call:
    1. for reporters and reviewers, the year of the open reporting round covering their plans (the
       one due first when several are open: `rounds.selectors.open_round_year`);
    2. otherwise the last year in which approved values cover at least half (`COVERED`) of the
       assessed indicators the user may see whose plans include that year;
    3. else the last year with any approved value the user may see;
    4. else the year being reported now;
    kept within the years of the user's plans. So a single approved value of a new year does not move
    the officials' pages to a year that is otherwise empty: they move once half of it is approved.
    """
    span = plan_span(user)
    if getattr(user, "role", None) in (User.Role.REPORTER, User.Role.REVIEWER):
        year = open_round_year(user)
        if year is not None:
            return min(max(year, span[0]), span[1]) if span else year
    covered, spans = _coverage(user)
    year = None
    if covered:
        full = [
            y
            for y, n in covered.items()
            if n >= COVERED * sum(count for first, last, count in spans if first <= y <= last)
        ]
        year = max(full) if full else max(covered)
    if year is None:
        year = reporting_year()
    return min(max(year, span[0]), span[1]) if span else year


def _coverage(user) -> tuple[dict, list]:
    """Approved indicators per year and assessed indicators per plan period, as the user sees them.
    Both scan every value, so they are kept per scope in the default cache (small, and apart from the
    dashboard's tables, which many users' scopes must not crowd out) while the data's fingerprint
    (`indicators.fingerprint`) stays the same."""
    scope = None
    if user is not None:
        reach = scope_of(user)
        scope = (None if reach.everything else sorted(reach.jurisdictions), sorted(reach.units))
    key = "coverage:" + hashlib.sha1(repr((scope, fingerprint())).encode()).hexdigest()
    found = cache.get(key)
    if found is not None:
        return found
    approved = IndicatorValue.objects.approved()
    indicators = Indicator.objects.assessed()
    if user is not None:
        approved = approved.visible_to(user)
        indicators = indicators.visible_to(user)
    covered = dict(
        approved.exclude(indicator__source="review")
        .order_by()
        .values_list("year")
        .annotate(n=Count("indicator", distinct=True))
        .values_list("year", "n")
    )
    spans = list(
        indicators.order_by().values_list("plan__start_year", "plan__end_year").annotate(n=Count("pk"))
    )
    cache.set(key, (covered, spans))
    return covered, spans


def year_or_default(raw, user) -> int:
    """The year asked for when it is one of the user's plans' years, else `default_year(user)`."""
    year = parse_year(raw)
    span = plan_span(user)
    if year is not None and span is not None and span[0] <= year <= span[1]:
        return year
    return default_year(user)


def year_param(user, *sources) -> int:
    """The year asked for in the first of `sources` that names one (`year_or_default`:
    within the user's plans, else the user's default year)."""
    for params in sources:
        if raw := params.get("year"):
            return year_or_default(raw, user)
    return year_or_default(None, user)
