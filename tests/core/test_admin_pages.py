"""Every admin page gives each kind of user exactly the status their role allows, with data in it."""

import datetime

import pytest
from django.contrib import admin
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
# What each role's group grants in the admin (read from the design of the roles, not from the code):
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
def test_admin_pages_send_a_user_without_staff_status_to_the_admin_login(client, populated, model):
    populated.users["reporter_own"].is_staff = False
    populated.users["reporter_own"].save()
    client.force_login(populated.users["reporter_own"])
    for url in pages(model).values():
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("admin:login")), url


def test_admin_speaks_chinese_by_default(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert "规划" in page
    assert "系统管理" in page
