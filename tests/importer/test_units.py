import pytest

from accounts.models import ResponsibleUnit
from importer.units import UnitMergeRefused, units_merge
from indicators.models import IndicatorValue, TaskProgress
from plans.models import TaskResponsibility
from tests.factories import (
    ChapterFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    KeyProjectFactory,
    SectionFactory,
    TaskFactory,
    TaskProgressFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def short(world):
    """区生态环境分局 printed short as 生态环境分局: a unit of its own with a task of each kind, an
    indicator with a yearly value, a key project and a member."""

    class Short:
        pass

    s = Short()
    s.unit = UnitFactory(jurisdiction=world.district, name="生态环境分局", aliases=["生态分局"])
    section = SectionFactory(chapter=ChapterFactory(plan=world.plan))
    s.shared_task = TaskFactory(section=section, order=1)  # both units on it
    s.own_task = TaskFactory(section=section, order=2)  # only the short name
    TaskResponsibility.objects.create(task=s.shared_task, unit=world.other_unit, role="lead", order=1)
    TaskResponsibility.objects.create(task=s.shared_task, unit=world.own_unit, role="support", order=2)
    TaskResponsibility.objects.create(task=s.shared_task, unit=s.unit, role="responsible", order=3)
    TaskResponsibility.objects.create(task=s.own_task, unit=s.unit, role="lead", order=1)
    s.indicator = IndicatorFactory(plan=world.plan, seq=2)
    s.indicator.units.add(s.unit)
    world.indicator.units.add(s.unit)  # already the survivor's too
    s.value = IndicatorValueFactory(indicator=s.indicator, year=2022)
    s.progress = TaskProgressFactory(task=s.own_task, year=2022)
    s.project = KeyProjectFactory(box__plan=world.plan)
    s.project.units.add(s.unit)
    s.member = UserFactory(username="kc_short", units=[s.unit])
    world.users["reporter_own"].units.add(s.unit)  # a member of both
    return s


def roles(task):
    return [(r.unit.name, r.role, r.order) for r in task.responsibilities.select_related("unit")]


def test_merging_moves_every_responsibility_link_and_member(world, short):
    moved = units_merge(into=world.own_unit, others=[short.unit])
    assert not ResponsibleUnit.objects.filter(pk=short.unit.pk).exists()
    assert roles(short.own_task) == [("区生态环境分局", "lead", 1)]
    assert set(short.indicator.units.all()) == {world.own_unit}
    assert set(world.indicator.units.all()) == {world.own_unit}
    assert set(short.project.units.all()) == {world.own_unit}
    assert set(short.member.units.all()) == {world.own_unit}
    assert set(world.users["reporter_own"].units.all()) == {world.own_unit}
    assert (moved["responsibilities"], moved["indicators"], moved["projects"], moved["users"]) == (2, 2, 1, 2)


def test_on_a_task_of_both_the_survivors_row_stays_with_the_stronger_role(world, short):
    units_merge(into=world.own_unit, others=[short.unit])
    assert roles(short.shared_task) == [("区发改局", "lead", 1), ("区生态环境分局", "responsible", 2)]


def test_two_merged_units_on_one_task_without_the_survivor_leave_one_row(world, short):
    third = UnitFactory(jurisdiction=world.district, name="区环保局")
    TaskResponsibility.objects.create(task=short.own_task, unit=third, role="support", order=2)
    survivor = UnitFactory(jurisdiction=world.district, name="宽城区生态环境分局")
    units_merge(into=survivor, others=[short.unit, third])
    assert roles(short.own_task) == [("宽城区生态环境分局", "lead", 1)]


def test_the_merged_names_become_the_survivors_aliases(world, short):
    units_merge(into=world.own_unit, others=[short.unit])
    world.own_unit.refresh_from_db()
    assert world.own_unit.aliases == ["生态分局", "生态环境分局"]


def test_the_yearly_records_become_visible_to_the_survivors_users(world, short):
    reporter = UserFactory(username="kc_new", units=[world.own_unit])
    assert not IndicatorValue.objects.for_reporter(reporter).filter(pk=short.value.pk).exists()
    units_merge(into=world.own_unit, others=[short.unit])
    assert IndicatorValue.objects.for_reporter(reporter).filter(pk=short.value.pk).exists()
    assert TaskProgress.objects.for_reporter(reporter).filter(pk=short.progress.pk).exists()


def test_units_of_two_jurisdictions_are_not_merged(world, short):
    elsewhere = UnitFactory(jurisdiction=world.sibling, name="生态环境分局")
    with pytest.raises(UnitMergeRefused):
        units_merge(into=world.own_unit, others=[elsewhere])
    assert ResponsibleUnit.objects.filter(pk=elsewhere.pk).exists()


def test_merging_a_unit_into_itself_changes_nothing(world, short):
    units_merge(into=short.unit, others=[short.unit])
    assert roles(short.own_task) == [("生态环境分局", "lead", 1)]
