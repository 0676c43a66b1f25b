"""Task and key-project completion over the period (`indicators.completion`): 已完成 in any year
counts from that year on, and every output that counts tasks reads it."""

import pytest

from indicators.completion import progress_completion
from indicators.models import ProgressStatus, ProjectProgress, ReviewState, TaskProgress
from plans.models import Plan
from spreadsheets.selectors import plan_reports
from tests.dashboard.conftest import login
from tests.evaluation.reading import plan_docx, text_of
from tests.factories import ProjectProgressFactory, TaskProgressFactory

pytestmark = pytest.mark.django_db

DONE, IN_PROGRESS = ProgressStatus.DONE, ProgressStatus.IN_PROGRESS


def progress(task, statuses, state=ReviewState.APPROVED):
    for year, status in statuses.items():
        TaskProgressFactory(task=task, year=year, status=status, state=state, narrative=f"{year}年进展")


def test_a_task_completed_in_one_year_counts_as_completed_in_every_later_year(dash):
    progress(dash.task, {2021: IN_PROGRESS, 2022: DONE})
    found = progress_completion(TaskProgress, plan_ids=[dash.plan.pk], year=2025)[dash.task.pk]
    assert found.done_year == 2022
    assert found.statuses == {2021: IN_PROGRESS, 2022: DONE, 2023: DONE, 2024: DONE, 2025: DONE}
    assert found.narrative == "2022年进展"  # nothing reported for 2025: the year of completion's


def test_a_later_report_does_not_undo_completion(dash):
    progress(dash.task, {2022: DONE, 2023: IN_PROGRESS})
    found = progress_completion(TaskProgress, plan_ids=[dash.plan.pk], year=2023)[dash.task.pk]
    assert (found.status(2023), found.label(2023)) == (DONE, "2022年已完成")


def test_completion_is_read_up_to_the_year_asked_for(dash):
    progress(dash.task, {2021: IN_PROGRESS, 2024: DONE})
    found = progress_completion(TaskProgress, plan_ids=[dash.plan.pk], year=2023)[dash.task.pk]
    assert (found.done_year, found.status(2023), found.statuses) == (None, "", {2021: IN_PROGRESS})


def test_completion_not_yet_approved_does_not_count(dash):
    progress(dash.task, {2022: DONE}, state=ReviewState.SUBMITTED)
    assert progress_completion(TaskProgress, plan_ids=[dash.plan.pk], year=2025) == {}


def test_final_report_counts_tasks_and_projects_completed_over_the_period_with_the_year(dash):
    progress(dash.task, {2021: IN_PROGRESS, 2022: DONE})
    ProjectProgressFactory(project=dash.project, year=2023, status=DONE, state=ReviewState.APPROVED)
    text = text_of(plan_docx(dash.plan, 2025))
    assert "重点任务1项，已完成1项、推进中0项、未完成0项，尚未报送或审核0项。" in text
    assert f"{dash.task.title}（2022年已完成）：2022年进展" in text
    assert f"{dash.project.title}（2023年已完成）" in text


def test_spreadsheet_carries_completion_into_the_later_years(dash):
    progress(dash.task, {2022: DONE})
    [report] = plan_reports(
        plans=Plan.objects.filter(pk=dash.plan.pk).select_related("jurisdiction"), year=2025
    )
    [row] = report.tasks
    assert [row.statuses.get(year) for year in report.years] == [None, DONE, DONE, DONE, DONE]


def test_plan_page_counts_earlier_completion_and_names_its_year(client, dash):
    progress(dash.task, {2022: DONE})
    ProjectProgressFactory(project=dash.project, year=2021, status=DONE, state=ReviewState.APPROVED)
    login(client, dash.users["leader"])
    response = client.get(f"/plans/{dash.plan.pk}/?year=2025")
    chapter = response.context["chapters"][0]
    assert (chapter.tasks, chapter.done, chapter.unreported) == (1, 1, 0)
    assert "2021年已完成" in response.content.decode()


def test_project_completion_is_read_the_same_way(dash):
    ProjectProgressFactory(project=dash.project, year=2024, status=DONE, state=ReviewState.APPROVED)
    found = progress_completion(ProjectProgress, plan_ids=[dash.plan.pk], year=2025)[dash.project.pk]
    assert (found.done_year, found.status(2025)) == (2024, DONE)
