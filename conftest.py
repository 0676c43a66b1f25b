"""Fixtures shared by more than one test folder; a folder's conftest keeps only its own."""

import os
import shutil
from pathlib import Path

import pytest
from django.core.cache import caches

from accounts.models import Jurisdiction, User
from plans.models import Box
from tests.factories import (
    BoxFactory,
    ChapterFactory,
    IndicatorFactory,
    JurisdictionFactory,
    KeyProjectFactory,
    PlanFactory,
    SectionFactory,
    TaskFactory,
    UnitFactory,
    UserFactory,
    add_values,
)


@pytest.fixture(autouse=True)
def fresh_caches():
    """Computed tables are cached per data fingerprint (`CACHES`): cleared here, in one place, so no
    test sees another's."""
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def today(monkeypatch):
    """`today(date(2027, 3, 1))` sets the day the application reads (`timezone.localdate`), so a test
    that enters a year's values does not depend on whether that year has ended when it runs."""

    def set_today(day):
        monkeypatch.setattr("indicators.years.timezone.localdate", lambda: day)

    return set_today


@pytest.fixture
def world(db):
    """宽城区 under 长春市, a sibling district, two units of 宽城区 and one user of every kind."""

    class World:
        pass

    w = World()
    w.city = JurisdictionFactory(name="长春市", level=Jurisdiction.Level.CITY)
    w.district = JurisdictionFactory(name="宽城区", parent=w.city)
    w.sibling = JurisdictionFactory(name="朝阳区", parent=w.city)
    w.own_unit = UnitFactory(jurisdiction=w.district, name="区生态环境分局")
    w.other_unit = UnitFactory(jurisdiction=w.district, name="区发改局")
    w.plan = PlanFactory(jurisdiction=w.district)
    w.indicator = IndicatorFactory(plan=w.plan, pm25=True)
    w.indicator.units.add(w.own_unit)
    w.users = {
        "reporter_own": UserFactory(username="kc_sthj", units=[w.own_unit]),
        "reporter_other": UserFactory(username="kc_fgj", units=[w.other_unit]),
        "reviewer": UserFactory(username="kc_review", role=User.Role.REVIEWER, jurisdiction=w.district),
        "reviewer_city": UserFactory(username="cc_review", role=User.Role.REVIEWER, jurisdiction=w.city),
        "reviewer_other": UserFactory(username="cy_review", role=User.Role.REVIEWER, jurisdiction=w.sibling),
        "leader": UserFactory(username="kc_leader", role=User.Role.LEADER, jurisdiction=w.district),
        "admin": UserFactory(username="admin", role=User.Role.ADMIN, is_staff=True, is_superuser=True),
    }
    return w


@pytest.fixture
def staffed(world):
    """The world's users as the admin sees them: their role alone opens it (`accounts.backends.RoleBackend`),
    no group and no staff flag."""
    for user in world.users.values():
        assert not user.groups.exists()
    return world


@pytest.fixture
def dash(world):
    """The `world` plus: a main table of three indicators (one binding PM2.5 off track), a chapter with a
    task, a projects box, a sibling district's PM2.5 under the city's, and a synthetic plan elsewhere."""
    w = world
    box = w.indicator.box
    w.pm25 = w.indicator  # 42 → 30, lower is better, binding
    add_values(w.pm25, {2021: 43, 2022: 44, 2023: 45})  # worse every year: forecast misses
    w.good_days = IndicatorFactory(plan=w.plan, box=box, share=True)  # 85 → 90, higher is better
    w.good_days.units.add(w.other_unit)
    add_values(w.good_days, {2021: 86, 2022: 88, 2023: 90})
    w.water = IndicatorFactory(plan=w.plan, box=box, hold=True)  # 0 → 0, indicative
    chapter = ChapterFactory(plan=w.plan, number=1, title="推进大气污染防治")
    w.task = TaskFactory(section=SectionFactory(chapter=chapter, number=1))
    w.task.responsibilities.create(unit=w.own_unit, role="lead", order=1)
    w.projects = BoxFactory(plan=w.plan, number=9, title="重点工程", kind=Box.Kind.PROJECTS)
    w.project = KeyProjectFactory(box=w.projects, title="燃煤锅炉淘汰工程")

    w.city_plan = PlanFactory(jurisdiction=w.city, title="长春市生态环境保护“十四五”规划")
    w.city_pm25 = IndicatorFactory(plan=w.city_plan, pm25=True, target_text="28", target_value=28)
    w.pm25.parent_indicator = w.city_pm25
    w.pm25.save()
    w.sibling_plan = PlanFactory(jurisdiction=w.sibling, title="朝阳区生态环境保护“十四五”规划")
    w.sibling_pm25 = IndicatorFactory(plan=w.sibling_plan, pm25=True, parent_indicator=w.city_pm25)
    add_values(w.sibling_pm25, {2021: 40, 2022: 38, 2023: 36})

    fake = Jurisdiction.objects.create(name="合成市1", level=Jurisdiction.Level.CITY, is_synthetic=True)
    w.synthetic_plan = PlanFactory(jurisdiction=fake, title="合成市生态环境保护规划", is_synthetic=True)
    w.synthetic_pm25 = IndicatorFactory(plan=w.synthetic_plan, pm25=True)
    w.synthetic_pm25.units.add(UnitFactory(jurisdiction=fake, name="合成局"))
    return w


# Debian's Chromium, driven by Playwright: one browser for the whole run, shared by the browser tests
# and the tests that print documents to PDF (a second sync Playwright in the same thread is refused).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from such a
# thread unless told that this is deliberate (the live server runs in its own thread anyway).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing and REQUIRE_BROWSER is set (scripts/install_chromium.sh)")
        pytest.skip(f"{CHROMIUM} is missing (scripts/install_chromium.sh installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
