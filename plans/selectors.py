"""Reading plans for the pages and reports."""

from collections import defaultdict

from .models import TaskResponsibility


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
