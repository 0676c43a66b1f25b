"""Reads of the reporting calendar: which rounds concern a user, which years are closed to entry, and the
notifications a user has not read."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from operations.memo import per_request
from plans.models import Plan

from .models import Notification, ReportingRound


def rounds_for(user) -> list[ReportingRound]:
    """Every round (there are a few a year), latest year first, each with the jurisdictions it names. One
    query, kept on the user for the request (as `accounts.scope` keeps the user's scope): the banner, the
    default year, the badges and the services' closed-year rule all read it."""
    return per_request(
        user, "rounds", lambda: ReportingRound.objects.order_by("-year", "due_date", "pk").with_named()
    )


def open_rounds_for(user) -> list[ReportingRound]:
    """The open rounds covering a plan the user may see whose period includes the round's year, latest
    year first. Reads the user's plans only when a round is open (one query, kept on the user)."""
    rounds = [r for r in rounds_for(user) if r.is_open]
    if not rounds or not user.is_authenticated:
        return []
    plans = per_request(
        user,
        "round_plans",
        lambda: list(Plan.objects.visible_to(user).values_list("jurisdiction_id", "start_year", "end_year")),
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
