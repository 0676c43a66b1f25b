"""Numbers where the plan means numbers: an indicator whose printed target is a text (完成市级下达任务)
but whose baseline is a figure, or which has a figure assigned from above, is reported as a figure —
on the 填报 page, in the admin, through the API and the spreadsheet import — and judged against the
assigned figure (`Indicator.entered_as_figure`, the one rule)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from indicators.attainment import Status
from indicators.models import AssignedTarget, Indicator, IndicatorValue
from indicators.selectors import indicator_attainment
from spreadsheets.formats.rows import TemplateRow
from spreadsheets.services import import_apply
from tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

ENTRY = reverse("entry:entry")


def forest(world):
    """森林覆盖率: 1.8 % in 2020, printed target 完成市级下达任务 (the issue's example)."""
    indicator = IndicatorFactory(
        plan=world.plan,
        box=world.indicator.box,
        seq=world.indicator.seq + 1,
        name="森林覆盖率",
        unit="%",
        baseline_text="1.8",
        baseline_value=Decimal("1.8"),
        target_text="完成市级下达任务",
        target_value=None,
        direction="qualitative",
        key="",
    )
    indicator.units.add(world.own_unit)
    return indicator


def text_only(world, seq=None):
    """A text target over no baseline figure (有效保障): reported by a status."""
    indicator = IndicatorFactory(
        plan=world.plan, box=world.indicator.box, seq=seq or world.indicator.seq + 2, qualitative=True
    )
    indicator.units.add(world.own_unit)
    return indicator


def assign(indicator, year, value):
    return AssignedTarget.objects.create(
        indicator=indicator, year=year, value=Decimal(value), unit="%", decided_on=datetime.date(year, 3, 1)
    )


# --- the rule ----------------------------------------------------------------------------------------


def test_a_text_target_over_a_baseline_figure_is_entered_as_a_figure(world):
    assert forest(world).entered_as_figure


def test_a_text_target_without_a_figure_is_entered_as_a_status(world):
    assert not text_only(world).entered_as_figure


def test_an_assigned_figure_makes_a_text_target_a_figure(world):
    indicator = text_only(world)
    assign(indicator, 2023, "5")
    assert Indicator.objects.get(pk=indicator.pk).entered_as_figure


def test_a_numeric_indicator_is_entered_as_a_figure(world):
    assert world.indicator.entered_as_figure


def test_the_entry_rows_read_the_rule_without_a_query_each(world, django_assert_num_queries):
    indicator = text_only(world)
    assign(indicator, 2023, "5")
    rows = list(Indicator.objects.filter(pk__in=[indicator.pk, text_only(world, seq=50).pk]).for_entry())
    with django_assert_num_queries(0):
        assert sorted(i.entered_as_figure for i in rows) == [False, True]


# --- the 填报 page -----------------------------------------------------------------------------------


@pytest.fixture
def staff(client, world):
    client.force_login(world.users["reporter_own"])
    return client


def test_the_entry_page_asks_a_figure_and_the_year_is_judged_against_the_assigned_one(staff, world):
    indicator = forest(world)
    assign(indicator, 2023, "1.9")
    html = staff.get(ENTRY, {"year": 2023}).content.decode()
    assert f'name="value{indicator.pk}-value"' in html
    assert f'name="value{indicator.pk}-status"' not in html
    response = staff.post(
        f"{ENTRY}?year=2023",
        {
            "year": 2023,
            "save": "1",
            f"value{indicator.pk}-value": "1.95",
            f"value{indicator.pk}-note": "",
            f"value{indicator.pk}-version": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    record = IndicatorValue.objects.get(indicator=indicator, year=2023)
    assert (record.value, record.status) == (Decimal("1.95"), "")
    record.state = "approved"
    record.save()
    assert indicator_attainment(indicators=[indicator], year=2023)[indicator.pk].status == Status.MET


def test_the_entry_page_keeps_a_status_for_a_text_target_without_figures(staff, world):
    indicator = text_only(world)
    html = staff.get(ENTRY, {"year": 2023}).content.decode()
    assert f'name="value{indicator.pk}-status"' in html
    assert f'name="value{indicator.pk}-value"' not in html


# --- the API -----------------------------------------------------------------------------------------


def api(world):
    client = APIClient()
    client.force_authenticate(world.users["reporter_own"])
    return client


def test_the_api_says_how_each_indicator_is_entered(world):
    figure, status = forest(world), text_only(world)
    items = api(world).get("/api/indicators/", {"plan": world.plan.pk}).json()["results"]
    entered = {item["id"]: item["entered_as_figure"] for item in items}
    assert (entered[figure.pk], entered[status.pk]) == (True, False)


def test_the_api_takes_a_figure_for_a_text_target_over_a_baseline_figure(world):
    indicator = forest(world)
    response = api(world).post(
        "/api/values/", {"indicator": indicator.pk, "year": 2023, "value": "1.9"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert IndicatorValue.objects.get(indicator=indicator).value == Decimal("1.9")


def test_the_api_schema_documents_the_rule(world):
    client = APIClient()
    client.force_authenticate(world.users["admin"])
    schema = client.get("/api/schema/", {"format": "json"}).json()
    field = schema["components"]["schemas"]["Indicator"]["properties"]["entered_as_figure"]
    assert field["type"] == "boolean" and "完成市级下达任务" in field["description"]


# --- the spreadsheet import --------------------------------------------------------------------------


def test_the_spreadsheet_import_takes_a_figure_for_it(world):
    indicator = forest(world)
    row = TemplateRow(4, indicator.pk, None, 2023, indicator.name, indicator.unit, value="1.9", note="")
    import_apply(user=world.users["reporter_own"], rows=[row])
    assert IndicatorValue.objects.get(indicator=indicator).value == Decimal("1.9")


# --- the admin ---------------------------------------------------------------------------------------


def test_the_admin_takes_a_figure_for_it_too(client, world):
    indicator = forest(world)
    client.force_login(world.users["reporter_own"])
    client.post(
        reverse("admin:indicators_indicatorvalue_add"),
        {
            "indicator": indicator.pk,
            "year": 2023,
            "value": "1.9",
            "status": "",
            "note": "",
            "evidence-TOTAL_FORMS": 0,
            "evidence-INITIAL_FORMS": 0,
        },
    )
    assert IndicatorValue.objects.get(indicator=indicator).value == Decimal("1.9")
