"""Property tests of `attainment`: the printed-target parser never fails, a printed number reads back
as itself, and `assess()` keeps the rules of its docstring for any numbers (see the module's rules)."""

from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from indicators.attainment import (
    HIGHER_IS_BETTER,
    HOLD,
    LOWER_IS_BETTER,
    RANGE,
    Status,
    Target,
    TargetKind,
    assess,
    parse_number,
    parse_target,
)

# The 十四五 period: 2021–2025 against the 2020 baseline.
FOURTEENTH = {"start_year": 2021, "end_year": 2025, "baseline_year": 2020}

SETTINGS = settings(max_examples=200, deadline=None)

NUMBERS = st.decimals(min_value=-1000, max_value=100_000, places=3, allow_nan=False, allow_infinity=False)
SHARES = st.decimals(min_value=0, max_value=100, places=2)
# Units as printed after a figure; none holds a digit (after one, "m3" would read as a second figure).
UNITS = st.sampled_from(["", "%", " mg/L", "天", " 万吨", "(扣除本底值和汛期影响)"])
YEARS = st.integers(2021, 2025)


def printed(number: Decimal) -> str:
    return format(number, "f")


# --- the printed-target parser ---------------------------------------------------------------


@SETTINGS
@given(
    text=st.one_of(
        st.text(max_size=40), st.from_regex(r"\A[≥≤<>=⩾⩽]?\s*-?[0-9.]{1,8}\s*[-~至到]?\s*[0-9.]{0,8}.{0,6}\Z")
    )
)
def test_any_printed_text_parses_to_a_target_or_none(text):
    target = parse_target(text)
    assert target is None or isinstance(target, Target)
    number = parse_number(text)
    assert number is None or (isinstance(number, Decimal) and number.is_finite())


@SETTINGS
@given(number=NUMBERS, unit=UNITS)
def test_a_printed_number_with_its_unit_reads_back_as_itself(number, unit):
    assert parse_number(printed(number) + unit) == number
    assert parse_target(printed(number) + unit).kind == TargetKind.POINT


@SETTINGS
@given(number=NUMBERS, sign=st.sampled_from(["≥", ">=", "＞", "≤", "<=", "<"]))
def test_a_printed_bound_keeps_its_number_and_side(number, sign):
    target = parse_target(f"{sign}{printed(number)}")
    lower = sign in ("≥", ">=", "＞")
    assert target.kind == (TargetKind.LOWER_BOUND if lower else TargetKind.UPPER_BOUND)
    assert target.value == number


@SETTINGS
@given(
    a=NUMBERS.filter(lambda n: n >= 0),
    b=NUMBERS.filter(lambda n: n >= 0),
    dash=st.sampled_from(["-", "~", "至", "–"]),
)
def test_a_printed_range_is_ordered(a, b, dash):
    target = parse_target(f"{printed(a)}{dash}{printed(b)}")
    assert target.kind == TargetKind.RANGE
    assert (target.low, target.high) == (min(a, b), max(a, b))


# --- assess() ---------------------------------------------------------------------------------


@st.composite
def indicators(draw):
    """A numeric indicator: direction, baseline, point target, the values recorded up to a year."""
    direction = draw(st.sampled_from([LOWER_IS_BETTER, HIGHER_IS_BETTER, HOLD]))
    year = draw(YEARS)
    values = draw(st.dictionaries(st.integers(2021, year), NUMBERS, max_size=5))
    return {
        "direction": direction,
        "baseline": draw(st.none() | NUMBERS),
        "target": draw(NUMBERS),
        "values": values,
        "year": year,
    }


def gap(actual, target, direction):
    """How far the year's value falls short of the target, in the indicator's direction (> 0: short)."""
    lower = direction == LOWER_IS_BETTER or (direction == HOLD and target == 0)
    return actual - target if lower else target - actual


@SETTINGS
@given(case=indicators())
def test_never_met_while_short_of_the_target_and_always_met_once_reached(case):
    result = assess(**FOURTEENTH, **case)
    actual = case["values"].get(case["year"])
    if actual is None:
        assert result.status == Status.NO_DATA
    elif gap(actual, case["target"], case["direction"]) > 0:
        assert result.status != Status.MET
    else:
        assert result.status == Status.MET


@SETTINGS
@given(low=SHARES, high=SHARES, baseline=SHARES, actual=SHARES, year=YEARS)
def test_a_range_is_met_exactly_when_the_value_lies_inside(low, high, baseline, actual, year):
    low, high = sorted((low, high))
    result = assess(
        **FOURTEENTH,
        direction=RANGE,
        baseline=baseline,
        target=f"{printed(low)}-{printed(high)}",
        values={year: actual},
        year=year,
    )
    assert (result.status == Status.MET) == (low <= actual <= high)


@SETTINGS
@given(case=indicators(), floor=st.none() | st.just(Decimal(0)), ceiling=st.none() | st.just(Decimal(100)))
def test_the_forecast_stays_within_floor_and_ceiling(case, floor, ceiling):
    forecast = assess(**FOURTEENTH, **case, floor=floor, ceiling=ceiling).forecast
    if forecast is not None:
        assert floor is None or forecast >= floor
        assert ceiling is None or forecast <= ceiling


@SETTINGS
@given(case=indicators())
def test_the_forecast_needs_two_points(case):
    # A hold indicator without a baseline takes its level as the baseline.
    points = len(case["values"]) + (case["baseline"] is not None or case["direction"] == HOLD)
    assert (assess(**FOURTEENTH, **case).forecast is None) == (points < 2)


@SETTINGS
@given(
    direction=st.sampled_from([LOWER_IS_BETTER, HIGHER_IS_BETTER]),
    baseline=NUMBERS,
    target=NUMBERS,
)
def test_expected_values_run_on_the_straight_path_from_baseline_to_target(direction, baseline, target):
    expected = {
        year: assess(
            **FOURTEENTH, direction=direction, baseline=baseline, target=target, values={}, year=year
        ).expected
        for year in range(2021, 2026)
    }
    assert expected[2025] == target
    steps = {expected[year + 1] - expected[year] for year in range(2021, 2025)}
    assert steps == {(target - baseline) / 5}
    assert expected[2021] - baseline == (target - baseline) / 5
    for value in expected.values():
        assert min(baseline, target) <= value <= max(baseline, target)


@SETTINGS
@given(case=indicators())
def test_on_track_and_behind_are_judged_against_the_path(case):
    result = assess(**FOURTEENTH, **case)
    if result.status in (Status.ON_TRACK, Status.BEHIND):
        assume(case["direction"] != HOLD)
        short_now = gap(result.actual, case["target"], case["direction"])
        short_on_path = gap(result.expected, case["target"], case["direction"])
        assert (result.status == Status.ON_TRACK) == (short_now <= short_on_path)
