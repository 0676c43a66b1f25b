"""Checks on a reported figure, by what the indicator measures. Pure: no database."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_DECIMALS = 3
# Indicators that measure a change may fall below zero (an increase where a decrease was planned).
CHANGE_WORDS = re.compile(r"下降|降低|减少|削减|增长|提高|增加|变化|减排")


def is_percentage(unit: str | None) -> bool:
    return bool(unit) and "%" in unit


def measures_change(name: str) -> bool:
    return bool(CHANGE_WORDS.search(name or ""))


def clean_number(raw, *, name: str = "", unit: str | None = None) -> Decimal:
    """The reported figure as a Decimal, or a ValidationError saying what is wrong with it."""
    text = str(raw).strip().replace(",", "").replace("，", "")
    if text.endswith("%") and is_percentage(unit):
        text = text[:-1].strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationError(
            _("“%(raw)s” is not a number."), code="not_a_number", params={"raw": raw}
        ) from None
    if not number.is_finite():
        raise ValidationError(_("“%(raw)s” is not a number."), code="not_a_number", params={"raw": raw})
    if -number.as_tuple().exponent > MAX_DECIMALS:
        raise ValidationError(
            _("Use at most %(places)d decimal places."), code="too_precise", params={"places": MAX_DECIMALS}
        )
    change = measures_change(name)
    if is_percentage(unit):
        low = Decimal(-100) if change else Decimal(0)
        if not low <= number <= 100:
            raise ValidationError(
                _("A percentage must lie between %(low)s and 100."), code="percentage", params={"low": low}
            )
    elif number < 0 and not change:
        raise ValidationError(_("This indicator cannot be negative."), code="negative")
    if number.copy_abs() >= Decimal("1e12"):  # abs() would round, and overflow on 1e999999999999
        raise ValidationError(_("The number is too large."), code="too_large")
    return number
