"""seed_demo: demo accounts and demo values, idempotent, only in demo mode."""

import random
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Jurisdiction, ResponsibleUnit, User
from accounts.roles import may_use_admin
from demo.services import DEMO_PASSWORD, demo_value
from indicators.models import IndicatorValue, ProgressStatus, ProjectProgress, ReviewState, TaskProgress
from plans.models import Box
from tests.factories import (
    BoxFactory,
    ChapterFactory,
    ContinuingIndicatorFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    JurisdictionFactory,
    KeyProjectFactory,
    PlanFactory,
    SectionFactory,
    TaskFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(db):
    """What load_plans leaves: 长春市 › 宽城区 and 吉林市 with their units and plans."""
    province = JurisdictionFactory(name="吉林省", level=Jurisdiction.Level.PROVINCE)
    changchun = JurisdictionFactory(name="长春市", level=Jurisdiction.Level.CITY, parent=province)
    kuancheng = JurisdictionFactory(name="宽城区", parent=changchun)
    jilin = JurisdictionFactory(name="吉林市", level=Jurisdiction.Level.CITY, parent=province)
    units = {
        "kc_eco": UnitFactory(jurisdiction=kuancheng, name="区生态环境分局"),
        "kc_dev": UnitFactory(jurisdiction=kuancheng, name="区发改局"),
        "jl_eco": UnitFactory(jurisdiction=jilin, name="市生态环境局"),
    }
    kc_plan = PlanFactory(jurisdiction=kuancheng)
    jl_plan = PlanFactory(jurisdiction=jilin)
    indicators = [
        IndicatorFactory(plan=kc_plan, seq=1, pm25=True),
        IndicatorFactory(
            plan=kc_plan, seq=2, share=True, baseline_text="88.5", baseline_value=Decimal("88.5")
        ),
        IndicatorFactory(plan=kc_plan, seq=3, hold=True),
        IndicatorFactory(plan=jl_plan, seq=1, pm25=True),
    ]
    for indicator in indicators[:3]:
        indicator.units.add(units["kc_eco"])
    indicators[3].units.add(units["jl_eco"])
    IndicatorFactory(plan=kc_plan, seq=4, qualitative=True)
    return indicators


def seed(**kwargs):
    call_command("seed_demo", force=True, **kwargs)


def test_refuses_to_run_outside_demo_mode(loaded, settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.delenv("DEMO_MODE", raising=False)
    with pytest.raises(CommandError, match="DEMO_MODE=1"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_runs_with_demo_mode_in_the_environment(loaded, settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.setenv("DEMO_MODE", "1")
    call_command("seed_demo")
    assert User.objects.filter(username="kc_sthj").exists()


def test_accounts_get_their_roles_units_and_password(loaded):
    seed()
    kc_sthj = User.objects.get(username="kc_sthj")
    assert kc_sthj.check_password(DEMO_PASSWORD) and may_use_admin(kc_sthj)
    assert [u.name for u in kc_sthj.units.all()] == ["区生态环境分局"]
    assert [u.name for u in User.objects.get(username="kc_fgj").units.all()] == ["区发改局"]
    assert [u.name for u in User.objects.get(username="jl_sthj").units.all()] == ["市生态环境局"]
    assert User.objects.get(username="kc_review").jurisdiction.name == "宽城区"
    assert User.objects.get(username="cc_leader").role == User.Role.LEADER
    assert User.objects.get(username="admin").is_superuser


def test_staff_accounts_are_in_their_role_group(loaded):
    seed()
    assert User.objects.get(username="kc_sthj").has_perm("indicators.change_indicatorvalue")
    assert not User.objects.get(username="kc_leader").has_perm("indicators.change_indicatorvalue")
    assert User.objects.get(username="kc_leader").has_perm("indicators.view_indicatorvalue")


def test_demo_values_cover_2021_to_2023_of_numeric_indicators(loaded):
    seed()
    assert IndicatorValue.objects.count() == 4 * 3
    assert set(IndicatorValue.objects.values_list("year", flat=True)) == {2021, 2022, 2023}
    assert not IndicatorValue.objects.filter(indicator__direction="qualitative").exists()


@pytest.fixture
def next_period(loaded):
    """宽城区's 十五五 plan beside its 十四五 plan, with its PM2.5 (2025: 42 → 2030: 28)."""
    indicator = ContinuingIndicatorFactory(continues=loaded[0], seq=1, target="28")
    indicator.refresh_from_db()  # figures as the database gives them: Decimal
    return indicator


def test_a_next_period_plan_gets_no_demo_values_while_its_first_year_is_not_over(next_period, monkeypatch):
    monkeypatch.setattr("demo.services.reporting_year", lambda: 2025)  # late 2026: 2025 is reported
    seed()
    assert not IndicatorValue.objects.filter(indicator=next_period).exists()
    assert set(IndicatorValue.objects.values_list("year", flat=True)) == {2021, 2022, 2023}


def test_demo_values_cover_the_first_ended_years_of_each_plan_on_its_own_path(next_period, monkeypatch):
    monkeypatch.setattr("demo.services.reporting_year", lambda: 2027)
    seed()
    values = dict(IndicatorValue.objects.filter(indicator=next_period).values_list("year", "value"))
    assert sorted(values) == [2026, 2027]
    assert IndicatorValue.objects.get(indicator=next_period, year=2026).state == ReviewState.APPROVED


def test_a_demo_value_follows_its_own_plans_path(next_period):
    # A fifth of the way from 42 (2025) to 28 (2030) is 39.2; noise is at most 6 % of the span.
    value = demo_value(next_period, 2026, random.Random(0), pace=1.0)
    assert abs(value - Decimal("39.2")) <= Decimal("0.84")


def test_demo_values_are_marked_and_in_mixed_states(loaded):
    seed()
    assert not IndicatorValue.objects.filter(is_demo=False).exists()
    assert IndicatorValue.objects.filter(year=2021).exclude(state=ReviewState.APPROVED).count() == 0
    assert IndicatorValue.objects.filter(year=2023).exclude(state=ReviewState.APPROVED).count() == 4


def test_demo_percentages_stay_within_0_and_100(loaded):
    seed()
    assert all(
        0 <= v <= 100
        for v in IndicatorValue.objects.filter(indicator__unit="%").values_list("value", flat=True)
    )


def test_demo_values_are_reported_by_the_units_account(loaded):
    seed()
    assert set(
        IndicatorValue.objects.filter(indicator=loaded[0]).values_list("reported_by__username", flat=True)
    ) == {"kc_sthj"}


def test_running_twice_changes_nothing(loaded):
    seed()
    before = list(IndicatorValue.objects.order_by("pk").values_list("pk", "value", "state"))
    seed()
    assert list(IndicatorValue.objects.order_by("pk").values_list("pk", "value", "state")) == before
    assert User.objects.filter(username="kc_sthj").count() == 1


def test_existing_real_values_are_left_alone(loaded):
    real = IndicatorValueFactory(indicator=loaded[0], year=2022, value=37)
    seed()
    real.refresh_from_db()
    assert (real.value, real.is_demo) == (37, False)


def test_without_loaded_plans_it_explains_and_creates_only_the_admin(db, capsys):
    seed()
    output = capsys.readouterr().out
    assert "load_plans" in output and DEMO_PASSWORD in output
    assert list(User.objects.values_list("username", flat=True)) == ["admin"]


@pytest.fixture
def outlined(loaded):
    """宽城区's plan with a chapter of four tasks led by the demo reporter's unit, one task of a unit
    without a demo account, and a key project of the demo unit."""
    plan = loaded[0].plan
    eco = ResponsibleUnit.objects.get(name="区生态环境分局")
    other = UnitFactory(jurisdiction=plan.jurisdiction, name="区水利局")
    section = SectionFactory(chapter=ChapterFactory(plan=plan, number=3, title="深入打好污染防治攻坚战"))
    tasks = [TaskFactory(section=section, order=n) for n in range(1, 5)]
    for task in tasks:
        task.responsibilities.create(unit=eco, role="lead", order=1)
    unreported = TaskFactory(section=section, order=5)
    unreported.responsibilities.create(unit=other, role="lead", order=1)
    project = KeyProjectFactory(box=BoxFactory(plan=plan, number=7, kind=Box.Kind.PROJECTS))
    project.units.add(eco)
    return {"plan": plan, "tasks": tasks, "unreported": unreported, "project": project}


def test_demo_progress_covers_2021_to_2023_of_the_demo_units_tasks_and_projects(outlined):
    seed()
    for task in outlined["tasks"]:
        assert sorted(task.progress.values_list("year", flat=True)) == [2021, 2022, 2023]
    assert not outlined["unreported"].progress.exists()
    assert sorted(outlined["project"].progress.values_list("year", flat=True)) == [2021, 2022, 2023]


def test_demo_progress_is_marked_with_a_status_and_a_chinese_narrative(outlined):
    seed()
    records = [*TaskProgress.objects.all(), *ProjectProgress.objects.all()]
    assert records and all(r.is_demo for r in records)
    assert all(r.status in ProgressStatus.values and "，" in r.narrative for r in records)
    assert {r.reported_by.username for r in records} == {"kc_sthj"}


def test_demo_progress_is_in_mixed_review_states(outlined):
    seed()
    progress = TaskProgress.objects.all()
    assert set(progress.filter(year=2021).values_list("state", flat=True)) == {ReviewState.APPROVED}
    assert not progress.filter(year=2023, state=ReviewState.APPROVED).exists()
    approved = progress.filter(state=ReviewState.APPROVED)
    assert {r.reviewed_by.username for r in approved} == {"kc_review"}


def test_a_completed_task_stays_completed_in_later_years(outlined):
    seed()
    for task in outlined["tasks"]:
        statuses = list(task.progress.order_by("year").values_list("status", flat=True))
        if ProgressStatus.DONE in statuses:
            assert set(statuses[statuses.index(ProgressStatus.DONE) :]) == {ProgressStatus.DONE}


def test_running_twice_leaves_the_demo_progress_alone(outlined):
    seed()
    before = list(TaskProgress.objects.order_by("pk").values_list("pk", "status", "state", "narrative"))
    seed()
    after = list(TaskProgress.objects.order_by("pk").values_list("pk", "status", "state", "narrative"))
    assert after == before
    assert ProjectProgress.objects.count() == 3


def test_existing_real_progress_is_left_alone(outlined):
    task = outlined["tasks"][0]
    real = TaskProgress.objects.create(
        task=task, year=2022, status=ProgressStatus.NOT_DONE, narrative="资金未到位"
    )
    seed()
    real.refresh_from_db()
    assert (real.status, real.narrative, real.is_demo) == (ProgressStatus.NOT_DONE, "资金未到位", False)
    assert task.progress.count() == 3


def test_plan_page_chapter_summary_counts_the_demo_progress(outlined, client):
    seed()
    client.force_login(User.objects.get(username="admin"))
    response = client.get(f"/plans/{outlined['plan'].pk}/?year=2021")
    chapter = next(c for c in response.context["chapters"] if c.number == 3)
    assert chapter.tasks == 5
    assert chapter.done + chapter.in_progress + chapter.not_done == 4  # 2021 is approved throughout
    assert chapter.unreported == 1
