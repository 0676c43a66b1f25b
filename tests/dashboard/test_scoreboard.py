import dataclasses
import datetime

import pytest
from django.core.cache import caches

from dashboard import scoreboard
from indicators.models import AssignedTarget, IndicatorValue, ReviewState, TargetRevision
from tests.factories import IndicatorFactory, IndicatorValueFactory, add_values

pytestmark = pytest.mark.django_db


def test_table_holds_one_row_per_indicator_of_the_period(dash):
    table = scoreboard.attainment_table(year=2023)
    assert {dash.pm25.pk, dash.good_days.pk, dash.water.pk} <= set(table)


def test_table_is_recomputed_when_a_value_is_approved(dash):
    assert scoreboard.attainment_table(year=2023)[dash.water.pk].status == "no_data"
    add_values(dash.water, {2023: 0})
    assert scoreboard.attainment_table(year=2023)[dash.water.pk].status == "met"


def test_submitted_values_do_not_count(dash):
    add_values(dash.water, {2023: 3}, state=ReviewState.SUBMITTED)
    assert scoreboard.attainment_table(year=2023)[dash.water.pk].status == "no_data"


def test_tally_share_counts_only_judged_indicators(dash):
    rows = scoreboard.filter_rows(scoreboard.attainment_table(year=2023).values(), plan_ids={dash.plan.pk})
    tally = scoreboard.tally(rows, by=lambda r: r.plan_id)[dash.plan.pk]
    assert (tally.total, tally.judged, tally.good) == (3, 2, 1)


def test_review_table_rows_are_not_assessed(dash):
    from tests.factories import IndicatorFactory

    review = IndicatorFactory(plan=dash.plan, box=dash.pm25.box, source="review", key="")
    assert review.pk not in scoreboard.attainment_table(year=2023)


def test_table_is_recomputed_when_an_administrator_edits_a_target(dash):
    assert scoreboard.attainment_table(year=2023)[dash.good_days.pk].status == "met"  # 90 reaches 90
    dash.good_days.target_text, dash.good_days.target_value = "95", 95
    dash.good_days.save()
    assert scoreboard.attainment_table(year=2023)[dash.good_days.pk].status != "met"


def test_table_is_recomputed_when_a_target_revision_is_edited(dash, admin_user):
    import datetime

    from indicators.models import TargetRevision

    revision = TargetRevision.objects.create(
        indicator=dash.good_days, effective_year=2022, target_text="95", target_value=95,
        reason="中期调整", decided_on=datetime.date(2022, 6, 1), created_by=admin_user,
    )  # fmt: skip
    assert scoreboard.attainment_table(year=2023)[dash.good_days.pk].status != "met"
    revision.target_text, revision.target_value = "90", 90
    revision.save()
    assert scoreboard.attainment_table(year=2023)[dash.good_days.pk].status == "met"


def test_fingerprint_moves_when_a_value_is_deleted_without_history(dash):
    before = scoreboard.fingerprint()
    IndicatorValue.objects.filter(indicator=dash.good_days, year=2021)._raw_delete(using="default")
    assert scoreboard.fingerprint() != before


# --- brought up to date: only what changed is judged again ---------------------------------------


@pytest.fixture
def judged(monkeypatch):
    """The indicators each computation judges, in the order of the computations. No settling time:
    the rows written by the fixtures before a table was read count as read."""
    monkeypatch.setattr(scoreboard, "SETTLE", datetime.timedelta(0))
    calls = []
    real = scoreboard.indicator_attainment

    def spy(*, indicators, year):
        indicators = list(indicators)
        calls.append({i.pk for i in indicators})
        return real(indicators=indicators, year=year)

    monkeypatch.setattr(scoreboard, "indicator_attainment", spy)
    return calls


def _table_after(change, year=2023):
    """The table before and after `change()`, and a full computation after it."""
    scoreboard.attainment_table(year=year)
    change()
    return scoreboard.attainment_table(year=year), scoreboard.compute_table(year=year)


def _same(table, full):
    assert list(table) == list(full)  # the same rows in the same order
    for pk, row in full.items():
        kept = table[pk]
        assert (kept, kept.assessment, kept.values, kept.statuses, kept.target, kept.assigned) == (
            row, row.assessment, row.values, row.statuses, row.target, row.assigned
        )  # fmt: skip


def test_an_approved_value_judges_only_its_indicator_again(dash, judged):
    value = IndicatorValueFactory(indicator=dash.water, year=2023, value=0, state=ReviewState.SUBMITTED)

    def approve():
        value.state = ReviewState.APPROVED
        value.save()

    table, full = _table_after(approve)
    assert judged[1] == {dash.water.pk}
    assert table[dash.water.pk].status == "met"
    _same(table, full)


def test_a_deleted_value_judges_only_its_indicator_again(dash, judged):
    table, full = _table_after(
        lambda: IndicatorValue.objects.get(indicator=dash.good_days, year=2023).delete()
    )
    assert judged[1] == {dash.good_days.pk}
    assert table[dash.good_days.pk].latest_year == 2022
    _same(table, full)


def test_a_target_revision_judges_only_its_indicator_again(dash, judged, admin_user):
    def revise():
        TargetRevision.objects.create(
            indicator=dash.good_days, effective_year=2022, target_text="95", target_value=95,
            reason="中期调整", decided_on=datetime.date(2022, 6, 1), created_by=admin_user,
        )  # fmt: skip

    table, full = _table_after(revise)
    assert judged[1] == {dash.good_days.pk}
    assert (table[dash.good_days.pk].target, table[dash.good_days.pk].revised) == ("95", True)
    _same(table, full)


