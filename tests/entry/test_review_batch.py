"""The review page's filters, last year's figure beside each item, and decisions on many records at once."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import IndicatorValue, ReviewState
from plans.models import TaskResponsibility
from tests.factories import (
    IndicatorFactory,
    IndicatorValueFactory,
    PlanFactory,
    ReportingRoundFactory,
    SectionFactory,
    TaskFactory,
    TaskProgressFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("entry:review")
BATCH = reverse("entry:review-batch")


@pytest.fixture
def reviewer(client, world):
    client.force_login(world.users["reviewer"])
    return client


def submitted(world, indicator=None, year=2022, value=38, **kwargs):
    return IndicatorValueFactory(
        indicator=indicator or world.indicator,
        year=year,
        value=value,
        state=ReviewState.SUBMITTED,
        reported_by=world.users["reporter_own"],
        **kwargs,
    )


def many_values(world, count):
    values = []
    for seq in range(count):
        indicator = IndicatorFactory(plan=world.plan, seq=200 + seq, name=f"指标{seq}", unit="µg/m3")
        indicator.units.add(world.own_unit)
        IndicatorValueFactory(indicator=indicator, year=2021, value=30, state=ReviewState.APPROVED)
        values.append(submitted(world, indicator, value=31))
    return values


def items(*records):
    return [f"{record.kind.key}:{record.pk}:{record.version}" for record in records]


def shown_ids(response, kind="value"):
    html = response.content.decode()
    return {int(pk) for pk in __import__("re").findall(rf'id="review-{kind}-(\d+)"', html)}


def test_last_years_value_and_the_change_are_beside_the_item(reviewer, world):
    IndicatorValueFactory(indicator=world.indicator, year=2021, value=40, state=ReviewState.APPROVED)
    submitted(world, value=36)
    html = reviewer.get(URL).content.decode()
    assert ">40<" in html and "-4（-10%）" in html


def test_reporter_is_named_with_the_unit_and_the_item_links_to_its_history(reviewer, world):
    world.users["reporter_own"].last_name, world.users["reporter_own"].first_name = "王", "芳"
    world.users["reporter_own"].save()
    record = submitted(world)
    html = reviewer.get(URL).content.decode()
    assert "王芳（kc_sthj）" in html and "区生态环境分局" in html
    assert reverse("dashboard:indicator", args=[record.indicator_id]) in html


def test_a_plausibility_warning_and_its_note_are_shown_to_the_reviewer(reviewer, world):
    submitted(world, warning="比上年变化+60%", note="新增监测站点")
    html = reviewer.get(URL).content.decode()
    assert "比上年变化+60%" in html and "新增监测站点" in html


def test_filters_by_year_plan_unit_state_and_warning(reviewer, world):
    in_2022 = submitted(world)
    in_2023 = submitted(world, year=2023, warning="比上年变化+60%", note="说明")
    other_plan = PlanFactory(jurisdiction=world.district, title="另一规划")
    elsewhere = submitted(world, IndicatorFactory(plan=other_plan))
    other_unit = UnitFactory(jurisdiction=world.district, name="区水利局")
    task = TaskFactory(section=SectionFactory(chapter__plan=world.plan))
    TaskResponsibility.objects.create(task=task, unit=other_unit, role="lead", order=1)
    progress = TaskProgressFactory(task=task, year=2022, state=ReviewState.SUBMITTED)
    returned = IndicatorValueFactory(indicator=world.indicator, year=2021, state=ReviewState.RETURNED)

    assert shown_ids(reviewer.get(URL, {"year": 2023})) == {in_2023.pk}
    assert shown_ids(reviewer.get(URL, {"plan": other_plan.pk})) == {elsewhere.pk}
    by_unit = reviewer.get(URL, {"unit": other_unit.pk})
    assert shown_ids(by_unit) == set() and shown_ids(by_unit, "task") == {progress.pk}
    assert shown_ids(reviewer.get(URL, {"state": "returned"})) == {returned.pk}
    warned = reviewer.get(URL, {"warning": "1"})
    assert shown_ids(warned) == {in_2023.pk} and shown_ids(warned, "task") == set()
    assert shown_ids(reviewer.get(URL)) == {in_2022.pk, in_2023.pk, elsewhere.pk}


@pytest.mark.parametrize(
    "query",
    [
        {"year": "abc"},
        {"plan": "x"},
        {"unit": "-1"},
        {"state": "gone"},
        {"plan": "9" * 23},  # more than an id can be
        {"year": "²⁰²²"},
    ],
)
def test_filters_that_do_not_read_are_ignored(reviewer, world, query):
    record = submitted(world)
    response = reviewer.get(URL, query)
    assert response.status_code == 200 and shown_ids(response) == {record.pk}


def test_a_plan_id_that_names_no_plan_shows_nothing(reviewer, world):
    submitted(world)
    response = reviewer.get(URL, {"plan": "99999999999999"})
    assert response.status_code == 200 and shown_ids(response) == set()


def test_approving_several_approves_each_with_its_own_history_row(reviewer, world):
    records = many_values(world, 3)
    response = reviewer.post(BATCH, {"items": items(*records[:2]), "decision": "approve"})
    assert response.status_code == 302
    states = dict(IndicatorValue.objects.filter(year=2022).values_list("pk", "state"))
    assert [states[r.pk] for r in records] == ["approved", "approved", "submitted"]
    assert IndicatorValue.history.filter(history_change_reason="已审核").count() == 2


def test_returning_several_takes_one_reason_for_all(reviewer, world):
    records = many_values(world, 2)
    reviewer.post(BATCH, {"items": items(*records), "decision": "return", "reason": "数据来源不明"})
    assert set(IndicatorValue.objects.filter(year=2022).values_list("state", "review_comment")) == {
        ("returned", "数据来源不明")
    }


def test_returning_without_a_reason_changes_nothing(reviewer, world):
    records = many_values(world, 2)
    response = reviewer.post(
        BATCH, {"items": items(*records), "decision": "return", "reason": " "}, follow=True
    )
    assert "请填写理由" in response.content.decode() or "理由" in response.content.decode()
    assert set(IndicatorValue.objects.filter(year=2022).values_list("state", flat=True)) == {"submitted"}


def test_a_record_the_reviewer_may_not_see_refuses_the_whole_batch(client, world):
    mine = submitted(world)
    sibling_plan = PlanFactory(jurisdiction=world.sibling)
    theirs = submitted(world, IndicatorFactory(plan=sibling_plan))
    client.force_login(world.users["reviewer"])
    client.post(BATCH, {"items": items(mine, theirs), "decision": "approve"})
    assert set(IndicatorValue.objects.values_list("state", flat=True)) == {"submitted"}


def test_a_stale_version_refuses_the_whole_batch(reviewer, world):
    first, second = many_values(world, 2)
    stale = [f"value:{first.pk}:{first.version}", f"value:{second.pk}:{second.version + 5}"]
    reviewer.post(BATCH, {"items": stale, "decision": "approve"})
    assert set(IndicatorValue.objects.filter(year=2022).values_list("state", flat=True)) == {"submitted"}


def test_a_reporter_may_not_decide_in_batch(client, world):
    record = submitted(world)
    client.force_login(world.users["reporter_own"])
    client.post(BATCH, {"items": items(record), "decision": "approve"})
    assert IndicatorValue.objects.get().state == "submitted"


def test_values_and_task_progress_are_approved_together(reviewer, world):
    value = submitted(world)
    task = TaskFactory(section=SectionFactory(chapter__plan=world.plan))
    progress = TaskProgressFactory(task=task, year=2022, state=ReviewState.SUBMITTED)
    reviewer.post(BATCH, {"items": items(value, progress), "decision": "approve"})
    value.refresh_from_db()
    progress.refresh_from_db()
    assert (value.state, progress.state) == ("approved", "approved")


@pytest.mark.parametrize("count", [5, 100])
def test_review_page_with_many_items_takes_a_bounded_number_of_queries(
    reviewer, world, count, django_assert_max_num_queries
):
    many_values(world, count)
    with django_assert_max_num_queries(22):
        response = reviewer.get(URL)
    assert response.content.decode().count('name="items"') == min(count, 50)


@pytest.mark.parametrize("count", [5, 100])
def test_batch_approval_takes_a_bounded_number_of_queries(
    reviewer, world, count, django_assert_max_num_queries
):
    records = many_values(world, count)
    with django_assert_max_num_queries(20):
        reviewer.post(BATCH, {"items": items(*records), "decision": "approve"})
    assert IndicatorValue.objects.filter(year=2022, state="approved").count() == count
    assert IndicatorValue.history.filter(history_change_reason="已审核").count() == count
    assert IndicatorValue.objects.get(pk=records[0].pk).value == Decimal(31)


def test_after_a_batch_the_page_returns_to_its_filters_and_nowhere_else(reviewer, world):
    record = submitted(world)
    response = reviewer.post(
        BATCH, {"items": items(record), "decision": "approve", "query": "year=2022\r\nLocation: //evil"}
    )
    assert response.status_code == 302 and response["Location"].startswith(URL + "?year=2022")
    assert "\n" not in response["Location"]


def test_the_page_opens_on_the_open_rounds_year_and_all_years_stay_one_choice_away(reviewer, world):
    earlier = submitted(world, year=2022)
    current = submitted(world, year=2023, value=37)
    ReportingRoundFactory(year=2023)
    assert shown_ids(reviewer.get(URL)) == {current.pk}
    assert shown_ids(reviewer.get(URL, {"year": ""})) == {earlier.pk, current.pk}


def test_an_item_id_beyond_any_id_is_skipped_not_a_server_error(reviewer, world):
    record = submitted(world)
    response = reviewer.post(
        BATCH, {"items": ["value:" + "9" * 23 + ":1", f"value:{record.pk}:１"], "decision": "approve"}
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.state == "submitted"
