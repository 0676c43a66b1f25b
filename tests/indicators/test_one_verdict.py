"""One verdict, every output: the dashboard's indicator and plan pages, the API, the xlsx and CSV
reports and the Word report print the same target, value, year and status for an indicator and year.

Four kinds of indicator of a 2021–2025 plan: PM2.5 with its target revised 30 → 25 from 2024, a text
target (完成市级下达任务) with figures assigned from above, a qualitative one judged by its status, and
one with only older values. Asked for 2024 (mid-period) and 2025 (the plan's last year, over by now:
final verdicts, 已达标 / 未达标, or 2025年数据未报).
"""

import csv
import datetime
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from indicators.models import AssignedTarget, ReviewState
from tests.evaluation.reading import indicator_table, plan_docx
from tests.factories import IndicatorFactory, IndicatorValueFactory, add_values

pytestmark = pytest.mark.django_db

REVISED = "（调整）"


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def four(world):
    assert timezone.localdate() > datetime.date(world.plan.end_year, 12, 31)  # the plan's period is over
    pm25 = world.indicator  # 42 → 30, revised to 25 from 2024
    pm25.revisions.create(
        effective_year=2024,
        target_text="25",
        target_value=25,
        reason="中期调整：省考核目标提高",
        decided_on=datetime.date(2024, 6, 30),
        created_by=world.users["admin"],
    )
    add_values(pm25, {2021: 40, 2022: 38, 2023: 36, 2025: 27})  # 27 meets 30 but not 25
    forest = IndicatorFactory(
        plan=world.plan,
        box=pm25.box,
        name="森林覆盖率",
        unit="%",
        baseline_text="1.8",
        baseline_value=Decimal("1.8"),
        target_text="完成市级下达任务",
        target_value=None,
        direction="higher_is_better",
        attribute="约束性",
        key="forest",
    )
    for year in (2024, 2025):
        AssignedTarget.objects.create(
            indicator=forest, year=year, value=Decimal("1.9"), unit="%", decided_on=datetime.date(year, 3, 1)
        )
    add_values(forest, {2024: Decimal("1.95")})  # 2025 not reported
    emergency = IndicatorFactory(plan=world.plan, box=pm25.box, qualitative=True)
    for year, status in ((2023, "in_progress"), (2025, "done")):
        IndicatorValueFactory(
            indicator=emergency, year=year, value=None, status=status, state=ReviewState.APPROVED
        )
    days = IndicatorFactory(plan=world.plan, box=pm25.box, share=True, attribute="预期性")
    add_values(days, {2021: 86, 2022: 87})  # nothing since 2022
    world.four = {"pm25": pm25, "forest": forest, "emergency": emergency, "days": days}
    return world


# What each kind prints, (target, value, year of the value, status), read by hand from the data above.
EXPECTED = {
    2024: {
        # 36 (2023) against 25, the target in force for 2024: on the path to 25 expected 31.8 in 2023.
        "pm25": ("25" + REVISED, "36", 2023, "进度滞后"),
        "forest": ("完成市级下达任务", "1.95", 2024, "已达标"),
        "emergency": ("有效保障", "推进中", 2023, "推进中"),
        "days": ("90", "87", 2022, "进度正常"),  # 87 in 2022 is on the path from 85 to 90
    },
    2025: {
        "pm25": ("25" + REVISED, "27", 2025, "未达标"),
        "forest": ("完成市级下达任务", "", None, "2025年数据未报"),
        "emergency": ("有效保障", "已完成", 2025, "已达标"),
        "days": ("90", "", None, "2025年数据未报"),
    },
}


def plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal):
        return format(Decimal(str(value)).normalize(), "f")
    return str(value).strip()


def html_text(fragment: str) -> str:
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", fragment))


VALUE_AND_YEAR = re.compile(r"^(?P<value>.+?)（(?P<year>\d{4})年?）$")


def value_and_year(text: str):
    """ "36（2023年）" or "36（2023）" → ("36", 2023); a text without a year (2025年数据未报) → ("", None)."""
    match = VALUE_AND_YEAR.match(text)
    return (plain(match["value"]), int(match["year"])) if match else ("", None)


def from_indicator_page(client, indicator, year):
    page = client.get(reverse("dashboard:indicator", args=[indicator.pk]), {"year": year})
    html = page.content.decode()
    target = re.search(rf"<dt>{indicator.plan.end_year}年目标值</dt><dd[^>]*>(.*?)</dd>", html, re.S)[1]
    status = re.search(rf"<dt>{year}年状态</dt><dd[^>]*>(.*?)</dd>", html, re.S)[1]
    badge = re.search(r'<span class="badge [a-z_]+">(.*?)</span>', status, re.S)[1]
    latest = html_text(re.search(r'<dd class="latest">(.*?)</dd>', html, re.S)[1])
    return (re.sub(r"本年下达.*", "", html_text(target)), *value_and_year(latest), html_text(badge))


