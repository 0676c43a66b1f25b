"""Reads of the reporting cycle: which rounds concern a user, which years are closed to entry, who still
owes records, and the notifications a user has not read."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from accounts.models import User
from indicators.models import RECORD_MODELS, ReviewState
from plans.models import Plan

from .models import Notification, ReportingRound

# A record in these states is no longer owed by its unit.
HANDED_IN = (ReviewState.SUBMITTED, ReviewState.APPROVED)


def rounds_for(user) -> list[ReportingRound]:
    """Every round (there are a few a year), latest year first, each with the jurisdictions it names. One
    query, kept on the user for the request (as `accounts.scope` keeps the user's scope): the banner, the
    default year, the badges and the services' closed-year rule all read it."""
    cached = getattr(user, "_rounds", None)
    if cached is None:
        cached = user._rounds = ReportingRound.objects.order_by("-year", "due_date", "pk").with_named()
    return cached


def open_rounds_for(user) -> list[ReportingRound]:
    """The open rounds covering a plan the user may see whose period includes the round's year, latest
    year first. Reads the user's plans only when a round is open (one query, kept on the user)."""
    rounds = [r for r in rounds_for(user) if r.is_open]
    if not rounds or not user.is_authenticated:
        return []
    plans = getattr(user, "_round_plans", None)
    if plans is None:
        plans = user._round_plans = list(
            Plan.objects.visible_to(user).values_list("jurisdiction_id", "start_year", "end_year")
        )
    return [
        r
        for r in rounds
        if any(
            first <= r.year <= last and r.covers(jurisdiction_id) for jurisdiction_id, first, last in plans
        )
    ]


def open_round_year(user) -> int | None:
    """The year of the open round covering the user's plans; of several, the one due first (the work
    to hand in next), and of those due the same day the latest year."""
    rounds = open_rounds_for(user)
    if not rounds:
        return None
    return min(rounds, key=lambda r: (r.due_date, -r.year)).year


def closed_among(rounds, pairs) -> set[tuple[int, int]]:
    """Of (jurisdiction id, year) pairs, those closed to entry: some round of that year covers the
    jurisdiction and none of them is open. A year without a round is open."""
    closed = set()
    for jurisdiction_id, year in pairs:
        covering = [r for r in rounds if r.year == year and r.covers(jurisdiction_id)]
        if covering and not any(r.is_open for r in covering):
            closed.add((jurisdiction_id, year))
    return closed


def closed_for(user, pairs) -> set[tuple[int, int]]:
    """`closed_among` every round, read once per request through `rounds_for`."""
    pairs = set(pairs)
    return closed_among(rounds_for(user), pairs) if pairs else set()


def days_late(rounds, *, jurisdiction_id, year, today=None) -> int:
    """How many days past its due date the open round of `year` covering the jurisdiction is (0: not late)."""
    today = today or timezone.localdate()
    late = [
        -r.days_left(today)
        for r in rounds
        if r.year == year and r.covers(jurisdiction_id) and r.days_left(today) < 0
    ]
    return max(late, default=0)


@dataclass(frozen=True)
class Banner:
    """What every page says about an open round."""

    round: ReportingRound
    days_left: int

    @property
    def year(self) -> int:
        return self.round.year

    @property
    def due(self) -> str:
        return self.round.due_shown()

    @property
    def overdue_days(self) -> int:
        return -self.days_left


def banners_for(user, today=None) -> list[Banner]:
    today = today or timezone.localdate()
    return [Banner(r, r.days_left(today)) for r in open_rounds_for(user)]


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


# --- who reports in a round, who still owes ------------------------------------------------------------


def round_unit_ids(round_: ReportingRound, *, owing: bool) -> set[int]:
    """Units responsible for an indicator, task or key project of a plan the round covers (whose period
    includes its year); `owing`: only those with one not yet submitted. One query per kind of record."""
    named = round_.jurisdiction_ids()
    unit_ids = set()
    for model in RECORD_MODELS:
        subject_model = model.subject_model()
        subjects = subject_model.objects.in_year(round_.year)
        if named is not None:
            subjects = subjects.filter(**{f"{subject_model.PLAN_PATH}__jurisdiction_id__in": named})
        if owing:
            handed_in = model.objects.filter(
                year=round_.year, state__in=HANDED_IN, **{model.SUBJECT_FIELD: OuterRef("pk")}
            )
            subjects = subjects.filter(~Exists(handed_in))
        unit_ids |= set(subjects.filter(units__isnull=False).values_list("units", flat=True))
    return unit_ids


def reporters_of(unit_ids) -> dict[int, list[User]]:
    """Active bureau staff of each unit: {unit id: [users]}. One query."""
    staff = defaultdict(list)
    members = User.objects.filter(is_active=True, role=User.Role.REPORTER, units__in=unit_ids).annotate(
        member_of=F("units")
    )
    for user in members:
        staff[user.member_of].append(user)
    return dict(staff)
