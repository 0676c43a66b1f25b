import factory
from factory.django import DjangoModelFactory

from accounts.models import User
from indicators.models import Indicator, IndicatorValue, ProjectProgress, TaskProgress
from plans.models import Box, Chapter, Jurisdiction, KeyProject, Plan, ResponsibleUnit, Section, Task


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


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    plan = factory.SubFactory(PlanFactory)
    box = factory.SubFactory(BoxFactory, plan=factory.SelfAttribute("..plan"))
    seq = factory.Sequence(lambda n: n + 1)
    category = "生态环境质量"
    name = "细颗粒物（PM2.5）年均浓度"
    unit = "µg/m3"
    baseline_text = "42"
    baseline_value = 42
    target_text = "30"
    target_value = 30
    attribute = "约束性"
    direction = "lower_is_better"
    key = "pm25"


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
