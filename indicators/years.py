"""The plan period's years: reading a year from a request and the one shown when none is asked for.

Every page and download that takes `?year=` parses it here, so a year outside 2021–2025 is treated
the same everywhere (as not given) and the default follows one rule (`selectors.default_year`).
"""

from django.conf import settings
from django.utils import timezone

FIRST_YEAR, LAST_YEAR = settings.PLAN_PERIOD
YEARS = list(range(FIRST_YEAR, LAST_YEAR + 1))


def clamp(year: int) -> int:
    return min(max(year, FIRST_YEAR), LAST_YEAR)


def current_year() -> int:
    """This calendar year, kept inside the plan period (2027 reads as 2025)."""
    return clamp(timezone.localdate().year)


def parse_year(raw) -> int | None:
    """The year in `raw` (a query parameter or form value) if it is a plan year, else None."""
    text = str(raw).strip() if raw is not None else ""
    if text.isdigit() and int(text) in YEARS:
        return int(text)
    return None


def year_or_default(raw, user) -> int:
    """The year asked for, else `selectors.default_year(user)`."""
    from .selectors import default_year  # selectors reads models; this module stays import-light

    year = parse_year(raw)
    return year if year is not None else default_year(user)
