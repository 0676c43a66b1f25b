"""A visitor walks the public site (信息公开) at desktop and phone widths: no login, the published figures
readable with and without JavaScript, the charts drawn, the CSV downloadable, axe-core finding nothing
critical or serious. Screenshots go to test-artifacts/browser/public/ (or $PUBLIC_SHOTS)."""

import os

import pytest

from indicators.models import IndicatorValue, ReviewState
from public.services import plan_year_publish
from tests.factories import IndicatorFactory, PlanFactory, TaskProgressFactory, add_values

from .conftest import ARTIFACTS
from .test_accessibility import blocking_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("PUBLIC_SHOTS") or str(ARTIFACTS / "public")


@pytest.fixture
def site(dash):
    """宽城区's 十四五 plan published for 2022 and 2023 (a 2024 figure submitted, not approved), its 十五五
    plan for 2026; 朝阳区's plan not published."""
    d = dash
    add_values(d.water, {2022: 0, 2023: 0})
    IndicatorValue.objects.create(indicator=d.pm25, year=2024, value=31.7, state=ReviewState.SUBMITTED)
    TaskProgressFactory(task=d.task, year=2022, status="done", state=ReviewState.APPROVED)
    admin = d.users["admin"]
    for year in (2022, 2023):
        plan_year_publish(plan=d.plan, year=year, user=admin)
    d.later = PlanFactory(
        jurisdiction=d.district,
        title="宽城区生态环境保护“十五五”规划",
        start_year=2026,
        end_year=2030,
        baseline_year=2025,
    )
    add_values(IndicatorFactory(plan=d.later, pm25=True, baseline_text="45", target_text="28"), {2026: 36})
    plan_year_publish(plan=d.later, year=2026, user=admin)
    return d


def shoot(tab, name):
    os.makedirs(SHOTS, exist_ok=True)
    tab.page.screenshot(path=f"{SHOTS}/{name}_{tab.width}.png", full_page=True)


def check(tab, found, name):
    """No blocking axe violation, nothing wider than the screen, and a screenshot."""
    if violations := blocking_violations(tab.page):
        found[f"{name} at {tab.width}"] = violations
    overflow = tab.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} is {overflow}px wider than the {tab.width}px screen"
    shoot(tab, name)


@pytest.mark.parametrize("width", [1440, 390])
def test_a_visitor_walks_the_public_site(session, site, width):
    tab = session(width)
    found = {}
    tab.go("/public/")
    assert "朝阳区" not in tab.page.content()
    check(tab, found, "index")

    tab.page.get_by_role("link", name="宽城区").first.click()
    tab.page.wait_for_load_state("load")
    assert "规划对照" in tab.page.inner_text("main")
    check(tab, found, "region")

    tab.page.locator("main .plan-list").get_by_role("link", name=site.plan.title).click()
    tab.page.wait_for_load_state("load")
    main = tab.page.inner_text("main")
    assert "45（2023）" in main and "31.7" not in main
    assert "发布于" in main
    tab.page.wait_for_selector("[data-public-chart] svg")  # the chart drawn over the table's figures
    check(tab, found, "plan")

    with tab.page.expect_download() as download:
        tab.page.get_by_role("link", name="CSV").first.click()
    assert download.value.suggested_filename.endswith("_2023.csv")

    tab.page.get_by_role("link", name="2022", exact=True).first.click()
    tab.page.wait_for_load_state("load")
    assert "44（2022）" in tab.page.inner_text("main")
    check(tab, found, "plan_2022")

    tab.page.get_by_role("link", name=site.pm25.name).first.click()
    tab.page.wait_for_load_state("load")
    tab.page.wait_for_selector("[data-public-chart] svg")
    assert "44（2022）" in tab.page.inner_text("main")
    check(tab, found, "indicator")

    tab.go(f"/public/plans/{site.later.pk}/")
    check(tab, found, "plan_later")
    assert not found, "\n".join(f"{page}: {v}" for page, violations in found.items() for v in violations)


def test_the_figures_read_without_javascript(browser, live_server, site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/public/plans/{site.plan.pk}/")
    main = page.inner_text("main")
    assert "45（2023）" in main
    assert "已完成1项" in main
    assert page.locator("[data-public-chart] svg").count() == 0
    context.close()
