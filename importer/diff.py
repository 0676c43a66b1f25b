"""What importing an outline over a plan would change: pure, on two outlines, no database.

Parts are matched by their natural keys: a chapter by its number, a section by its chapter's and its
own number, a box by its number, a project by box and 序号. A task is matched within its section by its
title, and failing that by its place among the tasks left unmatched (an edited heading); a task's units
by name. An indicator row is matched within its box (a goal within the text's goals) the same way, by
its name and unit first and then by its place, so that rows printed in another order keep their own
yearly values (`pair_indicators`). `importer.services` writes with the same pairings, so what the preview
shows is what happens.

Each change has a `key` that names it across requests (a confirmation is given by key) and a `label` for
people. Two kinds of change wait for the administrator's confirmation, one by one (`to_confirm`): a
removal, and a change of the name or unit of an indicator that holds recorded yearly values (`recorded`,
given by `plans.selectors.plan_recorded`), whose values then belong to the indicator as renamed. A
removed row with recorded values is kept with them, detached from the document, rather than deleted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from plans.importing import outline as parsed

ADDED, CHANGED, REMOVED = "added", "changed", "removed"
# Kinds that make up a plan's structure, for the share a document would remove.
STRUCTURE_KINDS = ("chapter", "section", "task", "indicator", "project")
# More than this share of the structure removed is a replacement, not a revision.
REPLACE_SHARE = 0.25


@dataclass
class FieldChange:
    name: str
    old: object
    new: object


@dataclass
class Change:
    kind: str  # chapter | section | task | unit | box | indicator | goal | project | plan
    key: str
    label: str
    action: str  # added | changed | removed
    fields: list[FieldChange] = field(default_factory=list)
    recorded: bool = False  # a removal, or a change of name or unit, of a part with recorded yearly values

    @property
    def to_confirm(self) -> bool:
        """A removal, or a change of what a part with recorded values is (its name or unit)."""
        return self.action == REMOVED or (self.action == CHANGED and self.recorded)


@dataclass
class PlanDiff:
    changes: list[Change]
    structure_total: int  # chapters, sections, tasks, indicators and projects of the plan as it is

    def of(self, action: str) -> list[Change]:
        return [c for c in self.changes if c.action == action]

    @property
    def added(self):
        return self.of(ADDED)

    @property
    def changed(self):
        return self.of(CHANGED)

    @property
    def removed(self):
        return self.of(REMOVED)

    @property
    def confirmations(self) -> list[Change]:
        return [c for c in self.changes if c.to_confirm]

    @property
    def structure_removed(self) -> int:
        return sum(1 for c in self.removed if c.kind in STRUCTURE_KINDS)

    @property
    def removed_share(self) -> float:
        return self.structure_removed / self.structure_total if self.structure_total else 0.0

    @property
    def is_replacement(self) -> bool:
        return self.removed_share > REPLACE_SHARE

    def __bool__(self):
        return bool(self.changes)


def pair_tasks(old: list[str], new: list[str]) -> list[tuple[int | None, int | None]]:
    """Pairs of (index in `old`, index in `new`) of one section's task titles: equal titles first, then
    the remaining tasks of the same place; an unpaired index stands alone (a removal or an addition)."""
    pairs, free_old = {}, {}
    for index, title in enumerate(old):
        free_old.setdefault(title, []).append(index)
    unpaired_new = []
    for index, title in enumerate(new):
        if free_old.get(title):
            pairs[index] = free_old[title].pop(0)
        else:
            unpaired_new.append(index)
    left_old = sorted(i for indexes in free_old.values() for i in indexes)
    for index in unpaired_new:
        if index in left_old:
            pairs[index] = index
            left_old.remove(index)
    result = [(pairs.get(index), index) for index in range(len(new))]
    return result + [(index, None) for index in left_old]


def indicator_identity(row) -> tuple[str, str]:
    """What an indicator row is, whatever its place: its name and unit."""
    return (row.name, row.unit or "")


def pair_indicators(old: list, new: list) -> list[tuple[int | None, int | None]]:
    """Pairs of (index in `old`, index in `new`) of one box's indicator rows (or of the text's goals), as
    `pair_tasks` pairs tasks: the same name and unit first, then the same place."""
    return pair_tasks([indicator_identity(r) for r in old], [indicator_identity(r) for r in new])


def outline_diff(
    old: parsed.PlanOutline, new: parsed.PlanOutline, recorded: set[str] = frozenset()
) -> PlanDiff:
    """The changes from `old` (the plan in the database) to `new` (the document); `recorded` holds the
    keys of tasks, indicators and projects with recorded values."""
    changes = []
    changes += _fields("plan", "plan", new.plan.title, old.plan, new.plan, PLAN_FIELDS)
    changes += _chapters(old.chapters, new.chapters, recorded)
    changes += _boxes(old.boxes, new.boxes, recorded)
    changes += _goals(old.goals, new.goals, recorded)
    return PlanDiff(changes=changes, structure_total=structure_count(old))


def structure_count(outline: parsed.PlanOutline) -> int:
    sections = [s for c in outline.chapters for s in c.sections]
    return (
        len(outline.chapters)
        + len(sections)
        + sum(len(s.tasks) for s in sections)
        + sum(len(b.indicators) + len(b.projects) for b in outline.boxes)
    )


PLAN_FIELDS = ("title", "issuer", "doc_number", "issued_date", "period", "baseline_year")
INDICATOR_FIELDS = (
    "seq", "category", "name", "unit", "baseline", "target", "previous_target", "attribute", "footnote",
)  # fmt: skip


def _fields(kind, key, label, old, new, names) -> list[Change]:
    fields = [
        FieldChange(n, getattr(old, n), getattr(new, n)) for n in names if getattr(old, n) != getattr(new, n)
    ]
    return [Change(kind, key, label, CHANGED, fields)] if fields else []


def _match(old: dict, new: dict):
    """(key, old item or None, new item or None) in the new order, removals last."""
    for key, item in new.items():
        yield key, old.get(key), item
    for key, item in old.items():
        if key not in new:
            yield key, item, None


def chapter_key(number) -> str:
    return f"chapter:{number}"


def section_key(chapter, number) -> str:
    return f"section:{chapter}.{number}"


def task_key(chapter, section, position, title) -> str:
    """A task by its place (1-based) in its section and its title, so that a confirmation given for one
    task cannot remove another that took its place meanwhile."""
    return f"task:{chapter}.{section}.{position}:{title}"


def indicator_key(box, seq) -> str:
    return f"indicator:{box}.{seq}"


def goal_key(seq) -> str:
    return f"goal:{seq}"


def renamed_key(key, row) -> str:
    """An indicator's change of name or unit, named by what it becomes: a confirmation given for one
    renaming cannot pass for another."""
    return f"{key}→{row.name}|{row.unit or ''}"


def project_key(box, seq) -> str:
    return f"project:{box}.{seq}"


def _subtree(action, chapter=None, section=None, recorded=frozenset()) -> list[Change]:
    """A whole chapter's or section's parts, all added or all removed."""
    changes = []
    sections = chapter.sections if chapter else [section[1]]
    number = chapter.number if chapter else section[0]
    if chapter:
        changes.append(Change("chapter", chapter_key(number), _chapter_label(chapter), action))
    for s in sections:
        changes.append(Change("section", section_key(number, s.number), _section_label(number, s), action))
        for position, task in enumerate(s.tasks, start=1):
            key = task_key(number, s.number, position, task.title)
            label = _task_label(number, s.number, task)
            changes.append(Change("task", key, label, action, recorded=action == REMOVED and key in recorded))
    return changes


def _chapter_label(chapter) -> str:
    return f"第{chapter.number}章 {chapter.title}"


def _task_label(chapter_number, section_number, task) -> str:
    return f"第{chapter_number}章第{section_number}节：{task.title}"


def _section_label(chapter_number, section) -> str:
    return f"第{chapter_number}章第{section.number}节 {section.title}"


def _chapters(old, new, recorded) -> list[Change]:
    changes = []
    for number, before, after in _match({c.number: c for c in old}, {c.number: c for c in new}):
        if before is None:
            changes += _subtree(ADDED, chapter=after)
        elif after is None:
            changes += _subtree(REMOVED, chapter=before, recorded=recorded)
        else:
            changes += _fields(
                "chapter", chapter_key(number), _chapter_label(after), before, after, ("title", "subtitle")
            )
            changes += _sections(number, before.sections, after.sections, recorded)
    return changes


def _sections(chapter, old, new, recorded) -> list[Change]:
    changes = []
    for number, before, after in _match({s.number: s for s in old}, {s.number: s for s in new}):
        if before is None:
            changes += _subtree(ADDED, section=(chapter, after))
        elif after is None:
            changes += _subtree(REMOVED, section=(chapter, before), recorded=recorded)
        else:
            label = _section_label(chapter, after)
            changes += _fields("section", section_key(chapter, number), label, before, after, ("title",))
            changes += _tasks(chapter, number, before.tasks, after.tasks, recorded)
    return changes


def _tasks(chapter, section, old, new, recorded) -> list[Change]:
    changes = []
    for i, j in pair_tasks([t.title for t in old], [t.title for t in new]):
        if i is None:
            changes.append(
                Change("task", task_key(chapter, section, j + 1, new[j].title), new[j].title, ADDED)
            )
            continue
        key = task_key(chapter, section, i + 1, old[i].title)
        if j is None:
            changes.append(Change("task", key, old[i].title, REMOVED, recorded=key in recorded))
            continue
        changes += _fields("task", key, new[j].title, old[i], new[j], ("title", "text"))
        changes += _units(key, new[j].title, old[i].units, new[j].units)
    return changes


def _units(task_key_, title, old, new) -> list[Change]:
    changes = []
    for name, before, after in _match({u.name: u for u in old}, {u.name: u for u in new}):
        key, label = f"unit:{task_key_}:{name}", f"{title}：{name}"
        if before is None:
            changes.append(Change("unit", key, label, ADDED, [FieldChange("role", None, after.role)]))
        elif after is None:
            changes.append(Change("unit", key, label, REMOVED, [FieldChange("role", before.role, None)]))
        else:
            changes += _fields("unit", key, label, before, after, ("role",))
    return changes


def row_seq(row, index: int) -> int:
    """A row's 序号, or its place (1-based) when it has none."""
    return row.seq or index + 1


