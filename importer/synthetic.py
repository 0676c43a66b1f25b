"""Synthetic plans for load tests: realistic in shape, marked `is_synthetic`, removable without a trace.

Each synthetic city gets a plan and so do its districts; every plan has chapters, sections, tasks
with responsible units, a main indicator table (the usual 十四五 indicators with plausible baselines,
targets, directions and attributes), a key-projects box, and approved yearly values for the plan's
years before the one being reported now (2021–2024 in late 2026, see `value_years`) that drift along,
ahead of or against the path. Rows are written with `bulk_create`, so N = 500 takes
seconds; nothing here goes through the review services because nobody entered these figures.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from accounts.models import Jurisdiction, ResponsibleUnit
from indicators.models import Indicator, IndicatorValue, ProjectProgress, ReviewState, TaskProgress
from indicators.years import reporting_year
from plans.models import Box, Chapter, KeyProject, Plan, Section, Task, TaskResponsibility

BATCH = 2000
DISTRICTS_PER_CITY = 6

PLACES = [
    "安平",
    "白山",
    "长宁",
    "东丰",
    "福源",
    "广德",
    "和顺",
    "建兴",
    "景明",
    "靖宇",
    "柳河",
    "龙泉",
    "梅河",
    "南岭",
    "清源",
    "瑞丰",
    "松原",
    "泰来",
    "通化",
    "万宁",
    "兴华",
    "永吉",
    "裕民",
    "长白",
]
DISTRICT_SUFFIXES = ("区", "县", "开发区")
UNITS = ("生态环境分局", "发改局", "工信局", "住建局", "农业农村局", "水利局", "交通运输局", "自然资源分局")

# name, unit, category, direction, attribute, key, baseline range, change to the target (relative)
INDICATORS = (
    ("细颗粒物（PM2.5）年均浓度", "µg/m3", "环境质量", "lower_is_better", "约束性", "pm25", (25, 50), -0.2),
    (
        "空气质量优良天数比例",
        "%",
        "环境质量",
        "higher_is_better",
        "约束性",
        "good_air_days_ratio",
        (75, 92),
        0.05,
    ),
    ("重污染天数", "天", "环境质量", "lower_is_better", "预期性", "heavy_pollution_days", (2, 12), -0.5),
    (
        "地表水达到或好于Ⅲ类水体比例",
        "%",
        "环境质量",
        "higher_is_better",
        "约束性",
        "good_surface_water_ratio",
        (60, 85),
        0.1,
    ),
    ("劣Ⅴ类水体比例", "%", "环境质量", "hold", "约束性", "worst_water_ratio", (0, 0), 0),
    (
        "县级及以上城市集中式饮用水水源水质达标率",
        "%",
        "环境质量",
        "hold",
        "预期性",
        "drinking_water_quality",
        (100, 100),
        0,
    ),
    (
        "受污染耕地安全利用率",
        "%",
        "环境安全",
        "higher_is_better",
        "约束性",
        "polluted_farmland_safe_use",
        (88, 95),
        0.03,
    ),
    (
        "污染地块安全利用率",
        "%",
        "环境安全",
        "higher_is_better",
        "约束性",
        "polluted_land_safe_use",
        (90, 98),
        0.02,
    ),
    (
        "单位地区生产总值二氧化碳排放降低",
        "%",
        "绿色低碳",
        "higher_is_better",
        "约束性",
        "co2_intensity_reduction",
        (0, 3),
        6,
    ),
    (
        "化学需氧量重点工程减排量",
        "吨",
        "主要污染物减排",
        "higher_is_better",
        "约束性",
        "cod_reduction",
        (0, 50),
        20,
    ),
    (
        "氮氧化物重点工程减排量",
        "吨",
        "主要污染物减排",
        "higher_is_better",
        "约束性",
        "nox_reduction",
        (0, 40),
        20,
    ),
    ("森林覆盖率", "%", "生态保护", "higher_is_better", "约束性", "forest_coverage", (20, 45), 0.03),
    (
        "城市生活污水集中收集率",
        "%",
        "城乡环境",
        "higher_is_better",
        "预期性",
        "sewage_treatment",
        (60, 85),
        0.1,
    ),
    (
        "农村生活污水治理率",
        "%",
        "城乡环境",
        "higher_is_better",
        "预期性",
        "rural_sewage_treatment",
        (20, 40),
        0.5,
    ),
    (
        "畜禽粪污综合利用率",
        "%",
        "城乡环境",
        "higher_is_better",
        "预期性",
        "livestock_manure_use",
        (85, 92),
        0.05,
    ),
    ("秸秆综合利用率", "%", "城乡环境", "higher_is_better", "预期性", "straw_utilisation", (80, 90), 0.06),
    ("生态保护红线面积", "平方公里", "生态保护", "hold", "约束性", "ecological_red_line", (50, 800), 0),
)
CHAPTERS = (
    ("坚持绿色发展，推动经济社会全面绿色转型", ("优化产业结构", "推进能源结构调整")),
    ("深入打好蓝天保卫战", ("推进PM2.5和臭氧协同控制", "加强移动源污染治理", "强化面源污染管控")),
    ("深入打好碧水保卫战", ("保障饮用水安全", "加强水污染治理")),
    ("深入打好净土保卫战", ("加强土壤污染源头防控", "推进农村环境整治")),
    ("加强生态保护与修复", ("守住生态保护红线", "推进生物多样性保护")),
)
TASK_HEADINGS = (
    "推进重点行业清洁生产改造。",
    "加强燃煤锅炉综合整治。",
    "强化挥发性有机物综合治理。",
    "推进城镇污水管网建设。",
    "加强农业面源污染治理。",
    "推进受污染耕地安全利用。",
    "加强危险废物监管。",
    "开展生态保护红线监管。",
)
PROJECTS = (
    "燃煤锅炉淘汰工程",
    "城镇污水处理厂提标改造工程",
    "农村生活污水治理工程",
    "河道生态修复工程",
    "土壤污染风险管控工程",
    "秸秆综合利用工程",
    "工业园区污水集中处理工程",
)


@dataclass
class Report:
    jurisdictions: int = 0
    plans: int = 0
    indicators: int = 0
    values: int = 0
    tasks: int = 0


def value_years(plan: Plan) -> list[int]:
    """The years of a plan with approved synthetic values: those before the year being reported now,
    whose figures went through a whole round."""
    return [year for year in plan.years if year < reporting_year()]


def synthetic_generate(*, plans: int, seed: int = 2025) -> Report:
    """Add `plans` synthetic plans (a city's and its districts'), with everything a real plan has."""
    rng = random.Random(seed)
    report = Report()
    with transaction.atomic():
        offset = Jurisdiction.objects.filter(is_synthetic=True, level=Jurisdiction.Level.CITY).count()
        jurisdictions = _jurisdictions(plans, offset)
        report.jurisdictions = len(jurisdictions)
        plan_rows = Plan.objects.bulk_create(
            [
                Plan(
                    title=f"{j.name}生态环境保护“十四五”规划（合成）",
                    jurisdiction=j,
                    is_synthetic=True,
                    issuer=f"{j.name}人民政府",
                    issued_date_text="2022-06",
                )
                for j in jurisdictions
            ],
            batch_size=BATCH,
        )
        report.plans = len(plan_rows)
        units = _units(jurisdictions)
        by_jurisdiction = {}
        for unit in units:
            by_jurisdiction.setdefault(unit.jurisdiction_id, []).append(unit)
        report.tasks = _outline(rng, plan_rows, by_jurisdiction)
        indicators = _indicators(rng, plan_rows, by_jurisdiction)
        report.indicators = len(indicators)
        report.values = _values(rng, indicators)
    return report


def _jurisdictions(plans: int, offset: int) -> list[Jurisdiction]:
    province = Jurisdiction.objects.filter(level=Jurisdiction.Level.PROVINCE).first()
    cities, districts = [], []
    count = 0
    number = offset
    while count < plans:
        number += 1
        place = PLACES[number % len(PLACES)]
        city = Jurisdiction(
            name=f"{place}市（合成{number}）",
            level=Jurisdiction.Level.CITY,
            parent=province,
            is_synthetic=True,
        )
        cities.append(city)
        count += 1
        for d in range(min(DISTRICTS_PER_CITY, plans - count)):
            suffix = DISTRICT_SUFFIXES[d % len(DISTRICT_SUFFIXES)]
            level = Jurisdiction.Level.DEVELOPMENT_ZONE if suffix == "开发区" else Jurisdiction.Level.DISTRICT
            districts.append(
                Jurisdiction(
                    name=f"{PLACES[(number + d + 1) % len(PLACES)]}{suffix}（合成{number}-{d + 1}）",
                    level=level,
                    parent=city,
                    is_synthetic=True,
                )
            )
            count += 1
    Jurisdiction.objects.bulk_create(cities, batch_size=BATCH)
    for district in districts:
        district.parent_id = district.parent.pk
    Jurisdiction.objects.bulk_create(districts, batch_size=BATCH)
    return cities + districts


def _units(jurisdictions) -> list[ResponsibleUnit]:
    return ResponsibleUnit.objects.bulk_create(
        [
            ResponsibleUnit(
                jurisdiction=j, name=("区" if j.level != Jurisdiction.Level.CITY else "市") + name
            )
            for j in jurisdictions
            for name in UNITS
        ],
        batch_size=BATCH,
    )


def _outline(rng, plans, units_of) -> int:
    chapters = Chapter.objects.bulk_create(
        [
            Chapter(plan=plan, number=n, title=title)
            for plan in plans
            for n, (title, _s) in enumerate(CHAPTERS, 1)
        ],
        batch_size=BATCH,
    )
    sections = Section.objects.bulk_create(
        [
            Section(chapter=chapter, number=n, title=title)
            for chapter in chapters
            for n, title in enumerate(CHAPTERS[chapter.number - 1][1], 1)
        ],
        batch_size=BATCH,
    )
    plan_of_chapter = {c.pk: c.plan for c in chapters}
    tasks = Task.objects.bulk_create(
        [
            Task(section=section, order=n, title=heading, text=heading + "落实各项措施，确保按期完成。")
            for section in sections
            for n, heading in enumerate(rng.sample(TASK_HEADINGS, 2), 1)
        ],
        batch_size=BATCH,
    )
    section_plan = {s.pk: plan_of_chapter[s.chapter_id] for s in sections}
    responsibilities, progress = [], []
    for task in tasks:
        plan = section_plan[task.section_id]
        years = value_years(plan)
        for order, unit in enumerate(rng.sample(units_of[plan.jurisdiction_id], 2), 1):
            role = TaskResponsibility.Role.LEAD if order == 1 else TaskResponsibility.Role.RESPONSIBLE
            responsibilities.append(TaskResponsibility(task=task, unit=unit, role=role, order=order))
        if years and rng.random() < 0.8:  # the latest year only: enough for the plan page's progress summary
            progress.append(
                TaskProgress(
                    task=task,
                    year=years[-1],
                    state=ReviewState.APPROVED,
                    status=rng.choice(("done", "in_progress", "in_progress", "not_done")),
                )
            )
    TaskResponsibility.objects.bulk_create(responsibilities, batch_size=BATCH)
    TaskProgress.objects.bulk_create(progress, batch_size=BATCH)
    boxes = Box.objects.bulk_create(
        [
            Box(plan=plan, number=number, title=title, kind=kind)
            for plan in plans
            for number, title, kind in (
                (1, "“十四五”生态环境保护主要指标", Box.Kind.INDICATORS),
                (2, "重点工程", Box.Kind.PROJECTS),
            )
        ],
        batch_size=BATCH,
    )
    projects = KeyProject.objects.bulk_create(
        [
            KeyProject(box=box, seq=n, title=title)
            for box in boxes
            if box.kind == Box.Kind.PROJECTS
            for n, title in enumerate(rng.sample(PROJECTS, 4), 1)
        ],
        batch_size=BATCH,
    )
    plan_by_pk = {plan.pk: plan for plan in plans}
    plan_of_box = {box.pk: plan_by_pk[box.plan_id] for box in boxes}
    ProjectProgress.objects.bulk_create(
        [
            ProjectProgress(project=p, year=years[-1], state=ReviewState.APPROVED, status="in_progress")
            for p in projects
            if (years := value_years(plan_of_box[p.box_id]))
        ],
        batch_size=BATCH,
    )
    return len(tasks)


def _indicators(rng, plans, units_of) -> list[Indicator]:
    """Cities' indicators first, so a district's can point at its city's of the same key, as real plans do."""
    boxes = {b.plan_id: b for b in Box.objects.filter(plan__in=plans, kind=Box.Kind.INDICATORS)}
    cities = [p for p in plans if p.jurisdiction.level == Jurisdiction.Level.CITY]
    others = [p for p in plans if p.jurisdiction.level != Jurisdiction.Level.CITY]
    city_indicators = Indicator.objects.bulk_create(
        [row for plan in cities for row in _plan_indicators(rng, plan, boxes[plan.pk], {})], batch_size=BATCH
    )
    parents = {(i.plan.jurisdiction_id, i.key): i.pk for i in city_indicators}
    indicators = city_indicators + Indicator.objects.bulk_create(
        [row for plan in others for row in _plan_indicators(rng, plan, boxes[plan.pk], parents)],
        batch_size=BATCH,
    )
    through = Indicator.units.through
    through.objects.bulk_create(
        [
            through(indicator_id=indicator.pk, responsibleunit_id=unit.pk)
            for indicator in indicators
            for unit in rng.sample(units_of[indicator.plan.jurisdiction_id], rng.choice((1, 1, 2)))
        ],
        batch_size=BATCH,
    )
    return indicators


