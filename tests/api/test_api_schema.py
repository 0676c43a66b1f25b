"""The OpenAPI description (/api/schema/) tells the truth: real answers of every endpoint, successes and
errors, validate against it, and it declares no field an answer lacks nor leaves out one it has."""

import re

import pytest
from django.test import override_settings
from jsonschema import Draft4Validator
from rest_framework.test import APIClient

from tests.factories import IndicatorValueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.oai.openapi+json"
    )
    found = response.json()
    assert found["openapi"].startswith("3.")
    return found


def as_json_schema(node):
    """An OpenAPI 3.0 schema as JSON Schema draft 4 (whose boolean `exclusiveMaximum` OpenAPI 3.0
    keeps): `nullable` becomes null allowed. Every object is
    closed to properties it does not name (`additionalProperties: false`), so an answer carrying an
    undocumented field fails too."""
    if isinstance(node, list):
        return [as_json_schema(value) for value in node]
    if not isinstance(node, dict):
        return node
    node = {key: as_json_schema(value) for key, value in node.items()}
    if "properties" in node:
        node.setdefault("additionalProperties", False)
    if node.pop("nullable", False):
        if "type" in node:
            node["type"] = [node["type"], "null"]
        else:
            node = {"anyOf": [node, {"type": "null"}]}
    return node


def operation(schema, method, path):
    for template, item in schema["paths"].items():
        if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", template), path):
            assert method in item, f"{method.upper()} {path} is not described"
            return item[method]
    raise AssertionError(f"{path} is not described")


def check(schema, response):
    """Validate a real answer against what the schema says its method, path and status answer."""
    method = response.request["REQUEST_METHOD"].lower()
    path = response.request["PATH_INFO"]
    responses = operation(schema, method, path)["responses"]
    status = str(response.status_code)
    assert status in responses, (
        f"{method.upper()} {path} answered {status}; the schema lists {sorted(responses)}"
    )
    content = responses[status].get("content")
    if content is None:
        assert not response.content
        return response
    body_schema = content["application/json"]["schema"]
    validator = Draft4Validator({**body_schema, "components": as_json_schema(schema["components"])})
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(response.json())]
    assert not errors, f"{method.upper()} {path} {status}: {errors}"
    return response


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_token_answers_follow_the_schema(world, schema):
    client = APIClient()
    issued = check(
        schema, client.post("/api/auth/token/", {"username": "kc_sthj", "password": "demo-pass-2025"})
    )
    assert issued.status_code == 200 and issued.json()["expires"]
    refused = check(schema, client.post("/api/auth/token/", {"username": "kc_sthj", "password": "nope"}))
    assert refused.status_code == 400


def test_the_indicator_answers_follow_the_schema(world, schema):
    IndicatorValueFactory(indicator=world.indicator, year=2022, value=40, state="approved")
    client = client_for(world.users["reporter_own"])
    indicator = world.indicator.pk
    statuses = [
        check(schema, client.get("/api/indicators/")).status_code,
        check(schema, client.get("/api/indicators/", {"plan": world.plan.pk})).status_code,
        check(schema, client.get(f"/api/indicators/{indicator}/")).status_code,
        check(schema, client.get(f"/api/indicators/{indicator}/attainment/", {"year": 2022})).status_code,
        check(schema, client.get(f"/api/indicators/{indicator}/attainment/", {"year": 2030})).status_code,
        check(schema, client.get("/api/indicators/", {"plan": "abc"})).status_code,
        check(schema, client.get("/api/indicators/999999/")).status_code,
        check(schema, APIClient().get("/api/indicators/")).status_code,
    ]
    assert statuses == [200, 200, 200, 200, 400, 400, 404, 401]


def test_the_value_answers_follow_the_schema_through_a_whole_review(world, schema):
    reporter = client_for(world.users["reporter_own"])
    reviewer = client_for(world.users["reviewer"])
    new = {"indicator": world.indicator.pk, "year": 2022, "value": "40", "note": "监测站年均值"}
    created = check(schema, reporter.post("/api/values/", new, format="json")).json()
    url = f"/api/values/{created['id']}/"
    steps = [
        (reporter.post("/api/values/", new, format="json"), 409),  # exists already
        (reporter.post("/api/values/", {**new, "version": 1}, format="json"), 200),  # edit by version
        (reporter.post("/api/values/", {**new, "year": 2023, "version": 5}, format="json"), 409),  # none
        (reporter.patch(url, {"value": "39", "version": 2}, format="json"), 200),
        (reporter.patch(url, {"value": "38", "version": 2}, format="json"), 409),  # stale
        (reporter.patch(url, {"value": "38"}, format="json"), 400),  # no version
        (
            client_for(world.users["reporter_other"]).patch(url, {"value": "1", "version": 3}, format="json"),
            403,
        ),
        (reporter.get("/api/values/"), 200),
        (reporter.get("/api/values/", {"state": "nonsense"}), 400),
        (reporter.get(url), 200),
        (reporter.get("/api/values/999999/"), 404),
        (reporter.post(f"{url}submit/", {"version": 3}, format="json"), 200),
        (reviewer.post(f"{url}return/", {}, format="json"), 400),  # no reason
        (reviewer.post(f"{url}return/", {"reason": "请核实", "version": 4}, format="json"), 200),
        (reporter.post(f"{url}submit/", {}, format="json"), 200),
        (reviewer.post(f"{url}approve/", {"version": 2}, format="json"), 409),
        (reviewer.post(f"{url}approve/", {}, format="json"), 200),
        (reviewer.post(f"{url}reopen/", {"reason": "数据更正"}, format="json"), 200),
        (APIClient().get("/api/values/"), 401),
    ]
    for response, expected in steps:
        assert check(schema, response).status_code == expected, response.json()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_413_follows_the_schema(world, schema):
    response = client_for(world.users["reporter_own"]).post(
        "/api/values/", {"indicator": world.indicator.pk, "year": 2022, "note": "a" * 2000}, format="json"
    )
    assert check(schema, response).status_code == 413


def test_a_500_follows_the_schema(world, schema, monkeypatch):
    def crash(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("indicators.services.value_save", crash)
    client = client_for(world.users["reporter_own"])
    response = client.post(
        "/api/values/", {"indicator": world.indicator.pk, "year": 2022, "value": "1"}, format="json"
    )
    assert check(schema, response).status_code == 500


def test_signing_out_everywhere_follows_the_schema(world, schema):
    response = client_for(world.users["reporter_own"]).post("/api/auth/logout-everywhere/")
    assert check(schema, response).status_code == 204


def test_every_operation_states_its_errors_in_the_one_error_shape(schema):
    for path, item in schema["paths"].items():
        for method, described in item.items():
            responses = described["responses"]
            expected = {"400", "413", "500"} if path == "/api/auth/token/" else {"401", "500"}
            if "requestBody" in described and path != "/api/auth/token/":
                expected |= {"400", "403", "413"}
            assert expected <= set(responses), (method, path, sorted(responses))
            for status, response in responses.items():
                if status.startswith(("4", "5")):
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert ref in {"#/components/schemas/Error", "#/components/schemas/Conflict"}, (
                        path,
                        status,
                    )
    assert set(schema["components"]["schemas"]["Error"]["properties"]) == {"detail", "errors"}
