"""Report rows read from the database, and the export_report command."""

import csv
import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from indicators import services
from indicators.models import Indicator, ReviewState, TargetRevision
from plans.models import Plan, TaskResponsibility
from spreadsheets.selectors import plan_reports
from tests.factories import (
    IndicatorFactory,
    IndicatorValueFactory,
    KeyProjectFactory,
    SectionFactory,
    TaskFactory,
    TaskProgressFactory,
)

pytestmark = pytest.mark.django_db


def report_of(world, year=2022):
    [report] = plan_reports(
        plans=Plan.objects.filter(pk=world.plan.pk).select_related("jurisdiction"), year=year
    )
    return report


def revise(world, year, text):
    return TargetRevision.objects.create(
        indicator=world.indicator,
        effective_year=year,
        target_text=text,
        target_value=Decimal(text),
        reason="中期调整",
        decided_on=datetime.date(year, 6, 1),
        created_by=world.users["admin"],
    )


def test_a_revised_target_is_shown_in_force_and_marked_with_the_printed_one_in_the_note(world):
    revise(world, 2023, "33")
    IndicatorValueFactory(indicator=world.indicator, year=2023, value=35, state=ReviewState.APPROVED)
    row = report_of(world, year=2023).indicators[0]
    # 35 in 2023 is behind the path to the printed 30 (34.8) but on the path to the revised 33 (36.6).
    assert (row.target, row.target_revised, row.status) == (33, True, "on_track")
    assert row.note == "原定目标：30"


def test_a_revision_not_yet_in_force_leaves_the_printed_target(world):
    revise(world, 2024, "33")
    row = report_of(world, year=2023).indicators[0]
    assert (row.target, row.target_revised, row.note) == (30, False, "")


def test_the_downloaded_report_shows_the_target_in_force_marked_as_revised(client, world):
    revise(world, 2023, "33")
    client.force_login(world.users["reviewer"])
    response = client.get(reverse("spreadsheets:plan_report", args=[world.plan.pk, "csv"]), {"year": 2023})
    [line] = [
        row
        for row in csv.reader(StringIO(response.content.decode("utf-8-sig")))
        if world.indicator.name in row
    ]
    assert "33（调整）" in line and "30" not in line[:-1]
    assert line[-1] == "原定目标：30"


def test_status_is_judged_on_approved_values_only(world):
    IndicatorValueFactory(indicator=world.indicator, year=2022, value=30, state=ReviewState.DRAFT)
    assert report_of(world).indicators[0].status == "no_data"


def test_approved_value_on_its_path_is_on_track(world):
    IndicatorValueFactory(indicator=world.indicator, year=2022, value=36, state=ReviewState.APPROVED)
    row = report_of(world).indicators[0]
    assert (row.status, row.values) == ("on_track", {2022: 36})


@pytest.mark.parametrize("state", [ReviewState.DRAFT, ReviewState.SUBMITTED, ReviewState.RETURNED])
def test_unapproved_values_of_later_years_are_left_out(world, state):
    IndicatorValueFactory(indicator=world.indicator, year=2022, value=36, state=ReviewState.APPROVED)
    IndicatorValueFactory(indicator=world.indicator, year=2023, value=99, state=state)
    assert report_of(world).indicators[0].values == {2022: 36}


def test_demo_values_are_marked_in_the_note(world):
    IndicatorValueFactory(
        indicator=world.indicator, year=2022, value=36, state=ReviewState.APPROVED, is_demo=True
    )
    assert report_of(world).indicators[0].note.endswith("演示数据")


def test_real_values_carry_no_demo_mark(world):
    IndicatorValueFactory(indicator=world.indicator, year=2022, value=36, state=ReviewState.APPROVED)
    assert "演示数据" not in report_of(world).indicators[0].note


def test_unapproved_task_progress_is_left_out(world):
    task = TaskFactory(section=SectionFactory(chapter__plan=world.plan))
    TaskProgressFactory(task=task, year=2022, status="done", narrative="未审核", state=ReviewState.SUBMITTED)
    [row] = report_of(world).tasks
    assert (row.statuses, row.narrative) == ({}, "")


