"""The demo as `make run` loads it: 宽城区 has its 十四五 and its 十五五 plan, and the pages of every
kind of user show both without error."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from plans.models import Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_plans", stdout=io.StringIO())
    call_command("seed_demo", force=True, stdout=io.StringIO())
    return Plan.objects.filter(jurisdiction__name="宽城区").order_by("start_year")


def test_both_periods_of_kuancheng_are_loaded(demo):
    current, following = demo
    assert (current.start_year, following.start_year, following.baseline_year) == (2021, 2026, 2025)
    assert following.title == "宽城区生态环境保护“十五五”规划"
    assert following.parent is None  # no 长春市 十五五 plan to belong to
    assert current.parent.jurisdiction.name == "长春市"


@pytest.mark.parametrize("username", ["admin", "kc_sthj", "kc_review", "kc_leader"])
def test_pages_show_both_plans(client, demo, username):
    client.force_login(User.objects.get(username=username))
    current, following = demo
    for plan, other in ((current, following), (following, current)):
        # Each in the overview of its own years, not in the other's (2025 is only the 十五五's baseline year).
        response = client.get(reverse("dashboard:overview"), {"year": plan.end_year})
        assert plan.title in response.content.decode()
        listed = [label.pk for label, _tally in response.context["data"].by_plan]
        assert plan.pk in listed and other.pk not in listed
        assert client.get(reverse("dashboard:plan", args=[plan.pk])).status_code == 200
    if username == "kc_sthj":
        assert client.get(reverse("entry:entry")).status_code == 200
