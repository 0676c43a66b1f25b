"""Every indicator's attainment for a year, computed once and shared by the dashboard's pages.

`indicators.reports.attainment_for_indicators` (i.e. `attainment.assess`) is exact Decimal/Fraction
arithmetic (about 0.3 ms per indicator), so 10 000 synthetic indicators cost seconds. The table is
therefore kept in the process (not in Django's cache, which would pickle and unpickle thousands of
rows per request), keyed by a fingerprint of the data it is computed from (one query per request):
any entered, approved or deleted value, any new, removed or edited indicator (its `updated_at`, so
an admin edit of a printed target shows at once) and any target revision changes the key.

Each row carries the target in force for the year (`indicators.reports.target_in_force`), so every
page prints the target its status was judged against.

Only APPROVED values count (as in `indicators.reports`): officials see reviewed figures, never drafts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.db.models import F

from indicators.attainment import Assessment, Status
from indicators.models import Indicator, IndicatorValue, ReviewState, TargetRevision
from indicators.reports import attainment_for_indicators, target_in_force

CHUNK = 5000
KEEP = 12  # tables kept per process: the four kinds memoised × a few years and data versions
_tables: dict[tuple, dict] = {}
KEEP_ORDERS = 64  # a few lists × a few sort orders × the years in view
_orders: dict[tuple, object] = {}
FIRST_YEAR, LAST_YEAR = settings.PLAN_PERIOD

# Display order of statuses everywhere on the dashboard.
STATUS_ORDER = (
    Status.MET,
    Status.ON_TRACK,
    Status.BEHIND,
    Status.REGRESSING,
    Status.DONE,
    Status.IN_PROGRESS,
    Status.NOT_DONE,
    Status.NO_DATA,
    Status.NOT_ASSESSABLE,
)
GOOD = {Status.MET, Status.ON_TRACK, Status.DONE}
UNJUDGED = {Status.NO_DATA, Status.NOT_ASSESSABLE}


@dataclass(frozen=True)
class Row:
    """One indicator's facts and its assessment for the year: enough to count, filter and sort."""

    pk: int
    plan_id: int
    jurisdiction_id: int
    attribute: str
    category: str
    key: str
    seq: int
    name: str
    plan_title: str
    jurisdiction_name: str
    synthetic: bool
    values: dict[int, Decimal | None] = field(compare=False)
    assessment: Assessment = field(compare=False)
    target: str = ""  # the target in force for the year, as written
    revised: bool = False  # a target revision (中期调整) replaced the printed target

    @property
    def status(self) -> Status:
        return self.assessment.status

    @property
    def warning(self) -> bool:
        return self.assessment.warning


def _fingerprint_parts():
    """(model, aggregate, column): what `fingerprint` reads, in its order."""
    value_history = IndicatorValue.history.model
    revision_history = TargetRevision.history.model
    links = Indicator.units.through
    return (
        (value_history, "MAX", "history_id"),
        (IndicatorValue, "COUNT", "*"),
        (IndicatorValue, "MAX", "pk"),
        (Indicator, "COUNT", "*"),
        (Indicator, "MAX", "pk"),
        (Indicator, "MAX", "updated_at"),
        (links, "COUNT", "*"),
        (links, "MAX", "pk"),
        (TargetRevision, "COUNT", "*"),
        (TargetRevision, "MAX", "pk"),
        (revision_history, "MAX", "history_id"),
    )


def fingerprint() -> tuple:
    """What the tables depend on, from indexed columns only (primary keys, counts, change times).

    Every write of a yearly value through the services or the admin leaves a history row, so the
    newest history id moves on each entry, submission and review; bulk inserts and raw deletes move
    the count or the newest id of the values themselves.

    One query of scalar subqueries, each alone in its SELECT: SQLite answers a lone MAX from the index
    and a lone COUNT(*) from the smallest index, but scans the whole table for COUNT and MAX together
    (ten times slower at 500 synthetic plans), and one round trip replaces eleven.
    """
    quote = connection.ops.quote_name

    def column(model, name):
        field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        return quote(field.column)

    columns = ", ".join(
        f"(SELECT {aggregate}({'*' if name == '*' else column(model, name)}) FROM {quote(model._meta.db_table)})"
        for model, aggregate, name in _fingerprint_parts()
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}")  # noqa: S608 - table and column names from the models
        return tuple(cursor.fetchone())


def memo(name: str, year: int, compute, stamp=None):
    """`compute(year=year)`, kept while the data's fingerprint (`stamp`, read when not given) stays the same."""
    key = (name, year, stamp or fingerprint())
    found = _tables.get(key)
    if found is None:
        found = compute(year=year)
        if len(_tables) >= KEEP:
            _tables.pop(next(iter(_tables)))
        _tables[key] = found
    return found


