"""How far an indicator has come: arithmetic on printed targets and yearly values. Pure: no database.

Selectors feed `assess()` prefetched numbers; it returns an `Assessment`. All arithmetic is Decimal
(the database's type); the trend is fitted exactly with fractions. Rounding is for presentation.

Rules, per year y of the period (start_year…end_year against the baseline of baseline_year: for
十四五 2021…2025 against 2020, for 十五五 2026…2030 against 2025; the caller passes the plan's years):

- Lower/higher is better: the straight path runs from the baseline to the printed target,
  expected(y) = baseline + (target − baseline) × (y − baseline_year) / (end_year − baseline_year). In order: no target → 无法评估;
  no value for y → 暂无数据; target reached (≤ or ≥ it) → 已达标; no baseline → 无法评估; further from
  the target than the baseline was → 逆向变化; at or beyond expected(y) → 进度正常; otherwise 进度滞后.
- Hold (100 → 100, 0 → 0, forest cover 30.1 → 30.1): the level is the target, or the baseline when
  the target is missing, and a missing baseline is taken to be the level. A level of 0 (incidents,
  share of 劣Ⅴ water) is lost by any rise and any other level (rates, cover) by any fall; going beyond
  it on the good side still keeps it. So hold is "lower is better" towards 0 and "higher is better"
  towards any other level: kept → 已达标, lost → 逆向变化 when the baseline is the level (the usual
  case); a baseline short of the level follows the path like those directions.
- Range ("43.6-89.9", "≥90", "≤35"; ">" and "<" read as "≥" and "≤"): inside, bounds included →
  已达标. The path runs from the baseline to the nearest bound; the distance to the range decides
  the rest as above. A baseline already inside has a flat path: leaving the range is 逆向变化.
  A numeric direction given a range target is judged as a range.
- Qualitative, or any text target (完成市级下达任务): the recorded status of the year, 已完成 / 推进中 /
  未完成 (codes or labels), else 暂无数据. No arithmetic.
- Assigned yearly figures (年度下达目标, `Assigned`) turn such a text target into numbers: the figure a
  higher level assigned for a year, an upper bound ("no more than", a concentration, the share of
  Ⅴ类 water) or a lower bound ("at least", a reduction, a rate). In order: a figure for the plan's
  last year gives a path: the year is judged as "lower/higher is better" against that figure (its
  status, expected value, forecast and Open SDG measure). A figure for the year itself then decides
  the status: no value → 暂无数据; the value within the bound → 已达标; else 未完成 (the path's forecast
  is kept, the expected value is the figure). A text target with neither figure is judged by its
  status as above. A printed numeric target is never replaced by an assigned figure.

Final verdict (`conclude`): the plan's last year, once its value is approved or the year has ended,
is judged on that year's value alone: 已达标 when the target is met (or a text target 已完成), else
未达标; 暂无数据 and 无法评估 stay; no forecast and no warning (nothing is left to forecast).

The rule applied (`rule`) names how an indicator is judged: its direction, "range" for a range
target, "qualitative" for a text target judged by its status, "assigned" where figures assigned from
above stand in for a text target.

The forecast (for the period's last year) is the least-squares line through the baseline and the values recorded up to y
(None with fewer than two points); a binding (约束性) indicator whose forecast misses the target is
flagged. The Open SDG progress measure is given beside it, see `_sdg_measure`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

BINDING = "约束性"

LOWER_IS_BETTER = "lower_is_better"
HIGHER_IS_BETTER = "higher_is_better"
HOLD = "hold"
RANGE = "range"
QUALITATIVE = "qualitative"
DIRECTIONS = (LOWER_IS_BETTER, HIGHER_IS_BETTER, HOLD, RANGE, QUALITATIVE)


class Status(StrEnum):
    """Codes compare equal to plain strings; the text statuses share the codes of `ProgressStatus`."""

    MET = "met"
    NOT_MET = "not_met"  # final verdicts only: the plan's last year missed its target
    ON_TRACK = "on_track"
    BEHIND = "behind"
    REGRESSING = "regressing"
    NO_DATA = "no_data"
    NOT_ASSESSABLE = "not_assessable"
    DONE = "done"
    IN_PROGRESS = "in_progress"
    NOT_DONE = "not_done"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.MET: _("target met"),
    Status.NOT_MET: _("target not met"),
    Status.ON_TRACK: _("on track"),
    Status.BEHIND: _("behind schedule"),
    Status.REGRESSING: _("moving away"),
    Status.NO_DATA: _("no data yet"),
    Status.NOT_ASSESSABLE: _("cannot be assessed"),
    Status.DONE: _("completed"),
    Status.IN_PROGRESS: _("in progress"),
    Status.NOT_DONE: _("not completed"),
}
# Recorded text statuses may come as codes or as the Chinese words staff type, whatever the language shown.
TEXT_STATUS_WORDS = {"已完成": Status.DONE, "推进中": Status.IN_PROGRESS, "未完成": Status.NOT_DONE}
TEXT_STATUSES = {Status.DONE, Status.IN_PROGRESS, Status.NOT_DONE}


class SdgCategory(StrEnum):
    SUBSTANTIAL = "substantial"
    MODERATE = "moderate"
    LIMITED = "limited"
    DETERIORATION = "deterioration"


SDG_LABELS = {
    SdgCategory.SUBSTANTIAL: _("substantial progress"),
    SdgCategory.MODERATE: _("moderate progress"),
    SdgCategory.LIMITED: _("limited progress"),
    SdgCategory.DETERIORATION: _("deterioration"),
}

# Open SDG's thresholds on the ratio of observed to required growth, highest first.
SDG_THRESHOLDS = (
    (Decimal("0.95"), SdgCategory.SUBSTANTIAL),
    (Decimal("0.6"), SdgCategory.MODERATE),
    (Decimal("0"), SdgCategory.LIMITED),
)


class TargetKind(StrEnum):
    POINT = "point"
    LOWER_BOUND = "lower_bound"
    UPPER_BOUND = "upper_bound"
    RANGE = "range"
    TEXT = "text"


@dataclass(frozen=True)
class Target:
    kind: TargetKind
    low: Decimal | None = None
    high: Decimal | None = None
    text: str = ""

    @property
    def value(self) -> Decimal | None:
        """The one printed number: a point or a bound; None for a range or text."""
        if self.kind in (TargetKind.POINT, TargetKind.LOWER_BOUND):
            return self.low
        if self.kind == TargetKind.UPPER_BOUND:
            return self.high
        return None


@dataclass(frozen=True)
class Assigned:
    """Figures assigned from above for a text target (年度下达目标): year → figure, and which side of
    the figure meets it."""

    figures: Mapping[int, Decimal]
    at_most: bool = False  # the value must not exceed the figure; else it must reach it

    def meets(self, value: Decimal, figure: Decimal) -> bool:
        return value <= figure if self.at_most else value >= figure


@dataclass(frozen=True)
class Assessment:
    status: Status
    progress: Decimal | None = None  # share of the way from baseline to target (path target)
    expected: Decimal | None = None  # value on the straight path for the year
    actual: Decimal | None = None  # the year's value
    forecast: Decimal | None = None  # for the period's last year, on the trend of the recorded values
    forecast_meets_target: bool | None = None
    warning: bool = False  # binding and forecast to miss
    sdg_ratio: Decimal | None = None
    sdg_category: SdgCategory | None = None


# Conversion leaves dashes and slashes in empty cells.
MISSING = re.compile(r"[-—–－/／…\s]*")
NUMBER = r"-?\d+(?:\.\d+)?"
BOUND = re.compile(rf"(≥|>=|>|⩾|≤|<=|<|⩽)\s*({NUMBER})")
SPAN = re.compile(rf"({NUMBER})\s*(?:-|~|～|—|–|至|到)\s*({NUMBER})")
PLAIN = re.compile(rf"({NUMBER})")
# What may follow a printed number: a unit or a remark, but no second figure.
REST = re.compile(r"\D*")


def parse_target(text) -> Target | None:
    """A printed target or baseline: "30", "≥90", "≤35", "43.6-89.9", "完成市级下达任务"; None if empty."""
    if text is None:
        return None
    if isinstance(text, Target):
        return text
    if isinstance(text, int | float | Decimal):
        number = _decimal(text)
        return Target(TargetKind.POINT, number, number)
    text = unicodedata.normalize("NFKC", str(text)).replace(",", "").strip()
    if MISSING.fullmatch(text):
        return None
    if (match := BOUND.match(text)) and REST.fullmatch(text[match.end() :]):
        number = Decimal(match[2])
        if match[1] in ("≥", ">=", ">", "⩾"):
            return Target(TargetKind.LOWER_BOUND, low=number)
        return Target(TargetKind.UPPER_BOUND, high=number)
    if (match := SPAN.match(text)) and REST.fullmatch(text[match.end() :]):
        low, high = sorted((Decimal(match[1]), Decimal(match[2])))
        return Target(TargetKind.RANGE, low, high)
    if (match := PLAIN.match(text)) and REST.fullmatch(text[match.end() :]):
        number = Decimal(match[1])
        return Target(TargetKind.POINT, number, number)
    return Target(TargetKind.TEXT, text=text)


def parse_number(text) -> Decimal | None:
    """The single number a printed value states ("15 天" → 15, "≥90" → 90); None for "--", text or a range."""
    target = parse_target(text)
    return target.value if target else None


def assess(
    *,
    direction: str,
    baseline,
    target,
    values: Mapping[int, object],
    year: int,
    text_status: str | None = None,
    attribute: str | None = None,
    start_year: int,
    end_year: int,
    baseline_year: int,
    floor=None,
    ceiling=None,
    assigned: Assigned | None = None,
) -> Assessment:
    """Judge `year` of an indicator. Baseline and target may be numbers, printed text, a `Target` or None.

    `floor` and `ceiling` bound what the measure can be (0 for a concentration, 100 for a share): a
    straight-line forecast is clipped to them. A binding indicator is flagged only when its forecast
    rests on at least two recorded years and this year's value does not already meet the target.
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"Unknown direction: {direction!r}")
    if not baseline_year < start_year <= year <= end_year:
        raise ValueError(f"Year {year} is outside {start_year}–{end_year}.")
    if _judged_by_status(direction, target):
        if assigned is not None and (year in assigned.figures or end_year in assigned.figures):
            return _against_assigned(
                assigned,
                baseline=baseline,
                values=values,
                year=year,
                attribute=attribute,
                start_year=start_year,
                end_year=end_year,
                baseline_year=baseline_year,
                floor=floor,
                ceiling=ceiling,
            )
        return Assessment(status=_text_status(text_status))
    direction, goal, base, low, high, path_end = _terms(direction, baseline, target)

    recorded = {
        y: number
        for y, raw in values.items()
        if start_year <= y <= year and (number := _decimal(raw)) is not None
    }
    actual = recorded.get(year)
    share = Decimal(year - baseline_year) / Decimal(end_year - baseline_year)
    expected = None if None in (base, path_end) else base + (path_end - base) * share
    progress = None
    if None not in (actual, base, path_end) and path_end != base:
        progress = +((actual - base) / (path_end - base))  # unary plus: 0 / −12 gives 0, not −0

    if goal is None:
        status = Status.NOT_ASSESSABLE
    elif actual is None:
        status = Status.NO_DATA
    elif _gap(actual, low, high) == 0:
        status = Status.MET
    elif base is None:
        status = Status.NOT_ASSESSABLE
    elif _gap(actual, low, high) > _gap(base, low, high):
        status = Status.REGRESSING
    elif _gap(actual, low, high) <= _gap(base, low, high) * (1 - share):
        status = Status.ON_TRACK
    else:
        status = Status.BEHIND

    points = dict(recorded)
    if base is not None:
        points[baseline_year] = base
    forecast = _clip(_linear_forecast(points, end_year), _decimal(floor), _decimal(ceiling))
    meets = None if forecast is None or goal is None else _gap(forecast, low, high) == 0
    trend_known = len(recorded) >= 2
    sdg_ratio, sdg_category = _sdg_measure(
        recorded=recorded,
        base=base,
        path_end=path_end,
        low=low,
        high=high,
        better=_better_sign(direction, base, path_end),
        baseline_year=baseline_year,
        end_year=end_year,
    )
    return Assessment(
        status=status,
        progress=progress,
        expected=expected,
        actual=actual,
        forecast=forecast,
        forecast_meets_target=meets,
        warning=attribute == BINDING and meets is False and trend_known and status != Status.MET,
        sdg_ratio=sdg_ratio,
        sdg_category=sdg_category,
    )


