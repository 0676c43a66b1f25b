import datetime

import pytest
from rest_framework.test import APIClient

from indicators.models import IndicatorValue
from tests.factories import ContinuingIndicatorFactory, IndicatorValueFactory
from tests.number_cases import ACCEPTED, DECIMAL_COMMA_MESSAGE, REFUSED

pytestmark = pytest.mark.django_db


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_token_is_issued_for_a_username_and_password(world):
    response = APIClient().post("/api/auth/token/", {"username": "kc_sthj", "password": "demo-pass-2025"})
    assert response.status_code == 200 and len(response.json()["token"]) == 40


def test_wrong_password_gets_a_chinese_message(world):
    response = APIClient().post("/api/auth/token/", {"username": "kc_sthj", "password": "nope"})
    assert response.status_code == 400
    assert "无法" in str(response.json())


def test_token_authenticates_later_requests(world):
    token = APIClient().post("/api/auth/token/", {"username": "kc_sthj", "password": "demo-pass-2025"}).json()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token['token']}")
    assert client.get("/api/indicators/").status_code == 200


def test_anonymous_requests_are_refused(world):
    assert APIClient().get("/api/indicators/").status_code in (401, 403)


def test_indicators_list_has_the_documented_fields_and_filters(world):
    response = client_for(world.users["reporter_own"]).get(
        "/api/indicators/", {"plan": world.plan.pk, "jurisdiction": "宽城区"}
    )
    item = response.json()["results"][0]
    assert {"id", "name", "unit", "plan", "jurisdiction", "units"} <= set(item)
    assert item["units"] == ["区生态环境分局"] and item["jurisdiction"] == "宽城区"
    assert (
        client_for(world.users["reporter_own"])
        .get("/api/indicators/", {"jurisdiction": "朝阳区"})
        .json()["count"]
        == 0
    )


def test_other_jurisdictions_indicators_are_invisible(world):
    response = client_for(world.users["reviewer_other"]).get("/api/indicators/")
    assert response.json()["count"] == 0


