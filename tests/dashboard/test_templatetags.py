from decimal import Decimal

from django.template import Context, Template
from django.test import RequestFactory

from dashboard.templatetags.dashboard import num, percent, sparkline


def test_num_drops_trailing_zeros():
    assert num(Decimal("42.5000")) == "42.5"
    assert num(Decimal("30.0000")) == "30"


def test_num_shows_three_decimals_as_entered():
    assert num(Decimal("0.1250")) == "0.125"
    assert num(Decimal("12.3400")) == "12.34"
    assert num(Decimal("100.0000")) == "100"


def test_num_keeps_text_as_printed():
    assert num("完成市级下达任务") == "完成市级下达任务"


def test_percent_of_none_is_blank():
    assert percent(None) == "" and percent(0.5) == "50%"


def test_sparkline_draws_a_point_per_known_value_and_the_target():
    svg = sparkline({2021: Decimal(40), 2022: Decimal(38)}, [2021, 2022, 2023], "42", "30")
    assert svg.count("<circle") == 3  # baseline and two years
    assert 'class="goal"' in svg


def test_sparkline_without_numbers_is_empty():
    assert sparkline({}, [2021], "--", "有效保障") == ""


def test_sort_link_toggles_direction_and_keeps_other_parameters():
    request = RequestFactory().get("/", {"year": "2023", "sort": "name", "wpage": "3"})
    html = Template('{% load dashboard %}{% sort_link "name" "指标" current="name" %}').render(
        Context({"request": request})
    )
    assert "sort=-name" in html and "year=2023" in html and "wpage" not in html


def test_num_prints_a_figure_as_the_plan_prints_its_indicator():
    from decimal import Decimal
    from types import SimpleNamespace

    from dashboard.templatetags.dashboard import num

    one_decimal = SimpleNamespace(baseline_text="83.3", target_text="≥90")
    whole = SimpleNamespace(baseline_text="42", target_text="30")
    assert num(Decimal("38.0000"), one_decimal) == "38.0"
    assert num(Decimal("85.25"), one_decimal) == "85.25"  # what was entered is never hidden
    assert num(Decimal("38.0000"), whole) == "38"
    assert num(Decimal("38.0000")) == "38"
    assert num(Decimal("-10"), 0) == "-10"


def test_a_forecast_shows_one_decimal_more_than_the_plan_prints():
    from decimal import Decimal

    from dashboard.templatetags.dashboard import estimate
    from tests.factories import IndicatorFactory

    whole = IndicatorFactory.build(baseline_text="42", target_text="30")
    tenths = IndicatorFactory.build(baseline_text="83.3", target_text="90")
    assert estimate(Decimal("34.66667"), whole) == "34.7"
    assert estimate(Decimal("88.04"), tenths) == "88.04"
    assert estimate(Decimal("88.046"), tenths) == "88.05"
    assert estimate(Decimal("35"), whole) == "35" and estimate(None, whole) == ""