def test_csv_report_marks_demo_figures(client, world):
    IndicatorValueFactory(
        indicator=world.indicator, year=2022, value=36, state=ReviewState.APPROVED, is_demo=True
    )
    client.force_login(world.users["reviewer"])
    response = client.get(reverse("spreadsheets:plan_report", args=[world.plan.pk, "csv"]), {"year": 2022})
    line = next(
        line for line in response.content.decode("utf-8-sig").splitlines() if world.indicator.name in line
    )
    assert "演示数据" in line


def test_plain_printed_numbers_go_out_as_numbers_and_text_as_printed(world):
    IndicatorFactory(
        plan=world.plan,
        box=world.indicator.box,
        baseline_text="--",
        baseline_value=None,
        target_text="≥90",
        target_value=90,
    )
    rows = report_of(world).indicators
    assert (rows[0].baseline, rows[0].target) == (42, 30)
    assert (rows[1].baseline, rows[1].target) == ("--", "≥90")


def test_review_table_indicators_are_left_out(world):
    IndicatorFactory(plan=world.plan, box=None, source=Indicator.Source.REVIEW, name="十三五指标")
    assert [row.name for row in report_of(world).indicators] == [world.indicator.name]


def test_tasks_carry_lead_and_responsible_units_and_the_years_narrative(world):
    task = TaskFactory(section=SectionFactory(chapter__plan=world.plan))
    TaskResponsibility.objects.create(task=task, unit=world.own_unit, role="lead", order=1)
    TaskResponsibility.objects.create(task=task, unit=world.other_unit, role="responsible", order=2)
    TaskProgressFactory(
        task=task, year=2022, status="done", narrative="已完成淘汰", state=ReviewState.APPROVED
    )
    [row] = report_of(world).tasks
    assert (row.lead_units, row.responsible_units, row.statuses, row.narrative) == (
        "区生态环境分局",
        "区发改局",
        {2022: "done"},
        "已完成淘汰",
    )


def test_key_projects_are_listed_with_their_units(world):
    project = KeyProjectFactory(box__plan=world.plan, title="污水处理厂提标改造")
    project.units.add(world.own_unit)
    [row] = report_of(world).projects
    assert (row.title, row.units) == ("污水处理厂提标改造", "区生态环境分局")


def approve_2023(world):
    reporter = world.users["reporter_own"]
    value = services.value_save(user=reporter, indicator=world.indicator, year=2023, value="35")
    services.record_approve(
        user=world.users["reviewer"], record=services.record_submit(user=reporter, record=value)
    )


def test_downloaded_report_is_assessed_for_the_users_default_year(client, world):
    approve_2023(world)
    client.force_login(world.users["leader"])
    response = client.get(reverse("spreadsheets:plan_report", args=[world.plan.pk, "csv"]))
    [_header, line] = list(csv.reader(StringIO(response.content.decode("utf-8-sig"))))
    assert line[2] == "2023"


def test_export_report_command_assesses_the_latest_approved_year(world, tmp_path):
    approve_2023(world)
    out = tmp_path / "plan.csv"
    call_command("export_report", str(world.plan.pk), "--out", str(out), stdout=StringIO())
    [_header, line] = list(csv.reader(StringIO(out.read_text(encoding="utf-8-sig"))))
    assert line[2] == "2023"


def test_export_report_command_writes_one_plan(world, tmp_path):
    out = tmp_path / "plan.xlsx"
    call_command("export_report", str(world.plan.pk), "--out", str(out), stdout=StringIO())
    assert load_workbook(out).sheetnames == ["主要指标", "重点任务", "重点工程"]


def test_export_report_command_writes_all_plans_with_a_summary(world, tmp_path):
    out = tmp_path / "all.xlsx"
    call_command("export_report", "--all", "--out", str(out), stdout=StringIO())
    assert load_workbook(out).sheetnames[0] == "汇总"


def test_export_report_command_writes_csv(world, tmp_path):
    out = tmp_path / "plan.csv"
    call_command("export_report", str(world.plan.pk), "--out", str(out), stdout=StringIO())
    assert world.indicator.name in out.read_text(encoding="utf-8-sig")


def test_export_report_command_refuses_an_unknown_plan(world, tmp_path):
    with pytest.raises(CommandError):
        call_command("export_report", "999999", "--out", str(tmp_path / "x.xlsx"))
