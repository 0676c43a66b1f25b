"""The names of plan periods, as officials say them: 十四五 for 2021–2025, 十五五 for 2026–2030."""

from django.utils.translation import gettext as _

from .importing.numerals import to_chinese


def period_short_name(start_year: int, end_year: int) -> str | None:
    """十四五 for 2021–2025, 十五五 for 2026–2030 (the third Five-Year Plan began in 1966, after the
    adjustment years 1963–1965); None for any other span."""
    if end_year - start_year == 4 and start_year >= 1966 and (start_year - 1966) % 5 == 0:
        return f"{to_chinese((start_year - 1966) // 5 + 3)}五"
    return None


def period_name(start_year: int, end_year: int) -> str:
    """“十四五” in quotation marks, as titles print it; the years themselves for any other span."""
    short = period_short_name(start_year, end_year)
    if short:
        return f"“{short}”"
    return _("%(start)s–%(end)s") % {"start": start_year, "end": end_year}