def _plan_indicators(rng, plan, box, parents):
    chosen = sorted(rng.sample(range(len(INDICATORS)), rng.randint(12, len(INDICATORS))))
    for seq, index in enumerate(chosen, 1):
        name, unit, category, direction, attribute, key, (low, high), change = INDICATORS[index]
        baseline = Decimal(str(round(rng.uniform(low, high), 1)))
        if direction == "hold":
            target = baseline
        elif abs(change) >= 1 and low == 0:  # reductions stated as amounts
            target = Decimal(str(round(change * rng.uniform(0.8, 1.5), 1)))
        else:
            target = min(
                Decimal(str(round(float(baseline) * (1 + change), 1))),
                Decimal(100) if unit == "%" else Decimal("1e9"),
            )
        yield Indicator(
            plan=plan,
            box=box,
            seq=seq,
            category=category,
            name=name,
            unit=unit,
            baseline_text=_text(baseline),
            baseline_value=baseline,
            target_text=_text(target),
            target_value=target,
            attribute=attribute,
            direction=direction,
            key=key,
            parent_indicator_id=parents.get((plan.jurisdiction.parent_id, key)),
        )


def _values(rng, indicators) -> int:
    rows = []
    for indicator in indicators:
        baseline, target = indicator.baseline_value, indicator.target_value
        pace = rng.choice((1.2, 1.0, 1.0, 0.6, 0.3, -0.4))  # ahead, on, behind, against the path
        plan = indicator.plan
        years = value_years(plan)[: rng.choice((2, 3, 4, 4, 4))]
        for year in years:
            share = (year - plan.baseline_year) / (plan.end_year - plan.baseline_year) * pace
            value = (
                float(baseline)
                + (float(target) - float(baseline)) * share
                + rng.gauss(0, 0.01) * float(baseline or 1)
            )
            if indicator.unit == "%":
                value = min(max(value, 0), 100)
            rows.append(
                IndicatorValue(
                    indicator=indicator,
                    year=year,
                    value=Decimal(str(round(value, 2))),
                    state=ReviewState.APPROVED,
                )
            )
    IndicatorValue.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def _text(number: Decimal) -> str:
    return format(number.normalize(), "f")


