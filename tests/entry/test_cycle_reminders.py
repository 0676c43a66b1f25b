"""send_reminders: 7 and 1 days before the due date and when overdue, to the reporters of units that
still owe records, once per unit, kind and day however often it runs; a new round notifies its units."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError

from entry.cycle import reminders_send, round_close, round_open, round_opened_notify
from indicators.models import ReviewState
from rounds.models import Notification, Reminder, ReportingRound
from tests.factories import IndicatorValueFactory, ReportingRoundFactory

pytestmark = pytest.mark.django_db

DUE = datetime.date(2026, 3, 31)


@pytest.fixture
def round_2025(world):
    """A 2025 round due on 31 March; the reporter of 宽城区's PM2.5 owes its value, with an address."""
    reporter = world.users["reporter_own"]
    reporter.email = "kc_sthj@example.cn"
    reporter.save()
    return ReportingRoundFactory(year=2025, due_date=DUE)


def run(day, capture):
    with capture(execute=True):
        call_command("send_reminders", f"--date={day.isoformat()}")


@pytest.mark.parametrize(
    ("day", "kind"),
    [
        (DUE - datetime.timedelta(days=7), Notification.Kind.DUE_7),
        (DUE - datetime.timedelta(days=1), Notification.Kind.DUE_1),
        (DUE + datetime.timedelta(days=3), Notification.Kind.OVERDUE),
    ],
)
def test_running_twice_on_a_day_sends_once(world, round_2025, django_capture_on_commit_callbacks, day, kind):
    run(day, django_capture_on_commit_callbacks)
    run(day, django_capture_on_commit_callbacks)
    [note] = Notification.objects.all()
    assert (note.user, note.kind) == (world.users["reporter_own"], kind)
    assert "宽城区区生态环境分局" in note.text
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["kc_sthj@example.cn"]
    assert Reminder.objects.get().unit == world.own_unit


def test_the_overdue_text_counts_the_days_late(world, round_2025):
    reminders_send(today=DUE + datetime.timedelta(days=3))
    assert "已逾期3天" in Notification.objects.get().text


def test_no_reminder_more_than_a_week_ahead(world, round_2025):
    for days in (30, 20, 8):
        reminders_send(today=DUE - datetime.timedelta(days=days))
    assert not Notification.objects.exists()


def test_a_missed_day_is_caught_up_once(world, round_2025):
    """Cron did not run 7 days before: the next run sends the week's reminder, the one after does not."""
    reminders_send(today=DUE - datetime.timedelta(days=6))
    reminders_send(today=DUE - datetime.timedelta(days=5))
    assert list(Notification.objects.values_list("kind", flat=True)) == [Notification.Kind.DUE_7]


def test_overdue_units_are_reminded_weekly(world, round_2025):
    for days in range(1, 16):
        reminders_send(today=DUE + datetime.timedelta(days=days))
    assert Notification.objects.filter(kind=Notification.Kind.OVERDUE).count() == 3  # days 1, 8 and 15


def test_units_that_submitted_everything_are_not_reminded(world, round_2025):
    IndicatorValueFactory(indicator=world.indicator, year=2025, state=ReviewState.SUBMITTED)
    assert reminders_send(today=DUE - datetime.timedelta(days=1)) == 0
    assert not Notification.objects.exists()


def test_a_closed_round_reminds_nobody(world, round_2025):
    round_close(user=world.users["admin"], round_=round_2025)
    assert reminders_send(today=DUE + datetime.timedelta(days=1)) == 0


def test_a_moved_due_date_is_announced_again_with_the_new_date(world, round_2025):
    reminders_send(today=DUE - datetime.timedelta(days=7))
    round_2025.due_date = DUE + datetime.timedelta(days=14)
    round_2025.save()
    reminders_send(today=round_2025.due_date - datetime.timedelta(days=7))
    old, new = Notification.objects.filter(kind=Notification.Kind.DUE_7).order_by("pk")
    assert "3月31日" in old.text
    assert "4月14日" in new.text and "3月31日" not in new.text


def test_the_log_allows_one_reminder_per_unit_kind_and_day(world, round_2025):
    Reminder.objects.create(unit=world.own_unit, round=round_2025, kind="due_1", date=DUE, due_date=DUE)
    with pytest.raises(IntegrityError):
        Reminder.objects.create(unit=world.own_unit, round=round_2025, kind="due_1", date=DUE, due_date=DUE)


def test_opening_a_round_notifies_the_reporters_of_its_plans_units(world, django_capture_on_commit_callbacks):
    round_ = ReportingRoundFactory(year=2025, due_date=DUE, closed=True, jurisdictions=[world.district])
    with django_capture_on_commit_callbacks(execute=True):
        round_open(user=world.users["admin"], round_=round_)
    assert round_.state == ReportingRound.State.OPEN and round_.opened_by == world.users["admin"]
    [note] = Notification.objects.all()
    assert note.user == world.users["reporter_own"] and note.kind == Notification.Kind.ROUND_OPENED
    assert note.text == "2025年度填报已开始，请于3月31日前填报并提交。"


def test_a_round_of_another_jurisdiction_notifies_nobody_here(world):
    round_opened_notify(round_=ReportingRoundFactory(year=2025, jurisdictions=[world.sibling]))
    assert not Notification.objects.exists()
