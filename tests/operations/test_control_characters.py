"""NUL and the other control characters are refused at the edge (`operations.middleware`) and by the
write services (`operations.text`): PostgreSQL answered 500 to them, and SQLite stored them in rows a
backup could then not restore into PostgreSQL."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from indicators import services
from indicators.models import IndicatorValue, ReviewState
from operations.text import has_control_characters

pytestmark = pytest.mark.django_db

REFUSED = "控制字符"


@pytest.fixture
def submitted(world):
    value = services.value_save(
        user=world.users["reporter_own"], indicator=world.indicator, year=2022, value="38"
    )
    return services.record_submit(user=world.users["reporter_own"], record=value)


def test_the_rule_allows_what_a_textarea_sends_and_nothing_else_invisible():
    assert not has_control_characters("第一行\r\n\t第二行")
    assert all(has_control_characters(f"数据{c}来源") for c in ("\x00", "\x07", "\x1b", "\x7f", "\x85"))
    assert has_control_characters("a\nb", multiline=False)


@pytest.mark.parametrize(
    "url",
    [
        "/compare/%00/",
        "/compare/PM%0025/",
        "/?year=2024%00",
        "/plans/1/?status=%01",
        "/api/indicators/?jurisdiction=%00",
        "/api/values/?state=%00",
        f"{reverse('admin:indicators_indicatorvalue_changelist')}?state=%00",
        f"{reverse('admin:accounts_user_changelist')}?role=%00",
        f"{reverse('admin:indicators_indicatorvalue_changelist')}?q=%00",
    ],
)
def test_a_url_with_a_control_character_is_refused_with_400(client, world, url):
    client.force_login(world.users["admin"])
    response = client.get(url)
    assert response.status_code == 400
    shown = response.json()["detail"] if url.startswith("/api/") else response.content.decode()
    assert REFUSED in shown


def test_the_api_refuses_in_json(world):
    api = APIClient()
    api.force_authenticate(world.users["reviewer"])
    response = api.get("/api/indicators/", {"jurisdiction": "\x00"})
    assert response.status_code == 400 and REFUSED in response.json()["detail"]


def test_a_batch_return_reason_with_nul_is_refused_and_nothing_changes(client, world, submitted):
    client.force_login(world.users["reviewer"])
    response = client.post(
        reverse("entry:review-batch"),
        {
            "decision": "return",
            "items": [f"value:{submitted.pk}:{submitted.version}"],
            "reason": "数据\x00来源不明",
        },
    )
    assert response.status_code == 400
    submitted.refresh_from_db()
    assert submitted.state == ReviewState.SUBMITTED


def test_a_posted_form_may_hold_line_breaks(client, world, submitted):
    client.force_login(world.users["reviewer"])
    response = client.post(
        reverse("entry:review-batch"),
        {
            "decision": "return",
            "items": [f"value:{submitted.pk}:{submitted.version}"],
            "reason": "数据\r\n来源不明",
        },
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == ReviewState.RETURNED


def test_the_services_refuse_a_reason_with_control_characters(world, submitted):
    with pytest.raises(services.ValidationError) as refused:
        services.record_return(user=world.users["reviewer"], record=submitted, reason="数据\x00来源不明")
    assert refused.value.code == "control_characters"
    assert IndicatorValue.objects.get().state == ReviewState.SUBMITTED


@pytest.mark.parametrize("field", ["note", "narrative"])
def test_the_services_refuse_a_note_with_control_characters(world, field):
    with pytest.raises(services.ValidationError) as refused:
        services.value_save(
            user=world.users["reporter_own"],
            indicator=world.indicator,
            year=2022,
            value="38",
            **{field: "x\x00"},
        ) if field == "note" else services.progress_save(
            user=world.users["reporter_own"],
            subject=own_task(world),
            year=2022,
            status="done",
            narrative="x\x00",
        )
    assert refused.value.code == "control_characters"


def own_task(world):
    from tests.factories import ChapterFactory, SectionFactory, TaskFactory

    task = TaskFactory(section=SectionFactory(chapter=ChapterFactory(plan=world.plan)))
    task.responsibilities.create(unit=world.own_unit, role="lead", order=1)
    return task


def test_the_api_refuses_a_json_note_with_a_control_character(world):
    api = APIClient()
    api.force_authenticate(world.users["reporter_own"])
    body = {"indicator": world.indicator.pk, "year": 2022, "value": "36.5", "note": "监测\x07站"}
    response = api.post("/api/values/", body, format="json")
    assert response.status_code == 400
    assert not IndicatorValue.objects.exists()
