"""Publishing a plan's year, and withdrawing it: the admin and `manage.py publish_plan` call these.

Who may publish: administrators (`accounts.roles.is_admin`). Publishing speaks for the government to the
public, so it stays with the people who administer the system rather than each jurisdiction's reviewer,
whose approval already decides what a published year may contain. `user=None` is a script run on the
server (`manage.py publish_plan`), trusted as the shell it runs in.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_admin

from .models import PublicationEvent, PublishedYear
from .snapshot import data_as_of, digest_of, plan_year_snapshot


def may_publish(user) -> bool:
    return user is None or (user.is_active and is_admin(user))


def plan_year_check(*, plan, year: int, user) -> None:
    if not may_publish(user):
        raise PermissionDenied(_("Only administrators may publish plan years."))
    if not plan.covers(year):
        raise ValidationError(
            _("%(year)s is not a year of this plan (%(start)s–%(end)s).")
            % {"year": year, "start": plan.start_year, "end": plan.end_year},
            code="year",
        )


@transaction.atomic
def plan_year_publish(*, plan, year: int, user=None) -> PublishedYear:
    """Publish (or publish again) `plan`'s `year`: a snapshot of its approved figures as they stand now."""
    plan_year_check(plan=plan, year=year, user=user)
    snapshot = plan_year_snapshot(plan=plan, year=year)
    now = timezone.now()
    digest = digest_of(snapshot)
    published, _created = PublishedYear.objects.update_or_create(
        plan=plan,
        year=year,
        defaults={
            "published_at": now,
            "published_by": user,
            "data_as_of": data_as_of(plan=plan, year=year),
            "snapshot": snapshot,
            "digest": digest,
        },
    )
    PublicationEvent.objects.create(
        plan=plan, year=year, action=PublicationEvent.Action.PUBLISH, user=user, at=now, digest=digest
    )
    return published


@transaction.atomic
def plan_year_unpublish(*, plan, year: int, user=None) -> bool:
    """Withdraw `plan`'s `year` from the public site; False when it was not published."""
    plan_year_check(plan=plan, year=year, user=user)
    deleted, _rows = PublishedYear.objects.filter(plan=plan, year=year).delete()
    if deleted:
        PublicationEvent.objects.create(
            plan=plan, year=year, action=PublicationEvent.Action.UNPUBLISH, user=user, at=timezone.now()
        )
    return bool(deleted)
