"""The reporting round on pages: the banner with the days left, overdue units marked with their days
late, the open round as the year the 填报 and review pages open on, the admin's actions, the help pages."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from indicators.models import ReviewState
from indicators.years import default_year
from rounds.models import Notification, ReportingRound
from tests.dashboard.test_query_counts import MAX_QUERIES
from tests.factories import IndicatorValueFactory, ReportingRoundFactory

pytestmark = pytest.mark.django_db


def days_from_today(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def page(client, user, url, **params):
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_every_page_shows_the_open_round_and_the_days_left(client, world):
    due = days_from_today(12)
    ReportingRoundFactory(year=2025, due_date=due)
    for user in ("reporter_own", "reviewer", "leader"):
        html = page(client, world.users[user], reverse("dashboard:overview"))
        assert f"2025年度填报进行中，截止{due.month}月{due.day}日，还剩12天" in html, user


def test_the_banner_says_when_the_round_is_overdue(client, world):
    due = days_from_today(-4)
    ReportingRoundFactory(year=2025, due_date=due)
    html = page(client, world.users["reporter_own"], reverse("rounds:help"))
    assert f"2025年度填报已于{due.month}月{due.day}日截止，已逾期4天" in html


def test_no_banner_for_a_round_elsewhere_or_closed(client, world):
    ReportingRoundFactory(year=2025, jurisdictions=[world.sibling])
    ReportingRoundFactory(year=2024, closed=True)
    assert "年度填报" not in page(client, world.users["reviewer"], reverse("dashboard:overview"))


@pytest.fixture
def overdue(world):
    """The 2023 round was due 5 days ago; 宽城区's PM2.5 has no 2023 value yet."""
    return ReportingRoundFactory(year=2023, due_date=days_from_today(-5))


def test_the_overview_marks_a_unit_that_still_owes_records_with_its_days_late(client, world, overdue):
    html = page(client, world.users["admin"], reverse("dashboard:overview"), year=2023)
    completeness = html.split('id="completeness"')[1]
    row = completeness.split(world.own_unit.name)[1].split("</tr>")[0]
    assert '<span class="badge overdue">逾期5天</span>' in row


def test_the_overview_does_not_mark_a_unit_that_submitted_everything(client, world, overdue):
    IndicatorValueFactory(indicator=world.indicator, year=2023, state=ReviewState.SUBMITTED)
    html = page(client, world.users["admin"], reverse("dashboard:overview"), year=2023)
    assert "badge overdue" not in html


def test_the_overview_marks_nobody_before_the_due_date(client, world):
    ReportingRoundFactory(year=2023, due_date=days_from_today(1))
    assert "badge overdue" not in page(client, world.users["admin"], reverse("dashboard:overview"), year=2023)


def test_the_unit_page_marks_the_unit_late(client, world, overdue):
    html = page(client, world.users["leader"], reverse("dashboard:unit", args=[world.own_unit.pk]), year=2023)
    assert '<span class="badge overdue">逾期5天</span>' in html


def test_the_entry_page_marks_the_plan_late(client, world, overdue):
    html = page(client, world.users["reporter_own"], reverse("entry:entry"), year=2023)
    assert '<span class="badge overdue">逾期5天</span>' in html


@pytest.mark.parametrize("page_name", ["overview", "unit"])
def test_pages_with_rounds_and_notifications_stay_within_their_query_pins(
    client, world, django_assert_max_num_queries, page_name
):
    ReportingRoundFactory(year=2023, due_date=days_from_today(-5))
    ReportingRoundFactory(year=2022, closed=True)
    Notification.objects.create(user=world.users["leader"], kind="returned", text="一")
    url = {"overview": "/?year=2023", "unit": f"/units/{world.own_unit.pk}/?year=2023"}[page_name]
    client.force_login(world.users["leader"])
    client.get(url)
    with django_assert_max_num_queries(MAX_QUERIES[page_name]):
        assert "逾期5天" in client.get(url).content.decode()


# --- the default year -------------------------------------------------------------------------------------


@pytest.fixture
def approved_2022(world):
    IndicatorValueFactory(indicator=world.indicator, year=2022, state=ReviewState.APPROVED)


@pytest.mark.parametrize("who", ["reporter_own", "reviewer"])
def test_the_open_round_is_the_default_year_of_reporters_and_reviewers(world, approved_2022, who):
    ReportingRoundFactory(year=2024)
    assert default_year(world.users[who]) == 2024


def test_officials_keep_the_latest_approved_year(world, approved_2022):
    ReportingRoundFactory(year=2024)
    assert default_year(world.users["leader"]) == 2022


def test_a_closed_round_or_one_elsewhere_is_no_default(world, approved_2022):
    ReportingRoundFactory(year=2024, closed=True)
    ReportingRoundFactory(year=2025, jurisdictions=[world.sibling])
    assert default_year(world.users["reviewer"]) == 2022


