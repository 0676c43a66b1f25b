"""The admin for yearly records: filtered to what the user may see, per-object edit rights, bulk review."""

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from indicators.models import IndicatorValue, ReviewState, TargetRevision
from tests.factories import (
    BoxFactory,
    ChapterFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    JurisdictionFactory,
    KeyProjectFactory,
    PlanFactory,
    ProjectProgressFactory,
    SectionFactory,
    TaskFactory,
    TaskProgressFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:indicators_indicatorvalue_changelist")
INLINE = {"evidence-TOTAL_FORMS": 0, "evidence-INITIAL_FORMS": 0}  # the read-only evidence inline


def login(client, world, key):
    client.force_login(world.users[key])
    return client


def value(world, state=ReviewState.DRAFT, year=2022, indicator=None):
    return IndicatorValueFactory(
        indicator=indicator or world.indicator,
        year=year,
        value=38,
        state=state,
        reported_by=world.users["reporter_own"],
    )


def act(client, action, records, **extra):
    return client.post(
        CHANGELIST, {"action": action, helpers.ACTION_CHECKBOX_NAME: [r.pk for r in records], **extra}
    )


def test_changelist_shows_only_the_users_jurisdiction(client, staffed):
    own = value(staffed)
    elsewhere = IndicatorFactory(
        plan=PlanFactory(jurisdiction=JurisdictionFactory(name="吉林市", level="city"))
    )
    foreign = value(staffed, indicator=elsewhere)
    response = login(client, staffed, "reviewer").get(CHANGELIST)
    shown = {obj.pk for obj in response.context["cl"].result_list}
    assert own.pk in shown and foreign.pk not in shown


def test_reporter_may_edit_an_own_draft(client, staffed):
    draft = value(staffed)
    url = reverse("admin:indicators_indicatorvalue_change", args=[draft.pk])
    response = login(client, staffed, "reporter_own").post(
        url, {"value": "36.5", "status": "", "note": "更正", "expected_version": draft.version, **INLINE}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.value, draft.version) == (36.5, 2)


def test_submitted_value_is_read_only_for_its_reporter(client, staffed):
    submitted = value(staffed, ReviewState.SUBMITTED)
    url = reverse("admin:indicators_indicatorvalue_change", args=[submitted.pk])
    client = login(client, staffed, "reporter_own")
    assert client.get(url).context["has_change_permission"] is False
    assert client.post(url, {"value": "1", "expected_version": submitted.version}).status_code == 403
    assert IndicatorValue.objects.get().value == 38


def test_other_units_staff_cannot_change_a_draft(client, staffed):
    draft = value(staffed)
    url = reverse("admin:indicators_indicatorvalue_change", args=[draft.pk])
    response = login(client, staffed, "reporter_other").post(url, {"value": "1", "expected_version": 1})
    assert response.status_code == 403 and IndicatorValue.objects.get().value == 38


def test_stale_admin_form_is_refused(client, staffed):
    draft = value(staffed)
    url = reverse("admin:indicators_indicatorvalue_change", args=[draft.pk])
    response = login(client, staffed, "reporter_own").post(
        url, {"value": "36", "expected_version": 0, **INLINE}
    )
    assert response.status_code == 200 and IndicatorValue.objects.get().value == 38


def test_reporter_adds_a_value_through_the_service(client, staffed):
    url = reverse("admin:indicators_indicatorvalue_add")
    login(client, staffed, "reporter_own").post(
        url,
        {"indicator": staffed.indicator.pk, "year": 2023, "value": "35", "status": "", "note": "", **INLINE},
    )
    created = IndicatorValue.objects.get()
    assert (created.state, created.reported_by.username) == (ReviewState.DRAFT, "kc_sthj")


def test_bulk_approve_approves_submitted_values(client, staffed):
    records = [value(staffed, ReviewState.SUBMITTED, year) for year in (2021, 2022)]
    act(login(client, staffed, "reviewer"), "approve_selected", records)
    assert set(IndicatorValue.objects.values_list("state", flat=True)) == {ReviewState.APPROVED}


def test_bulk_approve_skips_drafts(client, staffed):
    draft = value(staffed)
    act(login(client, staffed, "reviewer"), "approve_selected", [draft])
    assert IndicatorValue.objects.get().state == ReviewState.DRAFT


def test_bulk_return_first_asks_for_a_reason(client, staffed):
    submitted = value(staffed, ReviewState.SUBMITTED)
    response = act(login(client, staffed, "reviewer"), "return_selected", [submitted])
    assert response.status_code == 200 and 'name="reason"' in response.content.decode()
    assert IndicatorValue.objects.get().state == ReviewState.SUBMITTED


def test_bulk_return_with_an_empty_reason_changes_nothing(client, staffed):
    submitted = value(staffed, ReviewState.SUBMITTED)
    act(login(client, staffed, "reviewer"), "return_selected", [submitted], apply="1", reason="")
    assert IndicatorValue.objects.get().state == ReviewState.SUBMITTED


def test_bulk_return_with_a_reason_returns_them(client, staffed):
    submitted = value(staffed, ReviewState.SUBMITTED)
    act(
        login(client, staffed, "reviewer"), "return_selected", [submitted], apply="1", reason="请补充佐证材料"
    )
    record = IndicatorValue.objects.get()
    assert (record.state, record.review_comment) == (ReviewState.RETURNED, "请补充佐证材料")


def test_reopen_needs_a_reason_and_records_it(client, staffed):
    done = value(staffed, ReviewState.APPROVED)
    act(login(client, staffed, "reviewer"), "reopen_selected", [done], apply="1", reason="数据更正")
    record = IndicatorValue.objects.get()
    assert record.state == ReviewState.RETURNED and "数据更正" in record.history.first().history_change_reason


def test_reporters_are_not_offered_review_actions(client, staffed):
    response = login(client, staffed, "reporter_own").get(CHANGELIST)
    actions = {name for name, _ in response.context["action_form"].fields["action"].choices}
    assert "approve_selected" not in actions and "submit_selected" in actions


def test_reporter_cannot_approve_by_posting_the_action(client, staffed):
    submitted = value(staffed, ReviewState.SUBMITTED)
    act(login(client, staffed, "reporter_own"), "approve_selected", [submitted])
    assert IndicatorValue.objects.get().state == ReviewState.SUBMITTED


def test_officials_only_read(client, staffed):
    draft = value(staffed)
    client = login(client, staffed, "leader")
    assert client.get(CHANGELIST).status_code == 200
    url = reverse("admin:indicators_indicatorvalue_change", args=[draft.pk])
    assert client.post(url, {"value": "1", "expected_version": 1}).status_code == 403


def test_values_are_never_deleted_in_the_admin(client, staffed):
    draft = value(staffed)
    response = client.get(reverse("admin:indicators_indicatorvalue_delete", args=[draft.pk]))
    assert response.status_code in (302, 403)
    login(client, staffed, "reporter_own")
    assert (
        client.post(
            reverse("admin:indicators_indicatorvalue_delete", args=[draft.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert IndicatorValue.objects.exists()


def test_changelist_query_count_is_bounded(client, staffed, django_assert_max_num_queries):
    for seq in range(20):
        value(staffed, ReviewState.SUBMITTED, indicator=IndicatorFactory(plan=staffed.plan, seq=50 + seq))
    client = login(client, staffed, "reviewer")
    with django_assert_max_num_queries(20):
        assert client.get(CHANGELIST).status_code == 200


def jilin_records():
    """One record of every kind in 吉林市's plan, which nobody in 宽城区 may see."""
    plan = PlanFactory(jurisdiction=JurisdictionFactory(name="吉林市", level="city"))
    task = TaskFactory(section=SectionFactory(chapter=ChapterFactory(plan=plan)))
    project = KeyProjectFactory(box=BoxFactory(plan=plan))
    return {
        "indicatorvalue": IndicatorValueFactory(indicator=IndicatorFactory(plan=plan), year=2022, value=7),
        "taskprogress": TaskProgressFactory(task=task, narrative="吉林市内部进展"),
        "projectprogress": ProjectProgressFactory(project=project, narrative="吉林市内部进展"),
    }


@pytest.mark.parametrize("model", ["indicatorvalue", "taskprogress", "projectprogress"])
def test_history_of_another_jurisdictions_record_is_refused(client, staffed, model):
    record = jilin_records()[model]
    client = login(client, staffed, "reporter_own")
    response = client.get(reverse(f"admin:indicators_{model}_history", args=[record.pk]))
    assert response.status_code in (403, 404)


@pytest.mark.parametrize("model", ["indicatorvalue", "taskprogress", "projectprogress"])
def test_a_past_version_of_another_jurisdictions_record_is_refused(client, staffed, model):
    record = jilin_records()[model]
    history_id = record.history.latest().history_id
    client = login(client, staffed, "reporter_own")
    response = client.get(reverse(f"admin:indicators_{model}_simple_history", args=[record.pk, history_id]))
    assert response.status_code in (403, 404)


def test_history_of_a_visible_record_opens(client, staffed):
    draft = value(staffed)
    client = login(client, staffed, "reviewer")
    assert client.get(reverse("admin:indicators_indicatorvalue_history", args=[draft.pk])).status_code == 200
    url = reverse(
        "admin:indicators_indicatorvalue_simple_history", args=[draft.pk, draft.history.latest().history_id]
    )
    assert client.get(url).status_code == 200


def test_target_revisions_of_another_jurisdiction_are_hidden_from_a_leader(client, staffed):
    indicator = jilin_records()["indicatorvalue"].indicator
    revision = TargetRevision.objects.create(
        indicator=indicator,
        effective_year=2023,
        target_text="90",
        reason="中期调整",
        decided_on="2023-06-30",
        created_by=staffed.users["admin"],
    )
    client = login(client, staffed, "leader")
    changelist = client.get(reverse("admin:indicators_targetrevision_changelist"))
    assert changelist.status_code == 200 and not changelist.context["cl"].result_list
    history = reverse(
        "admin:indicators_targetrevision_simple_history",
        args=[revision.pk, revision.history.latest().history_id],
    )
    assert (
        client.get(reverse("admin:indicators_targetrevision_history", args=[revision.pk])).status_code == 403
    )
    assert client.get(history).status_code == 403
