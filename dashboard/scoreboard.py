"""Every indicator's attainment for a year, computed once and shared by the dashboard's pages.

`attainment.assess` is exact Decimal/Fraction arithmetic (about 0.3 ms per indicator), so 60 000
indicators (every county's plan) cost some 20 seconds. The table is therefore kept in Django's cache
(the `dashboard` entry of `CACHES`; by default an in-process cache that does not pickle, see
`dashboard.cache`) with a fingerprint of the data it was computed from (one query per request): any
entered, approved or deleted value, any new, removed or edited indicator (its `updated_at`, so an admin
edit of a printed target shows at once), any target revision and any assigned figure moves it.

When the fingerprint has moved, only the indicators something was written for since the table was
read are judged again (`changed_indicators`: set-based queries on history ids, primary keys and change
times); every other row is kept. The result equals a full recomputation, row for row and in order. A
delete that left no history row (a raw SQL delete) cannot be traced to its indicator, so the table is
then computed anew.

Each row carries what `indicators.selectors.indicator_attainment` returns for it: the assessment, the
target in force for the year (every page prints the target its status was judged against) and the
approved values. Only APPROVED values count: officials see reviewed figures, never drafts.

A row prints the indicator's `Verdict` (`indicators.verdicts`, kept as `verdict`): mid-period the
latest approved value up to the year with its year ("38（2024）"), final on the plan's last year;
whether the year itself is approved is `reported`, counted as the year's completeness
("2024年：已审核 12/20").

A year's table holds the indicators of the plans whose reporting years include it (`Plan.covers`):
in 2025 a jurisdiction's 十四五 plan is counted and its 十五五 plan (baseline year 2025) is not.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.core.cache import caches
from django.db.models import F, Q
from django.utils import timezone

from indicators.attainment import Assessment, Status
from indicators.fingerprint import fingerprint
from indicators.models import AssignedTarget, Indicator, IndicatorValue, TargetRevision
from indicators.selectors import CHUNK, indicator_attainment
from indicators.verdicts import Outcome, Verdict
from plans.models import Plan

CACHE = "dashboard"

# How long a write may stay uncommitted: history ids and change times are taken before the commit,
# so rows stamped this long before a table was read are read again when it is brought up to date.
SETTLE = datetime.timedelta(minutes=1)

# Display order of statuses everywhere on the dashboard.
STATUS_ORDER = (
    Status.MET,
    Status.NOT_MET,
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
    values: dict[int, Decimal | None] = field(compare=False)  # approved figures, every year
    assessment: Assessment = field(compare=False)  # of the latest year (where it stands), else the year's
    statuses: dict[int, str] = field(default_factory=dict, compare=False)  # approved statuses
    target: str = ""  # the target in force for the year, as written
    revised: bool = False  # a target revision (中期调整) replaced the printed target
    year: int = 0  # the year judged (within the plan's years)
    latest_year: int | None = None  # the year of the latest approved value up to `year`
    latest_value: object = None  # that value, or the code of its approved status
    reported: bool = False  # the year itself has an approved value or status
    assigned: object = None  # the figure assigned from above for the year (AssignedTarget), if any
    verdict: Verdict | None = field(default=None, compare=False)  # what the fields above are read from
    unit_ids: frozenset[int] = frozenset()  # its responsible units: who else may see it (`accounts.scope`)

    @property
    def status(self) -> Status:
        return self.assessment.status

    @property
    def outcome(self) -> Outcome:
        """What its verdict says (2025年数据未报 apart from 暂无数据): what counts and the status filter use."""
        return self.verdict.outcome if self.verdict is not None else Outcome(self.status)

    @property
    def warning(self) -> bool:
        return self.verdict.warning if self.verdict is not None else self.assessment.warning

    @property
    def forecast(self):
        """The forecast for the plan's last year, as the verdict gives it (none once final)."""
        return self.verdict.forecast if self.verdict is not None else self.assessment.forecast

    @property
    def not_met(self) -> bool:
        """Binding and not met at the end of the period (a final 未达标): listed before the warnings."""
        return self.verdict is not None and self.verdict.binding and self.status == Status.NOT_MET


def _key(*parts) -> str:
    return hashlib.sha1(repr(parts).encode()).hexdigest()


def memo(name: str, year: int, compute, stamp=None):
    """`compute(year=year)`, kept while the data's fingerprint (`stamp`, read when not given) stays the
    same. Only the latest version is kept: a table of an older fingerprint is never asked for again."""
    stamp = stamp or fingerprint()
    cache, key = caches[CACHE], _key(name, year)
    kept = cache.get(key)
    if kept is None or kept[0] != stamp:
        kept = (stamp, compute(year=year))
        cache.set(key, kept)
    return kept[1]


