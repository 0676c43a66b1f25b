"""Who may do what with yearly records. One place, used by the admin, the forms, the API and imports.

Records are IndicatorValue, TaskProgress and ProjectProgress; each belongs to a plan and to the
responsible units of its indicator, task or key project.
"""

from __future__ import annotations

from accounts.models import User
from plans.models import Jurisdiction

from .models import IndicatorValue, ProjectProgress, ReviewState, TaskProgress

EDITABLE_STATES = {ReviewState.DRAFT, ReviewState.RETURNED}


def is_admin(user) -> bool:
    return user.is_superuser or user.role == User.Role.ADMIN


def subject_of(record):
    """The indicator, task or key project a record reports on."""
    if isinstance(record, IndicatorValue):
        return record.indicator
    if isinstance(record, TaskProgress):
        return record.task
    if isinstance(record, ProjectProgress):
        return record.project
    raise TypeError(record)


def plan_of(subject):
    if hasattr(subject, "plan_id"):
        return subject.plan
    if hasattr(subject, "section"):
        return subject.section.chapter.plan
    return subject.box.plan


def user_unit_ids(user) -> set[int]:
    cached = getattr(user, "_unit_ids", None)
    if cached is None:
        cached = user._unit_ids = set(user.units.values_list("pk", flat=True))
    return cached


def subject_unit_ids(subject) -> set[int]:
    return {unit.pk for unit in subject.units.all()}


def visible_jurisdiction_ids(user) -> set[int] | None:
    """Jurisdictions whose plans the user may read; None means all of them."""
    if is_admin(user):
        return None
    cached = getattr(user, "_visible_jurisdictions", None)
    if cached is not None:
        return cached
    roots = {user.jurisdiction_id} if user.jurisdiction_id else set()
    roots |= set(user.units.values_list("jurisdiction_id", flat=True))
    visible = set()
    for root in roots:
        visible |= set(Jurisdiction.objects.within(root).values_list("pk", flat=True))
    user._visible_jurisdictions = visible
    return visible


def can_view_plan(user, plan) -> bool:
    if not user.is_authenticated:
        return False
    visible = visible_jurisdiction_ids(user)
    return visible is None or plan.jurisdiction_id in visible


def can_enter(user, subject, year: int) -> bool:
    """Reporters write only for their own units' subjects and only for years inside the plan period."""
    plan = plan_of(subject)
    return (
        user.is_authenticated
        and user.role == User.Role.REPORTER
        and plan.start_year <= year <= plan.end_year
        and bool(user_unit_ids(user) & subject_unit_ids(subject))
    )


def can_edit(user, record) -> bool:
    return record.state in EDITABLE_STATES and can_enter(user, subject_of(record), record.year)


def can_submit(user, record) -> bool:
    return can_edit(user, record)


def can_review(user, record) -> bool:
    """Reviewers approve or return what was submitted in their jurisdiction (and below it)."""
    if not user.is_authenticated or user.role != User.Role.REVIEWER or not user.jurisdiction_id:
        return False
    return can_view_plan(user, plan_of(subject_of(record)))


def can_approve(user, record) -> bool:
    return record.state == ReviewState.SUBMITTED and can_review(user, record)


def can_return(user, record) -> bool:
    return can_approve(user, record)


def can_reopen(user, record) -> bool:
    return record.state == ReviewState.APPROVED and (can_review(user, record) or is_admin(user))


def can_view_record(user, record) -> bool:
    subject = subject_of(record)
    if can_view_plan(user, plan_of(subject)):
        return True
    return user.is_authenticated and bool(user_unit_ids(user) & subject_unit_ids(subject))


# Page-level rules: what a user may open at all. The navigation, the pages' buttons and the views
# ask these, so a link is shown exactly when following it is allowed.


def may_enter_any(user) -> bool:
    """Whether the 填报 page can save anything for this user (only bureau staff enter values)."""
    return user.is_authenticated and user.role == User.Role.REPORTER


def may_import_values(user) -> bool:
    """Spreadsheet templates and imports: bureau staff for their units, administrators for any plan."""
    return user.is_authenticated and (user.role == User.Role.REPORTER or is_admin(user))


def may_review_any(user) -> bool:
    """Whether `can_approve` can hold for some record: a reviewer attached to a jurisdiction."""
    return user.is_authenticated and user.role == User.Role.REVIEWER and bool(user.jurisdiction_id)


def may_see_review_queue(user) -> bool:
    """Reviewers decide; administrators may watch the queue but not decide (`can_approve`)."""
    return may_review_any(user) or (user.is_authenticated and is_admin(user))
