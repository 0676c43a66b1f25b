import pytest

from indicators.attainment import Status
from indicators.models import IndicatorValue, ReviewState
from indicators.services import record_approve, record_submit, value_save
from indicators.verdicts import Outcome
from tests.dashboard.conftest import login
from tests.factories import add_values

pytestmark = pytest.mark.django_db


def test_overview_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_overview_is_served_in_chinese_with_status_badges(client, dash):
    login(client, dash.users["leader"])
    html = client.get("/?year=2023").content.decode()
    assert 'lang="zh-hans"' in html
    assert f'<span class="badge regressing">{Status.REGRESSING.label}</span>' in html


def test_binding_indicator_forecast_to_miss_is_in_the_early_warning_list(client, dash):
    login(client, dash.users["leader"])
    response = client.get("/?year=2023")
    warned = [indicator.pk for indicator, _row in response.context["warnings"]]
    assert warned == [dash.pm25.pk]


def test_early_warning_list_comes_before_the_other_lists(client, dash):
    login(client, dash.users["leader"])
    html = client.get("/?year=2023").content.decode()
    assert html.index('id="warnings"') < html.index('id="jurisdictions"') < html.index('id="plans"')


def test_leader_sees_only_own_jurisdiction(client, dash):
    login(client, dash.users["leader"])
    response = client.get("/?year=2023")
    plan_ids = {plan.pk for plan, _tally in response.context["plans"]}
    assert plan_ids == {dash.plan.pk}


def test_admin_sees_synthetic_plans_marked(client, dash):
    login(client, dash.users["admin"])
    response = client.get("/?year=2023")
    plan_ids = {plan.pk for plan, _tally in response.context["plans"]}
    assert dash.synthetic_plan.pk in plan_ids
    assert "badge synthetic" in response.content.decode()


def test_counts_by_status_of_a_plan(client, dash):
    login(client, dash.users["leader"])
    response = client.get("/?year=2023")
    tally = dict((plan.pk, t) for plan, t in response.context["plans"])[dash.plan.pk]
    assert tally.counts[Outcome(Status.REGRESSING)] == 1  # PM2.5 rose from 42 to 45
    assert tally.counts[Outcome(Status.MET)] == 1  # good days reached 90
    assert tally.counts[Outcome(Status.NO_DATA)] == 1  # water: nothing entered
    assert tally.share_good == 0.5


def test_jurisdiction_filter_narrows_to_it_and_below(client, dash):
    login(client, dash.users["admin"])
    response = client.get(f"/?year=2023&jurisdiction={dash.city.pk}")
    plan_ids = {plan.pk for plan, _tally in response.context["plans"]}
    assert plan_ids == {dash.plan.pk, dash.city_plan.pk, dash.sibling_plan.pk}


def test_status_filter_keeps_only_that_status(client, dash):
    login(client, dash.users["leader"])
    response = client.get("/?year=2023&status=met")
    assert response.context["data"].total.total == 1


def test_attribute_filter_keeps_only_binding(client, dash):
    login(client, dash.users["leader"])
    response = client.get("/?year=2023&attribute=约束性")
    assert response.context["data"].total.total == 2


def test_bad_filter_value_is_refused_with_a_message_and_ignored(client, dash):
    login(client, dash.users["leader"])
    response = client.get("/?year=1999&status=bogus")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["data"].total.total == 3


def test_default_year_is_latest_year_with_approved_data(client, dash):
    login(client, dash.users["leader"])
    assert client.get("/").context["year"] == 2023


def test_drafts_do_not_count_towards_attainment(client, dash):
    add_values(dash.water, {2023: 5}, state=ReviewState.DRAFT)
    login(client, dash.users["leader"])
    response = client.get("/?year=2023")
    tally = dict((plan.pk, t) for plan, t in response.context["plans"])[dash.plan.pk]
    assert tally.counts[Outcome(Status.NO_DATA)] == 1


def test_unit_completeness_counts_missing_and_unreviewed(client, dash):
    add_values(dash.water, {2024: 0}, state=ReviewState.SUBMITTED)
    dash.water.units.add(dash.own_unit)
    login(client, dash.users["leader"])
    response = client.get("/?year=2024")
    entry = {unit.pk: unit for unit in response.context["units"]}[dash.own_unit.pk]
    assert (entry.total, entry.missing, entry.unreviewed, entry.approved) == (2, 1, 1, 0)


