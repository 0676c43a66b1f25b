"""Attainment arithmetic on plain numbers: no database."""

from decimal import Decimal

import pytest
from django.utils import translation

from indicators.attainment import (
    SdgCategory,
    Status,
    Target,
    TargetKind,
    assess,
    parse_number,
    parse_target,
)

D = Decimal
# The 十四五 period: 2021–2025 against the 2020 baseline.
FOURTEENTH = {"start_year": 2021, "end_year": 2025, "baseline_year": 2020}

# PM2.5 (µg/m3) of 宽城区: 42 in 2020, 30 by 2025; the path expects 37.2 in 2022.
PM25 = {"direction": "lower_is_better", "baseline": "42", "target": "30"}
# 优良天数比例 (%): 83.3 in 2020, ≥ 90 by 2025; the path expects 85.98 in 2022.
GOOD_DAYS = {"direction": "higher_is_better", "baseline": "83.3", "target": "90"}


def pm25(values, year=2022, **kwargs):
    return assess(**FOURTEENTH, **{**PM25, **kwargs}, values=values, year=year)


# --- printed values ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "number"),
    [
        ("42", D("42")),
        ("83.3", D("83.3")),
        ("15 天", D("15")),
        ("30.1%", D("30.1")),
        ("100(扣除本底值和汛期影响)", D("100")),
        ("≥90", D("90")),
        ("≤30", D("30")),
        ("< 30", D("30")),
        ("８０４０", D("8040")),
        ("1,200", D("1200")),
        (D("12.5"), D("12.5")),
        (7, D("7")),
        (83.3, D("83.3")),
    ],
)
def test_parse_number_reads_the_printed_number(printed, number):
    assert parse_number(printed) == number


@pytest.mark.parametrize("printed", [None, "", "  ", "--", "—", "——", "/", "－"])
def test_parse_number_reads_empty_cells_as_missing(printed):
    assert parse_number(printed) is None


@pytest.mark.parametrize("printed", ["完成市级下达任务", "达到省要求", "有效保障"])
def test_parse_number_gives_none_for_text(printed):
    assert parse_number(printed) is None


def test_parse_number_gives_none_for_a_range():
    assert parse_number("43.6-89.9") is None


@pytest.mark.parametrize(
    ("printed", "target"),
    [
        ("30", Target(TargetKind.POINT, D("30"), D("30"))),
        ("≥90", Target(TargetKind.LOWER_BOUND, low=D("90"))),
        ("> 90", Target(TargetKind.LOWER_BOUND, low=D("90"))),
        ("≤35", Target(TargetKind.UPPER_BOUND, high=D("35"))),
        ("43.6-89.9", Target(TargetKind.RANGE, D("43.6"), D("89.9"))),
        ("63.5～153.3", Target(TargetKind.RANGE, D("63.5"), D("153.3"))),
        ("完成市级下达任务", Target(TargetKind.TEXT, text="完成市级下达任务")),
    ],
    ids=[
        "point",
        "lower-bound",
        "strict-lower-bound",
        "upper-bound",
        "range",
        "range-fullwidth-tilde",
        "text",
    ],
)
def test_parse_target_tells_the_kind_of_target(printed, target):
    assert parse_target(printed) == target


def test_parse_target_gives_none_when_missing():
    assert parse_target("--") is None


def test_parse_target_orders_a_range_printed_high_to_low():
    assert parse_target("89.9-43.6") == Target(TargetKind.RANGE, D("43.6"), D("89.9"))


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (Status.MET, "target met"),
        (Status.ON_TRACK, "on track"),
        (Status.BEHIND, "behind schedule"),
        (Status.REGRESSING, "moving away"),
        (Status.NO_DATA, "no data yet"),
        (Status.NOT_ASSESSABLE, "cannot be assessed"),
        (Status.DONE, "completed"),
        (Status.IN_PROGRESS, "in progress"),
        (Status.NOT_DONE, "not completed"),
    ],
)
def test_every_status_has_a_translatable_label(status, label):
    # English msgids; the catalogue shows them as 已达标, 进度正常, 进度滞后, 逆向变化, 暂无数据, 无法评估…
    with translation.override("en"):
        assert str(status.label) == label


