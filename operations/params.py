"""Query and form parameters as every page reads them: one parser, which never raises.

Bad input reads as absent, so a page falls back to its default instead of answering 500: superscript
digits ("²⁰²⁴" passes `str.isdigit()`, then `int()` raises), full-width digits ("２０２４", which `int()`
quietly accepts), signs, spaces, decimals, and numbers beyond a database integer (23 digits overflow
SQLite's and PostgreSQL's bigint in lookups Django does not guard, such as `pk__in`). Only ASCII digits
are numbers here, and years too (`parse_year`).

Functions take the parameters (`request.GET`, `request.POST`, a form's data), not the request, so the
same call reads a query string and a posted form.
"""

from __future__ import annotations

import re

from django import forms

# At most 18 digits: every such number fits a signed 64-bit column (bigint, SQLite's INTEGER).
DIGITS = re.compile(r"[0-9]{1,18}")
LARGEST_WHOLE_NUMBER = 10**18 - 1  # the largest `whole_number` reads (what the API's schema declares)
MAX_ID = 2**63 - 1  # BigAutoField
MAX_INT = 2**31 - 1  # IntegerField and PositiveIntegerField on PostgreSQL

YEAR = re.compile(r"[0-9]{4}")
FIRST_PLAUSIBLE, LAST_PLAUSIBLE = 1949, 2100


def parse_year(raw) -> int | None:
    """The year in `raw` (a query parameter or form value) if it reads as one, else None."""
    text = str(raw).strip() if raw is not None else ""
    if YEAR.fullmatch(text) and FIRST_PLAUSIBLE <= int(text) <= LAST_PLAUSIBLE:
        return int(text)
    return None


def whole_number(raw, *, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """`raw` as a whole number within [minimum, maximum] if it is written in ASCII digits, else None."""
    text = raw.strip() if isinstance(raw, str) else ""
    if not DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None


def int_param(params, name: str, *, default=None, minimum: int = 0, maximum: int = MAX_ID):
    """The whole number in `params[name]` (the last one if repeated), or `default`."""
    number = whole_number(params.get(name), minimum=minimum, maximum=maximum)
    return default if number is None else number


def id_param(params, name: str) -> int | None:
    """The id of a row (a primary key), or None."""
    return int_param(params, name, minimum=1)


def page_param(params, name: str = "page") -> int:
    """A page number, 1 when there is none; past the last page the paginator shows the last one."""
    return int_param(params, name, default=1, minimum=1)


def sort_param(params, name: str, keys) -> str:
    """A sort order: a name of `keys`, with "-" before it for descending; "" for anything else."""
    raw = params.get(name)
    if not isinstance(raw, str):
        return ""
    return raw if raw.removeprefix("-") in keys else ""


class ModelIdChoiceField(forms.ModelChoiceField):
    """A `ModelChoiceField` that reads the id with `whole_number`: "２" is no choice, not row 2."""

    def to_python(self, value):
        if value in self.empty_values or isinstance(value, self.queryset.model):
            return super().to_python(value)
        if whole_number(str(value), minimum=1) is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)
