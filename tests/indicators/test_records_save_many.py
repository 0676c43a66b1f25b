"""The one set of rules for writing yearly values, shared by `value_save`, the 填报 page and imports."""

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from indicators import permissions, services
from indicators.models import Indicator, IndicatorValue, ReviewState
from indicators.services import ConflictError, RecordsRefused, ValueRow
from rounds.selectors import rounds_for
from tests.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db


def reporter(world):
    return world.users["reporter_own"]


def own_indicators(world, count):
    indicators = [world.indicator]
    for seq in range(count - 1):
        indicator = IndicatorFactory(plan=world.plan, box=world.indicator.box, seq=100 + seq)
        indicator.units.add(world.own_unit)
        indicators.append(indicator)
    return indicators


def history_reasons():
    return sorted(IndicatorValue.history.values_list("history_change_reason", flat=True))


def test_many_values_are_entered_at_once_each_with_a_history_row_by_the_user(world):
    rows = [ValueRow(indicator, 2022, value="38") for indicator in own_indicators(world, 3)]
    services.records_save_many(user=reporter(world), rows=rows)
    assert IndicatorValue.objects.filter(state=ReviewState.DRAFT, version=1, value=38).count() == 3
    assert set(IndicatorValue.history.values_list("history_user", flat=True)) == {reporter(world).pk}
    assert history_reasons() == [gettext("entered")] * 3


def test_edits_at_once_raise_the_version_and_say_edited(world):
    rows = [ValueRow(indicator, 2022, value="38") for indicator in own_indicators(world, 2)]
    services.records_save_many(user=reporter(world), rows=rows)
    edits = [ValueRow(row.subject, 2022, value="37", version=1) for row in rows]
    changes = services.records_save_many(user=reporter(world), rows=edits)
    assert [change.outcome for change in changes] == ["changed", "changed"]
    assert set(IndicatorValue.objects.values_list("value", "version")) == {(37, 2)}
    assert history_reasons() == sorted([gettext("edited")] * 2 + [gettext("entered")] * 2)


def test_a_given_reason_is_kept_in_the_history(world):
    services.records_save_many(
        user=reporter(world), rows=[ValueRow(world.indicator, 2022, value="38")], reason="核对"
    )
    assert history_reasons() == ["核对"]


def test_one_bad_row_refuses_every_row_and_writes_nothing(world):
    first, second = own_indicators(world, 2)
    IndicatorValueFactory(indicator=second, year=2023, value=40, state=ReviewState.APPROVED)
    rows = [
        ValueRow(first, 2022, value="38"),
        ValueRow(first, 2022, value="39"),
        ValueRow(first, 2023, value="-1"),
        ValueRow(second, 2023, value="39"),
        ValueRow(second, 2024, value="39", version=3),
    ]
    with pytest.raises(RecordsRefused) as refused:
        services.records_save_many(user=reporter(world), rows=rows)
    assert [change.error for change in refused.value.changes] == [
        "",
        "duplicate",
        "negative",
        "locked",
        "conflict",
    ]
    assert refused.value.changes[1].first == 0
    assert IndicatorValue.objects.count() == 1


def test_the_check_reads_nothing_but_what_it_is_given(world, django_assert_num_queries):
    indicator = Indicator.objects.select_related("plan").prefetch_related("units").get(pk=world.indicator.pk)
    permissions.user_unit_ids(reporter(world))
    rounds_for(reporter(world))  # the reporting rounds, read once per request like the user's units
    existing = {(indicator.pk, 2022): IndicatorValueFactory(indicator=indicator, year=2022, value=40)}
    rows = [ValueRow(indicator, 2022, value="39", version=1), ValueRow(indicator, 2023, value="")]
    with django_assert_num_queries(0):
        changes = services.record_changes_check(user=reporter(world), rows=rows, existing=existing)
    assert [(change.outcome, change.error) for change in changes] == [("changed", ""), ("empty", "")]


@pytest.mark.parametrize("skip_unchanged", [False, True])
def test_an_unchanged_row_passes_a_locked_record_only_when_unchanged_rows_are_skipped(world, skip_unchanged):
    existing = {
        (world.indicator.pk, 2022): IndicatorValueFactory(
            indicator=world.indicator, year=2022, value=40, state=ReviewState.SUBMITTED
        )
    }
    [change] = services.record_changes_check(
        user=reporter(world),
        rows=[ValueRow(world.indicator, 2022, value="40")],
        existing=existing,
        skip_unchanged=skip_unchanged,
    )
    assert (change.outcome, change.error) == (("unchanged", "") if skip_unchanged else ("", "locked"))


@pytest.mark.parametrize(("administrators", "error"), [(False, "not_yours"), (True, "")])
def test_administrators_write_only_where_the_caller_allows_it(world, administrators, error):
    [change] = services.record_changes_check(
        user=world.users["admin"],
        rows=[ValueRow(world.indicator, 2022, value="38")],
        existing={},
        administrators=administrators,
    )
    assert change.error == error


def test_an_administrator_still_writes_only_inside_the_plan_years(world):
    [change] = services.record_changes_check(
        user=world.users["admin"],
        rows=[ValueRow(world.indicator, 2020, value="38")],
        existing={},
        administrators=True,
    )
    assert change.error == "year"


def test_a_year_outside_the_plan_is_refused_before_who_may_write(world):
    [change] = services.record_changes_check(
        user=world.users["reporter_other"],  # not this indicator's unit either
        rows=[ValueRow(world.indicator, 2026, value="38")],
        existing={},
    )
    assert change.error == "year"


def test_saving_many_values_takes_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    indicators = Indicator.objects.select_related("plan").prefetch_related("units")
    few = [
        ValueRow(indicator, 2022, value="38") for indicator in indicators.filter(pk__in=[world.indicator.pk])
    ]
    services.records_save_many(user=reporter(world), rows=few)
    own_indicators(world, 30)
    many = [ValueRow(indicator, 2023, value="38") for indicator in indicators.all()]
    with django_assert_max_num_queries(12):
        services.records_save_many(user=reporter(world), rows=many)
    assert IndicatorValue.objects.filter(year=2023).count() == 30


def test_value_save_refuses_an_empty_figure(world):
    with pytest.raises(ValidationError) as error:
        services.value_save(user=reporter(world), indicator=world.indicator, year=2022, value="")
    assert error.value.code == "required"


def test_value_save_refuses_a_qualitative_target_without_a_status(world):
    goal = IndicatorFactory(plan=world.plan, box=world.indicator.box, qualitative=True)
    goal.units.add(world.own_unit)
    with pytest.raises(ValidationError) as error:
        services.value_save(user=reporter(world), indicator=goal, year=2022, status="")
    assert error.value.code == "status"


@pytest.mark.parametrize("version", ["", "abc"])
def test_value_save_takes_a_blank_or_unreadable_version_of_an_existing_record_as_a_conflict(world, version):
    services.value_save(user=reporter(world), indicator=world.indicator, year=2022, value="38")
    with pytest.raises(ConflictError):
        services.value_save(
            user=reporter(world), indicator=world.indicator, year=2022, value="37", version=version
        )
    assert IndicatorValue.objects.get().value == 38
