import csv
import io
import re
from urllib.parse import unquote

import pytest
from django.urls import reverse

from tests.factories import ContinuingIndicatorFactory

from .conftest import login

pytestmark = pytest.mark.django_db


def test_overview_offers_the_all_plans_report_and_it_downloads(client, dash):
    login(client, dash.users["leader"])
    page = client.get(reverse("dashboard:overview"), {"year": 2023}).content.decode()
    link = reverse("spreadsheets:all_plans_report", kwargs={"fmt": "xlsx"})
    assert f'href="{link}?year=2023"' in page
    response = client.get(link, {"year": 2023})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_plan_page_offers_its_own_report(client, dash):
    login(client, dash.users["leader"])
    url = reverse("dashboard:plan", kwargs={"pk": dash.plan.pk})
    page = client.get(url, {"year": 2023}).content.decode()
    for fmt in ("xlsx", "csv"):
        assert reverse("spreadsheets:plan_report", kwargs={"pk": dash.plan.pk, "fmt": fmt}) in page


def test_entry_page_links_to_the_spreadsheet_import(client, dash):
    login(client, dash.users["reporter_own"])
    page = client.get(reverse("entry:entry")).content.decode()
    assert reverse("spreadsheets:import") in page


@pytest.mark.parametrize(("year", "plans"), [(2025, ["十四五"]), (2026, ["十五五"])])
def test_the_overviews_report_holds_the_plans_reporting_in_its_year(client, dash, year, plans):
    # In 2025 the overview counts 宽城区's 十四五 plan only (2025 is the 十五五 plan's baseline year): its
    # report must not add the 十五五 plan judged for another year.
    ContinuingIndicatorFactory(continues=dash.pm25, baseline="38", target="28")
    login(client, dash.users["leader"])
    link = reverse("spreadsheets:all_plans_report", kwargs={"fmt": "csv"})
    rows = list(csv.reader(io.StringIO(client.get(link, {"year": year}).content.decode("utf-8-sig"))))
    assert {re.search("十.五", row[0]).group() for row in rows[1:]} == set(plans)  # the plan's title
    assert {row[2] for row in rows[1:]} == {str(year)}  # 评估年份


def test_the_overviews_report_holds_the_jurisdiction_chosen_there(client, dash):
    client.force_login(dash.users["admin"])
    page = client.get(reverse("dashboard:overview"), {"year": 2023, "jurisdiction": dash.sibling.pk})
    link = reverse("spreadsheets:all_plans_report", kwargs={"fmt": "csv"})
    assert f'href="{link}?year=2023&amp;jurisdiction={dash.sibling.pk}"' in page.content.decode()
    response = client.get(link, {"year": 2023, "jurisdiction": dash.sibling.pk})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {row[0] for row in rows[1:]} == {dash.sibling_plan.title}
    assert "朝阳区_指标完成情况_2023年.csv" in unquote(response["Content-Disposition"])


def test_the_overviews_report_of_a_jurisdiction_out_of_view_is_not_found(client, dash):
    login(client, dash.users["leader"])  # 宽城区's leader: 朝阳区 is not theirs
    link = reverse("spreadsheets:all_plans_report", kwargs={"fmt": "csv"})
    assert client.get(link, {"year": 2023, "jurisdiction": dash.sibling.pk}).status_code == 404
