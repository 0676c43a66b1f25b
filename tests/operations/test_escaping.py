"""Text from documents and spreadsheets is data, never markup: a name with a script tag renders as text."""

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.models import User
from public.services import plan_year_publish
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
    plan_year_publish(plan=plan, year=2021)  # so the public site's pages show it
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
    response = superuser_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    )
    assert response.status_code == 200
    assert SCRIPT not in response.content.decode()
    assert ESCAPED in response.content.decode()


def test_every_admin_changelist_keeps_script_text_inert(superuser_client, hostile):
    for model in admin.site._registry:
        opts = model._meta
        response = superuser_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        assert response.status_code == 200, opts.label
        assert SCRIPT not in response.content.decode(), opts.label


# Routes that are not pages to open: each test below checks that they are what this says.
NOT_PAGES = {
    "spreadsheets:template": "a spreadsheet download",
    "evaluation:jurisdiction": "a Word download",
    "evaluation:plan": "a Word download",
    "spreadsheets:import_confirm": "takes only the import page's POST",
    "importer:import_confirm": "takes only the plan import preview's POST",
    "importer:import_cancel": "takes only the plan import preview's POST",
    "entry:review-batch": "takes only the review page's POST",
    "public:listing": "the public site's JSON listing",
}
POST_ONLY = (
    "spreadsheets:import_confirm",
    "importer:import_confirm",
    "importer:import_cancel",
    "entry:review-batch",
)
# Pages a unit's reporter may not open.
REFUSED_TO_REPORTERS = {"entry:review", "importer:import"}


def pages(hostile, refused=()):
    return {
        name: url for name, url in page_urls(hostile).items() if name not in NOT_PAGES and name not in refused
    }


def assert_every_page_shows_script_names_as_text(client, urls):
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        assert "html" in response["Content-Type"], (name, url)
        assert SCRIPT not in response.content.decode(), (name, url)


def test_every_page_shows_a_script_name_as_text_to_an_administrator(superuser_client, hostile):
    urls = pages(hostile)
    assert len(urls) > 1
    assert_every_page_shows_script_names_as_text(superuser_client, urls)


def test_every_page_shows_a_script_name_as_text_to_the_units_reporter(client, hostile):
    client.force_login(UserFactory(username="kc_sthj", units=[hostile["unit"]]))
    urls = pages(hostile, refused=REFUSED_TO_REPORTERS)
    assert len(urls) > 1
    assert_every_page_shows_script_names_as_text(client, urls)


def test_the_units_reporter_is_refused_the_pages_left_out_for_them(client, hostile):
    client.force_login(UserFactory(username="kc_sthj", units=[hostile["unit"]]))
    urls = page_urls(hostile)
    for name in REFUSED_TO_REPORTERS:
        assert client.get(urls[name]).status_code == 403, name


def test_what_is_left_out_is_not_a_page(superuser_client, hostile):
    urls = page_urls(hostile)
    assert set(NOT_PAGES) <= set(urls)
    for name in POST_ONLY:
        assert superuser_client.get(urls[name]).status_code == 405, name
    download = superuser_client.get(urls["spreadsheets:template"], {"year": 2021, "plan": hostile["plan"].pk})
    assert download.status_code == 200 and "html" not in download["Content-Type"]
    for name in ("evaluation:jurisdiction", "evaluation:plan"):
        report = superuser_client.get(urls[name], {"jurisdiction": hostile["plan"].jurisdiction_id})
        assert report.status_code == 200 and "wordprocessingml" in report["Content-Type"], name
    listing = superuser_client.get(urls["public:listing"])
    assert listing.status_code == 200 and listing["Content-Type"] == "application/json"


def test_pages_that_name_the_hostile_rows_escape_them(superuser_client, hostile):
    """Guards the tests above: the pages of the plan, the indicator, the unit and the comparison do show
    the names."""
    urls = page_urls(hostile)
    for name in (
        "dashboard:plan",
        "dashboard:indicator",
        "dashboard:unit",
        "dashboard:compare",
        "public:plan",
    ):
        assert ESCAPED in superuser_client.get(urls[name]).content.decode(), name
