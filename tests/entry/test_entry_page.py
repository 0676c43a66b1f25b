"""The 填报 page: a reporter's rows for a year, saved together or not at all."""

import re
from datetime import date

import pytest
from django.urls import reverse

from indicators import services
from indicators.models import IndicatorValue, ReviewState, TaskProgress
from plans.models import TaskResponsibility
from tests.factories import (
    ContinuingIndicatorFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    KeyProjectFactory,
    SectionFactory,
    TaskFactory,
)
from tests.number_cases import ACCEPTED, DECIMAL_COMMA_MESSAGE, REFUSED

pytestmark = pytest.mark.django_db

URL = reverse("entry:entry")


def post(client, data, year=2022, submit=False):
    payload = {"year": year, **data}
    payload["submit" if submit else "save"] = "1"
    return client.post(f"{URL}?year={year}", payload)


def row(indicator, value="", version=0, note=""):
    return {
        f"value{indicator.pk}-value": value,
        f"value{indicator.pk}-note": note,
        f"value{indicator.pk}-version": version,
    }


def test_anonymous_user_is_sent_to_the_login_page(client, world):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_page_lists_the_units_indicators_with_baseline_and_target(staff, world):
    response = staff.get(URL, {"year": 2022})
    html = response.content.decode()
    assert response.status_code == 200
    assert world.indicator.name in html and f'name="value{world.indicator.pk}-value"' in html
    assert "区生态环境分局" in html and ">42<" in html and ">30<" in html


def test_page_leaves_out_other_units_indicators(staff, world):
    other = IndicatorFactory(plan=world.plan, name="单位地区生产总值能耗降低")
    other.units.add(world.other_unit)
    assert f'name="value{other.pk}-value"' not in staff.get(URL).content.decode()


def test_page_shows_last_years_value(staff, world):
    IndicatorValueFactory(indicator=world.indicator, year=2021, value="40.5", state=ReviewState.APPROVED)
    assert "40.5" in staff.get(URL, {"year": 2022}).content.decode()


def test_save_draft_creates_draft_values_by_the_user(staff, world):
    response = post(staff, row(world.indicator, "38.5", note="年均值"))
    assert response.status_code == 302
    value = IndicatorValue.objects.get(indicator=world.indicator, year=2022)
    assert (value.value, value.state, value.note, value.reported_by.username) == (
        38.5,
        ReviewState.DRAFT,
        "年均值",
        "kc_sthj",
    )


def test_submit_saves_and_submits_the_rows(staff, world):
    post(staff, row(world.indicator, "38.5"), submit=True)
    assert IndicatorValue.objects.get(indicator=world.indicator, year=2022).state == ReviewState.SUBMITTED


def test_untouched_empty_rows_create_nothing(staff, world):
    post(staff, row(world.indicator, ""))
    assert not IndicatorValue.objects.exists()


def test_submitted_rows_are_shown_without_inputs(staff, world):
    IndicatorValueFactory(indicator=world.indicator, year=2022, value=38, state=ReviewState.SUBMITTED)
    html = staff.get(URL, {"year": 2022}).content.decode()
    assert f'name="value{world.indicator.pk}-value"' not in html and "38" in html


def test_posting_a_locked_row_is_refused_and_changes_nothing(staff, world):
    value = IndicatorValueFactory(indicator=world.indicator, year=2022, value=38, state=ReviewState.APPROVED)
    response = post(staff, row(world.indicator, "20", version=value.version))
    assert response.status_code == 403
    assert IndicatorValue.objects.get().value == 38


def test_stale_version_is_refused_with_the_typed_input_kept(staff, world):
    value = services.value_save(
        user=world.users["reporter_own"], indicator=world.indicator, year=2022, value="39"
    )
    services.value_save(
        user=world.users["reporter_own"],
        indicator=world.indicator,
        year=2022,
        value="37",
        version=value.version,
    )  # somebody else's save meanwhile
    response = post(staff, row(world.indicator, "35.5", version=value.version))
    html = response.content.decode()
    assert response.status_code == 200 and "conflict" in html and 'value="35.5"' in html
    assert IndicatorValue.objects.get().value == 37


