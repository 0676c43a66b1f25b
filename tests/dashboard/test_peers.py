"""Peers: a district leader compares, read-only, with the districts under the same city
(`Indicator.objects.comparable_for`); nothing else about them opens."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from rest_framework.test import APIClient

from accounts.models import Jurisdiction, User
from indicators.models import Indicator, IndicatorValue, ReviewState
from tests.dashboard.conftest import login
from tests.factories import UserFactory, add_values

pytestmark = pytest.mark.django_db


def test_a_district_leader_compares_with_a_sibling_district(client, dash):
    login(client, dash.users["leader"])
    keys = [k["key"] for k in client.get("/compare/").context["keys"]]
    assert "pm25" in keys
    page = client.get("/compare/pm25/?year=2023")
    regions = [r.indicator.plan.jurisdiction.name for r in page.context["rows"]]
    assert sorted(regions) == ["宽城区", "朝阳区"]


def test_peers_are_ranked_by_their_latest_value_best_first(client, dash):
    login(client, dash.users["leader"])
    rows = client.get("/compare/pm25/?year=2023").context["rows"]
    # PM2.5 is lower-is-better: 朝阳区 36 beats 宽城区 45.
    assert [(r.rank, r.indicator.plan.jurisdiction.name) for r in rows] == [(1, "朝阳区"), (2, "宽城区")]


def test_a_peer_row_has_no_link_to_its_plan_or_indicator_page(client, dash):
    login(client, dash.users["leader"])
    html = client.get("/compare/pm25/?year=2023").content.decode()
    assert f"/plans/{dash.sibling_plan.pk}/" not in html
    assert f"/indicators/{dash.sibling_pm25.pk}/" not in html
    assert f"/indicators/{dash.pm25.pk}/" in html


def test_a_peers_unapproved_values_stay_hidden(client, dash):
    add_values(dash.sibling_pm25, {2024: 12.5}, state=ReviewState.SUBMITTED)
    login(client, dash.users["leader"])
    html = client.get("/compare/pm25/?year=2024").content.decode()
    assert "12.5" not in html
    assert "36<" in html  # the latest approved value, 2023


@pytest.mark.parametrize(
    "url",
    [
        lambda d: f"/plans/{d.sibling_plan.pk}/",
        lambda d: f"/indicators/{d.sibling_pm25.pk}/",
        lambda d: f"/spreadsheets/plans/{d.sibling_plan.pk}/report.xlsx",
    ],
)
def test_a_peers_pages_stay_closed(client, dash, url):
    login(client, dash.users["leader"])
    assert client.get(url(dash)).status_code in (403, 404)


def test_a_peers_entry_and_api_stay_closed(client, dash):
    leader = dash.users["leader"]
    login(client, leader)
    assert dash.sibling_plan.jurisdiction.name not in client.get("/entry/?year=2023").content.decode()
    api = APIClient()
    api.force_authenticate(leader)
    assert api.get(f"/api/indicators/{dash.sibling_pm25.pk}/attainment/").status_code == 404
    value = IndicatorValue.objects.filter(indicator=dash.sibling_pm25).first()
    assert api.get(f"/api/values/{value.pk}/").status_code == 404
    listed = api.get("/api/indicators/").json()
    listed = listed.get("results", listed) if isinstance(listed, dict) else listed
    assert dash.sibling_pm25.pk not in {item["id"] for item in listed}


def test_only_the_comparison_scope_grows(dash):
    leader = dash.users["leader"]
    assert dash.sibling_pm25 in Indicator.objects.comparable_for(leader)
    assert dash.sibling_pm25 not in Indicator.objects.visible_to(leader)
    assert dash.city_pm25 not in Indicator.objects.comparable_for(leader)  # the parent is no peer


@override_settings(PEER_COMPARISON=False)
def test_the_setting_keeps_comparison_to_the_users_own_scope(client, dash):
    login(client, dash.users["leader"])
    assert "pm25" not in [k["key"] for k in client.get("/compare/").context["keys"]]
    rows = client.get("/compare/pm25/?year=2023").context["rows"]
    assert [r.indicator.plan.jurisdiction.name for r in rows] == ["宽城区"]


def test_a_district_leader_compares_pm25_across_the_three_districts_of_the_real_plans(client, db, settings):
    call_command("load_plans", stdout=io.StringIO())
    leader = UserFactory(role=User.Role.LEADER, jurisdiction=Jurisdiction.objects.get(name="宽城区"))
    login(client, leader)
    assert "pm25" in [k["key"] for k in client.get("/compare/").context["keys"]]
    rows = client.get("/compare/pm25/").context["rows"]
    assert sorted(r.indicator.plan.jurisdiction.name for r in rows) == ["净月区", "宽城区", "朝阳区"]
    settings.PEER_COMPARISON = False
    assert [r.indicator.plan.jurisdiction.name for r in client.get("/compare/pm25/").context["rows"]] == [
        "宽城区"
    ]


def test_the_indicator_page_links_to_the_comparison_with_peers(client, dash):
    login(client, dash.users["leader"])
    response = client.get(f"/indicators/{dash.pm25.pk}/?year=2023")
    assert response.context["siblings"] == 1
    assert "/compare/pm25/" in response.content.decode()
