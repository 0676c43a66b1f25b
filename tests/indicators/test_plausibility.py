"""Plausibility warnings: pure arithmetic on a figure, last year's and the baseline."""

from decimal import Decimal as D

import pytest

from indicators.plausibility import plausibility_warnings


def codes(**kwargs):
    return [warning.code for warning in plausibility_warnings(**kwargs)]


@pytest.mark.parametrize(
    ("value", "previous", "expected"),
    [(D(16), D(11), []), (D(17), D(11), ["change"]), (D(5), D(11), ["change"]), (D(6), D(11), [])],
)
def test_a_change_beyond_half_of_last_years_figure_warns(value, previous, expected):
    assert codes(value=value, previous=previous) == expected


def test_the_threshold_is_set_per_indicator():
    assert codes(value=D(12), previous=D(10), threshold=D(10)) == ["change"]
    assert codes(value=D(18), previous=D(10), threshold=D(100)) == []


def test_last_year_of_zero_is_not_judged():
    assert codes(value=D(5), previous=D(0)) == []


@pytest.mark.parametrize(
    ("direction", "value", "expected"),
    [
        ("lower_is_better", D(64), ["baseline"]),  # PM2.5 baseline 42: 64 is worse by more than 50 %
        ("lower_is_better", D(60), []),
        ("higher_is_better", D(20), ["baseline"]),
        ("higher_is_better", D(64), []),
        ("hold", D(100), []),
    ],
)
def test_a_figure_on_the_wrong_side_of_the_baseline_warns(direction, value, expected):
    assert codes(value=value, baseline=D(42), direction=direction) == expected


def test_the_message_names_last_years_figure_and_the_threshold():
    [warning] = plausibility_warnings(value=D(12), previous=D(11), threshold=D(5))
    assert "11" in warning.message and "5%" in warning.message and "+9%" in warning.message


def test_no_figure_no_warning():
    assert plausibility_warnings(value=None, previous=D(11)) == []
