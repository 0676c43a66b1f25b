"""Text from documents and spreadsheets is data, never markup: a name with a script tag renders as text."""

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.models import User
from tests.factories import (
    IndicatorFactory,
    IndicatorValueFactory,
    PlanFactory,
    TaskFactory,
    UnitFactory,
    UserFactory,
)
from tests.operations.pages import page_urls

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture
def hostile(db):
    plan = PlanFactory(title=SCRIPT)
    unit = UnitFactory(jurisdiction=plan.jurisdiction, name=SCRIPT)
    indicator = IndicatorFactory(plan=plan, name=SCRIPT, category=SCRIPT, unit="%")
    indicator.units.add(unit)
    IndicatorValueFactory(indicator=indicator, year=2021, value=40, note=SCRIPT)
    TaskFactory(section__chapter__plan=plan, title=SCRIPT, text=SCRIPT)
    return {"plan": plan, "unit": unit, "indicator": indicator}


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(username="root", role=User.Role.ADMIN, is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("key", ["plan", "unit", "indicator"])
def test_admin_changelist_shows_a_script_name_as_text(superuser_client, hostile, key):
    opts = hostile[key]._meta
    content = superuser_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).content
    assert SCRIPT not in content.decode()
    assert ESCAPED in content.decode()


@pytest.mark.parametrize("key", ["plan", "unit", "indicator"])
def test_admin_change_page_shows_a_script_name_as_text(superuser_client, hostile, key):
    obj = hostile[key]
    opts = obj._meta
    content = superuser_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
    assert SCRIPT not in content.content.decode()


def test_every_admin_changelist_keeps_script_text_inert(superuser_client, hostile):
    for model in admin.site._registry:
        opts = model._meta
        response = superuser_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        assert SCRIPT not in response.content.decode(), opts.label


def pages_checked(client, hostile):
    checked = []
    for url in page_urls(hostile):
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        assert SCRIPT not in response.content.decode(), url
        checked.append(url)
    return checked


def test_every_page_shows_a_script_name_as_text_to_an_administrator(superuser_client, hostile):
    assert len(pages_checked(superuser_client, hostile)) > 1


def test_every_page_shows_a_script_name_as_text_to_the_units_reporter(client, hostile):
    client.force_login(UserFactory(username="kc_sthj", units=[hostile["unit"]]))
    assert len(pages_checked(client, hostile)) > 1


def test_pages_that_show_the_hostile_names_escape_them(superuser_client, hostile):
    """Guards the two tests above: some pages do show the names, escaped."""
    shown = [
        url
        for url in page_urls(hostile)
        if ESCAPED in superuser_client.get(url).content.decode(errors="ignore")
    ]
    assert shown
