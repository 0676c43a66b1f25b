"""Reading plans for the pages and reports."""

from collections import defaultdict

from django.db.models import Q

from accounts.models import Jurisdiction

from .models import Plan, TaskResponsibility


def jurisdictions_in_view(user):
    """The jurisdictions a user may choose on the pages and reports: those they read whole and those of
    the plans they open for their units' rows (`accounts.scope`); what is shown within one is still
    only what they may read."""
    return Jurisdiction.objects.filter(
        Q(pk__in=Jurisdiction.objects.visible_to(user).values("pk"))
        | Q(pk__in=Plan.objects.visible_to(user).values("jurisdiction_id"))
    )


def task_units_by_role(plan_ids) -> dict[int, tuple[list[str], list[str]]]:
    """{task id: (its lead units, its other units)} for the tasks of many plans, in printed order, in one
    query of plain tuples (reports list thousands of tasks)."""
    units = defaultdict(lambda: ([], []))
    for task_id, role, name in (
        TaskResponsibility.objects.filter(task__section__chapter__plan_id__in=plan_ids)
        .order_by("task_id", "order")
        .values_list("task_id", "role", "unit__name")
    ):
        units[task_id][role != TaskResponsibility.Role.LEAD].append(name)
    return units
