"""Notifying users, in the application and by e-mail, in bulk: `indicators.services` tells reporters of
records sent back; `entry.cycle` of rounds opening, of due dates moved and of reminders."""

from __future__ import annotations

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

from .models import Notification

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
    return f"{reverse('entry:entry')}?year={year}"


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
