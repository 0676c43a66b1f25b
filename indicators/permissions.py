"""Who may do what with yearly records. One place, used by the admin, the forms, the API and imports.

Records are of the kinds in `kinds.KINDS`; each belongs to a plan and to the responsible units
of its subject (indicator, task or key project). Whether a year is one of the plan's is not a
permission but a validation (`Plan.covers`), checked by the services before these rules.
"""

from __future__ import annotations

from accounts.models import User
from accounts.roles import ROLE_PERMISSIONS, is_admin
from accounts.scope import scope_of, user_unit_ids, visible_jurisdiction_ids

from .states import EDITABLE_STATES, ReviewState

__all__ = [
    "EDITABLE_STATES",
    "ROLE_PERMISSIONS",
    "is_admin",
    "user_unit_ids",
    "visible_jurisdiction_ids",
]


def subject_unit_ids(subject) -> set[int]:
    return {unit.pk for unit in subject.units.all()}


def can_enter(user, subject) -> bool:
    """Reporters write only for what their own units are responsible for."""
    return (
        user.is_authenticated
        and user.role == User.Role.REPORTER
        and bool(user_unit_ids(user) & subject_unit_ids(subject))
    )


def can_edit(user, record) -> bool:
    return record.state in EDITABLE_STATES and can_enter(user, record.subject)


def can_submit(user, record) -> bool:
    return can_edit(user, record)


def can_review(user, record) -> bool:
    """Reviewers approve or return what was submitted in their jurisdiction (and below it), never
    what they reported themselves (a role can change)."""
    if not may_review_any(user) or record.reported_by_id == user.pk:
        return False
    return scope_of(user).sees(jurisdiction_id=record.plan.jurisdiction_id)


def can_approve(user, record) -> bool:
    return record.state == ReviewState.SUBMITTED and can_review(user, record)


def can_return(user, record) -> bool:
    return can_approve(user, record)


def may_reopen(user, record) -> bool:
    """Who may reopen the record once it is approved."""
    return can_review(user, record) or is_admin(user)


def can_reopen(user, record) -> bool:
    return record.state == ReviewState.APPROVED and may_reopen(user, record)


def can_view_record(user, record) -> bool:
    """The rule of `accounts.scope` for a loaded record: of a jurisdiction the user reads, or of a
    subject their units are responsible for (the records' `visible_to`)."""
    if not user.is_authenticated:
        return False
    subject = record.subject
    return scope_of(user).sees(
        jurisdiction_id=subject.plan.jurisdiction_id, unit_ids=subject_unit_ids(subject)
    )


# Page-level rules: what a user may open at all. The navigation, the pages' buttons, the admin and
# the views ask these, so a link is shown exactly when following it is allowed.


def may_enter_any(user) -> bool:
    """Whether the 填报 page can save anything for this user (only bureau staff enter values)."""
    return user.is_authenticated and user.role == User.Role.REPORTER


def may_import_values(user) -> bool:
    """Spreadsheet templates and imports: bureau staff for their units, administrators for any plan."""
    return user.is_authenticated and (user.role == User.Role.REPORTER or is_admin(user))


def may_review_any(user) -> bool:
    """Whether `can_approve` can hold for some record: a reviewer attached to a jurisdiction."""
    return user.is_authenticated and user.role == User.Role.REVIEWER and bool(user.jurisdiction_id)


def may_reopen_any(user) -> bool:
    return may_review_any(user) or (user.is_authenticated and is_admin(user))


def may_see_review_queue(user) -> bool:
    """Reviewers decide; administrators may watch the queue but not decide (`can_approve`)."""
    return may_reopen_any(user)
