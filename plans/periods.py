"""A plan period's name: “十四五” for 2021–2025, “十五五” for 2026–2030. Pure."""

NUMERALS = "零一二三四五六七八九"


def period_short_name(start_year: int, end_year: int) -> str | None:
    """十四五 for 2021–2025, 十五五 for 2026–2030 (the third Five-Year Plan began in 1966, after the
    adjustment years 1963–1965); None for any other span."""
    if end_year - start_year == 4 and start_year >= 1966 and (start_year - 1966) % 5 == 0:
        number = (start_year - 1966) // 5 + 3
        tens, ones = divmod(number, 10)
        return (
            ("" if tens < 2 else NUMERALS[tens])
            + ("十" if tens else "")
            + (NUMERALS[ones] if ones else "")
            + "五"
        )
    return None
