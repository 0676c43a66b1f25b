"""Checks on a reported figure, by what the indicator measures. Pure: no database."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .attainment import TargetKind, parse_target

MAX_DECIMALS = 3
# Indicators that measure a change may fall below zero (an increase where a decrease was planned).
CHANGE_WORDS = re.compile(r"下降|降低|减少|削减|增长|提高|增加|变化|减排")
# What is left once full-width forms are read as ASCII: a plain decimal, maybe with an exponent (Excel
# writes tiny and huge floats so). ASCII digits only: "²⁰²⁴" or "١٢" are no figures.
NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)
# Thousands grouped by three: 1,234 and 12,345,678.5, never 1,23 or 1,2345.
GROUPED = re.compile(r"([+-]?)([0-9]{1,3}(?:,[0-9]{3})+)((?:\.[0-9]*)?)", re.ASCII)
# One comma between digits where a decimal point was meant: "12,0", "38,5".
DECIMAL_COMMA = re.compile(r"[+-]?[0-9]+,[0-9]+", re.ASCII)
MINUS_SIGNS = str.maketrans({"−": "-", "–": "-", "﹣": "-"})


def is_percentage(unit: str | None) -> bool:
    return bool(unit) and "%" in unit


def measures_change(name: str) -> bool:
    return bool(CHANGE_WORDS.search(name or ""))


def _half_width(text: str) -> str:
    """Full-width forms (８８．５, １，２３４, ％), which Chinese input methods type, read as ASCII (NFKC);
    other compatibility characters (superscripts, circled digits) stay as they are, to be refused."""
    return "".join(
        unicodedata.normalize("NFKC", char) if "\uff01" <= char <= "\uff5e" or char == "\u3000" else char
        for char in text
    ).translate(MINUS_SIGNS)


def _not_a_number(raw):
    return ValidationError(_("“%(raw)s” is not a number."), code="not_a_number", params={"raw": raw})


def _without_grouping(text: str, raw) -> str:
    """The text without thousands separators; a comma anywhere else is refused, never read as a
    decimal point (Excel in a European locale writes 12,0 for 12)."""
    if "," not in text:
        return text
    if match := GROUPED.fullmatch(text):
        return match[1] + match[2].replace(",", "") + match[3]
    if DECIMAL_COMMA.fullmatch(text):
        raise ValidationError(
            _("A comma cannot be a decimal point: write %(number)s."),
            code="decimal_comma",
            params={"number": text.replace(",", ".")},
        )
    raise ValidationError(
        _("“%(raw)s”: group thousands by three digits (1,234,567) or leave out the commas."),
        code="grouping",
        params={"raw": raw},
    )


def clean_number(raw, *, name: str = "", unit: str | None = None) -> Decimal:
    """The reported figure as a Decimal, or a ValidationError saying what is wrong with it.

    The one number parser of the 填报 page, the API, the spreadsheet import and the admin."""
    text = re.sub(r"\s+", "", _half_width(str(raw)))
    percent = text.endswith("%")
    if percent and not is_percentage(unit):
        raise _not_a_number(raw)
    text = _without_grouping(text.removesuffix("%"), raw)
    if not NUMBER.fullmatch(text):
        raise _not_a_number(raw)
    try:
        number = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only what Decimal reads
        raise _not_a_number(raw) from None
    if not number.is_finite():
        raise _not_a_number(raw)
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


# The figures of a target as written, in half- or full-width forms, with whatever commas were typed.
WRITTEN_FIGURE = re.compile(r"[0-9０-９][0-9０-９.,，．]*")


def clean_target_text(text: str) -> str:
    """A target (or baseline) as written: words pass as they are ("完成市级下达任务"); the figures of what
    the judgement reads as a point, bound or range ("35", "≤35", "43.6-89.9") are read by `clean_number`
    first and written back plainly, so that "35,0" is refused with its reason rather than judged as 350."""
    target = parse_target(text)
    if target is None or target.kind == TargetKind.TEXT:
        return text
    if any(char.isdigit() for char in unicodedata.normalize("NFKC", WRITTEN_FIGURE.sub("", text))):
        raise _not_a_number(text)  # digits of another script ("²⁰²⁴"), which the judgement would read
    return WRITTEN_FIGURE.sub(lambda match: format(clean_number(match[0]), "f"), text)
