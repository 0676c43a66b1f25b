"""Final verdicts, the rule applied and the order of problems, on plain numbers: no database."""

from decimal import Decimal

import pytest
from django.utils import translation

from indicators.attainment import (
    ASSIGNED,
    QUALITATIVE,
    RANGE,
    Assessment,
    Assigned,
    Status,
    assess,
    conclude,
    rule,
)
from indicators.verdicts import TargetInForce, TargetSource, Verdict, problems_first

FOURTEENTH = {"start_year": 2021, "end_year": 2025, "baseline_year": 2020}
PM25 = {"direction": "lower_is_better", "baseline": "42", "target": "30", "attribute": "约束性"}


def test_a_final_value_short_of_the_target_is_not_met_with_no_forecast():
    # Approved 2021–2025, worse than the path and forecast to miss: mid-period this is behind.
    values = {2021: 40, 2022: 39, 2023: 38, 2024: 37, 2025: 36}
    year = assess(**FOURTEENTH, **PM25, values=values, year=2025)
    assert year.status == Status.BEHIND and year.forecast is not None and year.warning
    final = conclude(year)
    assert final.status == Status.NOT_MET
    assert (final.forecast, final.forecast_meets_target, final.warning) == (None, None, False)
    assert final.actual == Decimal("36")


def test_a_final_value_meeting_the_target_is_met():
    final = conclude(assess(**FOURTEENTH, **PM25, values={2025: 29}, year=2025))
    assert final.status == Status.MET and final.forecast is None


@pytest.mark.parametrize(
    ("recorded", "status"),
    [("已完成", Status.MET), ("推进中", Status.NOT_MET), ("未完成", Status.NOT_MET), (None, Status.NO_DATA)],
)
def test_a_text_target_is_met_at_the_end_only_when_completed(recorded, status):
    year = assess(
        **FOURTEENTH,
        direction=QUALITATIVE,
        baseline="",
        target="有效保障",
        values={},
        year=2025,
        text_status=recorded,
    )
    assert conclude(year).status == status


def test_a_final_year_without_a_value_stays_no_data_and_forecasts_nothing():
    year = assess(**FOURTEENTH, **PM25, values={2021: 40, 2022: 39}, year=2025)
    assert year.status == Status.NO_DATA
    assert conclude(year).status == Status.NO_DATA and conclude(year).forecast is None


def test_not_met_reads_as_the_word_leaders_search_for():
    with translation.override("zh-hans"):
        assert str(Status.NOT_MET.label) == "未达标"
        assert str(Status.MET.label) == "已达标"


@pytest.mark.parametrize(
    ("direction", "target", "assigned", "expected"),
    [
        ("lower_is_better", "30", None, "lower_is_better"),
        ("hold", "100", None, "hold"),
        ("higher_is_better", "43.6-89.9", None, RANGE),
        ("higher_is_better", "完成市级下达任务", None, QUALITATIVE),
        ("qualitative", "有效保障", None, QUALITATIVE),
        ("higher_is_better", "完成市级下达任务", Assigned({2023: Decimal("1.9")}), ASSIGNED),
        ("higher_is_better", "完成市级下达任务", Assigned({2022: Decimal("1.9")}), QUALITATIVE),
    ],
)
def test_the_rule_applied_is_named(direction, target, assigned, expected):
    assert rule(direction=direction, target=target, assigned=assigned, year=2023, end_year=2025) == expected


def _verdict(status, binding):
    return Verdict(
        indicator_id=0,
        year=2025,
        end_year=2025,
        binding=binding,
        rule="lower_is_better",
        target=TargetInForce("30", TargetSource.PRINTED, "30"),
        assessment=Assessment(status=status),
        final=status in (Status.MET, Status.NOT_MET),
        value_year=2025,
    )


def test_problems_list_binding_indicators_not_met_first():
    items = [
        ("indicative not met", _verdict(Status.NOT_MET, False)),
        ("met", _verdict(Status.MET, True)),
        ("binding behind", _verdict(Status.BEHIND, True)),
        ("binding not met", _verdict(Status.NOT_MET, True)),
    ]
    ordered = [name for name, _ in problems_first(items, lambda item: item[1])]
    assert ordered == ["binding not met", "binding behind", "indicative not met", "met"]
