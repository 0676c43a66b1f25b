"""What the OpenAPI description promises a client, and the messages the API answers with: a figure and a
status can be written from the schema, what the server requires is declared required, ranges and
choices are declared, and refusals say their real cause in Chinese."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.tokens import token_for
from indicators.models import ReviewState
from indicators.states import ProgressStatus
from tests.factories import IndicatorValueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema():
    return Client().get("/api/schema/", {"format": "json"}).json()


def component(schema, reference):
    """The component a `{"$ref": …}` points at."""
    return schema["components"]["schemas"][reference["$ref"].rsplit("/", 1)[1]]


def request_body(schema, path, method):
    return component(
        schema, schema["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
    )


def parameter(schema, path, name):
    [found] = [p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == name]
    return found["schema"]


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def status_choices(schema, body):
    return sorted(sum((component(schema, one)["enum"] for one in body["properties"]["text"]["oneOf"]), []))


def test_a_new_value_declares_the_figure_and_the_status_choices(world, schema):
    body = request_body(schema, "/api/values/", "post")
    assert body["properties"]["value"]["type"] == "string" and body["properties"]["value"]["nullable"]
    assert status_choices(schema, body) == sorted(["", *ProgressStatus.values])


def test_a_patch_declares_its_version_required(schema):
    body = request_body(schema, "/api/values/{id}/", "patch")
    assert body["required"] == ["version"]
    assert status_choices(schema, body) == sorted(["", *ProgressStatus.values])


@pytest.mark.parametrize("step", ["return", "reopen"])
def test_a_return_or_reopen_declares_its_reason_required(schema, step):
    body = request_body(schema, f"/api/values/{{id}}/{step}/", "post")
    assert body["required"] == ["reason"]
    assert "default" not in body["properties"]["reason"] and body["properties"]["reason"]["minLength"] == 1


def test_years_and_ids_are_ranged_and_the_state_is_a_choice(schema):
    body = request_body(schema, "/api/values/", "post")
    assert (body["properties"]["year"]["minimum"], body["properties"]["year"]["maximum"]) == (1949, 2100)
    for path in ("/api/values/", "/api/indicators/{id}/attainment/"):
        assert parameter(schema, path, "year") == {"type": "integer", "minimum": 1949, "maximum": 2100}
    assert parameter(schema, "/api/values/", "indicator")["minimum"] == 1
    assert parameter(schema, "/api/indicators/", "plan")["minimum"] == 1
    assert sorted(parameter(schema, "/api/values/", "state")["enum"]) == sorted(ReviewState.values)


def test_the_token_endpoint_declares_no_security_and_ignores_a_stale_token(world, schema):
    assert not schema["paths"]["/api/auth/token/"]["post"].get("security")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0000000000000000000000000000000000000000")
    response = client.post("/api/auth/token/", {"username": "kc_sthj", "password": "demo-pass-2025"})
    assert response.status_code == 200, response.json()
    assert response.json()["token"] == token_for(user=world.users["reporter_own"]).key


@pytest.mark.parametrize(("path", "name"), [("/api/indicators/", "plan"), ("/api/values/", "indicator")])
def test_an_id_filter_of_zero_says_an_id_starts_at_one(world, path, name):
    response = client_for(world.users["reporter_own"]).get(path, {name: "0"})
    assert response.status_code == 400
    assert response.json()["errors"][name] == [f"“{name}”必须是编号：不小于1的整数。"]


@pytest.mark.parametrize(
    ("state", "step"),
    [(ReviewState.RETURNED, "approve"), (ReviewState.APPROVED, "approve"), (ReviewState.DRAFT, "return")],
)
def test_a_review_step_on_a_record_in_another_state_is_a_409_naming_it(world, state, step):
    value = IndicatorValueFactory(
        indicator=world.indicator, year=2022, value=40, state=state, reported_by=world.users["reporter_own"]
    )
    response = client_for(world.users["reviewer"]).post(
        f"/api/values/{value.pk}/{step}/", {"reason": "请核实"}, format="json"
    )
    assert response.status_code == 409
    label = {"returned": "已退回", "approved": "已审核", "draft": "草稿"}[state]
    assert response.json()["detail"].startswith(f"这条记录当前为“{label}”")
    assert response.json()["current"]["state"] == state
    value.refresh_from_db()
    assert value.state == state


def test_a_review_step_by_someone_who_may_not_review_stays_a_403(world):
    value = IndicatorValueFactory(indicator=world.indicator, year=2022, value=40, state=ReviewState.RETURNED)
    response = client_for(world.users["reviewer_other"]).post(f"/api/values/{value.pk}/approve/")
    assert response.status_code in (403, 404)  # not theirs: no hint about its state


def test_an_unknown_record_is_a_chinese_404(world):
    response = client_for(world.users["reporter_own"]).get("/api/values/999999/")
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到。"}


def test_the_docs_page_names_its_language():
    page = Client().get("/api/docs/").content.decode()
    assert '<html lang="zh-hans">' in page
