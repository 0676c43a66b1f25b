"""Creating a record through the API never overwrites one that is there: POST is a create, and an
existing record is a 409 that shows it, unless the POST names the version it edits."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from indicators.models import IndicatorValue
from tests.factories import IndicatorValueFactory

pytestmark = pytest.mark.django_db


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def post_value(client, indicator, **fields):
    return client.post(
        "/api/values/", {"indicator": indicator.pk, "year": 2022, "value": "38", **fields}, format="json"
    )


def test_creating_an_existing_record_is_409_with_the_current_record(world):
    value = IndicatorValueFactory(indicator=world.indicator, year=2022, value=40, version=3)
    response = post_value(client_for(world.users["reporter_own"]), world.indicator)
    assert response.status_code == 409
    body = response.json()
    assert body["detail"] and body["current"]["id"] == value.pk
    assert (body["current"]["version"], body["current"]["value"]) == (3, 40)
    value.refresh_from_db()
    assert (value.value, value.version) == (40, 3)


def test_creating_an_existing_locked_record_is_409_too(world):
    IndicatorValueFactory(indicator=world.indicator, year=2022, value=40, state="approved")
    response = post_value(client_for(world.users["reporter_own"]), world.indicator)
    assert response.status_code == 409 and response.json()["current"]["state"] == "approved"


def test_a_post_with_the_current_version_edits_the_record_and_answers_200(world):
    value = IndicatorValueFactory(indicator=world.indicator, year=2022, value=40, version=3)
    response = post_value(client_for(world.users["reporter_own"]), world.indicator, version=3)
    assert response.status_code == 200, response.json()
    assert (response.json()["id"], response.json()["value"], response.json()["version"]) == (value.pk, 38, 4)


def test_a_post_with_a_stale_version_is_409_and_changes_nothing(world):
    value = IndicatorValueFactory(indicator=world.indicator, year=2022, value=40, version=3)
    response = post_value(client_for(world.users["reporter_own"]), world.indicator, version=2)
    assert response.status_code == 409 and response.json()["current"]["version"] == 3
    value.refresh_from_db()
    assert value.value == 40


def test_a_post_with_a_version_for_a_record_that_is_not_there_is_409(world):
    response = post_value(client_for(world.users["reporter_own"]), world.indicator, version=2)
    assert response.status_code == 409 and response.json()["current"] is None
    assert not IndicatorValue.objects.exists()


def test_a_post_with_version_zero_creates(world):
    response = post_value(client_for(world.users["reporter_own"]), world.indicator, version=0)
    assert response.status_code == 201 and response.json()["version"] == 1


def test_a_record_created_between_the_check_and_the_write_is_a_409(world, monkeypatch):
    """The unique constraint is the last word: the insert that breaks it is a 409, not a 500."""
    value = IndicatorValueFactory(indicator=world.indicator, year=2022, value=40)
    monkeypatch.setattr("indicators.services.records_existing", lambda rows, lock=False: {})  # not seen yet
    response = post_value(client_for(world.users["reporter_own"]), world.indicator, version=0)
    assert response.status_code == 409 and response.json()["current"]["id"] == value.pk
    assert IndicatorValue.objects.get().value == 40


def test_an_existing_record_of_someone_elses_unit_is_403_not_shown(world):
    IndicatorValueFactory(indicator=world.indicator, year=2022, value=40)
    response = post_value(client_for(world.users["reporter_other"]), world.indicator)
    assert response.status_code == 403 and "current" not in response.json()


def test_a_patch_with_a_stale_version_shows_the_current_record(world):
    value = IndicatorValueFactory(indicator=world.indicator, year=2022, value=40, version=3)
    response = client_for(world.users["reporter_own"]).patch(
        f"/api/values/{value.pk}/", {"value": "38", "version": 2}, format="json"
    )
    assert response.status_code == 409 and response.json()["current"]["version"] == 3


@pytest.fixture
def database_for_threads(world, tmp_path):
    """The test database as threads share it in production. SQLite's shared in-memory test database
    refuses a second writer at once ("table is locked") where a file database makes it wait its turn
    (IMMEDIATE transactions, busy timeout: see config/settings/base.py); so on SQLite the threads get
    a file copy of the committed test data. PostgreSQL needs nothing."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    path = tmp_path / "db.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(path)])
    name = connection.settings_dict["NAME"]
    connection.settings_dict["NAME"] = str(path)  # the settings every new thread connects with
    try:
        yield
    finally:
        connection.settings_dict["NAME"] = name


def in_threads(*functions):
    """Run the functions at once, each in its own thread with its own connection; their results."""
    start = threading.Barrier(len(functions))
    results = [None] * len(functions)

    def run(n):
        try:
            start.wait()
            results[n] = functions[n]()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(functions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_creates_give_one_201_and_one_409(world, database_for_threads):
    def create():
        return post_value(client_for(world.users["reporter_own"]), world.indicator)

    responses = in_threads(create, create)
    created, refused = sorted(responses, key=lambda response: response.status_code)
    assert (created.status_code, refused.status_code) == (201, 409), refused.json()
    assert refused.json()["current"] == created.json()
    [stored] = in_threads(lambda: list(IndicatorValue.objects.values_list("value", "version")))
    assert stored == [(38, 1)]
