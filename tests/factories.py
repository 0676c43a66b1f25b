import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import Jurisdiction, ResponsibleUnit, User
from indicators.attainment import parse_number
from indicators.models import Indicator, IndicatorValue, ProjectProgress, ReviewState, TaskProgress
from plans.models import Box, Chapter, KeyProject, Plan, Section, Task
from plans.periods import period_name


class JurisdictionFactory(DjangoModelFactory):
    class Meta:
        model = Jurisdiction
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"测试区{n}")
    level = Jurisdiction.Level.DISTRICT


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = ResponsibleUnit

    jurisdiction = factory.SubFactory(JurisdictionFactory)
    name = factory.Sequence(lambda n: f"区测试局{n}")


class PlanFactory(DjangoModelFactory):
    class Meta:
        model = Plan

    title = factory.Sequence(lambda n: f"测试区生态环境保护“十四五”规划{n}")
    jurisdiction = factory.SubFactory(JurisdictionFactory)


class ChapterFactory(DjangoModelFactory):
    class Meta:
        model = Chapter

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"第{n}章标题")


class SectionFactory(DjangoModelFactory):
    class Meta:
        model = Section

    chapter = factory.SubFactory(ChapterFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"第{n}节标题")


class TaskFactory(DjangoModelFactory):
    class Meta:
        model = Task

    section = factory.SubFactory(SectionFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = "推进城市大气环境质量持续改善"
    text = "推进城市大气环境质量持续改善。加强协同控制。"


class BoxFactory(DjangoModelFactory):
    class Meta:
        model = Box

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = "主要指标"
    kind = Box.Kind.INDICATORS


class KeyProjectFactory(DjangoModelFactory):
    class Meta:
        model = KeyProject

    box = factory.SubFactory(BoxFactory, kind=Box.Kind.PROJECTS)
    seq = factory.Sequence(lambda n: n + 1)
    title = "重点行业绿色转型升级工程"


PM25 = {
    "category": "生态环境质量",
    "name": "细颗粒物（PM2.5）年均浓度",
    "unit": "µg/m3",
    "baseline_text": "42",
    "baseline_value": 42,
    "target_text": "30",
    "target_value": 30,
    "attribute": "约束性",
    "direction": "lower_is_better",
    "key": "pm25",
}


class IndicatorFactory(DjangoModelFactory):
    """A row of a plan's indicator table; by default the PM2.5 row. The traits are the other kinds of
    row the tests need: `IndicatorFactory(share=True)`, `qualitative=True`, `hold=True`, `goal=True`."""

    class Meta:
        model = Indicator

    class Params:
        # 42 → 30 µg/m3, lower is better, binding. The defaults are this row too; `pm25=True` says that
        # a test relies on these figures.
        pm25 = factory.Trait(**PM25)
        # A percentage, higher is better: 85% → 90%.
        share = factory.Trait(
            name="空气质量优良天数比例",
            unit="%",
            baseline_text="85",
            baseline_value=85,
            target_text="90",
            target_value=90,
            direction="higher_is_better",
            key="good_air_days_ratio",
        )
        # A share to keep where it is: 0% → 0%, indicative.
        hold = factory.Trait(
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
        # A target in words, judged by a status instead of a number.
        qualitative = factory.Trait(
            name="突发环境事件应急",
            unit="",
            baseline_text="--",
            baseline_value=None,
            target_text="有效保障",
            target_value=None,
            direction="qualitative",
            key="",
        )
        # A goal stated in the plan's text, outside any box: 10 → 0, lower is better.
        goal = factory.Trait(
            box=None,
            source=Indicator.Source.GOAL,
            category="",
            name="建成区黑臭水体",
            unit="",
            baseline_text="10",
            baseline_value=10,
            target_text="0",
            target_value=0,
            direction="lower_is_better",
            key="",
        )

    plan = factory.SubFactory(PlanFactory)
    box = factory.SubFactory(BoxFactory, plan=factory.SelfAttribute("..plan"))
    seq = factory.Sequence(lambda n: n + 1)
    category = PM25["category"]
    name = PM25["name"]
    unit = PM25["unit"]
    baseline_text = PM25["baseline_text"]
    baseline_value = PM25["baseline_value"]
    target_text = PM25["target_text"]
    target_value = PM25["target_value"]
    attribute = PM25["attribute"]
    direction = PM25["direction"]
    key = PM25["key"]


class NextPlanFactory(PlanFactory):
    """A jurisdiction's next plan: `NextPlanFactory(after=plan)` follows `plan` in its jurisdiction, its
    period as long and its baseline year `plan`'s last; without `after`, a new jurisdiction's 十五五 plan
    (2026–2030, baseline year 2025). Titled as the documents are: 宽城区生态环境保护“十五五”规划."""

    class Params:
        after = None

    jurisdiction = factory.Maybe(
        "after", factory.SelfAttribute("after.jurisdiction"), factory.SubFactory(JurisdictionFactory)
    )
    start_year = factory.Maybe("after", factory.LazyAttribute(lambda o: o.after.end_year + 1), 2026)
    end_year = factory.Maybe(
        "after", factory.LazyAttribute(lambda o: o.start_year + o.after.end_year - o.after.start_year), 2030
    )
    baseline_year = factory.LazyAttribute(lambda o: o.start_year - 1)
    title = factory.LazyAttribute(
        lambda o: f"{o.jurisdiction.name}生态环境保护{period_name(o.start_year, o.end_year)}规划"
    )


class ContinuingIndicatorFactory(IndicatorFactory):
    """The indicator of a next plan that continues `continues`, an indicator of the plan before: the same
    key, name, unit, category, attribute and direction, reported by the same units, in
    `NextPlanFactory(after=continues.plan)` unless a `plan` is given. Its figures are the continued
    indicator's unless told, as printed: `ContinuingIndicatorFactory(continues=pm25, baseline="38",
    target="28")` (the figures are read from the text as the importer reads them)."""

    class Meta:
        skip_postgeneration_save = True

    class Params:
        continues = None
        baseline = factory.SelfAttribute("continues.baseline_text")
        target = factory.SelfAttribute("continues.target_text")

    plan = factory.SubFactory(NextPlanFactory, after=factory.SelfAttribute("..continues.plan"))
    source = factory.SelfAttribute("continues.source")
    category = factory.SelfAttribute("continues.category")
    name = factory.SelfAttribute("continues.name")
    unit = factory.SelfAttribute("continues.unit")
    attribute = factory.SelfAttribute("continues.attribute")
    direction = factory.SelfAttribute("continues.direction")
    key = factory.SelfAttribute("continues.key")
    baseline_text = factory.LazyAttribute(lambda o: str(o.baseline))
    baseline_value = factory.LazyAttribute(lambda o: parse_number(str(o.baseline)))
    target_text = factory.LazyAttribute(lambda o: str(o.target))
    target_value = factory.LazyAttribute(lambda o: parse_number(str(o.target)))

    @factory.post_generation
    def units(self, create, extracted, continued=None, **kwargs):
        if create:
            self.units.set(continued.units.all() if extracted is None else extracted)

    units__continued = factory.SelfAttribute("..continues")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("demo-pass-2025")
    role = User.Role.REPORTER

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        if create and extracted:
            self.units.set(extracted)


class IndicatorValueFactory(DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2021
    value = 40


class TaskProgressFactory(DjangoModelFactory):
    class Meta:
        model = TaskProgress

    task = factory.SubFactory(TaskFactory)
    year = 2021
    status = "in_progress"


class ProjectProgressFactory(DjangoModelFactory):
    class Meta:
        model = ProjectProgress

    project = factory.SubFactory(KeyProjectFactory)
    year = 2021
    status = "in_progress"


def add_values(indicator, values, state=ReviewState.APPROVED):
    """add_values(indicator, {2021: 43, 2022: 44}): one value a year, approved unless told."""
    for year, value in values.items():
        IndicatorValueFactory(indicator=indicator, year=year, value=value, state=state)


class ReportingRoundFactory(DjangoModelFactory):
    """An open round for every plan, due in 30 days; `ReportingRoundFactory(closed=True)` is closed."""

    class Meta:
        model = "rounds.ReportingRound"
        skip_postgeneration_save = True

    class Params:
        closed = factory.Trait(state="closed")

    year = 2022
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    state = "open"

    @factory.post_generation
    def jurisdictions(self, create, extracted, **kwargs):
        if create and extracted:
            self.jurisdictions.set(extracted)
