"""What part of the plans a user works in: the jurisdictions they may read and the units they belong to.

The QuerySets' `visible_to(user)` and `for_reporter(user)`, the rules in `indicators.permissions` and
the dashboard's cached tables all start from `scope_of(user)`, so the scope of a user is decided once:
a user sees what lies in a jurisdiction they may read, and bureau staff also what their own units are
responsible for, wherever it is. Both sets are read once per request (`operations.memo`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from .models import Jurisdiction
from .querysets import user_unit_ids
from .roles import is_admin

__all__ = ["Scope", "is_admin", "scope_of", "user_unit_ids", "visible_jurisdiction_ids"]


def visible_jurisdiction_ids(user) -> set[int] | None:
    """Jurisdictions whose plans the user may read; None means all of them (administrators)."""
    return Jurisdiction.objects.ids_visible_to(user)


@dataclass(frozen=True)
class Scope:
    """A user's reach: `jurisdictions` they read (None: all) and the `units` they work for."""

    jurisdictions: frozenset[int] | None
    units: frozenset[int]

    @property
    def everything(self) -> bool:
        return self.jurisdictions is None

    def sees(self, *, jurisdiction_id: int, unit_ids: Iterable[int] = ()) -> bool:
        """Whether a row of that jurisdiction, reported by those units, is the user's to read: the
        same rule as `q()`, for rows already in memory (the dashboard's cached tables)."""
        if self.jurisdictions is None or jurisdiction_id in self.jurisdictions:
            return True
        return not self.units.isdisjoint(unit_ids)

    def q(self, *, jurisdiction: str, units: str | None = None) -> Q:
        """The same rule as a filter: `jurisdiction` is the path to the row's jurisdiction id,
        `units` the path to its responsible units (None where rows have none)."""
        if self.jurisdictions is None:
            return Q()
        rule = Q(**{f"{jurisdiction}__in": self.jurisdictions})
        if units is not None and self.units:
            rule |= Q(**{f"{units}__in": self.units})
        return rule


def scope_of(user) -> Scope:
    visible = visible_jurisdiction_ids(user)
    return Scope(
        jurisdictions=None if visible is None else frozenset(visible),
        units=frozenset(user_unit_ids(user)),
    )