def test_staff_create_submit_and_reviewer_approve_through_the_api(world):
    staff = client_for(world.users["reporter_own"])
    created = staff.post(
        "/api/values/",
        {"indicator": world.indicator.pk, "year": 2021, "value": "39.5", "note": "监测站年均值"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    value_id = created.json()["id"]
    assert staff.post(f"/api/values/{value_id}/submit/").json()["state"] == "submitted"
    reviewer = client_for(world.users["reviewer"])
    assert reviewer.post(f"/api/values/{value_id}/approve/").json()["state"] == "approved"
    assert IndicatorValue.objects.get().reported_by.username == "kc_sthj"


def test_patch_changes_a_draft_and_bumps_its_version(world):
    value = IndicatorValueFactory(indicator=world.indicator, year=2022, value=40)
    response = client_for(world.users["reporter_own"]).patch(
        f"/api/values/{value.pk}/", {"value": "38", "version": value.version}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["value"], response.json()["version"]) == (38, 2)


def test_stale_version_gets_409(world):
    value = IndicatorValueFactory(indicator=world.indicator, year=2022, value=40, version=3)
    response = client_for(world.users["reporter_own"]).patch(
        f"/api/values/{value.pk}/", {"value": "38", "version": 2}, format="json"
    )
    assert response.status_code == 409 and response.json()["detail"]


def test_denied_action_is_403_json_and_changes_nothing(world):
    value = IndicatorValueFactory(indicator=world.indicator, year=2022, value=40)
    response = client_for(world.users["reporter_other"]).patch(
        f"/api/values/{value.pk}/", {"value": "1", "version": value.version}, format="json"
    )
    assert response.status_code == 403 and response.json()["detail"]
    assert IndicatorValue.objects.get().value == 40


def test_leader_reads_values_but_cannot_approve(world):
    value = IndicatorValueFactory(indicator=world.indicator, year=2022, value=40, state="submitted")
    leader = client_for(world.users["leader"])
    assert leader.get(f"/api/values/{value.pk}/").status_code == 200
    assert leader.post(f"/api/values/{value.pk}/approve/").status_code == 403


def test_return_without_reason_is_400(world):
    value = IndicatorValueFactory(indicator=world.indicator, year=2022, value=40, state="submitted")
    response = client_for(world.users["reviewer"]).post(f"/api/values/{value.pk}/return/", {}, format="json")
    assert response.status_code == 400
    assert IndicatorValue.objects.get().state == "submitted"


def test_out_of_range_percentage_is_400(world):
    world.indicator.unit = "%"
    world.indicator.name = "空气质量优良天数比例"
    world.indicator.save()
    response = client_for(world.users["reporter_own"]).post(
        "/api/values/", {"indicator": world.indicator.pk, "year": 2021, "value": "120"}, format="json"
    )
    assert response.status_code == 400
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize("year", ["abc", "2019", "2026"])
def test_attainment_with_a_bad_year_is_a_clear_400(world, year):
    response = client_for(world.users["reporter_own"]).get(
        f"/api/indicators/{world.indicator.pk}/attainment/", {"year": year}
    )
    assert response.status_code == 400
    assert "2021" in response.json()["detail"]


@pytest.mark.parametrize("param", ["year", "indicator", "state"])
def test_a_malformed_filter_is_a_chinese_400(world, param):
    response = client_for(world.users["reporter_own"]).get("/api/values/", {param: "abc"})
    assert response.status_code == 400
    assert response.json()["errors"][param] and "。" in response.json()["detail"]


def test_a_known_state_filters_the_values(world):
    IndicatorValueFactory(indicator=world.indicator, year=2022, value=40, state="submitted")
    client = client_for(world.users["reporter_own"])
    assert client.get("/api/values/", {"state": "submitted"}).json()["count"] == 1
    assert client.get("/api/values/", {"state": "draft", "year": "2022"}).json()["count"] == 0


@pytest.mark.parametrize("action", ["submit", "approve", "return", "reopen"])
def test_a_malformed_version_on_a_transition_is_a_400(world, action):
    value = IndicatorValueFactory(indicator=world.indicator, year=2022, value=40)
    response = client_for(world.users["reviewer"]).post(
        f"/api/values/{value.pk}/{action}/", {"version": "abc", "reason": "更正"}, format="json"
    )
    assert response.status_code == 400 and "version" in response.json()["errors"]
    assert IndicatorValue.objects.get().version == value.version


def test_patching_only_the_note_keeps_a_stored_figure(world):
    value = IndicatorValueFactory(indicator=world.indicator, year=2022, value="88.0000")
    response = client_for(world.users["reporter_own"]).patch(
        f"/api/values/{value.pk}/", {"note": "监测站年均值", "version": value.version}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["value"], response.json()["note"]) == (88, "监测站年均值")


def test_patch_without_a_version_is_refused(world):
    value = IndicatorValueFactory(indicator=world.indicator, year=2022, value=40)
    response = client_for(world.users["reporter_own"]).patch(
        f"/api/values/{value.pk}/", {"value": "38"}, format="json"
    )
    assert response.status_code == 400 and "版本" in response.json()["detail"]
    assert IndicatorValue.objects.get().value == 40


def test_field_errors_carry_a_detail_and_the_fields(world):
    response = client_for(world.users["reporter_own"]).post(
        "/api/values/", {"indicator": world.indicator.pk, "year": "abc", "value": "1"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] and list(response.json()["errors"]) == ["year"]


@pytest.mark.parametrize("year", [2019, 2026])
def test_a_year_outside_the_plan_is_a_400(world, year):
    response = client_for(world.users["reporter_own"]).post(
        "/api/values/", {"indicator": world.indicator.pk, "year": year, "value": "1"}, format="json"
    )
    assert response.status_code == 400 and "2021" in response.json()["detail"]
    assert not IndicatorValue.objects.exists()


def test_indicators_say_whether_their_plan_is_synthetic(world):
    item = client_for(world.users["reporter_own"]).get("/api/indicators/").json()["results"][0]
    assert item["synthetic"] is False and "demo" not in item


@pytest.mark.parametrize(("raw", "expected"), ACCEPTED)
def test_api_reads_figures_like_the_page_and_the_import(world, raw, expected):
    created = client_for(world.users["reporter_own"]).post(
        "/api/values/", {"indicator": world.indicator.pk, "year": 2022, "value": raw}, format="json"
    )
    assert created.status_code == 201, created.json()
    assert IndicatorValue.objects.get().value == expected


@pytest.mark.parametrize(("raw", "code"), REFUSED)
def test_api_refuses_figures_like_the_page_and_the_import(world, raw, code):
    refused = client_for(world.users["reporter_own"]).post(
        "/api/values/", {"indicator": world.indicator.pk, "year": 2022, "value": raw}, format="json"
    )
    assert refused.status_code == 400 and refused.json()["detail"]
    assert not IndicatorValue.objects.exists()


def test_api_says_a_comma_is_no_decimal_point(world):
    refused = client_for(world.users["reporter_own"]).post(
        "/api/values/", {"indicator": world.indicator.pk, "year": 2022, "value": "12,0"}, format="json"
    )
    assert DECIMAL_COMMA_MESSAGE in refused.json()["detail"]


def test_api_records_a_plausibility_warning_and_refuses_submit_without_a_note(world):
    IndicatorValueFactory(indicator=world.indicator, year=2021, value=40, state="approved")
    staff = client_for(world.users["reporter_own"])
    created = staff.post(
        "/api/values/", {"indicator": world.indicator.pk, "year": 2022, "value": "90"}, format="json"
    ).json()
    assert "40" in created["warning"]
    refused = staff.post(f"/api/values/{created['id']}/submit/")
    assert refused.status_code == 400 and list(refused.json()["errors"]) == ["note"]
    staff.patch(f"/api/values/{created['id']}/", {"note": "新增监测站点", "version": 1}, format="json")
    assert staff.post(f"/api/values/{created['id']}/submit/").json()["state"] == "submitted"


# --- two plans of different periods --------------------------------------------------------------


@pytest.fixture
def next_period(world):
    """宽城区's 十五五 plan (2026–2030, baseline 2025) with the same unit's PM2.5."""
    return ContinuingIndicatorFactory(continues=world.indicator, target="28")


@pytest.mark.parametrize(("year", "status"), [(2025, 400), (2026, 201)])
def test_a_value_is_accepted_only_for_a_year_of_its_indicators_plan(world, next_period, today, year, status):
    today(datetime.date(2027, 3, 1))  # 2026 has ended
    response = client_for(world.users["reporter_own"]).post(
        "/api/values/", {"indicator": next_period.pk, "year": year, "value": "37"}, format="json"
    )
    assert response.status_code == status, response.json()
    assert IndicatorValue.objects.filter(indicator=next_period).exists() == (status == 201)


def test_attainment_of_a_next_period_indicator_follows_its_years(world, next_period):
    client = client_for(world.users["reporter_own"])
    refused = client.get(f"/api/indicators/{next_period.pk}/attainment/", {"year": 2025})
    assert refused.status_code == 400 and "2026" in refused.json()["detail"]
    found = client.get(f"/api/indicators/{next_period.pk}/attainment/", {"year": 2026}).json()
    assert (found["year"], found["forecast_year"], found["expected"]) == (2026, 2030, 39.2)
