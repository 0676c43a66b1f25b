"""A long return or reopen reason is kept whole on the record; the history's reason fits its column
(100 characters), so PostgreSQL never refuses the write (it answered 500 with 162 characters)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from indicators import services
from indicators.models import IndicatorValue, ReviewState

pytestmark = pytest.mark.django_db

REASON = "请核对" + "监测站年报与本年数值不一致，补充佐证材料后重新提交。" * 6  # 159 characters


@pytest.fixture
def submitted(world):
    value = services.value_save(
        user=world.users["reporter_own"], indicator=world.indicator, year=2022, value="38"
    )
    return services.record_submit(user=world.users["reporter_own"], record=value)


def history_reasons(value):
    return list(IndicatorValue.history.filter(id=value.pk).values_list("history_change_reason", flat=True))


def assert_kept(value, state):
    value.refresh_from_db()
    assert (value.state, value.review_comment) == (state, REASON)
    reasons = history_reasons(value)
    assert all(len(reason) <= services.HISTORY_REASON_LENGTH for reason in reasons)
    assert any(reason.endswith("…") for reason in reasons)


def test_the_service_keeps_a_long_return_reason(world, submitted):
    services.record_return(user=world.users["reviewer"], record=submitted, reason=REASON)
    assert_kept(submitted, ReviewState.RETURNED)


def test_the_review_page_returns_with_a_long_reason(client, world, submitted):
    client.force_login(world.users["reviewer"])
    url = reverse("entry:review-decide", args=["value", submitted.pk, "return"])
    response = client.post(url, {"version": submitted.version, "reason": REASON})
    assert response.status_code == 302
    assert_kept(submitted, ReviewState.RETURNED)


def test_the_api_returns_and_reopens_with_a_long_reason(world, submitted):
    api = APIClient()
    api.force_authenticate(world.users["reviewer"])
    response = api.post(f"/api/values/{submitted.pk}/return/", {"reason": REASON}, format="json")
    assert response.status_code == 200, response.content
    assert_kept(submitted, ReviewState.RETURNED)

    reporter = world.users["reporter_own"]
    value = services.record_submit(user=reporter, record=IndicatorValue.objects.get(pk=submitted.pk))
    services.record_approve(user=world.users["reviewer"], record=value)
    response = api.post(f"/api/values/{submitted.pk}/reopen/", {"reason": REASON}, format="json")
    assert response.status_code == 200, response.content
    assert_kept(submitted, ReviewState.RETURNED)


def test_a_short_reason_is_kept_whole_in_the_history_too(world, submitted):
    services.record_return(user=world.users["reviewer"], record=submitted, reason="数据有误")
    assert "退回：数据有误" in history_reasons(submitted)


def test_a_reviewer_never_approves_what_they_reported_even_after_a_role_change(world):
    """Bureau staff who later become reviewers may not approve their own figures."""
    from django.core.exceptions import PermissionDenied

    person = world.users["reporter_own"]
    value = services.value_save(user=person, indicator=world.indicator, year=2023, value="36")
    value = services.record_submit(user=person, record=value)
    person.role, person.jurisdiction = person.Role.REVIEWER, world.district
    person.save()
    with pytest.raises(PermissionDenied):
        services.record_approve(user=person, record=value)
    value.refresh_from_db()
    assert value.state == ReviewState.SUBMITTED


def test_a_batch_return_reason_past_the_note_limit_is_refused(client, world, submitted):
    client.force_login(world.users["reviewer"])
    response = client.post(
        reverse("entry:review-batch"),
        {"decision": "return", "items": [f"value:{submitted.pk}:{submitted.version}"], "reason": "理" * 5000},
        follow=True,
    )
    assert "理由过长：最多2000个字符" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == ReviewState.SUBMITTED
    assert not world.users["reporter_own"].notifications.exists()


def test_a_return_reason_of_exactly_the_limit_is_kept(world, submitted):
    services.record_return(user=world.users["reviewer"], record=submitted, reason="理" * 2000)
    submitted.refresh_from_db()
    assert len(submitted.review_comment) == 2000
