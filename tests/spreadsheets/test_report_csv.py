"""The 主要指标 CSV names the years of its plans' period. No database."""

import csv
from dataclasses import replace
from io import StringIO

from spreadsheets.formats.report_csv import build_csv

from .test_report_xlsx import plan


def header(*plans):
    return next(csv.reader(StringIO(build_csv(list(plans)).decode("utf-8-sig"))))


def test_plans_of_one_period_name_its_baseline_and_target_years():
    found = header(plan())
    assert {"2020年", "2025年目标", "2025年预测"} <= set(found)


def test_a_next_period_plan_names_its_own_years():
    found = header(replace(plan(), years=[2026, 2027, 2028, 2029, 2030], baseline_year=2025))
    assert {"2025年", "2030年目标", "2030年预测"} <= set(found) and "2020年" not in found


def test_plans_of_two_periods_share_period_neutral_columns():
    next_period = replace(plan(), years=[2026, 2027, 2028, 2029, 2030], baseline_year=2025)
    found = header(plan(), next_period)
    assert {"基期值", "目标值", "期末预测"} <= set(found)
    assert not {"2020年目标", "2025年目标", "2030年目标"} & set(found)
