"""What part of the plans a user may read: one rule, asked by every door.

The rule:
- A user reads everything of the jurisdictions in their scope: their own jurisdiction and those below
  it; bureau staff also the jurisdictions of their units and those below them; administrators all.
- Bureau staff also read, wherever it is, what their own units are responsible for (an indicator, a
  task, a key project) with its yearly records and evidence, and the plan that holds it, opened on just
  those rows: a district bureau named on a city indicator reads that indicator on every page, report
  and API, and the city plan's page and reports with that indicator in them; the rest of the city plan
  stays closed to them, as it is to everyone outside the city.
- A row the user may not read is not found (404) at every door; one they may read is shown at every door.

`Scope` states the rule once, as a QuerySet filter (`q`) and for rows already in memory (`sees`: the
dashboard's cached tables, permission checks on loaded records). `scope_of(user)` builds it once per
request (`operations.memo`). The QuerySets' `visible_to(user)` and `for_reporter(user)`,
`indicators.permissions` and the dashboard all start from it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q

from operations.memo import per_request

from .roles import is_admin

__all__ = ["Scope", "is_admin", "scope_of", "user_unit_ids", "visible_jurisdiction_ids"]


def unit_jurisdictions(user) -> dict[int, int]:
    """{unit id: its jurisdiction id} of the units the user works for; read once per request."""
    if not user.is_authenticated:
        return {}
    return per_request(
        user, "units", lambda: dict(user.units.order_by().values_list("pk", "jurisdiction_id"))
    )


def user_unit_ids(user) -> set[int]:
    """The responsible units the user works for (bureau staff); empty for anonymous users."""
    return set(unit_jurisdictions(user))


def visible_jurisdiction_ids(user) -> set[int] | None:
    """Jurisdictions the user reads whole; None means all of them (administrators). The QuerySet
    method reads them (the models import their QuerySets, which import this module)."""
    return apps.get_model("accounts", "Jurisdiction").objects.ids_visible_to(user)


@dataclass(frozen=True)
class Scope:
    """A user's reach: `jurisdictions` they read whole (None: all) and the `units` they work for."""

    jurisdictions: frozenset[int] | None
    units: frozenset[int]

    @property
    def everything(self) -> bool:
        return self.jurisdictions is None

    def sees(self, *, jurisdiction_id: int, unit_ids: Iterable[int] = ()) -> bool:
        """Whether a row of that jurisdiction, reported by those units, is the user's to read: the
        same rule as `q()`, for rows already in memory. Without `unit_ids`: whether the user reads the
        whole jurisdiction."""
        if self.jurisdictions is None or jurisdiction_id in self.jurisdictions:
            return True
        return not self.units.isdisjoint(unit_ids)

    def q(self, *, jurisdiction: str, units: str | Iterable[str] = (), model=None) -> Q:
        """The same rule as a filter: `jurisdiction` is the path to the row's jurisdiction id, `units`
        the path (or paths) to its responsible units. Where a row has many units, give its `model`: the
        units are then read in a subquery of its primary keys, so no row comes twice (no DISTINCT,
        which the admin and row locks dislike)."""
        if self.jurisdictions is None:
            return Q()
        rule = Q(**{f"{jurisdiction}__in": self.jurisdictions})
        if not self.units:
            return rule
        for path in (units,) if isinstance(units, str) else units:
            mine = Q(**{f"{path}__in": self.units})
            rule |= mine if model is None else Q(pk__in=model._base_manager.filter(mine).values("pk"))
        return rule


def scope_of(user) -> Scope:
    """The user's scope, read once per request (two small queries at most)."""

    def read():
        visible = visible_jurisdiction_ids(user)
        return Scope(
            jurisdictions=None if visible is None else frozenset(visible),
            units=frozenset(user_unit_ids(user)),
        )

    return per_request(user, "scope", read)