# --- status by direction -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("indicator", "value", "status"),
    [
        (PM25, "29", Status.MET),
        (PM25, "30", Status.MET),
        (PM25, "36", Status.ON_TRACK),
        (PM25, "40", Status.BEHIND),
        (PM25, "43", Status.REGRESSING),
        (GOOD_DAYS, "91", Status.MET),
        (GOOD_DAYS, "87", Status.ON_TRACK),
        (GOOD_DAYS, "85", Status.BEHIND),
        (GOOD_DAYS, "82", Status.REGRESSING),
    ],
    ids=[
        "lower-below-target",
        "lower-at-target",
        "lower-ahead",
        "lower-behind",
        "lower-worse-than-baseline",
        "higher-above-target",
        "higher-ahead",
        "higher-behind",
        "higher-worse-than-baseline",
    ],
)
def test_status_compares_the_value_with_the_target_and_the_straight_path(indicator, value, status):
    assert assess(**FOURTEENTH, **indicator, values={2022: value}, year=2022).status == status


def test_value_exactly_on_the_path_is_on_track():
    assert pm25({2022: "37.2"}).status == Status.ON_TRACK


def test_value_equal_to_the_baseline_is_behind_not_regressing():
    assert pm25({2022: "42"}).status == Status.BEHIND


def test_a_target_reached_early_is_met():
    assert pm25({2021: "30"}, year=2021).status == Status.MET


def test_a_final_year_short_of_the_target_is_behind():
    assert pm25({2025: "31"}, year=2025).status == Status.BEHIND


# --- hold the level ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "value", "status"),
    [
        ("100", "100", Status.MET),
        ("100", "99.5", Status.REGRESSING),
        ("0", "0", Status.MET),
        ("0", "1", Status.REGRESSING),
        ("30.1", "30.5", Status.MET),
        ("30.1", "29.8", Status.REGRESSING),
    ],
    ids=["rate-kept", "rate-lost", "zero-kept", "zero-lost", "cover-exceeded", "cover-lost"],
)
def test_hold_is_met_while_the_level_is_not_lost(level, value, status):
    result = assess(
        **FOURTEENTH, direction="hold", baseline=level, target=level, values={2023: value}, year=2023
    )
    assert result.status == status


def test_hold_without_a_target_keeps_the_baseline():
    result = assess(
        **FOURTEENTH, direction="hold", baseline="100", target=None, values={2023: "98"}, year=2023
    )
    assert result.status == Status.REGRESSING


def test_hold_without_a_baseline_takes_the_level_as_baseline():
    result = assess(
        **FOURTEENTH, direction="hold", baseline="--", target="100", values={2023: "98"}, year=2023
    )
    assert (result.status, result.expected) == (Status.REGRESSING, D("100"))


def test_hold_from_below_the_level_runs_the_path_like_higher_is_better():
    result = assess(
        **FOURTEENTH, direction="hold", baseline="98", target="100", values={2022: "99"}, year=2022
    )
    assert (result.status, result.expected) == (Status.ON_TRACK, D("98.8"))


# --- ranges and bounds ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("baseline", "target", "value", "status"),
    [
        ("60", "43.6-89.9", "43.6", Status.MET),
        ("60", "43.6-89.9", "95", Status.REGRESSING),
        ("30", "43.6-89.9", "40", Status.ON_TRACK),
        ("30", "43.6-89.9", "33", Status.BEHIND),
        ("30", "43.6-89.9", "95", Status.ON_TRACK),
        ("83.3", "≥90", "86", Status.ON_TRACK),
        ("83.3", "≥90", "85", Status.BEHIND),
        ("83.3", "≥90", "82", Status.REGRESSING),
        ("83.3", "≥90", "91", Status.MET),
        ("42", "≤35", "34", Status.MET),
        ("42", "≤35", "43", Status.REGRESSING),
    ],
    ids=[
        "inside-at-bound",
        "left-the-range",
        "approaching-ahead",
        "approaching-behind",
        "overshot-but-closer",
        "lower-bound-ahead",
        "lower-bound-behind",
        "lower-bound-worse",
        "lower-bound-met",
        "upper-bound-met",
        "upper-bound-worse",
    ],
)
def test_range_is_met_inside_and_otherwise_judged_by_the_distance_to_it(baseline, target, value, status):
    result = assess(
        **FOURTEENTH, direction="range", baseline=baseline, target=target, values={2022: value}, year=2022
    )
    assert result.status == status