def remember(key: tuple, compute):
    """`compute()` kept under `key`, which must hold the data's fingerprint."""
    cache, cache_key = caches[CACHE], _key(*key)
    found = cache.get(cache_key)
    if found is None:
        found = compute()
        cache.set(cache_key, found)
    return found


def attainment_table(*, year: int, stamp=None) -> dict[int, Row]:
    """indicator pk → Row for `year`, across all plans; callers scope it to what the user may see."""
    # A plan's last year becomes final when it ends (`indicators.verdicts`): a new calendar year is new
    # data (after the fingerprint's parts, whose positions `changed_indicators` reads).
    stamp = (*(stamp or fingerprint()), timezone.localdate().year)
    cache, key = caches[CACHE], _key("attainment", year)
    kept = cache.get(key)
    if kept is None or kept.stamp != stamp:
        kept = brought_up_to_date(kept, year=year, stamp=stamp)
        cache.set(key, kept)
    return kept.rows


@dataclass(frozen=True)
class Kept:
    """A year's table and what it was computed from, so that the next version judges only what changed."""

    stamp: tuple  # the fingerprint
    read_at: datetime.datetime  # before the data was read
    rows: dict[int, Row]
    plans: dict[int, tuple]  # pk → what rows take from each plan covering the year (`plan_facts`)
    assigned: frozenset[int]  # indicators with figures assigned from above


def plan_facts(*, year: int) -> dict[int, tuple]:
    """pk → (title, jurisdiction, its name, synthetic, years) of the plans covering `year`: a Row
    prints them, and the years decide whether and how it is assessed."""
    rows = Plan.objects.covering(year).values_list(
        "pk",
        "title",
        "jurisdiction_id",
        "jurisdiction__name",
        "is_synthetic",
        "start_year",
        "end_year",
        "baseline_year",
    )
    return {pk: tuple(facts) for pk, *facts in rows}


def brought_up_to_date(kept: Kept | None, *, year: int, stamp: tuple) -> Kept:
    """The table for `stamp`: `kept` with the rows of changed indicators judged again, or all of them
    when nothing is kept or a delete left no trace."""
    read_at = timezone.now()
    todo = None
    if kept is not None and not _untraced_delete(kept.stamp, stamp):
        plans = plan_facts(year=year)
        # Plans edited, and plans whose years now include `year` or no longer do.
        moved = {pk for pk, facts in kept.plans.items() if plans.get(pk) != facts} | (
            plans.keys() - kept.plans
        )
        current = _current_order(kept, stamp, year, reread=bool(moved))
        todo = changed_indicators(kept, stamp) | {pk for pk in current if pk not in kept.rows}
        if moved:
            todo |= set(Indicator.objects.filter(plan_id__in=moved).values_list("pk", flat=True))
    if todo is None or len(todo) > CHUNK:
        rows, assigned = compute_table(year=year, assigned=True)
        return Kept(stamp, read_at, rows, plan_facts(year=year), assigned)
    fresh, now_assigned = compute_table(year=year, pks=todo, assigned=True, units=False)
    rows = {pk: fresh[pk] if pk in todo else kept.rows[pk] for pk in current if pk in fresh or pk not in todo}
    if any(kept.stamp[part] != stamp[part] for part in (LINKS, LINK_MAX)):
        rows = _with_units(rows, year)
    else:  # no unit was linked or unlinked: a row judged again keeps its units
        rows = {pk: _units_kept(row, kept.rows.get(pk)) for pk, row in rows.items()}
    assigned = (kept.assigned - todo) | now_assigned
    return Kept(stamp, read_at, rows, plans, assigned)


def _units_kept(row: Row, before: Row | None) -> Row:
    if before is None or row.unit_ids == before.unit_ids:
        return row
    return replace(row, unit_ids=before.unit_ids)


def _with_units(rows: dict[int, Row], year: int) -> dict[int, Row]:
    """The rows with their responsible units read again (one query): units were linked or unlinked."""
    units = _unit_ids(Indicator.objects.assessed().in_year(year))
    return {
        pk: row
        if row.unit_ids == units.get(pk, frozenset())
        else replace(row, unit_ids=units.get(pk, frozenset()))
        for pk, row in rows.items()
    }