def conclude(assessment: Assessment) -> Assessment:
    """The final verdict on the plan's last year (see the module's rules): met or not met, no forecast."""
    if assessment.status in (Status.NO_DATA, Status.NOT_ASSESSABLE):
        status = assessment.status
    elif assessment.status in (Status.MET, Status.DONE):
        status = Status.MET
    else:
        status = Status.NOT_MET
    return replace(assessment, status=status, forecast=None, forecast_meets_target=None, warning=False)


ASSIGNED = "assigned"


def rule(*, direction: str, target, assigned: Assigned | None = None, year: int, end_year: int) -> str:
    """The rule `assess` applies to `year`: the direction, RANGE, QUALITATIVE or ASSIGNED (see the rules)."""
    if _judged_by_status(direction, target):
        if assigned is not None and (year in assigned.figures or end_year in assigned.figures):
            return ASSIGNED
        return QUALITATIVE
    goal = parse_target(target)
    return RANGE if goal is not None and goal.kind == TargetKind.RANGE else direction


def remaining(*, direction: str, baseline, target, value) -> Decimal | None:
    """How far `value` still is from meeting the target (0 once it does); None where there is no
    number to measure against (a text target, no target, no value)."""
    value = _decimal(value)
    if value is None or _judged_by_status(direction, target):
        return None
    _direction, goal, _base, low, high, _end = _terms(direction, baseline, target)
    if goal is None:
        return None
    return _gap(value, low, high)


