"""`manage.py publish_plan` and the admin: both publish and withdraw through the services."""

import io

import pytest
from django.core.management import CommandError, call_command

from public.models import PublicationEvent, PublishedYear

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def test_publish_plan_publishes_and_withdraws(dash):
    out = io.StringIO()
    call_command("publish_plan", dash.plan.pk, year=YEAR, stdout=out)
    assert "已发布" in out.getvalue() and "3项指标" in out.getvalue()
    published = PublishedYear.objects.get(plan=dash.plan, year=YEAR)
    assert published.published_by is None  # a script on the server

    call_command("publish_plan", dash.plan.pk, year=YEAR, unpublish=True, stdout=out)
    assert "已撤回" in out.getvalue()
    assert not PublishedYear.objects.exists()
    assert list(PublicationEvent.objects.order_by("pk").values_list("action", flat=True)) == [
        "publish",
        "unpublish",
    ]


def test_publish_plan_refuses_a_missing_plan_or_a_year_outside_it(dash):
    with pytest.raises(CommandError, match="不存在"):
        call_command("publish_plan", 999999, year=YEAR)
    with pytest.raises(CommandError, match="不是本规划的年份"):
        call_command("publish_plan", dash.plan.pk, year=2030)
    assert not PublishedYear.objects.exists()


def test_administrator_publishes_in_the_admin(client, dash):
    client.force_login(dash.users["admin"])
    response = client.post("/admin/public/publishedyear/add/", {"plan": dash.plan.pk, "year": YEAR})
    assert response.status_code == 302
    published = PublishedYear.objects.get()
    assert (published.plan, published.year, published.published_by) == (dash.plan, YEAR, dash.users["admin"])
    assert len(published.snapshot["indicators"]) == 3


def test_admin_refuses_a_year_outside_the_plan(client, dash):
    client.force_login(dash.users["admin"])
    response = client.post("/admin/public/publishedyear/add/", {"plan": dash.plan.pk, "year": 2019})
    assert response.status_code == 200
    assert "不是本规划的年份" in response.content.decode()
    assert not PublishedYear.objects.exists()


def test_admin_actions_publish_again_and_withdraw(client, published):
    d = published
    client.force_login(d.users["admin"])
    d.pm25.values.filter(year=YEAR).update(value=33)
    url = "/admin/public/publishedyear/"
    client.post(url, {"action": "publish_again", "_selected_action": [d.published.pk]})
    d.published.refresh_from_db()
    assert next(r for r in d.published.snapshot["indicators"] if r["id"] == d.pm25.pk)["value"] == "33"
    client.post(url, {"action": "withdraw", "_selected_action": [d.published.pk]})
    assert not PublishedYear.objects.exists()
    assert list(PublicationEvent.objects.order_by("pk").values_list("action", "user")) == [
        ("publish", d.users["admin"].pk),
        ("publish", d.users["admin"].pk),
        ("unpublish", d.users["admin"].pk),
    ]
    assert client.get("/admin/public/publicationevent/").status_code == 200


@pytest.mark.parametrize("role", ["reviewer", "leader", "reporter_own"])
def test_other_roles_cannot_publish_in_the_admin(client, published, role):
    client.force_login(published.users[role])
    assert client.get("/admin/public/publishedyear/").status_code == 403
    response = client.post("/admin/public/publishedyear/add/", {"plan": published.plan.pk, "year": 2022})
    assert response.status_code == 403
    assert PublishedYear.objects.count() == 1
