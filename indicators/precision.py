"""Numbers as the plan prints them: an indicator printed "83.3" shows its figures with one decimal
(85 → 85.0, 38.0000 → 38.0), one printed "42" with none; a figure typed with more decimals keeps them
(up to the 3 entry accepts), so nothing entered is hidden. Pure: no database."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .validation import MAX_DECIMALS

PRINTED_NUMBER = re.compile(r"[0-9]+(?:\.([0-9]+))?")


def printed_places(*texts) -> int | None:
    """The most decimals of any number printed in `texts` ("83.3", "≥90", "43.6-89.9"); None when no
    text holds a number ("--", "完成市级下达任务")."""
    places = [len(match[1] or "") for text in texts if text for match in PRINTED_NUMBER.finditer(str(text))]
    return min(max(places), MAX_DECIMALS) if places else None


def indicator_places(indicator) -> int | None:
    """The decimals the plan prints for `indicator`, from its baseline and target as printed."""
    cached = getattr(indicator, "_printed_places", False)
    if cached is False:
        cached = printed_places(indicator.baseline_text, indicator.target_text)
        indicator._printed_places = cached
    return cached


def shown(value, places: int | None = None) -> str:
    """`value` with at least `places` decimals and at most the 3 entry accepts, trailing zeros beyond
    `places` dropped (38.0000 → "38" or, with places=1, "38.0"); text as it is; "" for None."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or not isinstance(value, Decimal | float | int):
        return str(value)
    try:
        number = Decimal(str(value)).quantize(Decimal(1).scaleb(-MAX_DECIMALS)).normalize()
    except InvalidOperation:
        return str(value)
    decimals = max(-number.as_tuple().exponent, places or 0, 0)
    return format(number, f".{decimals}f")


def estimated(value, places: int | None = None) -> str:
    """A computed figure (a forecast, a point on the path) with one decimal more than the plan prints
    (34.666… → "34.7" for an indicator printed "42"), never more than entry accepts."""
    if (
        value is None
        or value == ""
        or not isinstance(value, Decimal | float | int)
        or isinstance(value, bool)
    ):
        return shown(value, places)
    digits = min((places or 0) + 1, MAX_DECIMALS)
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits))
    return shown(number, places)
