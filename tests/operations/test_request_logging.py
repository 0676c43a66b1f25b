import json
import logging

import pytest
from django.urls import reverse

from operations.logging import JsonLinesFormatter

pytestmark = pytest.mark.django_db


def records(caplog, name):
    return [record for record in caplog.records if record.name == name]


def test_every_request_is_logged_with_method_path_status_duration_and_user(client, world, caplog):
    user = world.users["reporter_own"]
    client.force_login(user)
    with caplog.at_level(logging.INFO, logger="operations.requests"):
        client.get(reverse("api-indicator-list"))
    [record] = records(caplog, "operations.requests")
    assert (record.method, record.path, record.status, record.user_id) == (
        "GET",
        "/api/indicators/",
        200,
        user.pk,
    )
    assert record.duration_ms >= 0


def test_anonymous_requests_are_logged_without_a_user(client, caplog):
    with caplog.at_level(logging.INFO, logger="operations.requests"):
        client.get("/healthz")
    [record] = records(caplog, "operations.requests")
    assert record.user_id is None


def test_permission_denied_raised_in_a_view_is_logged_with_its_reason(client, world, caplog, settings):
    settings.ROOT_URLCONF = "tests.operations.urls_denial"
    client.force_login(world.users["reporter_other"])
    with caplog.at_level(logging.INFO, logger="operations.security"):
        response = client.get("/refuse/")
    assert response.status_code == 403
    [record] = records(caplog, "operations.security")
    assert (record.path, record.status, record.user_id) == ("/refuse/", 403, world.users["reporter_other"].pk)
    assert record.reason == "不能查看其他单位的材料"


def test_permission_denied_by_the_api_is_logged(client, world, caplog):
    """A unit's reporter writing another unit's indicator is refused by the service through the API."""
    client.force_login(world.users["reporter_other"])
    with caplog.at_level(logging.INFO, logger="operations.security"):
        response = client.post(
            reverse("api-value-list"),
            {"indicator": world.indicator.pk, "year": 2022, "value": "35"},
            content_type="application/json",
        )
    assert response.status_code == 403
    [record] = records(caplog, "operations.security")
    assert record.method == "POST" and record.path == "/api/values/"
    assert record.reason == response.json()["detail"]


def test_allowed_requests_are_not_logged_as_denials(client, world, caplog):
    client.force_login(world.users["reporter_own"])
    with caplog.at_level(logging.INFO):
        client.get(reverse("api-value-list"))
    assert records(caplog, "operations.security") == []


def test_log_lines_are_json_objects_with_the_extra_fields():
    record = logging.LogRecord("operations.requests", logging.INFO, __file__, 1, "request", (), None)
    record.method, record.status, record.user_id = "GET", 200, 7
    line = json.loads(JsonLinesFormatter().format(record))
    assert line["message"] == "request"
    assert (line["method"], line["status"], line["user_id"]) == ("GET", 200, 7)
    assert line["level"] == "INFO"