def remember(key: tuple, compute):
    """`compute()` kept under `key`, which must hold the data's fingerprint: the sorted orders of the
    memoised lists, apart from the tables so they never push a table out."""
    found = _orders.get(key)
    if found is None:
        found = compute()
        if len(_orders) >= KEEP_ORDERS:
            _orders.pop(next(iter(_orders)))
        _orders[key] = found
    return found


def attainment_table(*, year: int, stamp=None) -> dict[int, Row]:
    """indicator pk → Row for `year`, across all plans; callers scope it to what the user may see."""
    return memo("attainment", year, compute_table, stamp)


def clear():
    _tables.clear()
    _orders.clear()


def compute_table(*, year: int) -> dict[int, Row]:
    # The 十三五 review table's rows are 2020 results, not targets of this period.
    indicators = (
        Indicator.objects.exclude(source=Indicator.Source.REVIEW)
        .annotate(
            jurisdiction_id=F("plan__jurisdiction_id"),
            plan_title=F("plan__title"),
            jurisdiction_name=F("plan__jurisdiction__name"),
            synthetic=F("plan__is_synthetic"),
        )
        .only(
            "pk",
            "plan_id",
            "seq",
            "name",
            "attribute",
            "category",
            "key",
            "direction",
            "baseline_text",
            "baseline_value",
            "target_text",
            "unit",  # a percentage's ceiling
        )
    )
    indicators = list(indicators)
    assessments = {}
    for start in range(0, len(indicators), CHUNK):  # SQLite allows some 32 000 parameters per query
        assessments.update(attainment_for_indicators(indicators=indicators[start : start + CHUNK], year=year))
    values: dict[int, dict[int, Decimal | None]] = {}
    approved = IndicatorValue.objects.filter(state=ReviewState.APPROVED, year__lte=year)
    for indicator_id, value_year, value in approved.values_list("indicator_id", "year", "value"):
        values.setdefault(indicator_id, {})[value_year] = value
    revisions: dict[int, list[TargetRevision]] = {}
    for revision in TargetRevision.objects.filter(effective_year__lte=year).only(
        "indicator_id", "effective_year", "target_text"
    ):
        revisions.setdefault(revision.indicator_id, []).append(revision)
    return {
        i.pk: Row(
            pk=i.pk,
            plan_id=i.plan_id,
            jurisdiction_id=i.jurisdiction_id,
            attribute=i.attribute,
            category=i.category,
            key=i.key,
            seq=i.seq,
            name=i.name,
            plan_title=i.plan_title,
            jurisdiction_name=i.jurisdiction_name,
            synthetic=i.synthetic,
            values=values.get(i.pk, {}),
            assessment=assessments[i.pk],
            target=target_in_force(i, year, revisions.get(i.pk, ())),
            revised=i.pk in revisions,
        )
        for i in indicators
    }


@dataclass
class Tally:
    """Counts of indicators by status, with the share of judged ones that are met or on track."""

    counts: dict[Status, int] = field(default_factory=lambda: dict.fromkeys(STATUS_ORDER, 0))
    warnings: int = 0

    def add(self, row: Row):
        self.counts[row.status] += 1
        self.warnings += row.warning

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def judged(self) -> int:
        return self.total - sum(self.counts[s] for s in UNJUDGED)

    @property
    def good(self) -> int:
        return sum(self.counts[s] for s in GOOD)

    @property
    def share_good(self) -> float | None:
        return self.good / self.judged if self.judged else None

    def merge(self, other: Tally):
        for status, count in other.counts.items():
            self.counts[status] += count
        self.warnings += other.warnings

    def ordered(self) -> list[tuple[Status, int]]:
        return [(status, self.counts[status]) for status in STATUS_ORDER]


def tally(rows, by) -> dict[int, Tally]:
    out: dict[int, Tally] = {}
    for row in rows:
        out.setdefault(by(row), Tally()).add(row)
    return out


def filter_rows(rows, *, jurisdiction_ids=None, attribute="", status="", category="", plan_ids=None):
    """Rows kept by the dashboard's filters; None or "" leaves a filter off."""
    return [
        row
        for row in rows
        if (jurisdiction_ids is None or row.jurisdiction_id in jurisdiction_ids)
        and (plan_ids is None or row.plan_id in plan_ids)
        and (not attribute or row.attribute == attribute)
        and (not status or row.status == status)
        and (not category or row.category == category)
    ]