# The parts of `fingerprint` that tell what changed (their positions in `fingerprint_parts`).
VALUE_HISTORY, VALUES, VALUE_MAX = 0, 1, 2
INDICATORS, INDICATOR_MAX, INDICATOR_CHANGED = 3, 4, 5
LINKS, LINK_MAX = 6, 7  # indicators' responsible units
REVISIONS, REVISION_MAX, REVISION_HISTORY = 8, 9, 10
ASSIGNED, ASSIGNED_MAX = 11, 12


def _current_order(kept: Kept, stamp: tuple, year: int, *, reread: bool = False) -> list[int]:
    """The assessed indicators of the year in the table's order: the kept ones when no indicator was
    added, removed or edited (an approval) and no plan moved, else read again."""
    parts = (INDICATORS, INDICATOR_MAX, INDICATOR_CHANGED)
    if not reread and all(kept.stamp[part] == stamp[part] for part in parts):
        return list(kept.rows)
    return list(Indicator.objects.assessed().in_year(year).values_list("pk", flat=True))


def changed_indicators(kept: Kept, stamp: tuple) -> set[int]:
    """Indicators with a value, a target revision, an assigned figure or their own row written since
    `kept` was read (one query), and every indicator that had or has assigned figures when their
    number moved (they keep no history, so a removed one cannot be named otherwise)."""
    old = kept.stamp
    since = kept.read_at - SETTLE
    value_history = IndicatorValue.history.model
    revision_history = TargetRevision.history.model
    written = (
        value_history.objects.filter(Q(history_id__gt=old[VALUE_HISTORY] or 0) | Q(history_date__gte=since))
        .values_list("indicator_id")
        .order_by()
        .union(
            IndicatorValue.objects.filter(pk__gt=old[VALUE_MAX] or 0).values_list("indicator_id").order_by(),
            # Not by change time: bulk-created indicators (new primary keys) leave no history row.
            Indicator.objects.filter(
                Q(pk__gt=old[INDICATOR_MAX] or 0)
                | (Q(updated_at__gt=_moment(old[INDICATOR_CHANGED])) if old[INDICATOR_CHANGED] else Q())
            )
            .values_list("pk")
            .order_by(),
            Indicator.history.filter(history_date__gte=since).values_list("id").order_by(),
            revision_history.objects.filter(
                Q(history_id__gt=old[REVISION_HISTORY] or 0) | Q(history_date__gte=since)
            )
            .values_list("indicator_id")
            .order_by(),
            TargetRevision.objects.filter(pk__gt=old[REVISION_MAX] or 0)
            .values_list("indicator_id")
            .order_by(),
            AssignedTarget.objects.filter(Q(pk__gt=old[ASSIGNED_MAX] or 0) | Q(updated_at__gte=since))
            .values_list("indicator_id")
            .order_by(),
        )
    )
    changed = {pk for (pk,) in written}
    if (old[ASSIGNED], old[ASSIGNED_MAX]) != (stamp[ASSIGNED], stamp[ASSIGNED_MAX]):
        changed |= kept.assigned | set(AssignedTarget.objects.values_list("indicator_id", flat=True))
    return changed


def _moment(raw) -> datetime.datetime:
    """A newest change time as `fingerprint` reads it: aware from PostgreSQL, a UTC string from SQLite."""
    if isinstance(raw, str):
        return datetime.datetime.fromisoformat(raw).replace(tzinfo=datetime.UTC)
    return raw


def _untraced_delete(old: tuple, new: tuple) -> bool:
    """Whether values or revisions were deleted without a history row: their count is not the old
    count plus the rows added since minus the old rows whose deletion the history records."""
    for model, count, newest, history in (
        (IndicatorValue, VALUES, VALUE_MAX, VALUE_HISTORY),
        (TargetRevision, REVISIONS, REVISION_MAX, REVISION_HISTORY),
    ):
        if old[count] == new[count] and old[newest] == new[newest] and old[history] == new[history]:
            continue
        added = model.objects.filter(pk__gt=old[newest] or 0).count()
        deleted = (
            model.history.filter(history_id__gt=old[history] or 0, history_type="-", id__lte=old[newest] or 0)
            .values("id")
            .distinct()
            .count()
        )
        if new[count] != old[count] + added - deleted:
            return True
    return False


