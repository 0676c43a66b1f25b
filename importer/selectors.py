"""Reading plans back out of the database, e.g. as the outline of shared/docs/plan-outline.md."""

from django.db.models import Prefetch

from importer import diff
from indicators.models import Indicator
from plans.importing import outline
from plans.importing.outline import PlanInfo, PlanOutline
from plans.models import Box, Chapter, KeyProject, Plan, Section, Task


def _none_if_blank(value):
    return value if value not in ("", None) else None


def plan_outline(*, plan: Plan) -> PlanOutline:
    """The plan as an outline (`.to_dict()` gives its JSON), from the database, in a fixed number of queries."""
    plan = (
        Plan.objects.select_related("jurisdiction__parent")
        .prefetch_related(
            Prefetch(
                "chapters",
                Chapter.objects.prefetch_related(
                    Prefetch(
                        "sections",
                        Section.objects.prefetch_related(
                            Prefetch(
                                "tasks",
                                Task.objects.prefetch_related("responsibilities__unit", "text_targets"),
                            )
                        ),
                    )
                ),
            ),
            Prefetch("boxes", Box.objects.prefetch_related("projects", "indicators")),
            Prefetch("indicators", Indicator.objects.filter(box__isnull=True), to_attr="goal_indicators"),
        )
        .get(pk=plan.pk)
    )
    jurisdiction = plan.jurisdiction
    parent = jurisdiction.parent
    responsibilities = [
        r
        for c in plan.chapters.all()
        for s in c.sections.all()
        for t in s.tasks.all()
        for r in t.responsibilities.all()
    ]
    return PlanOutline(
        plan=PlanInfo(
            title=plan.title,
            jurisdiction=jurisdiction.name,
            parent_jurisdiction=parent.name if parent and parent.level != parent.Level.PROVINCE else None,
            level=jurisdiction.level,
            issuer=_none_if_blank(plan.issuer),
            doc_number=_none_if_blank(plan.doc_number),
            issued_date=_none_if_blank(plan.issued_date_text),
            period=(plan.start_year, plan.end_year),
            baseline_year=plan.baseline_year,
        ),
        chapters=[_chapter(chapter) for chapter in plan.chapters.all()],
        boxes=[_box(box) for box in plan.boxes.all()],
        goals=[
            outline.Goal(
                name=g.name, target=g.target_text, unit=_none_if_blank(g.unit), direction=g.direction
            )
            for g in plan.goal_indicators
        ],
        units=sorted({r.unit.name for r in responsibilities}),
        warnings=list(plan.warnings),
    )


def _chapter(chapter: Chapter) -> outline.Chapter:
    return outline.Chapter(
        number=chapter.number,
        title=chapter.title,
        subtitle=_none_if_blank(chapter.subtitle),
        sections=[
            outline.Section(
                number=section.number, title=section.title, tasks=[_task(t) for t in section.tasks.all()]
            )
            for section in chapter.sections.all()
        ],
    )


def _task(task: Task) -> outline.Task:
    return outline.Task(
        title=task.title,
        text=task.text,
        units=[outline.UnitRole(name=r.unit.name, role=r.role) for r in task.responsibilities.all()],
        text_targets=[
            outline.TextTarget(
                statement=t.statement, metric=t.metric, value=t.value, unit=_none_if_blank(t.unit)
            )
            for t in task.text_targets.all()
        ],
    )


def _box(box: Box) -> outline.Box:
    return outline.Box(
        number=box.number,
        title=box.title,
        kind=box.kind,
        indicators=[
            outline.IndicatorRow(
                seq=i.seq,
                category=_none_if_blank(i.category),
                name=i.name,
                unit=_none_if_blank(i.unit),
                baseline=_none_if_blank(i.baseline_text),
                target=_none_if_blank(i.target_text),
                previous_target=_none_if_blank(i.target_2020_text),
                attribute=_none_if_blank(i.attribute),
                direction=i.direction,
                footnote=_none_if_blank(i.footnote),
            )
            for i in box.indicators.all()
        ],
        projects=[outline.Project(seq=p.seq, title=p.title, text=p.text) for p in box.projects.all()],
    )


def plan_recorded(*, plan: Plan) -> set[str]:
    """The `importer.diff` keys of the plan's tasks, indicators, goals and projects that hold recorded yearly
    values (a yearly value or progress in any state), in four queries."""
    keys = set()
    tasks = Task.objects.filter(section__chapter__plan=plan).select_related("section__chapter")
    with_progress = set(
        Task.objects.filter(section__chapter__plan=plan, progress__isnull=False).values_list("pk", flat=True)
    )
    positions = {}
    for task in tasks.order_by("section_id", "order"):
        section = task.section
        positions[section.pk] = positions.get(section.pk, 0) + 1
        if task.pk in with_progress:
            keys.add(diff.task_key(section.chapter.number, section.number, positions[section.pk], task.title))
    indicators = plan.indicators.filter(values__isnull=False).distinct()
    for box_number, seq in indicators.filter(box__isnull=False).values_list("box__number", "seq"):
        keys.add(diff.indicator_key(box_number, seq))
    goal_seqs = list(plan.indicators.filter(box__isnull=True).order_by("seq").values_list("seq", flat=True))
    for seq in indicators.filter(box__isnull=True).values_list("seq", flat=True):
        keys.add(diff.goal_key(goal_seqs.index(seq) + 1))
    projects = KeyProject.objects.filter(box__plan=plan, progress__isnull=False).distinct()
    for box_number, seq in projects.values_list("box__number", "seq"):
        keys.add(diff.project_key(box_number, seq))
    return keys