def _against_assigned(assigned: Assigned, *, values, year: int, end_year: int, **terms) -> Assessment:
    """A text target judged against the figures assigned from above (see the module's rules)."""
    path = None
    if end_year in assigned.figures:
        path = assess(
            direction=LOWER_IS_BETTER if assigned.at_most else HIGHER_IS_BETTER,
            target=_decimal(assigned.figures[end_year]),
            values=values,
            year=year,
            end_year=end_year,
            **terms,
        )
    figure = _decimal(assigned.figures.get(year))
    if figure is None:
        return path
    actual = _decimal(values.get(year))
    if actual is None:
        status = Status.NO_DATA
    else:
        status = Status.MET if assigned.meets(actual, figure) else Status.NOT_DONE
    if path is None:
        return Assessment(status=status, expected=figure, actual=actual)
    return replace(path, status=status, expected=figure, warning=path.warning and status != Status.MET)


def _judged_by_status(direction: str, target) -> bool:
    goal = parse_target(target)
    return direction == QUALITATIVE or (goal is not None and goal.kind == TargetKind.TEXT)


def _terms(direction: str, baseline, target):
    """(direction, goal, base, low, high, path end) as the rules read a numeric indicator: a range
    target makes it a range, a held level becomes lower or higher is better."""
    goal = parse_target(target)
    base = parse_number(baseline)
    if goal is not None and goal.kind == TargetKind.RANGE:
        direction = RANGE
    elif direction == HOLD:
        level = goal.value if goal is not None else base
        direction = LOWER_IS_BETTER if level == 0 else HIGHER_IS_BETTER
        goal = None if level is None else Target(TargetKind.POINT, level, level)
        base = level if base is None else base
    low, high = _acceptable(direction, goal)
    return direction, goal, base, low, high, _path_end(direction, goal, base, low, high)