def compute_table(*, year: int, pks=None, assigned: bool = False, units: bool = True):
    """indicator pk → Row for `year`, of every assessed indicator of the plans covering `year` or of
    those in `pks`; with `assigned`, also the set of them with figures assigned from above; without
    `units`, the rows' responsible units are left for the caller (who kept them)."""
    chosen = Indicator.objects.assessed().in_year(year)
    if pks is not None:
        chosen = chosen.filter(pk__in=list(pks))
    indicators = list(
        chosen.annotate(
            jurisdiction_id=F("plan__jurisdiction_id"),
            plan_title=F("plan__title"),
            jurisdiction_name=F("plan__jurisdiction__name"),
            synthetic=F("plan__is_synthetic"),
        ).only(
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
    found = indicator_attainment(indicators=indicators, year=year)
    linked = _unit_ids(chosen) if units else {}
    rows = {i.pk: _row(i, found[i.pk], linked.get(i.pk, frozenset())) for i in indicators}
    if assigned:
        return rows, frozenset(pk for pk, facts in found.items() if facts.assigned)
    return rows


def _unit_ids(indicators) -> dict[int, frozenset[int]]:
    """pk → the responsible units of each of the `indicators` (a QuerySet): one query."""
    links: dict[int, set[int]] = {}
    rows = Indicator.units.through.objects.filter(indicator__in=indicators.values("pk")).values_list(
        "indicator_id", "responsibleunit_id"
    )
    for pk, unit in rows:
        links.setdefault(pk, set()).add(unit)
    return {pk: frozenset(units) for pk, units in links.items()}


def _row(i, found, unit_ids=frozenset()) -> Row:
    verdict = found.verdict
    return Row(
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
        values=found.values,
        statuses=found.statuses,
        assessment=verdict.assessment,
        target=verdict.target.text,
        revised=verdict.target.revised,
        year=verdict.year,
        latest_year=verdict.value_year,
        latest_value=verdict.shown_value,
        reported=verdict.value_year == verdict.year,
        assigned=verdict.target.assigned,
        verdict=verdict,
        unit_ids=unit_ids,
    )


@dataclass
class Tally:
    """Counts of indicators by what their verdicts say (`Outcome`: a final year not reported apart from
    no data), with the share of judged ones that are met or on track."""

    counts: dict[Outcome, int] = field(default_factory=lambda: {Outcome(s): 0 for s in STATUS_ORDER})
    warnings: int = 0  # binding: not met at the end or forecast to miss (the overview's warning list)
    reported: int = 0  # rows whose year itself is approved (the year's completeness)

    def add(self, row: Row):
        outcome = row.outcome
        self.counts[outcome] = self.counts.get(outcome, 0) + 1
        self.warnings += row.warning or row.not_met
        self.reported += row.reported

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def judged(self) -> int:
        return self.total - sum(n for outcome, n in self.counts.items() if outcome.status in UNJUDGED)

    @property
    def good(self) -> int:
        return sum(n for outcome, n in self.counts.items() if outcome.status in GOOD)

    @property
    def share_good(self) -> float | None:
        return self.good / self.judged if self.judged else None

    def merge(self, other: Tally):
        for outcome, count in other.counts.items():
            self.counts[outcome] = self.counts.get(outcome, 0) + count
        self.warnings += other.warnings
        self.reported += other.reported

    def ordered(self) -> list[tuple[Outcome, int]]:
        """(Outcome, count) in the dashboard's order of statuses, a final year not reported after no data."""
        return sorted(self.counts.items(), key=lambda item: outcome_order(item[0]))


def outcome_order(outcome: Outcome) -> tuple[int, int]:
    return STATUS_ORDER.index(outcome.status), outcome.unreported or 0


def tally(rows, by) -> dict[int, Tally]:
    out: dict[int, Tally] = {}
    for row in rows:
        out.setdefault(by(row), Tally()).add(row)
    return out


def filter_rows(
    rows, *, scope=None, jurisdiction_ids=None, attribute="", status="", category="", plan_ids=None
):
    """Rows kept by the dashboard's filters and the user's `scope` (`accounts.scope.Scope`); None or ""
    leaves a filter off. `status` is an `Outcome.code`: 暂无数据 and a final year not reported apart, as
    the counts list them."""
    return [
        row
        for row in rows
        if (scope is None or scope.sees(jurisdiction_id=row.jurisdiction_id, unit_ids=row.unit_ids))
        and (jurisdiction_ids is None or row.jurisdiction_id in jurisdiction_ids)
        and (plan_ids is None or row.plan_id in plan_ids)
        and (not attribute or row.attribute == attribute)
        and (not status or row.outcome.code == status)
        and (not category or row.category == category)
    ]