@pytest.mark.parametrize("version", ["²", "２", "9" * 23])
def test_a_version_not_in_ascii_digits_is_a_conflict_not_a_crash(staff, world, version):
    services.value_save(user=world.users["reporter_own"], indicator=world.indicator, year=2022, value="39")
    response = post(staff, row(world.indicator, "35", version=version))
    assert response.status_code == 200 and "conflict" in response.content.decode()
    assert IndicatorValue.objects.get().value == 39


def test_second_save_after_a_conflict_replaces_the_value(staff, world):
    value = services.value_save(
        user=world.users["reporter_own"], indicator=world.indicator, year=2022, value="39"
    )
    services.value_save(
        user=world.users["reporter_own"],
        indicator=world.indicator,
        year=2022,
        value="37",
        version=value.version,
    )
    post(staff, row(world.indicator, "35.5", version=value.version))
    response = post(staff, row(world.indicator, "35.5", version=value.version + 1))
    assert response.status_code == 302 and IndicatorValue.objects.get().value == 35.5


def test_value_created_meanwhile_is_a_conflict(staff, world):
    services.value_save(user=world.users["reporter_own"], indicator=world.indicator, year=2022, value="39")
    response = post(staff, row(world.indicator, "35", version=0))
    assert "conflict" in response.content.decode() and IndicatorValue.objects.get().value == 39


def test_one_bad_row_saves_nothing_and_shows_its_error(staff, world):
    second = IndicatorFactory(plan=world.plan, share=True)
    second.units.add(world.own_unit)
    response = post(staff, {**row(world.indicator, "38"), **row(second, "120")})
    html = response.content.decode()
    assert response.status_code == 200 and "has-error" in html and 'value="120"' in html
    assert not IndicatorValue.objects.exists()


def test_not_a_number_is_an_error_on_its_row(staff, world):
    response = post(staff, row(world.indicator, "三十八"))
    assert "三十八" in response.content.decode() and not IndicatorValue.objects.exists()


def test_qualitative_indicator_takes_a_status(staff, world):
    qualitative = IndicatorFactory(plan=world.plan, qualitative=True)
    qualitative.units.add(world.own_unit)
    post(
        staff,
        {
            f"value{qualitative.pk}-status": "in_progress",
            f"value{qualitative.pk}-note": "推进中",
            f"value{qualitative.pk}-version": 0,
        },
    )
    assert IndicatorValue.objects.get(indicator=qualitative).status == "in_progress"


def test_posting_another_units_indicator_is_forbidden_and_saves_nothing(staff, world):
    other = IndicatorFactory(
        plan=world.plan, name="单位地区生产总值能耗降低", unit="%", direction="higher_is_better"
    )
    other.units.add(world.other_unit)
    response = post(staff, {**row(world.indicator, "38"), **row(other, "13")})
    assert response.status_code == 403 and not IndicatorValue.objects.exists()


def test_officials_may_not_post(client, world):
    client.force_login(world.users["leader"])
    assert post(client, row(world.indicator, "38")).status_code == 403
    assert not IndicatorValue.objects.exists()


def test_task_progress_is_saved_with_status_and_narrative(staff, world):
    task = TaskFactory(section=SectionFactory(chapter__plan=world.plan))
    TaskResponsibility.objects.create(task=task, unit=world.own_unit, role="lead", order=1)
    post(
        staff,
        {
            f"task{task.pk}-status": "done",
            f"task{task.pk}-narrative": "已完成改造",
            f"task{task.pk}-version": 0,
        },
    )
    progress = TaskProgress.objects.get()
    assert (progress.status, progress.narrative, progress.year) == ("done", "已完成改造", 2022)


def test_editing_a_tasks_narrative_keeps_a_note_recorded_elsewhere(staff, world):
    task = TaskFactory(section=SectionFactory(chapter__plan=world.plan))
    TaskResponsibility.objects.create(task=task, unit=world.own_unit, role="lead", order=1)
    progress = TaskProgress.objects.create(
        task=task, year=2022, status="in_progress", narrative="推进中", note="经办人：王", version=1
    )
    post(
        staff,
        {f"task{task.pk}-status": "done", f"task{task.pk}-narrative": "已完成", f"task{task.pk}-version": 1},
    )
    progress.refresh_from_db()
    assert (progress.narrative, progress.note) == ("已完成", "经办人：王")


