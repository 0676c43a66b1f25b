"""Publishing a plan's year: a snapshot of approved verdicts, unchanged by later approvals until published
again; withdrawing it; both logged; administrators only."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from indicators.models import IndicatorValue, ReviewState
from indicators.selectors import indicator_attainment
from public.models import PublicationEvent, PublishedYear
from public.services import plan_year_publish, plan_year_unpublish
from tests.factories import add_values

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def row_of(published, indicator):
    return next(row for row in published.snapshot["indicators"] if row["id"] == indicator.pk)


def test_snapshot_holds_the_verdict_every_output_prints(published):
    d = published
    verdict = indicator_attainment(indicators=[d.pm25], year=YEAR)[d.pm25.pk].verdict
    row = row_of(d.published, d.pm25)
    assert (row["value"], row["value_year"], row["number"]) == ("45", 2023, "45.0000")
    assert row["target"] == verdict.target.text == "30"
    assert (row["status"], row["label"], row["final"]) == (str(verdict.status), verdict.label, False)
    assert row["status"] == "regressing"  # 43, 44, 45 against 42 → 30
    assert row["baseline"] == "42"
    assert row["binding"] is True


def test_snapshot_counts_completed_tasks(published):
    tasks = published.published.snapshot["tasks"]
    assert (tasks["total"], tasks["done"], tasks["unreported"]) == (1, 1, 0)
    assert tasks["chapters"][0]["title"] == "推进大气污染防治"
    assert published.published.snapshot["projects"] == {
        "total": 1,
        "done": 0,
        "in_progress": 0,
        "not_done": 0,
        "unreported": 1,
    }


def test_nothing_unapproved_no_note_and_no_staff_name_is_published(published):
    d = published
    d.pm25.values.filter(year=2023).update(note="监测点位调整", review_comment="已核实")
    again = plan_year_publish(plan=d.plan, year=2024, user=d.users["admin"])
    text = json.dumps(again.snapshot, ensure_ascii=False)
    assert row_of(again, d.pm25)["value_year"] == 2023  # the submitted 2024 figure is not read
    for secret in ["31.7", "沙尘天气影响", "监测点位调整", "已核实", "kc_sthj", "admin", "区生态环境分局"]:
        assert secret not in text


def test_later_approvals_change_nothing_until_published_again(published):
    d = published
    IndicatorValue.objects.filter(indicator=d.pm25, year=YEAR).update(value=33)
    add_values(d.water, {YEAR: 0})
    d.published.refresh_from_db()
    assert row_of(d.published, d.pm25)["value"] == "45"
    assert row_of(d.published, d.water)["value"] == ""

    again = plan_year_publish(plan=d.plan, year=YEAR, user=d.users["admin"])
    assert again.pk == d.published.pk
    assert row_of(again, d.pm25)["value"] == "33"
    assert row_of(again, d.water)["value"] == "0"
    assert again.digest != d.published.digest
    assert PublishedYear.objects.count() == 1


def test_publishing_records_who_and_when_and_data_date(published):
    d = published
    assert d.published.published_by == d.users["admin"]
    approved = datetime.datetime(2024, 3, 5, 9, 30, tzinfo=datetime.UTC)
    d.good_days.values.filter(year=2022).update(reviewed_at=approved)
    d.pm25.values.filter(year=2021).update(reviewed_at=approved - datetime.timedelta(days=300))
    d.unapproved.reviewed_at = approved + datetime.timedelta(days=30)  # not approved: not counted
    d.unapproved.save()
    assert plan_year_publish(plan=d.plan, year=YEAR, user=None).data_as_of == approved
    event = PublicationEvent.objects.order_by("pk").first()
    assert (event.action, event.user, event.year, event.digest) == (
        "publish",
        d.users["admin"],
        YEAR,
        d.published.digest,
    )


def test_withdrawing_is_logged(published):
    d = published
    assert plan_year_unpublish(plan=d.plan, year=YEAR, user=d.users["admin"]) is True
    assert not PublishedYear.objects.exists()
    assert list(PublicationEvent.objects.values_list("action", flat=True)) == ["unpublish", "publish"]
    assert plan_year_unpublish(plan=d.plan, year=YEAR, user=d.users["admin"]) is False
    assert PublicationEvent.objects.count() == 2


@pytest.mark.parametrize("role", ["reviewer", "leader", "reporter_own"])
def test_only_administrators_publish(dash, role):
    with pytest.raises(PermissionDenied):
        plan_year_publish(plan=dash.plan, year=YEAR, user=dash.users[role])
    assert not PublishedYear.objects.exists()
    assert not PublicationEvent.objects.exists()


def test_a_year_outside_the_plan_is_refused_in_chinese(dash):
    with pytest.raises(ValidationError) as refused:
        plan_year_publish(plan=dash.plan, year=2019, user=dash.users["admin"])
    assert "不是本规划的年份" in refused.value.messages[0]
    assert not PublishedYear.objects.exists()


def test_approved_values_only_even_when_the_latest_is_returned(published):
    d = published
    IndicatorValue.objects.filter(indicator=d.pm25, year=YEAR).update(state=ReviewState.RETURNED)
    again = plan_year_publish(plan=d.plan, year=YEAR, user=d.users["admin"])
    assert (row_of(again, d.pm25)["value"], row_of(again, d.pm25)["value_year"]) == ("44", 2022)
