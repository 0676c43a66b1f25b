"""One scope (`accounts.scope`): every door answers the same for a row, so a district bureau named on a
city indicator reads it everywhere, and the city plan with just that row, while a bureau of another
district finds none of it anywhere."""

import io

import docx
import openpyxl
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.scope import Scope, scope_of
from indicators.models import Indicator
from plans.models import Box, Plan
from tests.factories import (
    BoxFactory,
    IndicatorFactory,
    KeyProjectFactory,
    PlanFactory,
    UnitFactory,
    UserFactory,
    add_values,
)

pytestmark = pytest.mark.django_db

HIDDEN_PROJECT = "市本级专属工程"
YEAR = 2022


@pytest.fixture
def city(world):
    """长春市's plan: an indicator 宽城区's bureau is named on (`named`), one it is not (`other`) and a
    key project of the city's own; a bureau of the sibling district 朝阳区 with a plan of its own."""
    w = world
    w.city_plan = PlanFactory(jurisdiction=w.city, title="长春市生态环境保护“十四五”规划")
    w.named = IndicatorFactory(plan=w.city_plan, share=True)
    w.named.units.add(w.own_unit)
    w.other = IndicatorFactory(plan=w.city_plan, box=w.named.box, hold=True, name="市本级专属指标")
    w.other.units.add(UnitFactory(jurisdiction=w.city, name="市生态环境局"))
    add_values(w.named, {2021: 86, YEAR: 88})
    add_values(w.other, {2021: 0, YEAR: 0})
    KeyProjectFactory(box=BoxFactory(plan=w.city_plan, kind=Box.Kind.PROJECTS), title=HIDDEN_PROJECT)
    sibling_unit = UnitFactory(jurisdiction=w.sibling, name="区生态环境分局")
    IndicatorFactory(plan=PlanFactory(jurisdiction=w.sibling)).units.add(sibling_unit)
    w.users["reporter_sibling"] = UserFactory(username="cy_sthj", units=[sibling_unit])
    return w


def _xlsx_text(content: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell
    )


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml"):
        return _xlsx_text(content)
    if response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml"):
        return _docx_text(content)
    return content.decode("utf-8-sig")


def doors(client, user, indicator: Indicator, plan: Plan, unit) -> dict[str, tuple[int, str]]:
    """(status, text) of every door a row can be reached by, as `user`."""
    client.force_login(user)
    api = APIClient()
    api.force_authenticate(user)
    year = {"year": YEAR}
    pages = {
        "plan page": reverse("dashboard:plan", args=[plan.pk]),
        "indicator page": reverse("dashboard:indicator", args=[indicator.pk]),
        "plan xlsx": reverse("spreadsheets:plan_report", args=[plan.pk, "xlsx"]),
        "plan csv": reverse("spreadsheets:plan_report", args=[plan.pk, "csv"]),
        "plan Word report": reverse("evaluation:plan", args=[plan.pk]),
        "unit page": reverse("dashboard:unit", args=[unit.pk]),
        "comparison": reverse("dashboard:compare", args=[indicator.key]),
    }
    found = {}
    for door, url in pages.items():
        response = client.get(url, year)
        found[door] = (response.status_code, _body(response) if response.status_code == 200 else "")
    for door, url in {
        "API detail": f"/api/indicators/{indicator.pk}/",
        "API attainment": f"/api/indicators/{indicator.pk}/attainment/",
    }.items():
        response = api.get(url, year)
        found[door] = (response.status_code, response.content.decode() if response.status_code == 200 else "")
    listed = api.get("/api/indicators/", {"page_size": 100}).json()["results"]
    found["API list"] = (200 if any(item["id"] == indicator.pk for item in listed) else 404, "")
    overview = client.get(reverse("dashboard:overview"), year).context["data"]
    counted = {label.pk: tally.total for label, tally in overview.by_plan}
    found["overview"] = (200 if counted.get(plan.pk) else 404, "")
    return found


def test_a_bureau_named_on_a_city_indicator_reads_it_at_every_door(client, city):
    found = doors(client, city.users["reporter_own"], city.named, city.city_plan, city.own_unit)
    assert {door: status for door, (status, _text) in found.items()} == dict.fromkeys(found, 200)
    for door in ("plan page", "indicator page", "plan xlsx", "plan csv", "plan Word report", "unit page"):
        assert city.named.name in found[door][1], door
    assert "长春市" in found["comparison"][1]


