"""Is a reported figure plausible? Checks that warn and ask the reporter to explain the figure in the
note before submitting; they never refuse it (what cannot be true, a share above 100 or a negative
count, is refused by `validation.clean_number`). Pure: numbers in, warnings out.

- **change**: the figure differs from last year's by more than the indicator's threshold (percent of
  last year's figure; `Indicator.change_threshold`, else ±50 %). Not judged from a last year of 0.
- **baseline**: the figure is worse than the baseline (higher where lower is better, lower where higher
  is better) by more than the same threshold of the baseline. Not judged for other directions or a
  baseline of 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from .attainment import HIGHER_IS_BETTER, LOWER_IS_BETTER
from .precision import shown

DEFAULT_THRESHOLD = Decimal(50)


@dataclass(frozen=True)
class PlausibilityWarning:
    code: str  # "change" or "baseline"
    message: str


def _percent(share: Decimal) -> str:
    return f"{share:+.0f}%"


def plausibility_warnings(
    *,
    value: Decimal | None,
    previous: Decimal | None = None,
    baseline: Decimal | None = None,
    baseline_year: int | None = None,
    direction: str = "",
    threshold: Decimal | None = None,
    places: int | None = None,
) -> list[PlausibilityWarning]:
    """The warnings a figure earns, in the order above; [] for a plausible one (or no figure)."""
    if value is None:
        return []
    limit = Decimal(threshold) if threshold is not None else DEFAULT_THRESHOLD
    found = []
    if previous is not None and previous != 0:
        change = (value - previous) / abs(previous) * 100
        if abs(change) > limit:
            found.append(
                PlausibilityWarning(
                    "change",
                    _(
                        "%(change)s from last year's %(previous)s (more than ±%(threshold)s%%): check the "
                        "figure and explain it in the note."
                    )
                    % {
                        "change": _percent(change),
                        "previous": shown(previous, places),
                        "threshold": shown(limit),
                    },
                )
            )
    if baseline is not None and baseline != 0 and direction in (LOWER_IS_BETTER, HIGHER_IS_BETTER):
        worse = (value - baseline) if direction == LOWER_IS_BETTER else (baseline - value)
        if worse / abs(baseline) * 100 > limit:
            found.append(
                PlausibilityWarning(
                    "baseline",
                    _(
                        "Worse than the %(year)s baseline %(baseline)s by more than %(threshold)s%%: check "
                        "the figure and explain it in the note."
                    )
                    % {
                        "year": baseline_year or "",
                        "baseline": shown(baseline, places),
                        "threshold": shown(limit),
                    },
                )
            )
    return found


def indicator_warnings(indicator, value, previous=None) -> list[PlausibilityWarning]:
    """The warnings of a figure for `indicator` (its baseline, direction and threshold, read from the
    object: no query), `previous` being last year's figure or None."""
    from .precision import indicator_places

    return plausibility_warnings(
        value=value,
        previous=previous,
        baseline=indicator.baseline_value,
        baseline_year=indicator.plan.baseline_year,
        direction=indicator.direction,
        threshold=indicator.change_threshold,
        places=indicator_places(indicator),
    )
