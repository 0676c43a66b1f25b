"""A client written from the OpenAPI description alone: it knows operations by their `operationId`,
sends only bodies its request schema accepts (closed to undeclared fields), takes the status choices
from the schema's enum, authenticates as `securitySchemes` says, and checks every answer against the
documented response. With it a reporter enters a figure and a status, submits them, and a reviewer
approves them."""

import json
import re

import pytest
from jsonschema import Draft4Validator
from rest_framework.test import APIClient

from tests.factories import IndicatorFactory

from .test_api_schema import as_json_schema

pytestmark = pytest.mark.django_db


class SchemaClient:
    def __init__(self, schema):
        self.schema = schema
        self.components = as_json_schema(schema["components"])
        self.http = APIClient()
        self.operations = {
            operation["operationId"]: (method, path, operation)
            for path, item in schema["paths"].items()
            for method, operation in item.items()
        }

    def validate(self, body_schema, data, what):
        validator = Draft4Validator({**as_json_schema(body_schema), "components": self.components})
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
        assert not errors, f"{what}: {errors}"

    def call(self, operation_id, body=None, **path_params):
        method, path, operation = self.operations[operation_id]
        url = re.sub(r"\{(\w+)\}", lambda m: str(path_params[m.group(1)]), path)
        if body is not None:
            self.validate(operation["requestBody"]["content"]["application/json"]["schema"], body, "request")
        response = getattr(self.http, method)(
            url, data=json.dumps(body or {}) if method != "get" else None, content_type="application/json"
        )
        documented = operation["responses"].get(str(response.status_code))
        assert documented, f"{operation_id} answered an undocumented {response.status_code}"
        self.validate(documented["content"]["application/json"]["schema"], response.json(), "response")
        assert response.status_code < 400, response.json()
        return response.json()

    def log_in(self, username, password):
        token = self.call("auth_token", {"username": username, "password": password})["token"]
        [scheme] = [s for s in self.schema["components"]["securitySchemes"].values() if s["in"] == "header"]
        prefix = re.search(r'prefix "(\w+)"', scheme["description"]).group(1)
        self.http.credentials(**{f"HTTP_{scheme['name'].upper()}": f"{prefix} {token}"})

    def enum(self, component):
        return self.schema["components"]["schemas"][component]["enum"]


@pytest.fixture
def schema():
    return APIClient().get("/api/schema/", {"format": "json"}).json()


def test_a_client_from_the_schema_alone_enters_submits_and_approves_a_figure_and_a_status(world, schema):
    status_indicator = IndicatorFactory(plan=world.plan, box=world.indicator.box, qualitative=True)
    status_indicator.units.add(world.own_unit)
    reporter = SchemaClient(schema)
    reporter.log_in("kc_sthj", "demo-pass-2025")
    listed = {row["name"]: row["id"] for row in reporter.call("indicators_list")["results"]}
    figure = reporter.call(
        "values_create", {"indicator": listed[world.indicator.name], "year": 2024, "value": "36.5"}
    )
    assert "in_progress" in reporter.enum("TextEnum")
    status = reporter.call(
        "values_create", {"indicator": listed[status_indicator.name], "year": 2024, "text": "in_progress"}
    )
    submitted = [
        reporter.call("values_submit_create", {"version": record["version"]}, id=record["id"])
        for record in (figure, status)
    ]
    assert [record["state"] for record in submitted] == ["submitted", "submitted"]

    reviewer = SchemaClient(schema)
    reviewer.log_in("kc_review", "demo-pass-2025")
    approved = [
        reviewer.call("values_approve_create", {"version": record["version"]}, id=record["id"])
        for record in submitted
    ]
    assert [(record["state"], record["value"], record["text"]) for record in approved] == [
        ("approved", 36.5, ""),
        ("approved", None, "in_progress"),
    ]
    assert all(state in reviewer.enum("StateEnum") for state in ("submitted", "approved"))
