"""Writes of the reporting cycle: opening and closing rounds, notifying users (in the application and by
e-mail, in bulk) and the daily reminders. The admin, `indicators.services` and `send_reminders` call these.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plans.models import ResponsibleUnit

from . import selectors
from .models import Notification, Reminder, ReportingRound

logger = logging.getLogger(__name__)

# How many subjects a notification about sent-back records names before "…".
NAMED_SUBJECTS = 3
# Overdue units are reminded on their first day late, then once a week while they still owe records.
OVERDUE_EVERY_DAYS = 7


@dataclass(frozen=True)
class Message:
    user: object
    kind: str
    text: str
    link: str = ""


def entry_link(year: int) -> str:
    return f"{reverse('indicators:entry')}?year={year}"


# --- delivering ----------------------------------------------------------------------------------------


def notifications_send(messages: list[Message]) -> list[Notification]:
    """Store the messages (one bulk insert) and e-mail those whose user has an address, once the
    transaction commits: a refused write sends nothing."""
    if not messages:
        return []
    created = Notification.objects.bulk_create(
        [Notification(user=m.user, kind=m.kind, text=m.text, link=m.link) for m in messages]
    )
    mails = [m for m in messages if m.user.email]
    if mails:
        transaction.on_commit(lambda: _email(mails))
    return created


def _email(messages: list[Message]):
    """One connection for the lot; a mail server that fails costs the e-mails, not the request (the
    notifications are stored)."""
    subject_prefix = _("[Plan indicators] ")
    site = settings.SITE_URL.rstrip("/")
    emails = [
        mail.EmailMessage(
            subject=subject_prefix + str(Notification.Kind(m.kind).label),
            body=f"{m.text}\n\n{site}{m.link}" if m.link else m.text,
            to=[m.user.email],
        )
        for m in messages
    ]
    try:
        mail.get_connection().send_messages(emails)
    except Exception:  # noqa: BLE001 - any transport error: logged, the in-app notifications remain
        logger.exception("sending %d notification e-mails failed", len(emails))


def notification_read(*, user, notification_id) -> bool:
    """Mark one of the user's notifications read; False when it is not theirs (or not there)."""
    return bool(
        Notification.objects.filter(user=user, pk=notification_id, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        or Notification.objects.filter(user=user, pk=notification_id).exists()
    )


def notifications_read_all(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


# --- records sent back ---------------------------------------------------------------------------------


def records_sent_back(*, records, action: str, reason: str):
    """Tell each reporter that records they reported were returned or reopened: one notification per
    reporter and year, whatever the number of records (called by `indicators.services.records_transition`)."""
    kind = Notification.Kind.RETURNED if action == "return" else Notification.Kind.REOPENED
    grouped = defaultdict(list)
    for record in records:
        if record.reported_by_id:
            grouped[(record.reported_by_id, record.year)].append(record)
    if not grouped:
        return []
    from accounts.models import User

    users = User.objects.in_bulk({user_id for user_id, _year in grouped})
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for (user_id, year), sent_back in grouped.items():
            user = users.get(user_id)
            if user is None or not user.is_active:
                continue
            named = "、".join(_subject_name(r) for r in sent_back[:NAMED_SUBJECTS])
            if len(sent_back) > NAMED_SUBJECTS:
                named += "…"
            values = {"year": year, "count": len(sent_back), "subjects": named, "reason": reason}
            if kind == Notification.Kind.RETURNED:
                text = ngettext(
                    "%(count)d record of %(year)s was returned to you (%(subjects)s). Reason: %(reason)s",
                    "%(count)d records of %(year)s were returned to you (%(subjects)s). Reason: %(reason)s",
                    len(sent_back),
                )
            else:
                text = ngettext(
                    "%(count)d approved record of %(year)s was reopened for correction (%(subjects)s). "
                    "Reason: %(reason)s",
                    "%(count)d approved records of %(year)s were reopened for correction (%(subjects)s). "
                    "Reason: %(reason)s",
                    len(sent_back),
                )
            messages.append(Message(user, kind, text % values, entry_link(year)))
    return notifications_send(messages)


def _subject_name(record) -> str:
    subject = record.subject
    return getattr(subject, "name", None) or subject.title


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
    unit_ids = selectors.round_unit_ids(round_, owing=False)
    with translation.override(settings.LANGUAGE_CODE):
        message = text() % {"year": round_.year, "due": round_.due_shown()}
        users = {u.pk: u for staff in selectors.reporters_of(unit_ids).values() for u in staff}
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
            owing = selectors.round_unit_ids(round_, owing=True) - _already_sent(round_, kind, today)
            staff = selectors.reporters_of(owing)
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