def test_the_latest_open_round_comes_first(world):
    ReportingRoundFactory(year=2023)
    ReportingRoundFactory(year=2025)
    assert default_year(world.users["reporter_own"]) == 2025


def test_of_several_open_rounds_the_entry_page_opens_on_the_one_due_first(client, world):
    ReportingRoundFactory(year=2025, due_date=days_from_today(30))
    ReportingRoundFactory(year=2024, due_date=days_from_today(5))
    client.force_login(world.users["reporter_own"])
    assert client.get(reverse("entry:entry")).context["year"] == 2024


@pytest.mark.parametrize(("who", "url"), [("reporter_own", "entry:entry"), ("reviewer", "entry:review")])
def test_the_entry_and_review_pages_open_on_the_round(client, world, approved_2022, who, url):
    ReportingRoundFactory(year=2024)
    client.force_login(world.users[who])
    response = client.get(reverse(url))
    assert response.status_code == 200
    if url == "entry:entry":
        assert response.context["year"] == 2024
    assert "2024年度填报进行中" in response.content.decode()


# --- the admin ----------------------------------------------------------------------------------------------


def test_an_administrator_opens_a_round_in_the_admin_and_its_reporters_hear_of_it(client, world):
    client.force_login(world.users["admin"])
    response = client.post(
        reverse("admin:rounds_reportinground_add"),
        {"year": 2025, "jurisdictions": [world.district.pk], "due_date": "2026-03-31", "review_due_date": ""},
    )
    assert response.status_code == 302
    round_ = ReportingRound.objects.get()
    assert (round_.state, round_.opened_by) == (ReportingRound.State.OPEN, world.users["admin"])
    assert list(Notification.objects.values_list("user__username", "kind")) == [("kc_sthj", "round_opened")]


def test_changing_a_rounds_due_date_in_the_admin_tells_its_reporters_the_new_date(client, world):
    round_ = ReportingRoundFactory(
        year=2025, due_date=datetime.date(2026, 3, 31), jurisdictions=[world.district]
    )
    client.force_login(world.users["admin"])
    response = client.post(
        reverse("admin:rounds_reportinground_change", args=[round_.pk]),
        {"year": 2025, "jurisdictions": [world.district.pk], "due_date": "2026-04-15", "review_due_date": ""},
    )
    assert response.status_code == 302
    [note] = Notification.objects.all()
    assert (note.user, note.kind) == (world.users["reporter_own"], Notification.Kind.DUE_CHANGED)
    assert "4月15日" in note.text and "3月31日" not in note.text


def test_the_admin_actions_close_and_open_rounds(client, world):
    round_ = ReportingRoundFactory(year=2025)
    client.force_login(world.users["admin"])
    changelist = reverse("admin:rounds_reportinground_changelist")
    client.post(changelist, {"action": "close_selected", ACTION_CHECKBOX_NAME: [round_.pk]})
    round_.refresh_from_db()
    assert round_.state == ReportingRound.State.CLOSED and round_.closed_at is not None
    client.post(changelist, {"action": "open_selected", ACTION_CHECKBOX_NAME: [round_.pk]})
    round_.refresh_from_db()
    assert round_.state == ReportingRound.State.OPEN and round_.closed_at is None
    assert round_.history.count() == 3


@pytest.mark.parametrize("who", ["reporter_own", "reviewer", "leader"])
def test_only_administrators_open_the_rounds_admin(client, world, who):
    client.force_login(world.users[who])
    assert client.get(reverse("admin:rounds_reportinground_changelist")).status_code == 403


# --- help ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "heading"),
    [
        ("reporter_own", "填报人使用说明"),
        ("reviewer", "审核人使用说明"),
        ("leader", "领导使用说明"),
        ("admin", "管理员使用说明"),
    ],
)
def test_the_help_link_opens_the_page_of_the_users_role(client, world, who, heading):
    html = page(client, world.users[who], reverse("dashboard:overview"))
    nav = html.split('<nav class="site-nav">')[1].split("</nav>")[0]
    assert f'href="{reverse("rounds:help")}"' in nav
    help_page = page(client, world.users[who], reverse("rounds:help"))
    assert heading in help_page and "年度工作流程" in help_page and "已退回" in help_page


@pytest.mark.parametrize("role", ["reporter", "reviewer", "leader", "admin"])
def test_every_roles_help_page_is_open_to_anyone(client, world, role):
    assert client.get(reverse("rounds:help-role", args=[role])).status_code == 200


def test_an_unknown_help_page_is_not_found(client, world):
    assert client.get(reverse("rounds:help-role", args=["nobody"])).status_code == 404
