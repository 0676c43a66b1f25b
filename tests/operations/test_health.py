from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}


def test_healthz_answers_503_when_the_database_does_not(client):
    with mock.patch.object(
        connection, "cursor", side_effect=OperationalError("server closed the connection")
    ):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_healthz_needs_no_login(client):
    assert client.get("/healthz").status_code == 200


def test_healthz_costs_one_query(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        client.get("/healthz")