def straight_path(
    *, direction: str, baseline, target, baseline_year: int, end_year: int
) -> dict[int, Decimal]:
    """expected(y) for the baseline year and every year of the period: the straight path that
    `assess` judges against (to the nearest bound of a range, to the level held); empty when there
    is no path (no baseline or target, or a target judged by status)."""
    if _judged_by_status(direction, target):
        return {}
    _direction, _goal, base, _low, _high, path_end = _terms(direction, baseline, target)
    if base is None or path_end is None:
        return {}
    span = Decimal(end_year - baseline_year)
    return {
        year: base + (path_end - base) * Decimal(year - baseline_year) / span
        for year in range(baseline_year, end_year + 1)
    }


def _decimal(raw) -> Decimal | None:
    if raw is None or isinstance(raw, Decimal):
        return raw
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(str(raw))  # 83.3, not its binary expansion
    return parse_number(raw)


def _text_status(text_status: str | None) -> Status:
    if not text_status:
        return Status.NO_DATA
    if text_status in TEXT_STATUS_WORDS:
        return TEXT_STATUS_WORDS[text_status]
    for status in TEXT_STATUSES:
        if text_status in (status.value, str(status.label)):
            return status
    raise ValueError(f"Unknown status: {text_status!r}")


def _acceptable(direction: str, goal: Target | None) -> tuple[Decimal | None, Decimal | None]:
    """The values that meet the target, as bounds (None: unbounded on that side)."""
    if goal is None:
        return None, None
    if direction == LOWER_IS_BETTER:
        return None, goal.value
    if direction == HIGHER_IS_BETTER:
        return goal.value, None
    return goal.low, goal.high


