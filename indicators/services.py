"""Every write of a yearly record goes through here: entering, submitting, reviewing, reopening.

The admin, the 填报 page, the API and spreadsheet imports all call these functions, so each rule
(who may, in which state, with which figure) lives once. Each call is one transaction and leaves a
history row with who did it and why.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import permissions
from .models import Direction, IndicatorValue, ProgressStatus, ProjectProgress, ReviewState, TaskProgress
from .validation import clean_number


class ConflictError(Exception):
    """Somebody else saved the record since it was read: the second save is refused."""

    def __init__(self, message=None):
        super().__init__(message or _("Someone else changed this record meanwhile; reload it and try again."))


def _check(allowed: bool, message: str):
    if not allowed:
        raise PermissionDenied(message)


def _locked(record):
    return type(record).objects.select_for_update(of=("self",)).get(pk=record.pk)


def _check_version(record, version):
    if version is not None and int(version) != record.version:
        raise ConflictError


def _save(record, *, user, reason):
    record._history_user = user
    record._change_reason = reason
    record.save()
    return record


def _write(model, *, lookup: dict, user, version, fields: dict, reason: str):
    """Create or update the record of `lookup`, refusing locked states and stale versions."""
    with transaction.atomic():
        # Explicit pk order: the model's default ordering joins nullable relations, which PostgreSQL
        # cannot lock FOR UPDATE.
        record = model.objects.select_for_update(of=("self",)).filter(**lookup).order_by("pk").first()
        if record is None:
            if version not in (None, "", 0, "0"):
                raise ConflictError  # the caller saw a record that has since gone
            record = model(**lookup, **fields, reported_by=user, state=ReviewState.DRAFT, version=1)
            try:
                with transaction.atomic():
                    return _save(record, user=user, reason=reason or _("entered"))
            except IntegrityError:
                raise ConflictError from None
        if record.state not in permissions.EDITABLE_STATES:
            raise PermissionDenied(
                _("This record is %(state)s and cannot be changed.") % {"state": record.get_state_display()}
            )
        _check_version(record, version)
        for name, value in fields.items():
            setattr(record, name, value)
        record.reported_by = user
        record.version += 1
        return _save(record, user=user, reason=reason or _("edited"))


def value_save(*, user, indicator, year, value=None, status="", note="", version=None, reason=""):
    """Enter or edit the value of an indicator for a year (a draft until submitted)."""
    _check(
        permissions.can_enter(user, indicator, int(year)),
        _("You may not report this indicator for %(year)s.") % {"year": year},
    )
    if indicator.direction == Direction.QUALITATIVE:
        if status not in ProgressStatus.values:
            raise ValidationError(_("Choose a status for this qualitative target."), code="status")
        fields = {"value": None, "status": status, "note": note}
    else:
        if value in (None, ""):
            raise ValidationError(_("Enter a number."), code="required")
        fields = {
            "value": clean_number(value, name=indicator.name, unit=indicator.unit),
            "status": "",
            "note": note,
        }
    return _write(
        IndicatorValue,
        lookup={"indicator": indicator, "year": int(year)},
        user=user,
        version=version,
        fields=fields,
        reason=reason,
    )


def _progress_fields(status, narrative, note):
    if status not in ProgressStatus.values:
        raise ValidationError(_("Choose a status."), code="status")
    return {"status": status, "narrative": narrative, "note": note}


def task_progress_save(*, user, task, year, status, narrative="", note="", version=None, reason=""):
    _check(
        permissions.can_enter(user, task, int(year)),
        _("You may not report this task for %(year)s.") % {"year": year},
    )
    return _write(
        TaskProgress,
        lookup={"task": task, "year": int(year)},
        user=user,
        version=version,
        fields=_progress_fields(status, narrative, note),
        reason=reason,
    )


def project_progress_save(*, user, project, year, status, narrative="", note="", version=None, reason=""):
    _check(
        permissions.can_enter(user, project, int(year)),
        _("You may not report this project for %(year)s.") % {"year": year},
    )
    return _write(
        ProjectProgress,
        lookup={"project": project, "year": int(year)},
        user=user,
        version=version,
        fields=_progress_fields(status, narrative, note),
        reason=reason,
    )


def record_submit(*, user, record, version=None):
    with transaction.atomic():
        record = _locked(record)
        _check(permissions.can_submit(user, record), _("You may not submit this record."))
        _check_version(record, version)
        record.state = ReviewState.SUBMITTED
        record.version += 1
        return _save(record, user=user, reason=_("submitted"))


def record_approve(*, user, record, version=None):
    with transaction.atomic():
        record = _locked(record)
        _check(permissions.can_approve(user, record), _("You may not approve this record."))
        _check_version(record, version)
        record.state = ReviewState.APPROVED
        record.reviewed_by, record.reviewed_at, record.review_comment = user, timezone.now(), ""
        record.version += 1
        return _save(record, user=user, reason=_("approved"))


def _required_reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason."), code="reason")
    return reason


def record_return(*, user, record, reason, version=None):
    reason = _required_reason(reason)
    with transaction.atomic():
        record = _locked(record)
        _check(permissions.can_return(user, record), _("You may not return this record."))
        _check_version(record, version)
        record.state = ReviewState.RETURNED
        record.reviewed_by, record.reviewed_at, record.review_comment = user, timezone.now(), reason
        record.version += 1
        return _save(record, user=user, reason=_("returned: %(reason)s") % {"reason": reason})


def record_reopen(*, user, record, reason, version=None):
    """Unlock an approved record so its reporters can correct it; the reason stays in the history."""
    reason = _required_reason(reason)
    with transaction.atomic():
        record = _locked(record)
        _check(permissions.can_reopen(user, record), _("You may not reopen this record."))
        _check_version(record, version)
        record.state = ReviewState.RETURNED
        record.reviewed_by, record.reviewed_at, record.review_comment = user, timezone.now(), reason
        record.version += 1
        return _save(record, user=user, reason=_("reopened: %(reason)s") % {"reason": reason})
