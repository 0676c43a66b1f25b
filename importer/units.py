"""One bureau, one unit: merging responsible units with everything that hangs on them.

A merge moves the merged units' task responsibilities, indicator and key-project links and users'
memberships to the surviving unit, records the merged names among its aliases (so a later import
that prints them finds the survivor) and deletes the merged units. Where both were on one task, the
survivor's row stays with the stronger role (lead > responsible > support): the unique (task, unit)
constraint is never asked to hold two rows.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from django.db import transaction

from accounts.models import ResponsibleUnit, User
from indicators.models import Indicator
from plans.importing.responsibility import stronger_role
from plans.models import KeyProject, TaskResponsibility

# The many-to-many links to units: what each one is called in a merge's counts.
LINKS = {"indicators": Indicator.units, "projects": KeyProject.units, "users": User.units}


class UnitMergeRefused(ValueError):
    """Units of different jurisdictions are different bureaus; the message is for the administrator."""


def units_merge(*, into: ResponsibleUnit, others: Iterable[ResponsibleUnit], user=None) -> Counter:
    """Merge `others` into `into` (see the module docstring); returns what moved, by kind. `user` is who
    asked, for the caller's log: responsibilities keep no history of their own."""
    others = [unit for unit in others if unit.pk != into.pk]
    if any(unit.jurisdiction_id != into.jurisdiction_id for unit in others):
        raise UnitMergeRefused("只能合并同一行政区的责任单位")
    ids = [unit.pk for unit in others]
    moved = Counter()
    with transaction.atomic():
        moved["responsibilities"] = responsibilities_move(
            rows=TaskResponsibility.objects.filter(unit_id__in=ids), into=into
        )
        for kind, relation in LINKS.items():
            moved[kind] = _links_move(relation, ids, into)
        names = {unit.name for unit in others}.union(*(unit.aliases for unit in others), into.aliases)
        into.aliases = sorted(names - {into.name})
        into.save(update_fields=["aliases"])
        ResponsibleUnit.objects.filter(pk__in=ids).delete()
    return moved


def responsibilities_move(*, rows, into: ResponsibleUnit) -> int:
    """The task responsibilities `rows` (a queryset) given to `into`. On a task `into` already holds, or
    that two of the rows share, one row stays (into's own, else the first printed) with the strongest
    role; the others go before any row changes unit."""
    rows = list(rows.exclude(unit=into))
    if not rows:
        return 0
    on_tasks = defaultdict(list)
    for row in TaskResponsibility.objects.filter(task_id__in={r.task_id for r in rows}, unit=into):
        on_tasks[row.task_id].append(row)
    for row in sorted(rows, key=lambda r: (r.task_id, r.order)):
        on_tasks[row.task_id].append(row)
    kept, dropped = [], []
    for group in on_tasks.values():
        keep = group[0]
        for row in group[1:]:
            keep.role = stronger_role(keep.role, row.role)
            dropped.append(row.pk)
        keep.unit = into
        kept.append(keep)
    TaskResponsibility.objects.filter(pk__in=dropped).delete()
    TaskResponsibility.objects.bulk_update(kept, ["unit", "role"])
    return len(rows)


def _links_move(relation, ids: list[int], into: ResponsibleUnit) -> int:
    """Many-to-many links from the units `ids` to `into`, none twice."""
    field = relation.field
    through = relation.through
    owner, unit = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
    links = through.objects.filter(**{f"{unit}__in": ids})
    owners = set(links.values_list(owner, flat=True))
    held = set(
        through.objects.filter(**{unit: into.pk, f"{owner}__in": owners}).values_list(owner, flat=True)
    )
    through.objects.bulk_create(through(**{owner: pk, unit: into.pk}) for pk in owners - held)
    links.delete()
    return len(owners)
