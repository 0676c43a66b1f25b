"""Figures for a year exist only once it is over: a year still running takes no value anywhere (the
填报 page, the API, the spreadsheet import, the admin), with the same Chinese message, and nothing is
written. Today is set to 1 June 2023 (`today`), so 2022 has ended and 2023 has not."""

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from indicators import services
from indicators.models import IndicatorValue, ReviewState
from spreadsheets.formats.rows import TemplateRow
from spreadsheets.services import import_check
from tests.factories import IndicatorValueFactory, SectionFactory, TaskFactory

pytestmark = pytest.mark.django_db

MESSAGE = "2023年尚未结束，该年度数据须待年度结束后填报（2024年1月1日起）。"


@pytest.fixture(autouse=True)
def june_2023(today):
    today(date(2023, 6, 1))


def test_the_entry_page_refuses_a_value_of_a_year_not_ended(client, world):
    client.force_login(world.users["reporter_own"])
    url = f"{reverse('entry:entry')}?year=2023"
    prefix = f"value{world.indicator.pk}"
    response = client.post(url, {"year": 2023, f"{prefix}-value": "35", f"{prefix}-version": 0, "save": "1"})
    assert MESSAGE in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_the_entry_page_says_so_before_anything_is_typed(client, world):
    client.force_login(world.users["reporter_own"])
    assert MESSAGE in client.get(reverse("entry:entry"), {"year": 2023}).content.decode()
    assert MESSAGE not in client.get(reverse("entry:entry"), {"year": 2022}).content.decode()


def test_the_entry_page_takes_a_value_of_a_year_that_has_ended(client, world):
    client.force_login(world.users["reporter_own"])
    prefix = f"value{world.indicator.pk}"
    client.post(
        f"{reverse('entry:entry')}?year=2022",
        {"year": 2022, f"{prefix}-value": "35", f"{prefix}-version": 0, "save": "1"},
    )
    assert IndicatorValue.objects.get().year == 2022


def test_the_api_refuses_a_value_of_a_year_not_ended(world):
    client = APIClient()
    client.force_authenticate(world.users["reporter_own"])
    response = client.post(
        "/api/values/", {"indicator": world.indicator.pk, "year": 2023, "value": "35"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]["year"] == [MESSAGE]
    assert not IndicatorValue.objects.exists()


def test_the_spreadsheet_import_refuses_a_row_of_a_year_not_ended(world):
    row = TemplateRow(4, world.indicator.pk, None, 2023, world.indicator.name, world.indicator.unit, value=35)
    check = import_check(user=world.users["reporter_own"], rows=[row])
    assert [(error.row_number, error.code) for error in check.errors] == [(4, "not_ended")]
    assert MESSAGE in check.errors[0].message


def test_the_admin_refuses_a_value_of_a_year_not_ended(client, staffed):
    client.force_login(staffed.users["reporter_own"])
    response = client.post(
        reverse("admin:indicators_indicatorvalue_add"),
        {
            "indicator": staffed.indicator.pk,
            "year": 2023,
            "value": "35",
            "status": "",
            "note": "",
            "evidence-TOTAL_FORMS": 0,
            "evidence-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_a_draft_of_a_year_not_ended_cannot_be_submitted(world):
    draft = IndicatorValueFactory(
        indicator=world.indicator, year=2023, value=35, reported_by=world.users["reporter_own"]
    )
    with pytest.raises(services.ValidationError, match="2023年尚未结束"):
        services.record_submit(user=world.users["reporter_own"], record=draft)
    draft.refresh_from_db()
    assert draft.state == ReviewState.DRAFT


def test_task_progress_of_a_year_not_ended_is_refused(world):  # the same rule for every kind of record
    task = TaskFactory(section=SectionFactory(chapter__plan=world.plan))
    task.responsibilities.create(unit=world.own_unit, role="lead", order=1)
    with pytest.raises(services.ValidationError, match="2023年尚未结束"):
        services.progress_save(user=world.users["reporter_own"], subject=task, year=2023, status="done")
