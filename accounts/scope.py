"""What part of the plans a user works in: the jurisdictions they may read and the units they belong to.

The QuerySets' `visible_to(user)` and `for_reporter(user)` and the rules in `indicators.permissions`
all start from these two sets, so the scope of a user is decided once. Both are cached on the user
object for the request.
"""

from __future__ import annotations


def is_admin(user) -> bool:
    from .models import User

    return user.is_superuser or getattr(user, "role", None) == User.Role.ADMIN


def user_unit_ids(user) -> set[int]:
    """The responsible units the user works for (bureau staff); empty for anonymous users."""
    if not user.is_authenticated:
        return set()
    return set(_units(user))


def _units(user) -> dict[int, int]:
    """{unit id: its jurisdiction id} of the user's units, read once per request (one query)."""
    cached = getattr(user, "_units_by_id", None)
    if cached is None:
        cached = user._units_by_id = dict(user.units.order_by().values_list("pk", "jurisdiction_id"))
    return cached


def visible_jurisdiction_ids(user) -> set[int] | None:
    """Jurisdictions whose plans the user may read: their own and those below it, and the
    jurisdictions of their units with those below them. None means all of them (administrators)."""
    from plans.models import Jurisdiction

    if not user.is_authenticated:
        return set()
    if is_admin(user):
        return None
    cached = getattr(user, "_visible_jurisdictions", None)
    if cached is not None:
        return cached
    roots = {user.jurisdiction_id} if user.jurisdiction_id else set()
    roots |= set(_units(user).values())
    visible = set()
    for root in roots:
        visible |= set(Jurisdiction.objects.within(root).values_list("pk", flat=True))
    user._visible_jurisdictions = visible
    return visible