def _indicators(box, old, new, recorded) -> list[Change]:
    changes = []
    for i, j in pair_indicators(old, new):
        row = new[j] if j is not None else old[i]
        place = row_seq(row, j if j is not None else i)
        label = f"专栏{box}-{place} {row.name}"
        if i is None:
            changes.append(Change("indicator", indicator_key(box, place), label, ADDED))
            continue
        key = indicator_key(box, row_seq(old[i], i))
        after = new[j] if j is not None else None
        changes += _matched(key, "indicator", label, old[i], after, INDICATOR_FIELDS, recorded)
    return changes


def _matched(key, kind, label, before, after, names, recorded) -> list[Change]:
    """The change of one matched row; a change of name or unit of a row with recorded values is to be
    confirmed, under its own key."""
    changes = _pair(key, kind, label, before, after, names, recorded)
    if after is not None and key in recorded and indicator_identity(before) != indicator_identity(after):
        for change in changes:
            change.key, change.recorded = renamed_key(key, after), True
    return changes


def _boxes(old, new, recorded) -> list[Change]:
    changes = []
    for number, before, after in _match({b.number: b for b in old}, {b.number: b for b in new}):
        box = before or after
        label = f"专栏{number} {box.title}"
        if before is not None and after is not None:
            changes += _fields("box", f"box:{number}", label, before, after, ("title", "kind"))
        elif after is None:
            changes.append(Change("box", f"box:{number}", label, REMOVED))
        else:
            changes.append(Change("box", f"box:{number}", label, ADDED))
        empty = parsed.Box(number=number, title="", kind="")
        changes += _indicators(number, (before or empty).indicators, (after or empty).indicators, recorded)
        projects_before = {p.seq: p for p in (before or empty).projects}
        projects_after = {p.seq: p for p in (after or empty).projects}
        for seq, project_before, project_after in _match(projects_before, projects_after):
            key = project_key(number, seq)
            label = f"专栏{number}-{seq} {(project_after or project_before).title}"
            changes += _pair(
                key, "project", label, project_before, project_after, ("title", "text"), recorded
            )
    return changes


def _goals(old, new, recorded) -> list[Change]:
    changes = []
    for i, j in pair_indicators(old, new):
        if i is None:
            changes.append(Change("goal", goal_key(j + 1), new[j].name, ADDED))
            continue
        after = new[j] if j is not None else None
        label = (after or old[i]).name
        changes += _matched(
            goal_key(i + 1), "goal", label, old[i], after, ("name", "target", "unit"), recorded
        )
    return changes


def _pair(key, kind, label, before, after, names, recorded) -> list[Change]:
    if before is None:
        return [Change(kind, key, label, ADDED)]
    if after is None:
        return [Change(kind, key, label, REMOVED, recorded=key in recorded)]
    return _fields(kind, key, label, before, after, names)
