"""A closed reporting round locks its year for every writer (page, admin, API, spreadsheet import),
except for records a reviewer sent back; years without a round stay open."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from indicators import services
from indicators.models import IndicatorValue, ReviewState
from spreadsheets.formats.rows import TemplateRow
from spreadsheets.services import ImportRefused, import_apply, import_check
from tests.factories import IndicatorValueFactory, JurisdictionFactory, ReportingRoundFactory

pytestmark = pytest.mark.django_db

CLOSED_2022 = "2022年填报已截止"


@pytest.fixture
def closed(world):
    return ReportingRoundFactory(year=2022, closed=True)


def fresh(user):
    """The user as a new request loads it: the rounds are read once per request and kept on the user."""
    return type(user).objects.get(pk=user.pk)


def reporter(world):
    return fresh(world.users["reporter_own"])


def test_a_year_without_a_round_takes_figures(world):
    ReportingRoundFactory(year=2023, closed=True)
    saved = services.value_save(user=reporter(world), indicator=world.indicator, year=2022, value="38")
    assert saved.state == ReviewState.DRAFT


def test_an_open_round_takes_figures(world):
    ReportingRoundFactory(year=2022)
    assert services.value_save(user=reporter(world), indicator=world.indicator, year=2022, value="38").pk


def test_a_closed_round_of_another_jurisdiction_leaves_ours_open(world):
    ReportingRoundFactory(year=2022, closed=True, jurisdictions=[world.sibling])
    assert services.value_save(user=reporter(world), indicator=world.indicator, year=2022, value="38").pk


def test_an_open_round_beside_a_closed_one_keeps_the_year_open(world):
    ReportingRoundFactory(year=2022, closed=True)
    ReportingRoundFactory(year=2022, jurisdictions=[world.district])
    assert services.value_save(user=reporter(world), indicator=world.indicator, year=2022, value="38").pk


def test_the_service_refuses_a_closed_year_with_the_code_closed(world, closed):
    with pytest.raises(services.RecordsRefused) as refused:
        services.records_save_many(
            user=reporter(world), rows=[services.ValueRow(world.indicator, 2022, "38")]
        )
    [change] = refused.value.changes
    assert change.error == "closed"
    assert change.detail.messages == [CLOSED_2022]
    assert not IndicatorValue.objects.exists()


def test_a_draft_in_a_closed_year_cannot_be_changed(world, closed):
    IndicatorValueFactory(
        indicator=world.indicator, year=2022, value=40, reported_by=world.users["reporter_own"]
    )
    with pytest.raises(services.ValidationError) as refused:
        services.value_save(user=reporter(world), indicator=world.indicator, year=2022, value="38")
    assert refused.value.code == "closed"
    assert IndicatorValue.objects.get().value == 40


def test_the_entry_page_refuses_a_closed_year(client, world, closed):
    client.force_login(world.users["reporter_own"])
    prefix = f"value{world.indicator.pk}"
    response = client.post(
        f"{reverse('entry:entry')}?year=2022",
        {"year": 2022, f"{prefix}-value": "38", f"{prefix}-note": "", f"{prefix}-version": 0, "save": "1"},
    )
    assert response.status_code == 200
    assert CLOSED_2022 in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_the_entry_page_marks_a_closed_year(client, world, closed):
    client.force_login(world.users["reporter_own"])
    html = client.get(reverse("entry:entry"), {"year": 2022}).content.decode()
    assert f'<span class="badge closed">{CLOSED_2022}</span>' in html


def test_the_admin_form_refuses_a_closed_year(client, world, closed):
    client.force_login(world.users["reporter_own"])
    response = client.post(
        reverse("admin:indicators_indicatorvalue_add"),
        {
            "indicator": world.indicator.pk,
            "year": 2022,
            "value": "35",
            "status": "",
            "note": "",
            "evidence-TOTAL_FORMS": 0,
            "evidence-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert CLOSED_2022 in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_the_api_refuses_a_closed_year(world, closed):
    api = APIClient()
    api.force_authenticate(world.users["reporter_own"])
    response = api.post(
        "/api/values/", {"indicator": world.indicator.pk, "year": 2022, "value": "36.5"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]["non_field_errors"] == [CLOSED_2022]
    assert not IndicatorValue.objects.exists()


def test_the_api_refuses_to_submit_a_draft_of_a_closed_year(world):
    draft = IndicatorValueFactory(
        indicator=world.indicator, year=2022, reported_by=world.users["reporter_own"]
    )
    ReportingRoundFactory(year=2022, closed=True)
    api = APIClient()
    api.force_authenticate(world.users["reporter_own"])
    response = api.post(f"/api/values/{draft.pk}/submit/", {}, format="json")
    assert response.status_code == 400
    assert CLOSED_2022 in str(response.json())
    draft.refresh_from_db()
    assert draft.state == ReviewState.DRAFT


def test_the_spreadsheet_import_refuses_a_closed_year(world, closed):
    row = TemplateRow(4, world.indicator.pk, None, 2022, world.indicator.name, world.indicator.unit, value=38)
    assert [e.code for e in import_check(user=reporter(world), rows=[row]).errors] == ["closed"]
    with pytest.raises(ImportRefused) as refused:
        import_apply(user=reporter(world), rows=[row])
    assert [(e.code, e.message) for e in refused.value.check.errors][0][0] == "closed"
    assert CLOSED_2022 in refused.value.check.errors[0].message
    assert not IndicatorValue.objects.exists()


def test_a_reopened_record_is_corrected_and_submitted_in_a_closed_year(world, closed):
    approved = IndicatorValueFactory(
        indicator=world.indicator,
        year=2022,
        value=40,
        state=ReviewState.APPROVED,
        reported_by=world.users["reporter_own"],
    )
    services.record_reopen(user=fresh(world.users["reviewer"]), record=approved, reason="监测站数据更正")
    saved = services.value_save(user=reporter(world), indicator=world.indicator, year=2022, value="39")
    submitted = services.record_submit(user=reporter(world), record=saved)
    assert (submitted.value, submitted.state) == (39, ReviewState.SUBMITTED)


def test_reviewers_still_decide_in_a_closed_year(world, closed):
    submitted = IndicatorValueFactory(
        indicator=world.indicator,
        year=2022,
        state=ReviewState.SUBMITTED,
        reported_by=world.users["reporter_own"],
    )
    approved = services.record_approve(user=fresh(world.users["reviewer"]), record=submitted)
    assert approved.state == ReviewState.APPROVED


def test_a_round_named_for_a_city_does_not_reach_its_districts(world):
    """A round covers the plans of the jurisdictions it names, not those below them: name each one."""
    ReportingRoundFactory(year=2022, closed=True, jurisdictions=[world.city])
    assert services.value_save(user=reporter(world), indicator=world.indicator, year=2022, value="38").pk
    ReportingRoundFactory(
        year=2023, closed=True, jurisdictions=[JurisdictionFactory(name="吉林市"), world.district]
    )
    with pytest.raises(services.ValidationError):
        services.value_save(user=reporter(world), indicator=world.indicator, year=2023, value="38")