def from_plan_page(client, indicator, year):
    page = client.get(reverse("dashboard:plan", args=[indicator.plan_id]), {"year": year})
    html = page.content.decode()
    link = reverse("dashboard:indicator", args=[indicator.pk])
    row = re.search(
        rf'<tr[^>]*>(?:(?!</tr>).)*?href="{re.escape(link)}[^"]*"(?:(?!</tr>).)*</tr>', html, re.S
    )[0]
    latest = html_text(re.search(r'<td class="num latest">(.*?)</td>', row, re.S)[1])
    badge = html_text(re.search(r'<span class="badge [a-z_]+">(.*?)</span>', row, re.S)[1])
    target_cell = re.search(r'<td class="num latest">.*?</td>\s*<td class="num">(.*?)</td>', row, re.S)[1]
    target = re.sub(r"本年下达.*", "", html_text(target_cell))
    return (target, *value_and_year(latest), badge)


def from_api(user, indicator, year):
    client = APIClient()
    client.force_authenticate(user)
    found = client.get(f"/api/indicators/{indicator.pk}/attainment/", {"year": year}).json()
    target = found["target"] + (REVISED if found["revised"] else "")
    if found["actual"] is not None:
        value = plain(found["actual"])
    else:
        value = {"in_progress": "推进中", "done": "已完成", "not_done": "未完成"}.get(
            found["text_status"], ""
        )
    return (target, value, found["value_year"], found["status_label"])


def _report_rows(client, indicator, year, fmt):
    response = client.get(reverse("spreadsheets:plan_report", args=[indicator.plan_id, fmt]), {"year": year})
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        return rows[0], rows[1:]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["主要指标"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    return rows[0], rows[1:]


def from_report(client, indicator, year, fmt):
    header, rows = _report_rows(client, indicator, year, fmt)
    row = dict(zip(header, next(r for r in rows if indicator.name in r), strict=False))
    note = plain(row["备注"])
    judged_on = re.search(r"按(\d{4})年数值评价", note)
    status = plain(row["完成情况"])
    value_year = int(judged_on[1]) if judged_on else (None if "未报" in status else year)
    value = plain(row[f"{value_year}年"]) if value_year else ""
    return (plain(row[f"{indicator.plan.end_year}年目标"]), value, value_year, status)


def from_word(indicator, year):
    table = indicator_table(plan_docx(indicator.plan, year))
    cells = next([c.text for c in row.cells] for row in table.rows if row.cells[1].text == indicator.name)
    # The table sets a value's year and a target's mark on a line of their own: "36\n2023年", "25\n（调整）".
    value = re.sub(r"\n(\d{4})年$", r"（\1年）", cells[5])
    return (cells[4].replace("\n", ""), *value_and_year(value), cells[6])


@pytest.mark.parametrize("year", [2024, 2025])
@pytest.mark.parametrize("kind", ["pm25", "forest", "emergency", "days"])
def test_every_output_prints_the_same_target_value_year_and_status(four, client, kind, year):
    indicator = four.four[kind]
    leader = four.users["leader"]
    client.force_login(leader)
    expected = EXPECTED[year][kind]
    printed = {
        "indicator page": from_indicator_page(client, indicator, year),
        "plan page": from_plan_page(client, indicator, year),
        "API": from_api(leader, indicator, year),
        "xlsx": from_report(client, indicator, year, "xlsx"),
        "CSV": from_report(client, indicator, year, "csv"),
        "Word": from_word(indicator, year),
    }
    assert printed == dict.fromkeys(printed, expected)


def test_a_final_verdict_has_no_forecast_anywhere(four, client):
    pm25 = four.four["pm25"]
    client.force_login(four.users["leader"])
    page = client.get(reverse("dashboard:indicator", args=[pm25.pk]), {"year": 2025})
    assert page.context["verdict"].final and page.context["verdict"].forecast is None
    client_api = APIClient()
    client_api.force_authenticate(four.users["leader"])
    found = client_api.get(f"/api/indicators/{pm25.pk}/attainment/", {"year": 2025}).json()
    assert (found["final"], found["forecast"], found["warning"]) == (True, None, False)
    header, rows = _report_rows(client, pm25, 2025, "csv")
    row = dict(zip(header, next(r for r in rows if pm25.name in r), strict=False))
    assert row["2025年预测"] == "" and row["预计无法完成"] == ""


@pytest.mark.parametrize("kind", ["pm25", "days"])  # 未达标 on 2025's value; 2025年数据未报
def test_a_final_verdict_has_no_open_sdg_progress_beside_it_anywhere(four, client, kind):
    indicator = four.four[kind]
    client.force_login(four.users["leader"])
    client_api = APIClient()
    client_api.force_authenticate(four.users["leader"])

    def printed(year):
        html = client.get(
            reverse("dashboard:indicator", args=[indicator.pk]), {"year": year}
        ).content.decode()
        found = client_api.get(f"/api/indicators/{indicator.pk}/attainment/", {"year": year}).json()
        return "进展评价（Open SDG）" in html, found["sdg_category"], found["sdg_ratio"]

    on_page, category, ratio = printed(2024)  # mid-period: judged on an older value, with its progress
    assert on_page and category is not None and ratio is not None
    assert printed(2025) == (False, None, None)
