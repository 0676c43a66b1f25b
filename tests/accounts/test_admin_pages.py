"""Every admin page gives each kind of user exactly the status their role allows, with data in it."""

import datetime
import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from indicators.models import TargetRevision
from tests.factories import (
    IndicatorValueFactory,
    KeyProjectFactory,
    ProjectProgressFactory,
    TaskFactory,
    TaskProgressFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def populated(staffed):
    """A row of every model, all in 宽城区's plan and owned by the reporter's unit, so that each
    user's page shows a row the user may see."""
    w = staffed
    Group.objects.create(name="专项工作组")
    IndicatorValueFactory(indicator=w.indicator, year=2022, value=38)
    task = TaskFactory(section__chapter__plan=w.plan)
    task.responsibilities.create(unit=w.own_unit, role="lead", order=1)
    TaskProgressFactory(task=task, year=2022)
    project = KeyProjectFactory(box__plan=w.plan)
    project.units.add(w.own_unit)
    ProjectProgressFactory(project=project, year=2022)
    TargetRevision.objects.create(
        indicator=w.indicator,
        effective_year=2023,
        target_text="32",
        target_value=32,
        reason="中期调整",
        decided_on=datetime.date(2023, 6, 1),
        created_by=w.users["admin"],
    )
    return w


PROJECT_APPS = {"accounts", "auth", "plans", "indicators", "dashboard"}


def registered_models():
    # Third-party admins (tokens, login-attempt logs) are tested by their own projects.
    return [model for model in admin.site._registry if model._meta.app_label in PROJECT_APPS]


RECORDS = {"indicators.IndicatorValue", "indicators.TaskProgress", "indicators.ProjectProgress"}
# What each role grants in the admin (read from the design of the roles, not from the code):
# bureau staff enter their units' records; reviewers and leaders read records and indicators;
# leaders also read the revisions of targets. Nobody but an administrator touches plans or accounts.
READS = {
    "reporter_own": RECORDS | {"indicators.Indicator"},
    "reviewer": RECORDS | {"indicators.Indicator"},
    "leader": RECORDS | {"indicators.Indicator", "indicators.TargetRevision"},
}
ADDS = {"reporter_own": RECORDS, "reviewer": set(), "leader": set()}


def expected(who, label):
    """{page: status} for a user kind and a model."""
    if who == "admin":
        # Records are only ever written by their unit's staff, through the services.
        return {"changelist": 200, "add": 403 if label in RECORDS else 200, "change": 200}
    read = 200 if label in READS[who] else 403
    return {"changelist": read, "add": 200 if label in ADDS[who] else 403, "change": read}


def pages(model):
    opts = model._meta
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"populate a {opts.label} row"
    name = f"admin:{opts.app_label}_{opts.model_name}"
    return {
        "changelist": reverse(f"{name}_changelist"),
        "add": reverse(f"{name}_add"),
        "change": reverse(f"{name}_change", args=[obj.pk]),
    }


@pytest.mark.parametrize("who", ["admin", "reporter_own", "reviewer", "leader"])
@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m._meta.label)
def test_each_admin_page_gives_each_role_its_status(client, populated, who, model):
    client.force_login(populated.users[who])
    statuses = {page: client.get(url).status_code for page, url in pages(model).items()}
    assert statuses == expected(who, model._meta.label)


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m._meta.label)
def test_admin_pages_send_an_inactive_user_to_the_admin_login(client, populated, model):
    populated.users["reporter_own"].is_active = False
    populated.users["reporter_own"].save()
    client.force_login(populated.users["reporter_own"])
    for url in pages(model).values():
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("admin:login")), url


def test_admin_speaks_chinese_by_default(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert "规划" in page
    assert "系统管理" in page


def test_a_reporter_created_in_the_admin_works_there_at_once(client, world):
    """No seed_demo, no groups, no staff flag: the administrator adds a 填报人 with the admin's own
    forms, and that user logs in to the admin and enters a value for their unit."""
    from accounts.models import User
    from indicators.models import IndicatorValue

    client.force_login(world.users["admin"])
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "kc_new",
            "password1": "a-long-pass-2026",
            "password2": "a-long-pass-2026",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="kc_new")
    user.role = User.Role.REPORTER
    user.save()
    user.units.set([world.own_unit])
    assert not user.is_staff and not user.groups.exists()

    client.logout()
    assert client.login(username="kc_new", password="a-long-pass-2026")
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:indicators_indicatorvalue_add")).status_code == 200
    response = client.post(
        reverse("admin:indicators_indicatorvalue_add"),
        {
            "indicator": world.indicator.pk,
            "year": 2022,
            "value": "38",
            "note": "",
            "expected_version": "",
            "evidence-TOTAL_FORMS": 0,
            "evidence-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, re.findall(
        r'class="errorlist[^>]*>(.*?)</ul>', response.content.decode()
    )
    value = IndicatorValue.objects.get(indicator=world.indicator, year=2022)
    assert (value.value, value.reported_by, value.state) == (38, user, "draft")


def test_the_admin_login_form_lets_in_a_role_without_the_staff_flag(client, world):
    reporter = world.users["reporter_own"]
    reporter.set_password("a-long-pass-2026")
    reporter.save()
    response = client.post(
        reverse("admin:login"),
        {"username": reporter.username, "password": "a-long-pass-2026", "next": "/admin/"},
    )
    assert response.status_code == 302 and response.url == "/admin/"
