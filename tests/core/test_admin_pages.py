"""Every admin page loads for a superuser, with data in it."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from indicators.models import TargetRevision
from tests.factories import IndicatorValueFactory, ProjectProgressFactory, TaskProgressFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def populated(admin_user):
    value = IndicatorValueFactory()
    value.indicator.units.add(UnitFactory(jurisdiction=value.indicator.plan.jurisdiction))
    TaskProgressFactory()
    ProjectProgressFactory()
    Group.objects.create(name="填报人")
    TargetRevision.objects.create(
        indicator=value.indicator,
        effective_year=2023,
        target_text="32",
        target_value=32,
        reason="中期调整",
        decided_on=datetime.date(2023, 6, 1),
        created_by=admin_user,
    )
    return value


PROJECT_APPS = {"accounts", "auth", "plans", "indicators", "dashboard"}


def registered_models():
    # Third-party admins (tokens, login-attempt logs) are tested by their own projects.
    return [model for model in admin.site._registry if model._meta.app_label in PROJECT_APPS]


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m._meta.label)
def test_changelist_and_add_pages_load(admin_client, populated, model):
    opts = model._meta
    changelist = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    add = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert add.status_code in (200, 403)  # history-only models may forbid adding


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m._meta.label)
def test_change_page_loads_for_an_existing_row(admin_client, populated, model):
    obj = model._default_manager.first()
    assert obj is not None, f"populate a {model._meta.label} row"
    opts = model._meta
    response = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
    assert response.status_code == 200


def test_admin_speaks_chinese_by_default(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert "规划" in response.content.decode()
    assert "站点管理" in response.content.decode() or "管理" in response.content.decode()
