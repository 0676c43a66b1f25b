"""One length limit for a record's note, whoever writes it: the API, the 填报 page, the admin and the
spreadsheet import all meet `services.record_changes_check`'s "note_too_long"."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from entry.forms import ValueRowForm
from indicators import services
from indicators.models import NOTE_MAX_LENGTH, IndicatorValue
from spreadsheets.formats.rows import TemplateRow
from spreadsheets.services import import_check
from tests.factories import IndicatorValueFactory

pytestmark = pytest.mark.django_db

TOO_LONG = "注" * (NOTE_MAX_LENGTH + 1)


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_limit_is_2000_characters():
    assert NOTE_MAX_LENGTH == 2000


def test_the_services_refuse_a_note_past_the_limit(world):
    row = services.ValueRow(world.indicator, 2022, value="38", note=TOO_LONG)
    with pytest.raises(services.RecordsRefused) as refused:
        services.records_save_many(user=world.users["reporter_own"], rows=[row])
    assert refused.value.changes[0].error == "note_too_long"
    with pytest.raises(ValidationError) as error:
        services.value_save(
            user=world.users["reporter_own"], indicator=world.indicator, year=2022, value="38", note=TOO_LONG
        )
    assert error.value.code == "note_too_long" and "2000" in error.value.messages[0]
    assert not IndicatorValue.objects.exists()


def test_a_note_of_exactly_the_limit_is_kept(world):
    note = "注" * NOTE_MAX_LENGTH
    value = services.value_save(
        user=world.users["reporter_own"], indicator=world.indicator, year=2022, value="38", note=note
    )
    assert value.note == note


def test_the_api_refuses_a_one_megabyte_note_with_a_400(world):
    response = client_for(world.users["reporter_own"]).post(
        "/api/values/",
        {"indicator": world.indicator.pk, "year": 2022, "value": "38", "note": "a" * 1_000_000},
        format="json",
    )
    assert response.status_code == 400 and "note" in response.json()["errors"]
    assert not IndicatorValue.objects.exists()


def test_the_api_refuses_a_long_note_on_a_patch(world):
    value = IndicatorValueFactory(indicator=world.indicator, year=2022, value=40)
    response = client_for(world.users["reporter_own"]).patch(
        f"/api/values/{value.pk}/", {"note": TOO_LONG, "version": value.version}, format="json"
    )
    assert response.status_code == 400 and "note" in response.json()["errors"]
    value.refresh_from_db()
    assert value.note == ""


def test_the_page_form_tells_the_browser_the_limit_and_refuses_past_it(world):
    form = ValueRowForm({"value": "38", "note": TOO_LONG}, subject=world.indicator, year=2022)
    assert f'maxlength="{NOTE_MAX_LENGTH}"' in str(form["note"])
    assert not form.is_valid() and "note" in form.errors


def test_the_admin_form_refuses_a_long_note_on_the_note(client, staffed):
    draft = IndicatorValueFactory(indicator=staffed.indicator, year=2022, value=40)
    client.force_login(staffed.users["reporter_own"])
    url = reverse("admin:indicators_indicatorvalue_change", args=[draft.pk])
    page = client.get(url).content.decode()
    assert f'maxlength="{NOTE_MAX_LENGTH}"' in page
    response = client.post(
        url,
        {
            "value": "36.5",
            "status": "",
            "note": TOO_LONG,
            "expected_version": draft.version,
            "evidence-TOTAL_FORMS": 0,
            "evidence-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200 and "note" in response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert draft.note == ""


def test_the_spreadsheet_import_refuses_a_long_note_by_row(world):
    row = TemplateRow(
        4, world.indicator.pk, None, 2022, world.indicator.name, world.indicator.unit, value=38, note=TOO_LONG
    )
    check = import_check(user=world.users["reporter_own"], rows=[row])
    assert [(error.row_number, error.code) for error in check.errors] == [(4, "note_too_long")]
    assert "2000" in str(check.errors[0].message)
