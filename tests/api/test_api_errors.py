"""The API answers JSON with a Chinese `detail` for every error: malformed, oversized or hostile input
(400, 413), an unknown address (404) and a crash (500)."""

import json

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from indicators.models import IndicatorValue
from tests.factories import IndicatorValueFactory

pytestmark = pytest.mark.django_db

HUGE_ID = "1" * 23  # past any database integer


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def assert_json_error(response, status_code):
    assert response.status_code == status_code, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]
    return response.json()


@pytest.mark.parametrize(
    ("path", "param"),
    [("/api/indicators/", "plan"), ("/api/values/", "indicator"), ("/api/values/", "year")],
)
def test_a_23_digit_filter_is_a_400(world, path, param):
    response = client_for(world.users["reporter_own"]).get(path, {param: HUGE_ID})
    assert param in assert_json_error(response, 400)["errors"]


@pytest.mark.parametrize(
    "path",
    [
        f"/api/indicators/{HUGE_ID}/",
        f"/api/indicators/{HUGE_ID}/attainment/",
        f"/api/values/{HUGE_ID}/",
        "/api/values/-1/",
        "/api/values/abc/",
    ],
)
def test_a_record_id_past_any_integer_is_a_404(world, path):
    assert_json_error(client_for(world.users["reporter_own"]).get(path), 404)


def test_a_23_digit_indicator_in_a_create_is_a_400(world):
    response = client_for(world.users["reporter_own"]).post(
        "/api/values/", {"indicator": HUGE_ID, "year": 2022, "value": "1"}, format="json"
    )
    assert "indicator" in assert_json_error(response, 400)["errors"]


@pytest.mark.parametrize("field", ["year", "version"])
def test_a_23_digit_number_in_a_create_is_a_400(world, field):
    payload = {"indicator": world.indicator.pk, "year": 2022, "value": "1", field: int(HUGE_ID)}
    response = client_for(world.users["reporter_own"]).post("/api/values/", payload, format="json")
    assert field in assert_json_error(response, 400)["errors"]
    assert not IndicatorValue.objects.exists()


def test_a_23_digit_version_on_a_patch_is_a_400(world):
    value = IndicatorValueFactory(indicator=world.indicator, year=2022, value=40)
    response = client_for(world.users["reporter_own"]).patch(
        f"/api/values/{value.pk}/", {"value": "1", "version": int(HUGE_ID)}, format="json"
    )
    assert "version" in assert_json_error(response, 400)["errors"]


def test_a_deeply_nested_json_body_is_a_400(world):
    body = "[" * 100_000 + "]" * 100_000
    response = client_for(world.users["reporter_own"]).post(
        "/api/values/", body, content_type="application/json"
    )
    assert "无法解析" in assert_json_error(response, 400)["detail"]


def test_malformed_json_is_a_chinese_400(world):
    response = client_for(world.users["reporter_own"]).post(
        "/api/values/", "{", content_type="application/json"
    )
    assert "无法解析" in assert_json_error(response, 400)["detail"]


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10_000)
@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/json", json.dumps({"indicator": 1, "year": 2022, "note": "长" * 10_000})),
        ("application/x-www-form-urlencoded", "note=" + "a" * 20_000),
    ],
)
def test_a_body_over_the_upload_limit_is_a_json_413(world, content_type, body):
    response = client_for(world.users["reporter_own"]).post("/api/values/", body, content_type=content_type)
    assert "过大" in assert_json_error(response, 413)["detail"]
    assert not IndicatorValue.objects.exists()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10_000)
def test_a_multipart_body_over_the_upload_limit_is_a_json_413(world):
    response = client_for(world.users["reporter_own"]).post(
        "/api/values/", {"indicator": world.indicator.pk, "year": 2022, "note": "a" * 20_000}
    )
    assert "过大" in assert_json_error(response, 413)["detail"]


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10_000)
def test_a_token_request_over_the_upload_limit_is_a_json_413(world):
    response = APIClient().post(
        "/api/auth/token/",
        json.dumps({"username": "kc_sthj", "password": "x" * 20_000}),
        content_type="application/json",
    )
    assert_json_error(response, 413)


def test_an_unexpected_error_in_an_api_view_is_a_logged_json_500(world, monkeypatch, caplog):
    def crash(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("indicators.services.value_save", crash)
    client = client_for(world.users["reporter_own"])
    client.raise_request_exception = False
    response = client.post(
        "/api/values/", {"indicator": world.indicator.pk, "year": 2022, "value": "1"}, format="json"
    )
    assert "服务器内部错误" in assert_json_error(response, 500)["detail"]
    assert "boom" not in response.content.decode()
    assert any(record.exc_info and "boom" in str(record.exc_info[1]) for record in caplog.records)


def test_an_unknown_api_address_is_a_json_404(world):
    assert_json_error(client_for(world.users["reporter_own"]).get("/api/no-such-thing/"), 404)


def test_an_unknown_page_is_still_the_html_404(client, world):
    client.force_login(world.users["leader"])
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "页面不存在" in response.content.decode()


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=10,
)
FIELDS = st.sampled_from(["indicator", "year", "value", "text", "note", "version", "reason", "state"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    payload=st.dictionaries(FIELDS, JSON_VALUES, max_size=6) | JSON_VALUES,
    action=st.sampled_from(["", "submit/", "approve/", "return/", "reopen/", "patch"]),
)
def test_no_payload_is_a_500(world, payload, action):
    """Any JSON (NaN and Infinity included, as Python writes them) to any write answers below 500."""
    value, _ = IndicatorValue.objects.get_or_create(
        indicator=world.indicator,
        year=2021,
        defaults={"value": 40, "reported_by": world.users["reporter_own"]},
    )
    client = client_for(world.users["reporter_own" if action in ("", "patch", "submit/") else "reviewer"])
    body = {"data": json.dumps(payload), "content_type": "application/json"}
    if action == "":
        response = client.post("/api/values/", **body)
    elif action == "patch":
        response = client.patch(f"/api/values/{value.pk}/", **body)
    else:
        response = client.post(f"/api/values/{value.pk}/{action}", **body)
    assert response.status_code < 500, (payload, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
