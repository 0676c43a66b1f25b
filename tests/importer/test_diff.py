"""importer.diff: what importing a document over a plan would change, on outlines alone."""

import copy

import pytest

from importer.diff import ADDED, CHANGED, REMOVED, outline_diff, pair_tasks, task_key
from plans.importing import parse_plan
from tests.plans.conftest import seed_path
from tests.plans.renderings import middle_task, with_target, without_task


@pytest.fixture
def kuancheng(seed_outline):
    return copy.deepcopy(seed_outline("000"))


def summary(diff):
    return sorted((c.action, c.kind, c.key) for c in diff.changes)


def test_the_same_outline_changes_nothing(kuancheng, seed_outline):
    diff = outline_diff(seed_outline("000"), kuancheng)
    assert not diff and diff.removed_share == 0


def test_pair_tasks_by_title_then_by_place():
    assert pair_tasks(["a", "b", "c"], ["a", "c"]) == [(0, 0), (2, 1), (1, None)]
    assert pair_tasks(["a", "b", "c"], ["a", "B", "c"]) == [(0, 0), (1, 1), (2, 2)]
    assert pair_tasks(["a"], ["b", "a"]) == [(None, 0), (0, 1)]


def test_a_task_removed_in_the_middle_is_the_only_change(seed_outline):
    text = seed_path("000").read_text(encoding="utf-8")
    current = seed_outline("000")
    chapter, section, position = middle_task(current)
    removed = section.tasks[position - 1]
    diff = outline_diff(current, parse_plan(without_task(text, removed)))
    assert summary(diff) == [
        (REMOVED, "task", task_key(chapter.number, section.number, position, removed.title))
    ]
    assert not diff.is_replacement


def test_a_changed_target_names_the_indicator_and_both_values(seed_outline):
    text = seed_path("000").read_text(encoding="utf-8")
    current = seed_outline("000")
    row = current.boxes[0].indicators[1]
    diff = outline_diff(current, parse_plan(with_target(text, row, "92")))
    [change] = diff.changes
    assert (change.action, change.kind, change.key) == (CHANGED, "indicator", "indicator:1.2")
    assert [(f.name, f.old, f.new) for f in change.fields] == [("target", row.target, "92")]


def test_a_unit_dropped_from_a_task_is_a_removal(kuancheng, seed_outline):
    task = kuancheng.chapters[2].sections[0].tasks[0]
    dropped = task.units.pop()
    diff = outline_diff(seed_outline("000"), kuancheng)
    [change] = diff.removed
    assert change.kind == "unit" and change.key.endswith(f":{dropped.name}")


def test_a_removed_part_with_recorded_values_is_marked(kuancheng, seed_outline):
    kuancheng.boxes[0].indicators.pop(0)
    diff = outline_diff(seed_outline("000"), kuancheng, recorded={"indicator:1.1"})
    [change] = diff.removed
    assert change.recorded and change.key == "indicator:1.1"


def test_a_removed_chapter_lists_its_sections_and_tasks(kuancheng, seed_outline):
    chapter = kuancheng.chapters.pop()
    diff = outline_diff(seed_outline("000"), kuancheng)
    sections = chapter.sections
    assert len(diff.removed) == 1 + len(sections) + sum(len(s.tasks) for s in sections)
    assert {c.action for c in diff.changes} == {REMOVED}


def test_removing_more_than_a_quarter_is_a_replacement(kuancheng, seed_outline):
    kuancheng.chapters = kuancheng.chapters[:3]
    diff = outline_diff(seed_outline("000"), kuancheng)
    assert diff.removed_share > 0.25 and diff.is_replacement


def test_an_added_box_lists_its_rows(kuancheng, seed_outline):
    old = copy.deepcopy(kuancheng)
    old.boxes.pop(0)
    diff = outline_diff(old, kuancheng)
    assert {c.action for c in diff.changes} == {ADDED}
    assert len([c for c in diff.changes if c.kind == "indicator"]) == len(kuancheng.boxes[0].indicators)