def test_range_path_runs_to_the_bound_nearest_the_baseline():
    result = assess(
        **FOURTEENTH, direction="range", baseline="30", target="43.6-89.9", values={2022: "40"}, year=2022
    )
    assert (result.expected, result.progress) == (D("35.44"), pytest.approx(D("10") / D("13.6")))


def test_range_with_baseline_inside_has_a_flat_path_and_no_progress_share():
    result = assess(
        **FOURTEENTH, direction="range", baseline="60", target="43.6-89.9", values={2022: "70"}, year=2022
    )
    assert (result.status, result.expected, result.progress) == (Status.MET, D("60"), None)


def test_a_range_target_is_judged_as_a_range_whatever_the_direction():
    result = assess(
        **FOURTEENTH,
        direction="higher_is_better",
        baseline="60",
        target="43.6-89.9",
        values={2022: "95"},
        year=2022,
    )
    assert result.status == Status.REGRESSING


def test_a_bound_target_with_a_direction_uses_its_number():
    result = assess(
        **FOURTEENTH,
        direction="higher_is_better",
        baseline="83.3",
        target="≥90",
        values={2022: "86"},
        year=2022,
    )
    assert (result.status, result.expected) == (Status.ON_TRACK, D("85.98"))


def test_a_parsed_target_is_accepted():
    target = parse_target("43.6-89.9")
    result = assess(
        **FOURTEENTH, direction="range", baseline="60", target=target, values={2022: "50"}, year=2022
    )
    assert result.status == Status.MET


@pytest.mark.parametrize(("value", "status"), [("50", Status.MET), ("95", Status.NOT_ASSESSABLE)])
def test_range_without_a_baseline_can_only_show_a_met_target(value, status):
    result = assess(
        **FOURTEENTH, direction="range", baseline="--", target="43.6-89.9", values={2022: value}, year=2022
    )
    assert (result.status, result.expected) == (status, None)


# --- text targets --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("recorded", "status"),
    [
        ("done", Status.DONE),
        ("已完成", Status.DONE),
        ("in_progress", Status.IN_PROGRESS),
        ("推进中", Status.IN_PROGRESS),
        ("not_done", Status.NOT_DONE),
        ("未完成", Status.NOT_DONE),
    ],
)
def test_qualitative_status_is_the_recorded_status(recorded, status):
    result = assess(
        **FOURTEENTH,
        direction="qualitative",
        baseline="--",
        target="完成市级下达任务",
        values={},
        year=2023,
        text_status=recorded,
    )
    assert result.status == status


def test_qualitative_without_a_recorded_status_has_no_data():
    result = assess(
        **FOURTEENTH, direction="qualitative", baseline=None, target="有效保障", values={}, year=2023
    )
    assert result.status == Status.NO_DATA


def test_qualitative_has_no_arithmetic():
    result = assess(
        **FOURTEENTH,
        direction="qualitative",
        baseline=None,
        target="有效保障",
        values={2023: "5"},
        year=2023,
        text_status="done",
        attribute="约束性",
    )
    assert (result.progress, result.expected, result.forecast, result.sdg_ratio, result.warning) == (
        None,
        None,
        None,
        None,
        False,
    )


def test_a_text_target_is_qualitative_whatever_the_direction():
    result = assess(
        **FOURTEENTH,
        direction="lower_is_better",
        baseline="--",
        target="达到市考核目标",
        values={},
        year=2023,
        text_status="推进中",
    )
    assert result.status == Status.IN_PROGRESS


