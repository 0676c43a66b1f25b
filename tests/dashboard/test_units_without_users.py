"""Units that something is assigned to but no user belongs to: listed for administrators on the overview."""

import pytest
from django.urls import reverse

from dashboard.selectors import units_without_users
from tests.factories import KeyProjectFactory, TaskFactory, UnitFactory

from .conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def orphans(dash):
    """宽城区 units with a task, an indicator or a project and no user, one with nothing at all."""
    w = dash
    w.short = UnitFactory(jurisdiction=w.district, name="生态环境分局")
    TaskFactory(section=w.task.section, order=2).responsibilities.create(unit=w.short, role="lead", order=1)
    TaskFactory(section=w.task.section, order=3).responsibilities.create(
        unit=w.short, role="support", order=1
    )
    w.water_unit = UnitFactory(jurisdiction=w.district, name="区水利局")
    w.water.units.add(w.water_unit)
    w.builder = UnitFactory(jurisdiction=w.district, name="区住建局")
    KeyProjectFactory(box=w.projects, seq=2).units.add(w.builder)
    UnitFactory(jurisdiction=w.district, name="区档案局")
    return w


def test_units_with_work_and_no_users_are_listed_with_their_counts(orphans, django_assert_num_queries):
    with django_assert_num_queries(2):
        count, units = units_without_users(user=orphans.users["admin"])
    assert count == 3 and [(u.name, u.task_count, u.indicator_count, u.project_count) for u in units] == [
        ("区住建局", 0, 0, 1),
        ("区水利局", 0, 1, 0),
        ("生态环境分局", 2, 0, 0),
    ]


def test_units_with_users_and_synthetic_units_are_not_listed(orphans):
    names = {u.name for u in units_without_users(user=orphans.users["admin"])[1]}
    assert not names & {"区生态环境分局", "区发改局", "合成局", "区档案局"}


def test_the_overview_shows_administrators_the_card_with_a_link_to_add_a_user(client, orphans):
    page = login(client, orphans.users["admin"]).get("/?year=2023").content.decode()
    assert "无填报人员的责任单位（3）" in page
    assert "任务2项、指标0项、重点工程0项" in page and "添加用户" in page
    assert reverse("admin:accounts_user_add") in page
    assert reverse("admin:accounts_responsibleunit_change", args=[orphans.short.pk]) in page


@pytest.mark.parametrize("who", ["leader", "reviewer", "reporter_own"])
def test_others_do_not_see_the_card(client, orphans, who):
    assert units_without_users(user=orphans.users[who]) == (0, [])
    page = login(client, orphans.users[who]).get("/?year=2023").content.decode()
    assert "无填报人员的责任单位" not in page


def test_the_card_lists_the_first_units_and_counts_them_all(client, orphans, monkeypatch):
    monkeypatch.setattr("dashboard.selectors.UNITS_WITHOUT_USERS_SHOWN", 2)
    count, units = units_without_users(user=orphans.users["admin"])
    assert (count, len(units)) == (3, 2)
    page = login(client, orphans.users["admin"]).get("/?year=2023").content.decode()
    assert "无填报人员的责任单位（3）" in page and "还有1个单位未列出" in page
