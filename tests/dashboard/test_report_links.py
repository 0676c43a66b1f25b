import pytest
from django.urls import reverse

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
