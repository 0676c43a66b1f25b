import copy
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import Jurisdiction, ResponsibleUnit
from importer import fixtures_io, services
from importer.fixtures_io import committed_fixtures, fixture_outline, fixture_text
from importer.selectors import plan_outline
from indicators.models import Indicator, IndicatorValue
from plans.importing import PlanParseError, parse_plan
from plans.importing.outline import UnitRole
from plans.models import Box, Chapter, KeyProject, Plan, Section, Task, TaskResponsibility
from tests.factories import TaskProgressFactory, UserFactory
from tests.plans.conftest import import_seed, seed_path

pytestmark = pytest.mark.django_db

MODELS = (
    Jurisdiction,
    ResponsibleUnit,
    Plan,
    Chapter,
    Section,
    Task,
    TaskResponsibility,
    Box,
    KeyProject,
    Indicator,
)


def row_counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_import_writes_the_whole_structure():
    report = import_seed("000")
    plan = report.plan
    assert (plan.jurisdiction.name, plan.jurisdiction.parent.name, plan.doc_number) == (
        "宽城区",
        "长春市",
        "长宽府发〔2023〕5号",
    )
    assert Task.objects.filter(section__chapter__plan=plan).count() == 112
    assert plan.indicators.filter(box__number=1).count() == 20
    assert KeyProject.objects.filter(box__plan=plan).count() == 14
    assert report.counts["tasks"] == 112


def test_indicators_default_to_the_jurisdictions_ecology_unit():
    plan = import_seed("000").plan
    units = {unit.name for indicator in plan.indicators.all() for unit in indicator.units.all()}
    assert units == {"区生态环境分局"}


def test_key_projects_default_to_the_same_unit_until_assigned():
    plan = import_seed("000").plan
    projects = KeyProject.objects.filter(box__plan=plan).prefetch_related("units")
    assert {unit.name for project in projects for unit in project.units.all()} == {"区生态环境分局"}
    other = ResponsibleUnit.objects.get(jurisdiction=plan.jurisdiction, name="区住建局")
    project = projects.first()
    project.units.set([other])
    import_seed("000")
    assert [unit.name for unit in project.units.all()] == ["区住建局"]


def test_reimport_changes_nothing():
    import_seed("004")
    before = row_counts()
    import_seed("004")
    assert row_counts() == before


def test_reimport_keeps_recorded_values(django_user_model):
    plan = import_seed("000").plan
    indicator = plan.indicators.get(box__number=1, seq=1)
    IndicatorValue.objects.create(indicator=indicator, year=2021, value="40.5")
    import_seed("000")
    assert IndicatorValue.objects.get(indicator__plan=plan, year=2021).indicator_id == indicator.pk


def test_dry_run_writes_nothing_but_counts():
    report = import_seed("002", dry_run=True)
    assert report.counts["tasks"] == 113
    assert Plan.objects.count() == 0 and Jurisdiction.objects.count() == 0


def test_district_links_to_its_city_plan_and_its_indicators():
    import_seed("003")
    district = import_seed("000").plan
    city = Plan.objects.get(jurisdiction__name="长春市")
    assert district.parent_id == city.pk
    assert district.indicators.filter(parent_indicator__plan=city).exists()


