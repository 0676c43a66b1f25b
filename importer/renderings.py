"""A plan document turned into another plan document by a general transformation of its text."""

# The period's name and its baseline and target years, each moved on by one period (five years).
NEXT_PERIOD = (("十四五", "十五五"), ("2025年", "2030年"), ("2020年", "2025年"))


def next_period_text(text: str) -> str:
    """The same plan one period later (十四五 → 十五五: baseline 2020 → 2025, target 2025 → 2030), as the
    demo's 十五五 plan. The replacements run in order, so a year moved once is not moved again."""
    for old, new in NEXT_PERIOD:
        text = text.replace(old, new)
    return text