def test_approving_a_value_changes_the_overview(client, dash):
    login(client, dash.users["leader"])
    before = client.get("/?year=2023").context["data"].total.counts[Outcome(Status.NO_DATA)]
    dash.water.units.add(dash.own_unit)
    record = value_save(user=dash.users["reporter_own"], indicator=dash.water, year=2023, value="0")
    record = record_submit(user=dash.users["reporter_own"], record=record)
    record_approve(user=dash.users["reviewer"], record=record)
    after = client.get("/?year=2023").context["data"].total.counts[Outcome(Status.NO_DATA)]
    assert after == before - 1


def test_plan_list_sorts_by_share_descending(client, dash):
    login(client, dash.users["admin"])
    response = client.get("/?year=2023&psort=-share")
    shares = [t.share_good for _plan, t in response.context["plans"] if t.share_good is not None]
    assert shares == sorted(shares, reverse=True)


def _jurisdiction_rows(response):
    return [
        (place.name, place.depth, tally.total, place.own.total)
        for place, tally in response.context["jurisdictions"]
    ]


def test_city_row_sums_its_own_plan_and_its_districts_plans(client, dash):
    login(client, dash.users["admin"])
    rows = {name: (total, own) for name, _depth, total, own in _jurisdiction_rows(client.get("/?year=2023"))}
    assert rows["长春市"] == (1 + 3 + 1, 1)  # own plan + 宽城区's three + 朝阳区's one
    assert rows["宽城区"] == (3, 3)


def test_districts_are_listed_indented_under_their_city(client, dash):
    login(client, dash.users["admin"])
    response = client.get("/?year=2023")
    assert [(name, depth) for name, depth, _total, _own in _jurisdiction_rows(response)] == [
        ("合成市1", 0),
        ("长春市", 0),
        ("宽城区", 1),
        ("朝阳区", 1),
    ]
    assert 'style="padding-left:1.5rem"' in response.content.decode()


def test_sorting_jurisdictions_keeps_districts_under_their_city(client, dash):
    login(client, dash.users["admin"])
    response = client.get("/?year=2023&jsort=-name")
    names = [name for name, *_rest in _jurisdiction_rows(response)]
    assert names == ["长春市", "朝阳区", "宽城区", "合成市1"]


def test_city_row_sums_status_counts_of_its_districts(client, dash):
    login(client, dash.users["admin"])
    response = client.get("/?year=2023")
    city = {place.name: tally for place, tally in response.context["jurisdictions"]}["长春市"]
    assert city.counts[Outcome(Status.REGRESSING)] == 1  # 宽城区's PM2.5
    assert city.counts[Outcome(Status.MET)] == 1  # 宽城区's good days
    assert city.counts[Outcome(Status.BEHIND)] == 1  # 朝阳区's PM2.5
    assert city.warnings == 2


def test_filtered_overview_also_sums_districts_into_their_city(client, dash):
    login(client, dash.users["admin"])
    response = client.get("/?year=2023&status=met")
    rows = {name: (total, own) for name, _depth, total, own in _jurisdiction_rows(response)}
    assert rows == {"长春市": (1, 0), "宽城区": (1, 1)}


def test_district_leader_sees_only_the_district_row_at_the_top(client, dash):
    login(client, dash.users["leader"])
    response = client.get("/?year=2023")
    assert _jurisdiction_rows(response) == [("宽城区", 0, 3, 3)]


def test_jurisdiction_list_says_in_chinese_that_rows_include_subordinates(client, dash):
    login(client, dash.users["admin"])
    html = client.get("/?year=2023").content.decode()
    assert "指标数（含下辖）" in html and "市级一行包含其下辖各区和开发区" in html


def test_kept_order_of_the_warnings_follows_a_change_in_the_data(client, dash):
    login(client, dash.users["admin"])
    before = [indicator.pk for indicator, _row in client.get("/?year=2023").context["warnings"]]
    IndicatorValue.objects.filter(indicator=dash.pm25).delete()
    after = [indicator.pk for indicator, _row in client.get("/?year=2023").context["warnings"]]
    assert dash.pm25.pk in before and dash.pm25.pk not in after
