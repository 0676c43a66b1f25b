"""Importing a plan reads each kind of row once and writes it in bulk, so a first import and a re-import
run a number of queries that does not grow with the plan's size (written row by row, one district plan
took about 600). Only the rows that changed are written again: each keeps a history row and moves its
`updated_at`, which the dashboard's fingerprint reads."""

import copy
from dataclasses import replace

import pytest

from importer import services
from indicators.fingerprint import fingerprint
from indicators.models import Indicator
from plans.models import Plan, Task
from tests.factories import IndicatorValueFactory, TaskProgressFactory

pytestmark = pytest.mark.django_db

# Every query of one import: the check against the saved plan (its outline and recorded rows), the
# jurisdictions and the plan, then one read and at most a few bulk statements per kind of row. SQLite
# splits a bulk statement every 999 parameters, which is why the budget leaves some room.
BUDGET = 60


def doubled(outline):
    """The outline of another jurisdiction's plan with every chapter, box and goal printed twice."""
    twice = copy.deepcopy(outline)
    chapters = max(chapter.number for chapter in outline.chapters)
    boxes = max(box.number for box in outline.boxes)
    twice.chapters += [replace(copy.deepcopy(c), number=c.number + chapters) for c in outline.chapters]
    twice.boxes += [replace(copy.deepcopy(b), number=b.number + boxes) for b in outline.boxes]
    twice.goals += [replace(goal, name=f"{goal.name}（另）") for goal in outline.goals]
    twice.plan = replace(
        outline.plan, jurisdiction=f"另{outline.plan.jurisdiction}", title=f"另{outline.plan.title}"
    )
    return twice


def revised(outline):
    """The outline with every task's text, indicator's target and project's text reworded."""
    again = copy.deepcopy(outline)
    for task in (t for c in again.chapters for s in c.sections for t in s.tasks):
        task.text += "（修订）"
    for box in again.boxes:
        for row in box.indicators:
            row.target = f"{row.target}（修订）"
        for project in box.projects:
            project.text += "（修订）"
    return again


def import_outline(outline, **options):
    return services.plan_import_outline(
        outline=outline, source_file="plan.txt", source_sha256="0" * 64, create_jurisdiction=True, **options
    )


def task_count(outline):
    return sum(len(section.tasks) for chapter in outline.chapters for section in chapter.sections)


@pytest.mark.parametrize("size", [1, 2])
def test_an_import_and_a_reimport_keep_one_budget_at_any_size(
    seed_outline, django_assert_max_num_queries, size
):
    outline = seed_outline("000") if size == 1 else doubled(seed_outline("000"))
    with django_assert_max_num_queries(BUDGET):
        first = import_outline(outline)
    with django_assert_max_num_queries(BUDGET):
        again = import_outline(outline)
    assert first.created and not again.created
    assert Task.objects.filter(section__chapter__plan=first.plan).count() == size * task_count(
        seed_outline("000")
    )


def test_a_revision_of_every_row_keeps_the_budget(seed_outline, django_assert_max_num_queries):
    plan = import_outline(seed_outline("000")).plan
    with django_assert_max_num_queries(BUDGET):
        import_outline(revised(seed_outline("000")))
    tasks = Task.objects.filter(section__chapter__plan=plan)
    assert tasks.count() == tasks.filter(text__endswith="（修订）").count() > 0
    assert not plan.indicators.filter(box__isnull=False).exclude(target_text__endswith="（修订）").exists()


def test_a_revision_keeping_recorded_rows_keeps_the_budget(seed_outline, django_assert_max_num_queries):
    """Rows the document dropped but that hold recorded values stay, moved after the document's rows, while
    the rows after them move up one place."""
    plan = import_outline(seed_outline("000")).plan
    box = seed_outline("000").boxes[0]
    dropped = plan.indicators.get(box__number=box.number, seq=box.indicators[0].seq)
    IndicatorValueFactory(indicator=dropped, year=2021, value=1)
    task = Task.objects.filter(section__chapter__plan=plan).order_by("section_id", "order").first()
    TaskProgressFactory(task=task)
    shorter = copy.deepcopy(seed_outline("000"))
    rows = shorter.boxes[0].indicators
    del rows[0]
    for seq, row in enumerate(rows, start=1):
        row.seq = seq
    section = next(
        s for c in shorter.chapters for s in c.sections if s.tasks and s.tasks[0].title == task.title
    )
    del section.tasks[0]
    with django_assert_max_num_queries(BUDGET):
        import_outline(shorter, confirm_removals=True)
    dropped.refresh_from_db()
    task.refresh_from_db()
    assert dropped.seq == len(rows) + 1
    assert plan.indicators.get(box__number=box.number, seq=1).name == box.indicators[1].name
    assert task.order == len(section.tasks) + 1


def test_a_reimport_that_changes_nothing_writes_no_indicator(seed_outline):
    plan = import_outline(seed_outline("000")).plan
    before = dict(plan.indicators.values_list("pk", "updated_at"))
    history = Indicator.history.count()
    stamp = fingerprint()
    import_outline(seed_outline("000"))
    assert dict(plan.indicators.values_list("pk", "updated_at")) == before
    assert Indicator.history.count() == history
    assert fingerprint() == stamp


def test_every_imported_indicator_has_its_creation_in_its_history(seed_outline):
    plan = import_outline(seed_outline("000")).plan
    created = Indicator.history.filter(history_type="+")
    assert set(created.values_list("id", flat=True)) == set(plan.indicators.values_list("pk", flat=True))


def test_a_changed_indicator_moves_its_change_time_and_keeps_a_history_row(seed_outline):
    plan = import_outline(seed_outline("000")).plan
    outline = copy.deepcopy(seed_outline("000"))
    row = outline.boxes[0].indicators[0]
    indicator = plan.indicators.get(box__number=outline.boxes[0].number, seq=row.seq)
    others = dict(plan.indicators.exclude(pk=indicator.pk).values_list("pk", "updated_at"))
    stamp = fingerprint()
    row.target = "12345"
    import_outline(outline, confirm_removals=True)
    changed = Indicator.objects.get(pk=indicator.pk)
    assert changed.target_text == "12345" and changed.updated_at > indicator.updated_at
    assert list(changed.history.values_list("history_type", "target_text")) == [
        ("~", "12345"),
        ("+", indicator.target_text),
    ]
    assert dict(plan.indicators.exclude(pk=indicator.pk).values_list("pk", "updated_at")) == others
    assert fingerprint() != stamp


def test_a_city_plan_imported_after_its_districts_links_their_indicators(seed_outline):
    city_outline = seed_outline("003")
    district = import_outline(seed_outline("000")).plan
    assert not district.indicators.filter(parent_indicator__isnull=False).exists()
    city = import_outline(city_outline).plan
    district.refresh_from_db()
    linked = district.indicators.filter(parent_indicator__isnull=False).select_related("parent_indicator")
    assert district.parent_id == city.pk and linked.exists()
    assert all(i.parent_indicator.plan_id == city.pk and i.parent_indicator.key == i.key for i in linked)
    assert Plan.objects.count() == 2
