"""Reading yearly records of every kind (values, task and project progress) as a user may see them.

Used by the review page and the admin; `selectors.values_visible_to` covers values, the two
progress kinds follow the same rule: the plan's jurisdiction is visible to the user, or the
subject is one of the user's units'.
"""

from django.db.models import Q

from plans.models import KeyProject

from . import permissions, selectors
from .models import ProjectProgress, ReviewState, TaskProgress

KINDS = ("value", "task", "project")


def _visible(qs, user, plan_path: str, units_path: str):
    visible = permissions.visible_jurisdiction_ids(user)
    if visible is None:
        return qs
    return qs.filter(
        Q(**{f"{plan_path}__jurisdiction_id__in": visible})
        | Q(**{f"{units_path}__in": permissions.user_unit_ids(user)})
    ).distinct()


def task_progress_visible_to(user):
    qs = TaskProgress.objects.select_related(
        "task__section__chapter__plan__jurisdiction", "reported_by", "reviewed_by"
    ).prefetch_related("task__units")
    return _visible(qs, user, "task__section__chapter__plan", "task__units")


def project_progress_visible_to(user):
    qs = ProjectProgress.objects.select_related(
        "project__box__plan__jurisdiction", "reported_by", "reviewed_by"
    ).prefetch_related("project__units")
    return _visible(qs, user, "project__box__plan", "project__units")


def records_visible_to(user, kind: str):
    if kind == "value":
        return selectors.values_visible_to(user)
    if kind == "task":
        return task_progress_visible_to(user)
    if kind == "project":
        return project_progress_visible_to(user)
    raise ValueError(kind)


def _submitted(user, kind):
    return records_visible_to(user, kind).filter(state=ReviewState.SUBMITTED).order_by("year", "pk")


class ReviewQueue:
    """What waits for this reviewer: submitted records of every kind in their jurisdiction and below,
    values first, then task and project progress, as one sequence a `Paginator` can slice: a page costs
    one COUNT per kind and one query per kind it reaches, whatever the size of the queue."""

    def __init__(self, user):
        self.user = user
        self._counts = None

    def counts(self) -> dict[str, int]:
        if self._counts is None:
            self._counts = {kind: _submitted(self.user, kind).count() for kind in KINDS}
        return self._counts

    def __len__(self):
        return sum(self.counts().values())

    def __getitem__(self, items: slice) -> list[tuple[str, object]]:
        start, stop, _step = items.indices(len(self))
        found, offset = [], 0
        for kind, count in self.counts().items():
            low, high = max(start - offset, 0), min(stop - offset, count)
            if low < high:
                found += [(kind, record) for record in _submitted(self.user, kind)[low:high]]
            offset += count
        return found


def projects_for_entry(user):
    """Key projects of the user's own units (the 填报 page's third part)."""
    return (
        KeyProject.objects.filter(units__in=permissions.user_unit_ids(user))
        .select_related("box__plan__jurisdiction")
        .prefetch_related("units")
        .distinct()
        .order_by("box__plan_id", "box__number", "seq")
    )