def test_an_unknown_text_status_is_refused():
    with pytest.raises(ValueError, match="Unknown status"):
        assess(
            **FOURTEENTH,
            direction="qualitative",
            baseline=None,
            target="有效保障",
            values={},
            year=2023,
            text_status="ok",
        )


# --- missing data --------------------------------------------------------------------------------


def test_a_year_without_a_value_has_no_data():
    assert pm25({2021: "40", 2023: "36"}, year=2022).status == Status.NO_DATA


def test_a_gap_year_still_gets_a_forecast_from_the_other_years():
    # 42, 40, –, 36 fall by 2 a year once 2023 is placed at 2023, not next to 2021.
    result = pm25({2021: "40", 2023: "36"}, year=2023)
    assert result.forecast == D("32")


def test_an_indicator_without_values_has_no_data_and_no_forecast():
    result = pm25({})
    assert (result.status, result.actual, result.forecast, result.sdg_category) == (
        Status.NO_DATA,
        None,
        None,
        None,
    )


def test_status_only_records_count_as_no_value():
    assert pm25({2022: None}).status == Status.NO_DATA


def test_a_missing_target_cannot_be_assessed():
    result = assess(
        **FOURTEENTH, direction="lower_is_better", baseline="42", target="--", values={2022: "36"}, year=2022
    )
    assert (result.status, result.expected, result.forecast_meets_target) == (
        Status.NOT_ASSESSABLE,
        None,
        None,
    )


def test_a_missing_baseline_still_shows_a_met_target():
    assert pm25({2022: "29"}, baseline="--").status == Status.MET


def test_a_missing_baseline_cannot_be_assessed_short_of_the_target():
    result = pm25({2022: "36"}, baseline=None)
    assert (result.status, result.expected, result.progress) == (Status.NOT_ASSESSABLE, None, None)


def test_values_after_the_assessed_year_are_ignored():
    result = pm25({2021: "40", 2022: "38", 2023: "50"}, year=2022)
    assert result.forecast == D("32")


def test_a_year_outside_the_period_is_refused():
    with pytest.raises(ValueError, match="outside"):
        pm25({}, year=2020)


def test_an_unknown_direction_is_refused():
    with pytest.raises(ValueError, match="Unknown direction"):
        assess(**FOURTEENTH, direction="up", baseline=1, target=2, values={}, year=2022)


# The 十五五 plan of 宽城区: PM2.5 40 in 2025, 28 by 2030.
FIFTEENTH = {"start_year": 2026, "end_year": 2030, "baseline_year": 2025}


def test_a_next_period_plan_runs_its_path_from_its_own_baseline_year():
    result = assess(**FIFTEENTH, **PM25 | {"baseline": "40", "target": "28"}, values={2027: "37"}, year=2027)
    assert (result.expected, result.status) == (D("35.2"), Status.BEHIND)


def test_a_next_period_forecast_is_for_its_own_last_year():
    values = {2026: "39", 2027: "38"}
    result = assess(**FIFTEENTH, **PM25 | {"baseline": "40", "target": "28"}, values=values, year=2027)
    assert result.forecast == D("35")


def test_a_year_of_the_previous_period_is_refused_by_a_next_period_plan():
    with pytest.raises(ValueError, match="outside"):
        assess(**FIFTEENTH, **PM25, values={}, year=2025)


# --- progress share and expected value -----------------------------------------------------------


def test_expected_value_lies_on_the_straight_path():
    assert pm25({}, year=2022).expected == D("37.2")


def test_progress_is_the_share_of_the_way_from_baseline_to_target():
    assert pm25({2022: "36"}).progress == D("0.5")


def test_progress_goes_beyond_one_past_the_target():
    assert pm25({2022: "24"}).progress == D("1.5")


def test_progress_is_negative_when_regressing():
    assert pm25({2022: "48"}).progress == D("-0.5")


def test_progress_is_undefined_when_baseline_equals_target():
    result = assess(
        **FOURTEENTH, direction="lower_is_better", baseline="0", target="0", values={2022: "0"}, year=2022
    )
    assert (result.status, result.progress) == (Status.MET, None)