def test_an_edited_indicator_is_judged_again(dash, judged):
    def edit():
        dash.good_days.target_text, dash.good_days.target_value = "95", 95
        dash.good_days.save()

    table, full = _table_after(edit)
    assert judged[1] == {dash.good_days.pk}
    assert table[dash.good_days.pk].status != "met"
    _same(table, full)


def test_a_removed_assigned_figure_judges_its_indicator_again(dash, judged):
    dash.water.target_text, dash.water.direction = "完成市级下达任务", "qualitative"
    dash.water.save()
    add_values(dash.water, {2023: 3})
    figure = AssignedTarget.objects.create(indicator=dash.water, year=2023, value=5, at_most=True)
    scoreboard.attainment_table(year=2023)
    assert scoreboard.attainment_table(year=2023)[dash.water.pk].status == "met"  # 3 ≤ 5
    table, full = _table_after(figure.delete)
    assert judged[-2] == {dash.water.pk}  # the one before the full computation
    assert table[dash.water.pk].status == "no_data"
    _same(table, full)


def test_a_new_indicator_is_added_and_a_deleted_one_dropped(dash, judged):
    def change():
        dash.new = IndicatorFactory(plan=dash.plan, box=dash.pm25.box)
        dash.sibling_pm25.delete()

    table, full = _table_after(change)
    assert judged[1] == {dash.new.pk}
    assert dash.new.pk in table and dash.sibling_pm25.pk not in table
    _same(table, full)


def test_a_renamed_plan_judges_its_indicators_again_at_the_next_change(dash, judged):
    def rename_then_approve():
        dash.sibling_plan.title = "朝阳区生态环境保护规划（修订）"
        dash.sibling_plan.save()
        add_values(dash.water, {2023: 0})

    table, full = _table_after(rename_then_approve)
    assert judged[1] == {dash.sibling_pm25.pk, dash.water.pk}
    assert table[dash.sibling_pm25.pk].plan_title == "朝阳区生态环境保护规划（修订）"
    _same(table, full)


def test_a_value_deleted_without_history_computes_the_table_anew(dash, judged):
    def delete():
        IndicatorValue.objects.filter(indicator=dash.good_days, year=2023)._raw_delete(using="default")

    table, full = _table_after(delete)
    assert judged[1] == judged[0]  # everything
    assert table[dash.good_days.pk].latest_year == 2022
    _same(table, full)


@pytest.mark.parametrize(
    ("settle", "status"), [(datetime.timedelta(minutes=1), "met"), (datetime.timedelta(0), "no_data")]
)
def test_a_write_committed_late_is_read_within_the_settling_time(dash, judged, monkeypatch, settle, status):
    """An approval stamped before the table was read but committed after it (history ids and times
    are taken before the commit) is read at the next change when it is within the settling time."""
    monkeypatch.setattr(scoreboard, "SETTLE", settle)
    value = IndicatorValueFactory(indicator=dash.water, year=2023, value=0, state=ReviewState.SUBMITTED)
    scoreboard.attainment_table(year=2023)
    key = scoreboard._key("attainment", 2023)
    kept = caches[scoreboard.CACHE].get(key)
    value.state = ReviewState.APPROVED
    value.save()
    latest = value.history.latest()
    value.history.filter(pk=latest.pk).update(history_date=kept.read_at - datetime.timedelta(seconds=5))
    # As if the table had been read after this history row was numbered, before it was committed.
    stamp = (latest.history_id, *kept.stamp[1:])
    caches[scoreboard.CACHE].set(key, dataclasses.replace(kept, stamp=stamp))
    add_values(dash.pm25, {2024: 46})
    assert scoreboard.attainment_table(year=2023)[dash.water.pk].status == status


def test_bringing_the_table_up_to_date_takes_a_fixed_number_of_queries(dash, django_assert_max_num_queries):
    from tests.factories import PlanFactory

    scoreboard.attainment_table(year=2023)
    for n in range(3):  # more plans and indicators, each with values: the count must not grow with them
        plan = PlanFactory(jurisdiction=dash.sibling, title=f"规划{n}")
        for seq in range(1, 4):
            add_values(IndicatorFactory(plan=plan, seq=seq), {2021: 40, 2022: 38})
    add_values(dash.water, {2023: 0})
    with django_assert_max_num_queries(12):
        table = scoreboard.attainment_table(year=2023)
    assert table[dash.water.pk].status == "met"


def test_rows_carry_their_responsible_units(dash):
    table = scoreboard.attainment_table(year=2023)
    assert table[dash.pm25.pk].unit_ids == {dash.own_unit.pk}
    assert table[dash.water.pk].unit_ids == frozenset()


def test_a_unit_linked_later_reaches_the_kept_rows_without_judging_them_again(dash, judged):
    table, full = _table_after(lambda: dash.water.units.add(dash.own_unit))
    assert table[dash.water.pk].unit_ids == {dash.own_unit.pk}
    assert all(table[pk].unit_ids == row.unit_ids for pk, row in full.items())
    _same(table, full)


def test_a_row_judged_again_keeps_its_units(dash, judged):
    table, full = _table_after(lambda: add_values(dash.pm25, {2024: 44}))
    assert judged[1] == {dash.pm25.pk}
    assert table[dash.pm25.pk].unit_ids == full[dash.pm25.pk].unit_ids == {dash.own_unit.pk}
