"""Assigned yearly figures (年度下达目标) judging a text target, and the distance to a target: no database."""

from decimal import Decimal

import pytest

from indicators.attainment import Assigned, SdgCategory, Status, assess, remaining

D = Decimal
# The 十四五 period: 2021–2025 against the 2020 baseline.
FOURTEENTH = {"start_year": 2021, "end_year": 2025, "baseline_year": 2020}

# 氮氧化物重点工程减排量 (万吨) of a district: printed "完成市级下达任务", no baseline.
NOX = {"direction": "qualitative", "baseline": "--", "target": "完成市级下达任务"}
# 地下水Ⅴ类水比例 (%): 40 in 2020, "完成市级下达任务"; the city caps it each year.
GROUNDWATER = {"direction": "qualitative", "baseline": "40", "target": "完成市级下达任务"}


def test_a_text_target_without_figures_keeps_its_recorded_status():
    found = assess(
        **FOURTEENTH, **NOX, values={2022: D("0.3")}, year=2022, assigned=Assigned({}), text_status="推进中"
    )
    assert found.status == Status.IN_PROGRESS


def test_a_figure_for_another_year_leaves_the_year_to_its_status():
    found = assess(
        **FOURTEENTH, **NOX, values={2022: D("0.3")}, year=2022, assigned=Assigned({2021: D("0.2")})
    )
    assert found.status == Status.NO_DATA


def test_a_yearly_figure_reached_is_met():
    found = assess(
        **FOURTEENTH, **NOX, values={2022: D("0.35")}, year=2022, assigned=Assigned({2022: D("0.3")})
    )
    assert (found.status, found.actual, found.expected) == (Status.MET, D("0.35"), D("0.3"))


def test_a_yearly_figure_reached_exactly_is_met():
    found = assess(
        **FOURTEENTH, **NOX, values={2022: D("0.3")}, year=2022, assigned=Assigned({2022: D("0.3")})
    )
    assert found.status == Status.MET


def test_a_yearly_figure_missed_is_not_completed():
    found = assess(
        **FOURTEENTH, **NOX, values={2022: D("0.25")}, year=2022, assigned=Assigned({2022: D("0.3")})
    )
    assert found.status == Status.NOT_DONE


def test_a_yearly_figure_without_a_value_has_no_data():
    found = assess(
        **FOURTEENTH, **NOX, values={2021: D("0.25")}, year=2022, assigned=Assigned({2022: D("0.3")})
    )
    assert found.status == Status.NO_DATA
    assert found.forecast is None


def test_an_upper_bound_is_met_at_or_below_it():
    cap = Assigned({2022: D("38")}, at_most=True)
    assert (
        assess(**FOURTEENTH, **GROUNDWATER, values={2022: D("37")}, year=2022, assigned=cap).status
        == Status.MET
    )
    assert (
        assess(**FOURTEENTH, **GROUNDWATER, values={2022: D("39")}, year=2022, assigned=cap).status
        == Status.NOT_DONE
    )


def test_a_final_figure_gives_a_path_for_years_without_their_own():
    # 40 → 30 by 2025 under a cap: 2022 expects 36; 35 is ahead of the path.
    cap = Assigned({2025: D("30")}, at_most=True)
    found = assess(
        **FOURTEENTH, **GROUNDWATER, values={2021: D("38"), 2022: D("35")}, year=2022, assigned=cap
    )
    assert found.status == Status.ON_TRACK
    assert found.expected == D("36")
    assert found.forecast is not None
    assert found.sdg_category == SdgCategory.SUBSTANTIAL


def test_a_final_figure_path_falls_behind():
    cap = Assigned({2025: D("30")}, at_most=True)
    found = assess(**FOURTEENTH, **GROUNDWATER, values={2022: D("39")}, year=2022, assigned=cap)
    assert found.status == Status.BEHIND


def test_the_yearly_figure_decides_the_status_beside_a_final_path():
    # On the path to 30 (2022 expects 36) but above the 35 the city assigned for 2022.
    both = Assigned({2022: D("35"), 2025: D("30")}, at_most=True)
    found = assess(
        **FOURTEENTH,
        **GROUNDWATER,
        values={2021: D("39"), 2022: D("36")},
        year=2022,
        assigned=both,
        attribute="约束性",
    )
    assert (found.status, found.expected) == (Status.NOT_DONE, D("35"))
    assert found.forecast is not None


def test_a_binding_warning_is_dropped_when_the_yearly_figure_is_met():
    both = Assigned({2022: D("39"), 2025: D("30")}, at_most=True)
    found = assess(
        **FOURTEENTH,
        **GROUNDWATER,
        values={2021: D("39"), 2022: D("38.5")},
        year=2022,
        assigned=both,
        attribute="约束性",
    )
    assert found.status == Status.MET
    assert found.warning is False


def test_a_final_path_without_a_baseline_cannot_be_assessed_until_met():
    final = Assigned({2025: D("1.0")})
    assert (
        assess(**FOURTEENTH, **NOX, values={2022: D("0.5")}, year=2022, assigned=final).status
        == Status.NOT_ASSESSABLE
    )
    assert (
        assess(**FOURTEENTH, **NOX, values={2022: D("1.2")}, year=2022, assigned=final).status == Status.MET
    )


def test_a_printed_numeric_target_ignores_assigned_figures():
    found = assess(
        **FOURTEENTH,
        direction="lower_is_better",
        baseline="42",
        target="30",
        values={2022: D("37")},
        year=2022,
        assigned=Assigned({2022: D("20")}, at_most=True),
    )
    assert found.status == Status.ON_TRACK


@pytest.mark.parametrize(
    ("direction", "target", "value", "left"),
    [
        ("lower_is_better", "30", "38", D("8")),
        ("lower_is_better", "30", "28", D("0")),
        ("higher_is_better", "≥90", "86.5", D("3.5")),
        ("range", "43.6-89.9", "40", D("3.6")),
        ("hold", "0", "1.5", D("1.5")),
        ("qualitative", "有效保障", "1", None),
        ("lower_is_better", "30", None, None),
        ("lower_is_better", "", "38", None),
    ],
)
def test_remaining_is_the_distance_left_to_the_target(direction, target, value, left):
    assert remaining(direction=direction, baseline="42", target=target, value=value) == left