def synthetic_clear() -> dict[str, int]:
    """Delete every synthetic row and nothing else."""
    plans = Plan.objects.filter(is_synthetic=True)
    with transaction.atomic():
        # The yearly records carry simple_history; their per-row history signals would make this
        # take minutes, and synthetic rows never had history to keep.
        counts = {
            "values": IndicatorValue.objects.filter(indicator__plan__in=plans)._raw_delete("default"),
            "task progress": TaskProgress.objects.filter(task__section__chapter__plan__in=plans)._raw_delete(
                "default"
            ),
            "project progress": ProjectProgress.objects.filter(project__box__plan__in=plans)._raw_delete(
                "default"
            ),
        }
        Indicator.objects.filter(plan__in=plans).update(parent_indicator=None)
        TaskResponsibility.objects.filter(task__section__chapter__plan__in=plans).delete()
        counts["plans"] = plans.count()
        plans.delete()
        synthetic = Jurisdiction.objects.filter(is_synthetic=True)
        ResponsibleUnit.objects.filter(jurisdiction__in=synthetic).delete()
        # Districts before their cities: the parent link protects.
        counts["jurisdictions"] = synthetic.count()
        Jurisdiction.objects.filter(is_synthetic=True, parent__is_synthetic=True).delete()
        synthetic.delete()
    return counts