def _path_end(direction, goal, base, low, high) -> Decimal | None:
    """Where the straight path ends: the printed target, or for a range the bound nearest the baseline."""
    if goal is None:
        return None
    if direction != RANGE:
        return goal.value
    if base is None:
        return None
    if low is not None and base < low:
        return low
    if high is not None and base > high:
        return high
    return base


def _gap(value, low, high):
    """How far a value lies outside the acceptable bounds; 0 inside."""
    if low is not None and value < low:
        return low - value
    if high is not None and value > high:
        return value - high
    return 0


def _clip(value: Decimal | None, floor: Decimal | None, ceiling: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    if floor is not None and value < floor:
        return floor
    if ceiling is not None and value > ceiling:
        return ceiling
    return value


def _linear_forecast(points: Mapping[int, Decimal], year: int) -> Decimal | None:
    """Least-squares line through (year, value) points, read at `year`; exact, so a level held stays it."""
    if len(points) < 2:
        return None
    xs = [Fraction(x) for x in points]
    ys = [Fraction(y) for y in points.values()]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mean_x) ** 2 for x in xs
    )
    forecast = mean_y + slope * (year - mean_x)
    return Decimal(forecast.numerator) / forecast.denominator


def _better_sign(direction, base, path_end) -> int:
    """+1 where a rise is progress, −1 where a fall is; a range's way is towards its nearest bound."""
    if direction == RANGE:
        return 1 if base is not None and path_end is not None and path_end > base else -1
    return 1 if direction == HIGHER_IS_BETTER else -1


def _sdg_measure(*, recorded, base, path_end, low, high, better, baseline_year, end_year):
    """Open SDG's progress measure (sdg-build `ProgressMeasure`, the method of Statistics Canada).

    With the latest value x_t recorded up to the year, baseline x_0 and target x_T:
    ratio = d × CAGR(x_0 → x_t) / |CAGR(x_0 → x_T)|, CAGR(a → b over n years) = (b / a)^(1/n) − 1,
    d = +1 where higher is better and −1 where lower is; ≥ 0.95 substantial, ≥ 0.6 moderate, ≥ 0
    limited, else deterioration. A reached target counts as substantial (Open SDG's "target
    achieved") whatever the ratio. Where Open SDG substitutes 0.001 for a zero baseline, growth from
    zero is undefined here (ratio and category None); negative values give None too. A baseline equal
    to the target needs no growth: ratio None, substantial while the level is kept, else deterioration.
    """
    if not recorded or path_end is None:
        return None, None
    latest = max(recorded)
    current = recorded[latest]
    ratio = None
    if base is not None and base > 0 and current >= 0 and path_end >= 0 and path_end != base:
        observed = _cagr(base, current, latest - baseline_year)
        required = _cagr(base, path_end, end_year - baseline_year)
        ratio = +(better * observed / abs(required))
    if _gap(current, low, high) == 0:
        return ratio, SdgCategory.SUBSTANTIAL
    if ratio is None:
        return None, SdgCategory.DETERIORATION if path_end == base else None
    for threshold, category in SDG_THRESHOLDS:
        if ratio >= threshold:
            return ratio, category
    return ratio, SdgCategory.DETERIORATION


def _cagr(first: Decimal, last: Decimal, years: int) -> Decimal:
    return (last / first) ** (Decimal(1) / years) - 1