def test_a_failure_half_way_leaves_nothing(monkeypatch):
    def explode(plan):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "_link_parent_indicators", explode)
    with pytest.raises(RuntimeError):
        import_seed("000")
    assert set(row_counts().values()) == {0}


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "文件为空"),
        (b"\xff\xfe\x00\x00binary", "UTF-8"),
        ("随便写的一段话。".encode(), "未找到章节结构"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_written(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(PlanParseError, match=message):
        services.plan_import_file(path=path)
    assert set(row_counts().values()) == {0}


def test_import_command_reports_counts_and_warnings():
    out = io.StringIO()
    call_command("import_plan", str(seed_path("000")), "--create-jurisdiction", stdout=out)
    assert "112" in out.getvalue()
    assert "专栏编号不连续：没有专栏6" in out.getvalue()


def test_import_command_refuses_a_missing_file_clearly(tmp_path):
    with pytest.raises(CommandError):
        call_command("import_plan", str(tmp_path / "nope.txt"))


def test_import_command_names_the_bad_file(tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text("尊敬的领导：\n您好。\n", encoding="utf-8")
    with pytest.raises(CommandError, match="letter.txt"):
        call_command("import_plan", str(path))


@pytest.mark.parametrize(
    "fixture", [f for _path, f in committed_fixtures()], ids=lambda fixture: fixture["source_file"][:3]
)
def test_export_gives_back_the_imported_fixture(fixture):
    # The database keeps every part of the outline (warnings too): the export is the fixture itself.
    plan = services.plan_import_outline(
        outline=fixture_outline(fixture),
        source_file=fixture["source_file"],
        source_sha256=fixture["source_sha256"],
        create_jurisdiction=True,
    ).plan
    assert plan_outline(plan=plan).to_dict() == fixture["outline"]


def test_export_gives_back_what_was_parsed():
    path = seed_path("000")
    plan = services.plan_import_file(path=path, create_jurisdiction=True).plan
    assert plan_outline(plan=plan) == parse_plan(path.read_text(encoding="utf-8"))


def test_export_command_all_prints_a_list():
    import_seed("001")
    import_seed("003")
    out = io.StringIO()
    call_command("export_plan", "--all", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert [item["plan"]["jurisdiction"] for item in data] == ["朝阳区", "长春市"]
    assert set(data[0]) == {"plan", "chapters", "boxes", "goals", "units", "warnings"}


def test_export_command_one_plan_by_jurisdiction():
    import_seed("002")
    out = io.StringIO()
    call_command("export_plan", "净月区", stdout=out)
    assert json.loads(out.getvalue())["plan"]["level"] == "development_zone"


def test_load_plans_loads_all_five_fixtures_and_the_next_period_plan():
    call_command("load_plans", stdout=io.StringIO())
    assert Plan.objects.count() == 6
    assert list(
        Plan.objects.filter(jurisdiction__name="宽城区")
        .order_by("start_year")
        .values_list("start_year", "end_year")
    ) == [(2021, 2025), (2026, 2030)]
    assert Path(Plan.objects.get(jurisdiction__name="吉林市").source_file).suffix == ".txt"


@pytest.mark.parametrize("keep_lines, line", [(144, 144), (356, 356)])
def test_truncated_documents_are_refused_naming_the_line(tmp_path, keep_lines, line):
    source = seed_path("000" if keep_lines < 300 else "004").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "truncated.txt"
    path.write_text("\n".join(source[:keep_lines]), encoding="utf-8")
    with pytest.raises(PlanParseError, match=f"^第{line}行："):
        services.plan_import_file(path=path)
    assert set(row_counts().values()) == {0}


def test_load_plans_refuses_a_fixture_of_another_form_before_writing_anything(tmp_path, monkeypatch):
    (_first_path, first), (_second_path, second) = committed_fixtures()[:2]
    second["outline"]["plan"]["sponsor"] = "市政府"
    for fixture in (first, second):
        (tmp_path / f"{Path(fixture['source_file']).stem}.json").write_text(
            fixture_text(fixture), encoding="utf-8"
        )
    monkeypatch.setattr(fixtures_io, "FIXTURES_DIR", tmp_path)
    with pytest.raises(CommandError, match=rf"{Path(second['source_file']).stem}\.json.*未知的键 sponsor"):
        call_command("load_plans", stdout=io.StringIO())
    assert set(row_counts().values()) == {0}


SHORT, LONG = "生态环境分局", "区生态环境分局"
MERGED_TASKS = ("推进散煤治理工作", "强化工业集聚区排水管理")  # seed 000 prints 生态环境分局 on these two


def as_printed_before(outline):
    """Seed 000's outline as an importer without the prefix rule read it: the two tasks name 生态环境分局."""
    outline = copy.deepcopy(outline)
    for task in tasks_of(outline):
        if task.title.startswith(MERGED_TASKS):
            task.units = [UnitRole(SHORT if u.name == LONG else u.name, u.role) for u in task.units]
    outline.units = sorted({*outline.units, SHORT})
    return outline


def tasks_of(outline):
    return [task for chapter in outline.chapters for section in chapter.sections for task in section.tasks]


def import_outline(outline, **options):
    return services.plan_import_outline(
        outline=outline, source_file="000.txt", source_sha256="0" * 64, create_jurisdiction=True, **options
    )


def unit_tasks(name):
    return sorted(Task.objects.filter(units__name=name).values_list("title", flat=True))


def test_a_reimport_moves_the_short_names_tasks_to_the_unit_and_drops_the_unused_short_name(seed_outline):
    import_outline(as_printed_before(seed_outline("000")))
    assert len(unit_tasks(SHORT)) == 2
    import_outline(seed_outline("000"), confirm_removals=True)
    assert not ResponsibleUnit.objects.filter(name=SHORT).exists()
    survivor = ResponsibleUnit.objects.get(name=LONG)
    assert survivor.aliases == [SHORT]
    assert sum(title.startswith(MERGED_TASKS) for title in unit_tasks(LONG)) == 2


def test_a_reimport_keeps_a_short_named_unit_that_users_belong_to(seed_outline):
    import_outline(as_printed_before(seed_outline("000")))
    member = UserFactory(units=[ResponsibleUnit.objects.get(name=SHORT)])
    import_outline(seed_outline("000"), confirm_removals=True)
    assert [unit.name for unit in member.units.all()] == [SHORT]
    assert unit_tasks(SHORT) == []
    assert sum(title.startswith(MERGED_TASKS) for title in unit_tasks(LONG)) == 2


def test_a_task_kept_for_its_progress_moves_to_the_unit_too(seed_outline):
    plan = import_outline(as_printed_before(seed_outline("000"))).plan
    kept = Task.objects.get(section__chapter__plan=plan, title__startswith=MERGED_TASKS[0])
    TaskProgressFactory(task=kept)
    current = copy.deepcopy(seed_outline("000"))
    for chapter in current.chapters:
        for section in chapter.sections:
            section.tasks = [t for t in section.tasks if not t.title.startswith(MERGED_TASKS[0])]
    import_outline(current, confirm_removals=True)
    assert [(r.unit.name, r.role) for r in kept.responsibilities.all() if "生态环境" in r.unit.name] == [
        (LONG, "responsible")
    ]
    assert not ResponsibleUnit.objects.filter(name=SHORT).exists()