def test_the_city_plan_opens_on_the_bureaus_rows_only(client, city):
    found = doors(client, city.users["reporter_own"], city.named, city.city_plan, city.own_unit)
    for door in ("plan page", "plan xlsx", "plan csv", "plan Word report"):
        assert found[door][0] == 200 and city.named.name in found[door][1], door
        assert city.other.name not in found[door][1], door
        assert HIDDEN_PROJECT not in found[door][1], door


def test_the_overview_counts_the_bureaus_indicators_in_both_plans(client, city):
    client.force_login(city.users["reporter_own"])
    overview = client.get(reverse("dashboard:overview"), {"year": YEAR}).context["data"]
    assert overview.total.total == 2  # 宽城区's PM2.5 and the city's indicator, not the city's other one
    assert {label.pk: tally.total for label, tally in overview.by_plan} == {
        city.plan.pk: 1,
        city.city_plan.pk: 1,
    }


def test_the_city_indicator_the_bureau_is_not_named_on_is_not_found_at_any_door(client, city):
    found = doors(client, city.users["reporter_own"], city.other, city.city_plan, city.own_unit)
    assert found["indicator page"][0] == found["API detail"][0] == found["API attainment"][0] == 404
    assert found["API list"][0] == found["comparison"][0] == 404
    assert city.other.name not in found["unit page"][1]


def test_a_bureau_of_another_district_finds_nothing_of_it_at_any_door(client, city):
    found = doors(client, city.users["reporter_sibling"], city.named, city.city_plan, city.own_unit)
    assert {door: status for door, (status, _text) in found.items()} == dict.fromkeys(found, 404)


def test_the_plan_xlsx_of_an_unreadable_plan_is_not_found_rather_than_forbidden(client, city):
    client.force_login(city.users["reporter_sibling"])
    response = client.get(reverse("spreadsheets:plan_report", args=[city.plan.pk, "xlsx"]))
    assert response.status_code == 404


def test_scope_rule_is_the_same_for_rows_in_memory_and_as_a_filter(city):
    reporter = city.users["reporter_own"]
    scope = scope_of(reporter)
    in_memory = {
        i.pk
        for i in Indicator.objects.prefetch_related("units").select_related("plan")
        if scope.sees(jurisdiction_id=i.plan.jurisdiction_id, unit_ids=[u.pk for u in i.units.all()])
    }
    assert in_memory == set(Indicator.objects.visible_to(reporter).values_list("pk", flat=True))
    assert in_memory == {city.indicator.pk, city.named.pk}


def test_an_indicator_with_two_of_the_users_units_is_listed_once(city):
    city.named.units.add(city.other_unit)
    reporter = UserFactory(units=[city.own_unit, city.other_unit])
    assert list(
        Indicator.objects.visible_to(reporter).filter(pk=city.named.pk).values_list("pk", flat=True)
    ) == [city.named.pk]


def test_the_scope_is_read_once_per_request(city, django_assert_num_queries):
    reporter = city.users["reporter_own"]
    scope_of(reporter)
    with django_assert_num_queries(0):
        assert isinstance(scope_of(reporter), Scope)


def test_administrators_see_everything_and_anonymous_users_nothing(city):
    from django.contrib.auth.models import AnonymousUser

    assert scope_of(city.users["admin"]).everything
    nobody = scope_of(AnonymousUser())
    assert not nobody.sees(jurisdiction_id=city.city.pk, unit_ids=[city.own_unit.pk])
    assert not Plan.objects.visible_to(AnonymousUser()).exists()


def test_the_city_chosen_on_the_overview_and_its_word_report_hold_the_bureaus_rows_only(client, city):
    client.force_login(city.users["reporter_own"])
    chosen = {"year": YEAR, "jurisdiction": city.city.pk}
    overview = client.get(reverse("dashboard:overview"), chosen).context["data"]
    assert overview.total.total == 2  # the city's row of the bureau and 宽城区's, below the city
    report = client.get(reverse("evaluation:jurisdiction"), chosen)
    assert report.status_code == 200
    text = _body(report)
    assert city.named.name in text and city.other.name not in text and HIDDEN_PROJECT not in text


def test_the_city_cannot_be_chosen_by_a_bureau_of_another_district(client, city):
    client.force_login(city.users["reporter_sibling"])
    chosen = {"year": YEAR, "jurisdiction": city.city.pk}
    assert client.get(reverse("evaluation:jurisdiction"), chosen).status_code == 404
    overview = client.get(reverse("dashboard:overview"), chosen).context["data"]
    assert city.city_plan.pk not in {label.pk for label, _tally in overview.by_plan}