def test_key_projects_of_the_unit_are_listed(staff, world):
    project = KeyProjectFactory(box__plan=world.plan, title="燃煤锅炉淘汰工程")
    project.units.add(world.own_unit)
    assert f'name="project{project.pk}-status"' in staff.get(URL).content.decode()


def _indicators(world, count):
    for seq in range(count):
        indicator = IndicatorFactory(plan=world.plan, seq=100 + seq, name=f"指标{seq}")
        indicator.units.add(world.own_unit)
        IndicatorValueFactory(indicator=indicator, year=2022, value=30)
        IndicatorValueFactory(indicator=indicator, year=2021, value=31)
    for _ in range(count // 5):
        task = TaskFactory(section=SectionFactory(chapter__plan=world.plan))
        TaskResponsibility.objects.create(task=task, unit=world.own_unit, role="lead", order=1)
        project = KeyProjectFactory(box__plan=world.plan)
        project.units.add(world.own_unit)


@pytest.mark.parametrize("count", [5, 50])
def test_page_query_count_does_not_grow_with_rows(staff, world, count, django_assert_max_num_queries):
    _indicators(world, count)
    # 20, and 3 for the reporting rounds in the header (rounds, the user's plans, unread notifications)
    with django_assert_max_num_queries(23):
        response = staff.get(URL, {"year": 2022})
    # every row's input: the indicators' value boxes, the tasks' and projects' status lists
    html = response.content.decode()
    assert len(
        re.findall(r'<(?:input type="text"|select) name="\w+-(?:value|status)"', html)
    ) == count + 1 + 2 * (count // 5)


def selected_year(response):
    return int(re.search(r'<option value="(\d{4})" selected>', response.content.decode())[1])


def test_page_opens_on_the_latest_year_with_approved_values(staff, world):
    IndicatorValueFactory(indicator=world.indicator, year=2023, value=35, state=ReviewState.APPROVED)
    IndicatorValueFactory(indicator=world.indicator, year=2024, value=34, state=ReviewState.SUBMITTED)
    assert selected_year(staff.get(URL)) == 2023


def test_page_opens_on_the_year_being_reported_when_nothing_is_approved(staff, world, monkeypatch):
    # Figures for a year exist once it has ended: in June 2023 the 2022 values are being reported.
    monkeypatch.setattr("indicators.years.timezone.localdate", lambda: date(2023, 6, 1))
    assert selected_year(staff.get(URL)) == 2022


def test_page_opens_on_the_last_plan_year_after_the_period(staff, world, monkeypatch):
    monkeypatch.setattr("indicators.years.timezone.localdate", lambda: date(2027, 3, 1))
    assert selected_year(staff.get(URL)) == 2025


def test_a_year_outside_the_period_falls_back_to_the_default(staff, world):
    IndicatorValueFactory(indicator=world.indicator, year=2022, value=35, state=ReviewState.APPROVED)
    assert selected_year(staff.get(URL, {"year": "2030"})) == 2022


def test_spreadsheet_import_is_offered_to_reporters(staff, world):
    assert reverse("spreadsheets:import") in staff.get(URL).content.decode()


def test_leaders_are_not_offered_links_that_would_be_refused(client, world):
    client.force_login(world.users["leader"])
    html = client.get(URL).content.decode()
    assert reverse("spreadsheets:import") not in html
    assert reverse("entry:review") not in html
    assert client.get(reverse("spreadsheets:import")).status_code == 403


def many_rows(world, count):
    """`count` rows of the reporter's unit: indicators, a few tasks and projects, half with a draft."""
    indicators = [IndicatorFactory(plan=world.plan, unit="µg/m3") for _ in range(count)]
    for indicator in indicators:
        indicator.units.add(world.own_unit)
    data = {}
    for index, indicator in enumerate(indicators):
        version = 0
        if index % 2:
            version = IndicatorValueFactory(indicator=indicator, year=2022, value=40, state="draft").version
        data.update(row(indicator, value=str(30 + index % 7), version=version))
    section = SectionFactory(chapter__plan=world.plan)
    for order in range(1, 4):
        task = TaskFactory(section=section, order=order)
        TaskResponsibility.objects.create(task=task, unit=world.own_unit, role="lead", order=1)
        data |= {
            f"task{task.pk}-status": "done",
            f"task{task.pk}-narrative": "已完成",
            f"task{task.pk}-version": 0,
        }
    project = KeyProjectFactory(box__plan=world.plan)
    project.units.add(world.own_unit)
    data |= {f"project{project.pk}-status": "in_progress", f"project{project.pk}-version": 0}
    return data, count + 4


@pytest.mark.parametrize("count", [5, 50, 100])
def test_saving_and_submitting_a_page_takes_a_bounded_number_of_queries(
    staff, world, count, django_assert_max_num_queries
):
    data, rows = many_rows(world, count)
    data["confirm_missing"] = "1"  # the world's own indicator stays empty
    with django_assert_max_num_queries(40):
        response = post(staff, data, submit=True)
    assert response.status_code == 302
    assert IndicatorValue.objects.filter(year=2022, state=ReviewState.SUBMITTED).count() == count
    assert TaskProgress.objects.filter(year=2022, state=ReviewState.SUBMITTED).count() == 3
    history = IndicatorValue.history.filter(history_change_reason="已提交").count()
    assert history == count  # one history row per record submitted, written in bulk


@pytest.mark.parametrize(("raw", "expected"), ACCEPTED)
def test_page_reads_figures_like_the_api_and_the_import(staff, world, raw, expected):
    assert post(staff, row(world.indicator, raw)).status_code == 302
    assert IndicatorValue.objects.get(indicator=world.indicator, year=2022).value == expected


@pytest.mark.parametrize(("raw", "code"), REFUSED)
def test_page_refuses_figures_like_the_api_and_the_import(staff, world, raw, code):
    response = post(staff, row(world.indicator, raw))
    assert response.status_code == 200 and "has-error" in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_page_says_a_comma_is_no_decimal_point(staff, world):
    assert DECIMAL_COMMA_MESSAGE in post(staff, row(world.indicator, "12,0")).content.decode()


# --- two plans of different periods --------------------------------------------------------------


@pytest.fixture
def next_period(world):
    """宽城区's 十五五 plan (2026–2030, baseline 2025) beside its 十四五 plan, with the same unit's PM2.5."""
    return ContinuingIndicatorFactory(continues=world.indicator, baseline="38", target="28")


def test_the_year_selector_offers_the_years_of_both_periods(staff, world, next_period):
    html = staff.get(URL, {"year": 2026}).content.decode()
    assert re.findall(r'<option value="(\d+)"', html) == [str(y) for y in range(2021, 2031)]


@pytest.mark.parametrize(
    ("year", "shown", "labels"),
    [(2025, "current", ("2020年基期值", "2025年目标值")), (2026, "next", ("2025年基期值", "2030年目标值"))],
)
def test_each_year_lists_the_rows_of_the_plan_covering_it(staff, world, next_period, year, shown, labels):
    indicators = {"current": world.indicator, "next": next_period}
    html = staff.get(URL, {"year": year}).content.decode()
    for name, indicator in indicators.items():
        assert (f'name="value{indicator.pk}-value"' in html) == (name == shown)
    assert all(label in html for label in labels)


def test_a_value_of_the_next_period_is_saved_for_its_year(staff, world, next_period, today):
    today(date(2027, 3, 1))  # 2026 has ended
    post(staff, row(next_period, "37"), year=2026)
    assert IndicatorValue.objects.get(indicator=next_period).year == 2026


def test_a_next_period_row_posted_for_a_year_of_the_previous_period_is_not_saved(staff, world, next_period):
    post(staff, row(next_period, "37"), year=2025)
    assert not IndicatorValue.objects.filter(indicator=next_period).exists()


def test_a_note_too_long_is_refused_in_the_words_every_writer_uses(staff, world):
    response = post(staff, row(world.indicator, "38.5", note="长" * 2001))
    assert "备注过长：最多 2000 个字符（当前 2001 个）。" in response.content.decode()
    assert "该变量" not in response.content.decode()
    assert not IndicatorValue.objects.exists()