def test_zero_baseline_gives_a_progress_share():
    result = assess(
        **FOURTEENTH, direction="higher_is_better", baseline="0", target="5", values={2022: "2"}, year=2022
    )
    assert (result.status, result.progress, result.expected) == (Status.ON_TRACK, D("0.4"), D("2"))


def test_numbers_from_the_database_and_floats_are_accepted():
    result = assess(
        **FOURTEENTH,
        direction="lower_is_better",
        baseline=D("42.0000"),
        target=30.0,
        values={2022: 36.0},
        year=2022,
    )
    assert result.progress == D("0.5")


# --- forecast ------------------------------------------------------------------------------------


def test_forecast_needs_two_points():
    assert pm25({}, year=2022).forecast is None


def test_forecast_without_baseline_needs_two_recorded_years():
    assert pm25({2021: "40"}, year=2021, baseline=None).forecast is None


def test_forecast_from_two_points_extends_their_line():
    assert pm25({2021: "40"}, year=2021).forecast == D("32")


def test_forecast_from_three_points_is_the_least_squares_line():
    # Through (2020, 42), (2021, 40), (2022, 39): slope −1.5, mean (2021, 40⅓).
    assert pm25({2021: "40", 2022: "39"}).forecast == pytest.approx(D("34.33333333333333333333333333"))


def test_forecast_of_a_held_level_is_exactly_the_level():
    result = assess(
        **FOURTEENTH, direction="hold", baseline="100", target="100", values={2021: 100, 2022: 100}, year=2022
    )
    assert (result.forecast, result.forecast_meets_target) == (D("100"), True)


@pytest.mark.parametrize(("value", "meets"), [("37", True), ("40", False)])
def test_forecast_meets_target_when_the_trend_reaches_it(value, meets):
    assert pm25({2022: value}).forecast_meets_target is meets


def test_forecast_meets_target_is_unknown_without_a_forecast():
    assert pm25({}, year=2022).forecast_meets_target is None


def test_forecast_of_a_range_must_land_inside():
    result = assess(
        **FOURTEENTH,
        direction="range",
        baseline="60",
        target="43.6-89.9",
        values={2021: "70", 2022: "80"},
        year=2022,
    )
    assert (result.forecast, result.forecast_meets_target) == (D("110"), False)


# --- binding flag --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attribute", "value", "warning"),
    [("约束性", "40", True), ("预期性", "40", False), ("约束性", "37", False), (None, "40", False)],
    ids=["binding-misses", "indicative-misses", "binding-meets", "no-attribute"],
)
def test_warning_flags_binding_indicators_forecast_to_miss(attribute, value, warning):
    # 2021 sits on a 2.5-a-year fall: with 37 in 2022 the trend reaches 29.5 in 2025, with 40 it stalls.
    assert pm25({2021: "39.5", 2022: value}, attribute=attribute).warning is warning


def test_no_warning_without_a_forecast():
    assert pm25({}, attribute="约束性").warning is False


# --- Open SDG progress measure -------------------------------------------------------------------


def test_sdg_ratio_is_observed_over_required_growth():
    # Required (100/50)^(1/5) − 1 = 14.87 %; observed 55/50 − 1 = 10 % in one year.
    result = assess(
        **FOURTEENTH,
        direction="higher_is_better",
        baseline="50",
        target="100",
        values={2021: "55"},
        year=2021,
    )
    assert result.sdg_ratio == pytest.approx(D("0.1") / (D(2) ** D("0.2") - 1))


@pytest.mark.parametrize(
    ("value", "category"),
    [
        ("36.9", SdgCategory.SUBSTANTIAL),
        ("38", SdgCategory.MODERATE),
        ("39", SdgCategory.LIMITED),
        ("42", SdgCategory.LIMITED),
        ("43", SdgCategory.DETERIORATION),
    ],
    ids=["ratio-0.96", "ratio-0.75", "ratio-0.56", "ratio-0", "ratio-negative"],
)
def test_sdg_category_follows_the_ratio_thresholds(value, category):
    assert pm25({2022: value}).sdg_category == category


