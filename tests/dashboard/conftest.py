import pytest

from indicators.models import ReviewState
from plans.models import Box, Jurisdiction
from tests.factories import (
    BoxFactory,
    ChapterFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    KeyProjectFactory,
    PlanFactory,
    SectionFactory,
    TaskFactory,
    UnitFactory,
)
from tests.indicators.conftest import world  # noqa: F401  (re-exported fixture)

APPROVED = ReviewState.APPROVED


def add_values(indicator, values, state=APPROVED):
    for year, value in values.items():
        IndicatorValueFactory(indicator=indicator, year=year, value=value, state=state)


@pytest.fixture
def dash(world):  # noqa: F811
    """The `world` plus: a main table of three indicators (one binding PM2.5 off track), a chapter with a
    task, a projects box, a sibling district's PM2.5 under the city's, and a synthetic plan elsewhere."""
    w = world
    box = w.indicator.box
    w.pm25 = w.indicator  # 42 → 30, lower is better, binding
    add_values(w.pm25, {2021: 43, 2022: 44, 2023: 45})  # worse every year: forecast misses
    w.good_days = IndicatorFactory(
        plan=w.plan,
        box=box,
        name="空气质量优良天数比例",
        unit="%",
        baseline_text="85",
        baseline_value=85,
        target_text="90",
        target_value=90,
        direction="higher_is_better",
        key="good_air_days_ratio",
    )
    w.good_days.units.add(w.other_unit)
    add_values(w.good_days, {2021: 86, 2022: 88, 2023: 90})
    w.water = IndicatorFactory(
        plan=w.plan,
        box=box,
        category="水环境",
        name="劣Ⅴ类水体比例",
        unit="%",
        baseline_text="0",
        baseline_value=0,
        target_text="0",
        target_value=0,
        direction="hold",
        attribute="预期性",
        key="worst_water_ratio",
    )
    chapter = ChapterFactory(plan=w.plan, number=1, title="推进大气污染防治")
    w.task = TaskFactory(section=SectionFactory(chapter=chapter, number=1))
    w.task.responsibilities.create(unit=w.own_unit, role="lead", order=1)
    w.projects = BoxFactory(plan=w.plan, number=9, title="重点工程", kind=Box.Kind.PROJECTS)
    w.project = KeyProjectFactory(box=w.projects, title="燃煤锅炉淘汰工程")

    w.city_plan = PlanFactory(jurisdiction=w.city, title="长春市生态环境保护“十四五”规划")
    w.city_pm25 = IndicatorFactory(plan=w.city_plan, target_text="28", target_value=28)
    w.pm25.parent_indicator = w.city_pm25
    w.pm25.save()
    w.sibling_plan = PlanFactory(jurisdiction=w.sibling, title="朝阳区生态环境保护“十四五”规划")
    w.sibling_pm25 = IndicatorFactory(plan=w.sibling_plan, parent_indicator=w.city_pm25)
    add_values(w.sibling_pm25, {2021: 40, 2022: 38, 2023: 36})

    fake = Jurisdiction.objects.create(name="合成市1", level=Jurisdiction.Level.CITY, is_synthetic=True)
    w.synthetic_plan = PlanFactory(jurisdiction=fake, title="合成市生态环境保护规划", is_synthetic=True)
    w.synthetic_pm25 = IndicatorFactory(plan=w.synthetic_plan)
    w.synthetic_pm25.units.add(UnitFactory(jurisdiction=fake, name="合成局"))
    return w


def login(client, user):
    client.force_login(user)
    return client
