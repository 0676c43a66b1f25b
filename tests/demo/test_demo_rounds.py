"""seed_demo's rounds: 2021–2024 closed, 2025 open and due a month ahead; a second run changes nothing."""

import datetime

import pytest
from django.utils import timezone

from demo.services import seed_demo
from indicators.models import IndicatorValue
from rounds.models import Notification, ReportingRound

pytestmark = pytest.mark.django_db


def test_the_demo_has_closed_rounds_before_an_open_2025(world):
    report = seed_demo()
    rounds = {r.year: r for r in ReportingRound.objects.all()}
    assert report.rounds_created == 5
    assert {year for year, r in rounds.items() if r.state == ReportingRound.State.CLOSED} == {
        2021,
        2022,
        2023,
        2024,
    }
    assert rounds[2025].is_open
    assert rounds[2025].due_date == timezone.localdate() + datetime.timedelta(days=30)
    assert Notification.objects.filter(kind=Notification.Kind.ROUND_OPENED, user__username="kc_sthj").exists()


def test_seeding_again_changes_nothing(world):
    seed_demo()
    values = IndicatorValue.objects.count()
    before = list(ReportingRound.objects.values_list("pk", "state", "due_date"))
    report = seed_demo()
    assert (report.rounds_created, report.values_created) == (0, 0)
    assert list(ReportingRound.objects.values_list("pk", "state", "due_date")) == before
    assert IndicatorValue.objects.count() == values
    assert Notification.objects.count() == 1
