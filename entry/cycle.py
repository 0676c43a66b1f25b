"""The reporting cycle's actions: opening and closing rounds and the daily reminders. They read who still
owes records, so they sit above the records; the calendar and the inbox they write to are `rounds`'.
The rounds' admin and `send_reminders` call these."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import ResponsibleUnit, User
from indicators.kinds import KINDS
from indicators.models import ReviewState
from rounds.models import Notification, Reminder, ReportingRound
from rounds.services import OVERDUE_EVERY_DAYS, Message, entry_link, notifications_send

# A record in these states is no longer owed by its unit.
HANDED_IN = (ReviewState.SUBMITTED, ReviewState.APPROVED)


def round_unit_ids(round_: ReportingRound, *, owing: bool) -> set[int]:
    """Units responsible for an indicator, task or key project of a plan the round covers (whose period
    includes its year); `owing`: only those with one not yet submitted. One query per kind of record."""
    named = round_.jurisdiction_ids()
    unit_ids = set()
    for model in (kind.model for kind in KINDS):
        subject_model = model.subject_model()
        subjects = subject_model.objects.in_year(round_.year)
        if named is not None:
            subjects = subjects.filter(**{f"{subject_model.PLAN_PATH}__jurisdiction_id__in": named})
        if owing:
            handed_in = model.objects.filter(
                year=round_.year, state__in=HANDED_IN, **{model.SUBJECT_FIELD: OuterRef("pk")}
            )
            subjects = subjects.filter(~Exists(handed_in))
        unit_ids |= set(subjects.filter(units__isnull=False).values_list("units", flat=True))
    return unit_ids


def reporters_of(unit_ids) -> dict[int, list[User]]:
    """Active bureau staff of each unit: {unit id: [users]}. One query."""
    staff = defaultdict(list)
    members = User.objects.filter(is_active=True, role=User.Role.REPORTER, units__in=unit_ids).annotate(
        member_of=F("units")
    )
    for user in members:
        staff[user.member_of].append(user)
    return dict(staff)


# --- rounds --------------------------------------------------------------------------------------------


def round_open(*, user, round_: ReportingRound) -> ReportingRound:
    """Open (or open again) a round and tell the reporters of its plans' units."""
    with transaction.atomic():
        round_.state = ReportingRound.State.OPEN
        round_.opened_by, round_.opened_at, round_.closed_at = user, timezone.now(), None
        round_._change_reason = _("opened")
        round_.save()
        round_opened_notify(round_=round_)
    return round_


def round_opened_notify(*, round_: ReportingRound) -> list[Notification]:
    """Notify the reporters of every unit that reports in the round (after its jurisdictions are set)."""
    return _notify_round(
        round_,
        Notification.Kind.ROUND_OPENED,
        lambda: _("Reporting for %(year)s has opened: enter and submit your figures by %(due)s."),
    )


def round_due_changed_notify(*, round_: ReportingRound) -> list[Notification]:
    """Tell the reporters of an open round that its due date changed (the admin, after saving it)."""
    if not round_.is_open:
        return []
    return _notify_round(
        round_,
        Notification.Kind.DUE_CHANGED,
        lambda: _("The due date of reporting for %(year)s has changed: submit your figures by %(due)s."),
    )


def _notify_round(round_, kind, text) -> list[Notification]:
    """Notify the reporters of every unit that reports in the round; `text` gives the message (read in
    the site's language) with the round's year and its due date as it is now."""
    unit_ids = round_unit_ids(round_, owing=False)
    with translation.override(settings.LANGUAGE_CODE):
        message = text() % {"year": round_.year, "due": round_.due_shown()}
        users = {u.pk: u for staff in reporters_of(unit_ids).values() for u in staff}
        messages = [Message(u, kind, message, entry_link(round_.year)) for u in users.values()]
    return notifications_send(messages)


def round_close(*, user, round_: ReportingRound) -> ReportingRound:
    """Close a round: its year takes no new figures (see `indicators.services.record_changes_check`)."""
    round_.state = ReportingRound.State.CLOSED
    round_.closed_at = timezone.now()
    round_._change_reason = _("closed by %(user)s") % {"user": user}
    round_.save()
    return round_


# --- reminders -----------------------------------------------------------------------------------------


def _reminder_kind(days_left: int) -> str | None:
    if 1 < days_left <= 7:
        return Notification.Kind.DUE_7
    if 0 <= days_left <= 1:
        return Notification.Kind.DUE_1
    if days_left < 0:
        return Notification.Kind.OVERDUE
    return None


def _already_sent(round_, kind, today) -> set[int]:
    """Units that got this reminder: for the round's current due date for the due-date ones, within the
    week for overdue ones (so a day cron missed is caught up the next day, nothing is sent twice, and
    a due date moved is announced again)."""
    sent = Reminder.objects.filter(round=round_, kind=kind, due_date=round_.due_date)
    if kind == Notification.Kind.OVERDUE:
        sent = sent.filter(date__gt=today - datetime.timedelta(days=OVERDUE_EVERY_DAYS))
    return set(sent.values_list("unit_id", flat=True))


def _reminder_text(round_, kind, unit, days_left) -> str:
    values = {"year": round_.year, "due": round_.due_shown(), "unit": unit, "days": abs(days_left)}
    if kind == Notification.Kind.OVERDUE:
        return (
            _(
                "Reporting for %(year)s was due on %(due)s: %(unit)s is %(days)d days late and still has records "
                "to submit."
            )
            % values
        )
    return (
        _(
            "Reporting for %(year)s is due on %(due)s (%(days)d days left): %(unit)s still has records to submit."
        )
        % values
    )


@transaction.atomic
def reminders_send(*, today: datetime.date | None = None) -> int:
    """The day's reminders for every open round: 7 and 1 days before its due date and when it is
    overdue, to the reporters of each unit that still owes records. Idempotent: one reminder per unit,
    round, kind and day, also when runs on several hosts overlap (they queue; `Reminder`'s unique
    constraint is the last guard). Returns the number of units reminded."""
    today = today or timezone.localdate()
    reminded, messages = [], []
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        # Runs on several hosts at once queue on the open rounds' rows: the later run finds the
        # reminders logged and sends nothing, instead of failing on Reminder's unique constraint.
        list(ReportingRound.objects.open().order_by("pk").select_for_update().values_list("pk"))
        for round_ in ReportingRound.objects.open().with_coverage():
            days_left = round_.days_left(today)
            kind = _reminder_kind(days_left)
            if kind is None:
                continue
            owing = round_unit_ids(round_, owing=True) - _already_sent(round_, kind, today)
            staff = reporters_of(owing)
            units = ResponsibleUnit.objects.select_related("jurisdiction").in_bulk(list(staff))
            for unit_id, users in staff.items():
                unit = units[unit_id]
                unit = f"{unit.jurisdiction.name}{unit.name}"
                reminded.append(
                    Reminder(unit_id=unit_id, round=round_, kind=kind, date=today, due_date=round_.due_date)
                )
                messages.extend(
                    Message(u, kind, _reminder_text(round_, kind, unit, days_left), entry_link(round_.year))
                    for u in users
                )
        Reminder.objects.bulk_create(reminded)
        notifications_send(messages)
    return len(reminded)
