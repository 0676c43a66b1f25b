"""The reviewer's page: submitted records of the jurisdiction, approved or returned with a reason."""

import re

import pytest
from django.urls import reverse

from indicators.models import IndicatorValue, ReviewState
from tests.factories import (
    ContinuingIndicatorFactory,
    IndicatorValueFactory,
    SectionFactory,
    TaskProgressFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("entry:review")


@pytest.fixture
def submitted(world):
    return IndicatorValueFactory(
        indicator=world.indicator,
        year=2022,
        value=38,
        state=ReviewState.SUBMITTED,
        reported_by=world.users["reporter_own"],
    )


def decide(client, record, decision, kind="value", **data):
    url = reverse("entry:review-decide", args=[kind, record.pk, decision])
    return client.post(url, {"version": record.version, **data})


def test_reviewer_sees_submitted_records_of_the_jurisdiction(client, world, submitted):
    client.force_login(world.users["reviewer"])
    html = client.get(URL).content.decode()
    assert f'id="review-value-{submitted.pk}"' in html


def test_drafts_are_not_listed_for_review(client, world):
    draft = IndicatorValueFactory(indicator=world.indicator, year=2022, value=38)
    client.force_login(world.users["reviewer"])
    assert f'id="review-value-{draft.pk}"' not in client.get(URL).content.decode()


def test_reviewer_of_a_sibling_district_does_not_see_them(client, world, submitted):
    client.force_login(world.users["reviewer_other"])
    assert f'id="review-value-{submitted.pk}"' not in client.get(URL).content.decode()


def test_reporters_may_not_open_the_review_page(client, world):
    client.force_login(world.users["reporter_own"])
    assert client.get(URL).status_code == 403


def test_approve_locks_the_value_and_keeps_its_reporter(client, world, submitted):
    client.force_login(world.users["reviewer"])
    assert decide(client, submitted, "approve").status_code == 302
    value = IndicatorValue.objects.get()
    assert (value.state, value.reported_by.username, value.reviewed_by.username) == (
        ReviewState.APPROVED,
        "kc_sthj",
        "kc_review",
    )


def test_return_with_a_reason_sends_it_back(client, world, submitted):
    client.force_login(world.users["reviewer"])
    decide(client, submitted, "return", reason="数据来源不明")
    value = IndicatorValue.objects.get()
    assert (value.state, value.review_comment) == (ReviewState.RETURNED, "数据来源不明")


def test_return_without_a_reason_changes_nothing(client, world, submitted):
    client.force_login(world.users["reviewer"])
    decide(client, submitted, "return", reason=" ")
    assert IndicatorValue.objects.get().state == ReviewState.SUBMITTED


def test_reviewer_of_another_district_gets_403_and_nothing_changes(client, world, submitted):
    client.force_login(world.users["reviewer_other"])
    assert decide(client, submitted, "approve").status_code == 403
    assert IndicatorValue.objects.get().state == ReviewState.SUBMITTED


def test_reporter_cannot_approve_their_own_value(client, world, submitted):
    client.force_login(world.users["reporter_own"])
    assert decide(client, submitted, "approve").status_code == 403
    assert IndicatorValue.objects.get().state == ReviewState.SUBMITTED


def test_stale_version_is_refused(client, world, submitted):
    client.force_login(world.users["reviewer"])
    url = reverse("entry:review-decide", args=["value", submitted.pk, "approve"])
    client.post(url, {"version": submitted.version + 1})
    assert IndicatorValue.objects.get().state == ReviewState.SUBMITTED


def test_task_progress_can_be_approved(client, world):
    progress = TaskProgressFactory(
        task__section__chapter__plan=world.plan, year=2022, state=ReviewState.SUBMITTED
    )
    client.force_login(world.users["reviewer"])
    decide(client, progress, "approve", kind="task")
    progress.refresh_from_db()
    assert progress.state == ReviewState.APPROVED


def _submitted_tasks(world, count):
    section = SectionFactory(chapter__plan=world.plan)
    return TaskProgressFactory.create_batch(
        count, task__section=section, year=2022, state=ReviewState.SUBMITTED
    )


@pytest.mark.parametrize("tasks", [10, 130])
def test_review_page_query_count_does_not_grow_with_the_queue(
    client, world, tasks, django_assert_max_num_queries
):
    for year in (2021, 2022, 2023):
        IndicatorValueFactory(indicator=world.indicator, year=year, value=38, state=ReviewState.SUBMITTED)
    _submitted_tasks(world, tasks)
    client.force_login(world.users["reviewer"])
    # the counts, each kind on the page with its last year's records and reporters' units, the filters'
    # choices, and 2 for the reporting rounds in the header (rounds and unread notifications)
    with django_assert_max_num_queries(24):
        assert client.get(URL).status_code == 200


def test_review_page_lists_fifty_records_per_page(client, world):
    _submitted_tasks(world, 55)
    client.force_login(world.users["reviewer"])
    first = client.get(URL).content.decode()
    second = client.get(URL, {"page": 2}).content.decode()
    assert (first.count('id="review-task-'), second.count('id="review-task-')) == (50, 5)
    assert "（55）" in first


def test_pages_run_on_from_values_to_task_progress(client, world):
    IndicatorValueFactory(indicator=world.indicator, year=2022, value=38, state=ReviewState.SUBMITTED)
    _submitted_tasks(world, 50)
    client.force_login(world.users["reviewer"])
    second = client.get(URL, {"page": 2}).content.decode()
    assert (second.count('id="review-value-'), second.count('id="review-task-')) == (0, 1)


def test_administrator_sees_the_queue_without_buttons_that_would_be_refused(client, world, submitted):
    client.force_login(world.users["admin"])
    html = client.get(URL).content.decode()
    assert f'id="review-value-{submitted.pk}"' in html
    assert reverse("entry:review-decide", args=["value", submitted.pk, "approve"]) not in html
    assert decide(client, submitted, "approve").status_code == 403


def test_reviewer_sees_the_buttons_that_work(client, world, submitted):
    client.force_login(world.users["reviewer_city"])
    html = client.get(URL).content.decode()
    assert reverse("entry:review-decide", args=["value", submitted.pk, "approve"]) in html
    assert decide(client, submitted, "approve").status_code == 302


def test_leaders_may_not_open_the_review_page(client, world):
    client.force_login(world.users["leader"])
    assert client.get(URL).status_code == 403


def test_each_record_names_the_baseline_and_target_years_of_its_plan(client, world, submitted):
    following = IndicatorValueFactory(
        indicator=ContinuingIndicatorFactory(continues=world.indicator, baseline="38", target="28"),
        year=2026,
        value=37,
        state=ReviewState.SUBMITTED,
        reported_by=world.users["reporter_own"],
    )
    client.force_login(world.users["reviewer"])
    html = client.get(URL).content.decode()
    current_row = html[html.index(f'id="review-value-{submitted.pk}"') :][:1500]
    following_row = html[html.index(f'id="review-value-{following.pk}"') :][:1500]
    assert "2020年基期值 42 · 2025年目标值 30" in current_row
    assert "2025年基期值 38 · 2030年目标值 28" in following_row
    assert re.findall(r'<option value="(20\d\d)"', html)[:10] == [str(y) for y in range(2021, 2031)]


def test_after_a_decision_on_one_row_the_page_returns_to_its_filters(client, world, submitted):
    client.force_login(world.users["reviewer"])
    response = decide(client, submitted, "approve", query=f"year=2022&plan={world.plan.pk}")
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?year=2022&plan={world.plan.pk}"
