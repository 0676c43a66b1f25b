"""Role × action × own/other unit × state: what is allowed happens, everything else is refused and
changes nothing (state, figure, version and history stay as they were): with PermissionDenied, or,
where the user may take the step and only the record's state stands in the way, with a ConflictError
naming the state (the API's 409)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from indicators import services
from indicators.models import IndicatorValue, ReviewState
from tests.factories import IndicatorValueFactory

STATES = [ReviewState.DRAFT, ReviewState.SUBMITTED, ReviewState.APPROVED, ReviewState.RETURNED]
USERS = ["reporter_own", "reporter_other", "reviewer", "reviewer_city", "reviewer_other", "leader", "admin"]
REVIEWERS = {"reviewer", "reviewer_city"}

ACTIONS = {
    "edit": lambda w, user, value: services.value_save(
        user=user, indicator=w.indicator, year=value.year, value="38.5", version=value.version
    ),
    "submit": lambda w, user, value: services.record_submit(user=user, record=value),
    "approve": lambda w, user, value: services.record_approve(user=user, record=value),
    "return": lambda w, user, value: services.record_return(user=user, record=value, reason="数据有误"),
    "reopen": lambda w, user, value: services.record_reopen(user=user, record=value, reason="更正"),
}


def may_act(action, who):
    """Whether the user may take the review step on the record in the state it starts from."""
    if action == "submit":
        return who == "reporter_own"
    if action in ("approve", "return"):
        return who in REVIEWERS
    if action == "reopen":
        return who in REVIEWERS or who == "admin"
    return False  # an edit of a locked record is refused as not the user's to change


def allowed(action, who, state):
    editable = state in (ReviewState.DRAFT, ReviewState.RETURNED)
    if action in ("edit", "submit"):
        return who == "reporter_own" and editable
    if action in ("approve", "return"):
        return who in REVIEWERS and state == ReviewState.SUBMITTED
    if action == "reopen":
        return (who in REVIEWERS or who == "admin") and state == ReviewState.APPROVED
    raise AssertionError(action)


def snapshot(value):
    value = IndicatorValue.objects.get(pk=value.pk)
    return value.state, value.value, value.version, value.history.count()


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("action", ACTIONS)
def test_permission_matrix(world, action, who, state):
    value = IndicatorValueFactory(indicator=world.indicator, year=2022, value=40, state=state)
    before = snapshot(value)
    user = world.users[who]
    if allowed(action, who, state):
        ACTIONS[action](world, user, value)
        assert snapshot(value) != before
    else:
        refusal = services.ConflictError if may_act(action, who) else PermissionDenied
        with pytest.raises(refusal) as refused:
            ACTIONS[action](world, user, value)
        if refusal is services.ConflictError:
            assert f"“{value.get_state_display()}”" in str(refused.value)
        assert snapshot(value) == before


@pytest.mark.parametrize("who", [u for u in USERS if u != "reporter_own"])
def test_only_the_units_own_staff_create_a_value(world, who):
    with pytest.raises(PermissionDenied):
        services.value_save(user=world.users[who], indicator=world.indicator, year=2021, value="40")
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize("year", [2020, 2026])
def test_staff_cannot_report_outside_the_plan_period(world, year):
    # A validation with code "year", checked before who may write: not "not yours".
    with pytest.raises(ValidationError) as refused:
        services.value_save(
            user=world.users["reporter_own"], indicator=world.indicator, year=year, value="40"
        )
    assert (
        refused.value.code == "year"
        and "2021" in refused.value.messages[0]
        and "2025" in refused.value.messages[0]
    )
    assert not IndicatorValue.objects.exists()