def test_sdg_and_path_readings_can_differ():
    # On the straight path, but a falling quantity needs its steepest compound rate early on.
    result = pm25({2022: "37.2"})
    assert (result.status, result.sdg_category) == (Status.ON_TRACK, SdgCategory.MODERATE)


def test_sdg_counts_a_met_target_as_substantial_whatever_the_ratio():
    # A ceiling above the baseline: rising towards it is negative growth for a lower-is-better figure.
    result = assess(
        **FOURTEENTH, direction="lower_is_better", baseline="25", target="30", values={2022: "27"}, year=2022
    )
    assert (result.status, result.sdg_category) == (Status.MET, SdgCategory.SUBSTANTIAL)
    assert result.sdg_ratio < 0


def test_sdg_uses_the_latest_recorded_year():
    result = pm25({2021: "36.9"}, year=2022)
    assert (result.status, result.sdg_category) == (Status.NO_DATA, SdgCategory.SUBSTANTIAL)


def test_sdg_is_undefined_for_a_zero_baseline():
    result = assess(
        **FOURTEENTH, direction="higher_is_better", baseline="0", target="5", values={2022: "2"}, year=2022
    )
    assert (result.sdg_ratio, result.sdg_category) == (None, None)


@pytest.mark.parametrize(
    ("level", "value", "category"),
    [
        ("100", "100", SdgCategory.SUBSTANTIAL),
        ("100", "99", SdgCategory.DETERIORATION),
        ("0", "0", SdgCategory.SUBSTANTIAL),
        ("0", "2", SdgCategory.DETERIORATION),
    ],
    ids=["rate-kept", "rate-lost", "zero-kept", "zero-lost"],
)
def test_sdg_for_baseline_equal_to_target_is_whether_the_level_is_kept(level, value, category):
    result = assess(
        **FOURTEENTH, direction="hold", baseline=level, target=level, values={2022: value}, year=2022
    )
    assert (result.sdg_ratio, result.sdg_category) == (None, category)


def test_sdg_for_a_range_grows_towards_the_nearest_bound():
    result = assess(
        **FOURTEENTH, direction="range", baseline="83.3", target="≥90", values={2022: "86"}, year=2022
    )
    assert result.sdg_category == SdgCategory.SUBSTANTIAL


def test_sdg_is_undefined_for_a_negative_value():
    result = assess(
        **FOURTEENTH, direction="higher_is_better", baseline="5", target="18", values={2022: "-2"}, year=2022
    )
    assert (result.status, result.sdg_ratio, result.sdg_category) == (Status.REGRESSING, None, None)


def test_forecast_is_clipped_to_what_the_measure_can_be():
    # PM2.5 42 → 30 with one very low year would extrapolate below zero.
    low = assess(
        **FOURTEENTH,
        direction="lower_is_better",
        baseline=42,
        target=30,
        values={2021: 29, 2022: 10},
        year=2022,
        floor=0,
    )
    assert low.forecast == 0
    share = assess(**FOURTEENTH, direction="higher_is_better", baseline=80, target=90, values={2021: 95, 2022: 99}, year=2022,
                   ceiling=100)  # fmt: skip
    assert share.forecast == 100


def test_no_warning_from_a_single_recorded_year():
    one = assess(
        **FOURTEENTH,
        direction="lower_is_better",
        baseline=42,
        target=30,
        values={2021: 44},
        year=2021,
        attribute="约束性",
    )
    assert one.forecast_meets_target is False and not one.warning
    two = assess(**FOURTEENTH, direction="lower_is_better", baseline=42, target=30, values={2021: 44, 2022: 45}, year=2022,
                 attribute="约束性")  # fmt: skip
    assert two.warning


def test_no_warning_while_the_target_is_already_met_this_year():
    met = assess(**FOURTEENTH, direction="lower_is_better", baseline=None, target="305", values={2021: 300, 2022: 304}, year=2022,
                 attribute="约束性")  # fmt: skip
    assert met.status == "met" and not met.warning
