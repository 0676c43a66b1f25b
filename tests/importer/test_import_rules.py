"""Re-importing a plan: every removal confirmed, more than a quarter only as a replacement, recorded
values never lost, jurisdictions never created silently, a 十五五 plan beside the 十四五 plan."""

import copy
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import Jurisdiction
from importer import services
from importer.diff import task_key
from indicators.models import IndicatorValue
from plans.importing import parse_plan
from plans.models import Plan, Task
from tests.factories import IndicatorValueFactory, TaskProgressFactory
from tests.plans.conftest import import_seed, seed_path
from tests.plans.renderings import middle_task, without_task

pytestmark = pytest.mark.django_db


def reimport(outline, **options):
    return services.plan_import_outline(
        outline=outline, source_file="x.txt", source_sha256="0" * 64, **options
    )


@pytest.fixture
def kuancheng():
    return import_seed("000").plan


@pytest.fixture
def without_middle_task(seed_outline):
    """Seed 000's outline with one task in the middle of a section removed, and where it was."""
    current = seed_outline("000")
    chapter, section, position = middle_task(current)
    removed = section.tasks[position - 1]
    outline = parse_plan(without_task(seed_path("000").read_text(encoding="utf-8"), removed))
    return outline, task_key(chapter.number, section.number, position, removed.title), removed


def plan_tasks(plan):
    return Task.objects.filter(section__chapter__plan=plan)


def test_a_removal_is_refused_until_confirmed_and_names_what_goes(kuancheng, without_middle_task):
    outline, key, removed = without_middle_task
    with pytest.raises(services.PlanImportRefused, match="须逐项确认") as refused:
        reimport(outline)
    assert removed.title in refused.value.message
    assert plan_tasks(kuancheng).count() == 112


def test_a_removal_confirmed_by_its_key_removes_only_that_task(kuancheng, without_middle_task):
    outline, key, removed = without_middle_task
    with pytest.raises(services.PlanImportRefused):
        reimport(outline, confirm_removals={"task:9.9.9:另一个任务"})
    report = reimport(outline, confirm_removals={key})
    assert plan_tasks(kuancheng).count() == 111
    assert not plan_tasks(kuancheng).filter(title=removed.title).exists()
    assert [c.key for c in report.diff.removed] == [key]


def test_progress_stays_with_its_task_when_a_task_before_it_goes(kuancheng, without_middle_task):
    outline, key, removed = without_middle_task
    gone = plan_tasks(kuancheng).get(title=removed.title)
    after = plan_tasks(kuancheng).get(section=gone.section, order=gone.order + 1)
    TaskProgressFactory(task=after, narrative="已完成")
    reimport(outline, confirm_removals=True)
    after.refresh_from_db()
    assert after.order == gone.order  # moved up into the removed task's place, progress and all
    assert after.progress.get().narrative == "已完成"
    assert [t.order for t in after.section.tasks.all()] == list(range(1, after.section.tasks.count() + 1))


def test_a_removed_task_with_progress_is_kept_with_it(kuancheng, without_middle_task):
    outline, key, removed = without_middle_task
    gone = plan_tasks(kuancheng).get(title=removed.title)
    units = list(gone.responsibilities.values_list("unit__name", flat=True))
    TaskProgressFactory(task=gone)
    reimport(outline, confirm_removals={key})
    gone.refresh_from_db()
    assert gone.progress.count() == 1
    assert gone.order == gone.section.tasks.count()  # after the document's tasks
    assert list(gone.responsibilities.values_list("unit__name", flat=True)) == units


def test_a_removed_indicator_with_values_is_kept_with_them(kuancheng, seed_outline):
    outline = copy.deepcopy(seed_outline("000"))
    outline.boxes[0].indicators.pop(0)
    pm25 = kuancheng.indicators.get(box__number=1, seq=1)
    IndicatorValueFactory(indicator=pm25, year=2021, value=40)
    with pytest.raises(services.PlanImportRefused, match="已有填报数据"):
        reimport(outline)
    reimport(outline, confirm_removals={"indicator:1.1"})
    assert IndicatorValue.objects.get().indicator_id == pm25.pk
    assert kuancheng.indicators.filter(pk=pm25.pk).exists()


def test_removing_more_than_a_quarter_needs_replace(kuancheng, seed_outline):
    outline = copy.deepcopy(seed_outline("000"))
    outline.chapters = outline.chapters[:3]
    before = plan_tasks(kuancheng).count()
    with pytest.raises(services.PlanImportRefused, match="超过四分之一"):
        reimport(outline, confirm_removals=True)
    assert plan_tasks(kuancheng).count() == before
    reimport(outline, replace=True)
    assert plan_tasks(kuancheng).count() == sum(len(s.tasks) for c in outline.chapters for s in c.sections)


def test_an_unknown_jurisdiction_is_never_created_silently(seed_outline):
    with pytest.raises(services.PlanImportRefused, match="宽城区（上级：长春市）") as refused:
        reimport(seed_outline("000"))
    assert refused.value.check.new_jurisdictions == [("长春市", "吉林省"), ("宽城区", "长春市")]
    assert not Jurisdiction.objects.exists() and not Plan.objects.exists()
    reimport(seed_outline("000"), create_jurisdiction=True)
    assert Jurisdiction.objects.get(name="宽城区").parent.name == "长春市"


def test_a_known_jurisdiction_needs_no_confirmation(kuancheng, seed_outline):
    Plan.objects.all().delete()
    assert reimport(seed_outline("000")).created


def test_the_next_period_plan_links_to_no_plan_of_the_other_period(seed_outline):
    city = import_seed("003").plan
    district = import_seed("000").plan
    assert district.parent_id == city.pk
    following = reimport(parse_plan(next_period_text_of("000")))
    assert following.plan.parent_id is None and following.created
    district.refresh_from_db()
    assert district.parent_id == city.pk


def next_period_text_of(prefix):
    from importer.renderings import next_period_text

    return next_period_text(seed_path(prefix).read_text(encoding="utf-8"))


def test_a_title_of_another_period_is_refused(kuancheng, seed_outline):
    outline = copy.deepcopy(seed_outline("000"))
    outline.plan.period, outline.plan.baseline_year = (2026, 2030), 2025
    with pytest.raises(services.PlanImportRefused, match="已有同名规划"):
        reimport(outline)


def test_the_command_needs_its_flags(kuancheng, tmp_path, without_middle_task):
    outline, key, removed = without_middle_task
    path = tmp_path / "changed.txt"
    path.write_text(without_task(seed_path("000").read_text(encoding="utf-8"), removed), encoding="utf-8")
    with pytest.raises(CommandError, match="--confirm-removals"):
        call_command("import_plan", str(path), stdout=io.StringIO())
    out = io.StringIO()
    call_command("import_plan", str(path), "--confirm-removals", stdout=out)
    assert "删除1项" in out.getvalue()
    assert plan_tasks(kuancheng).count() == 111
