import pytest

from dashboard import scoreboard
from indicators.models import IndicatorValue, ReviewState
from tests.factories import add_values

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
