"""`decisions.records_review_batch`: the review page's batch, as a service (the view only parses)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from indicators.decisions import records_review_batch
from indicators.models import IndicatorValue, ReviewState
from tests.factories import (
    IndicatorFactory,
    IndicatorValueFactory,
    PlanFactory,
    SectionFactory,
    TaskFactory,
    TaskProgressFactory,
)

pytestmark = pytest.mark.django_db


def submitted(world, indicator):
    return IndicatorValueFactory(
        indicator=indicator, year=2022, state=ReviewState.SUBMITTED, reported_by=world.users["reporter_own"]
    )


def test_records_of_two_kinds_are_approved_together_and_counted(world):
    value = submitted(world, world.indicator)
    task = TaskFactory(section=SectionFactory(chapter__plan=world.plan))
    progress = TaskProgressFactory(task=task, year=2022, state=ReviewState.SUBMITTED)
    count = records_review_batch(
        user=world.users["reviewer"],
        items={"value": {value.pk: value.version}, "task": {progress.pk: progress.version}},
        decision="approve",
    )
    value.refresh_from_db()
    progress.refresh_from_db()
    assert (count, value.state, progress.state) == (2, "approved", "approved")


def test_a_record_out_of_sight_refuses_the_batch_and_changes_nothing(world):
    mine = submitted(world, world.indicator)
    theirs = submitted(world, IndicatorFactory(plan=PlanFactory(jurisdiction=world.sibling)))
    with pytest.raises(PermissionDenied):
        records_review_batch(
            user=world.users["reviewer"],
            items={"value": {mine.pk: mine.version, theirs.pk: theirs.version}},
            decision="approve",
        )
    assert set(IndicatorValue.objects.values_list("state", flat=True)) == {"submitted"}


def test_a_decision_other_than_approve_or_return_is_refused(world):
    value = submitted(world, world.indicator)
    with pytest.raises(ValidationError):
        records_review_batch(
            user=world.users["reviewer"], items={"value": {value.pk: value.version}}, decision="reopen"
        )
    value.refresh_from_db()
    assert value.state == "submitted"
