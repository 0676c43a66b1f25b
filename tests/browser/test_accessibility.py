"""axe-core (the `axe-playwright-python` package's copy, no CDN) over every page for every role: no
critical and no serious violation of WCAG 2.1 A/AA (unnamed inputs, contrast below 4.5:1, …)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.files.uploadedfile import SimpleUploadedFile

from indicators.evidence import evidence_attach
from indicators.models import ReviewState
from rounds.models import Notification
from tests.factories import (
    IndicatorFactory,
    IndicatorValueFactory,
    ProjectProgressFactory,
    ReportingRoundFactory,
    TaskProgressFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = 2024
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"critical", "serious"}
# Widgets Django's admin ships as they are (its vendored select2 for autocomplete fields, SelectFilter's
# search boxes): their markup is Django's to mend, not ours; the rest of each admin page is checked.
DJANGO_WIDGETS = [[".select2-container"], [".selector-filter"]]
# The accessible name an element gets from its aria-labelledby.
LABELLED_BY = "e => e.getAttribute('aria-labelledby').split(' ').map(id => document.getElementById(id).textContent).join(' ')"
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


@pytest.fixture
def everything(dash):
    """`dash`, plus in `YEAR` (an open round) a row of every state on the reporter's 填报 page: a figure
    submitted (with a warning and a file), one returned, a draft, a qualitative indicator and task and
    project progress submitted for the reviewer; a notification for the reporter."""
    d = dash
    reporter = d.users["reporter_own"]
    ReportingRoundFactory(year=YEAR)
    submitted = IndicatorValueFactory(
        indicator=d.pm25, year=YEAR, value=90, note="沙尘", state=ReviewState.SUBMITTED, reported_by=reporter
    )
    draft = IndicatorValueFactory(indicator=d.water, year=YEAR, value=0, reported_by=reporter)
    d.water.units.add(d.own_unit)
    evidence_attach(user=reporter, record=draft, upload=SimpleUploadedFile("监测报告.pdf", PDF))
    qualitative = IndicatorFactory(plan=d.plan, box=d.pm25.box, qualitative=True, name="生态保护红线")
    qualitative.units.add(d.own_unit)
    IndicatorValueFactory(
        indicator=qualitative,
        year=YEAR,
        value=None,
        status="in_progress",
        state=ReviewState.RETURNED,
        review_comment="请补充说明",
        reported_by=reporter,
    )
    TaskProgressFactory(task=d.task, year=YEAR, state=ReviewState.SUBMITTED, reported_by=reporter)
    d.project.units.add(d.own_unit)
    ProjectProgressFactory(project=d.project, year=YEAR, state=ReviewState.SUBMITTED, reported_by=reporter)
    Notification.objects.create(
        user=reporter, kind=Notification.Kind.ROUND_OPENED, text="2024年度填报已开启", link="/entry/"
    )
    d.submitted = submitted
    return d


def pages(d, role):
    """The pages a person of `role` reaches from the navigation, and the admin's for the administrator."""
    common = [
        f"/?year={YEAR}",
        f"/plans/{d.plan.pk}/?year={YEAR}",
        f"/indicators/{d.pm25.pk}/?year={YEAR}",
        "/compare/",
        f"/compare/pm25/?year={YEAR}",
        f"/units/{d.own_unit.pk}/?year={YEAR}",
        "/notifications/",
        "/help/",
        f"/entry/?year={YEAR}",
    ]
    own = {
        "reporter": ["/spreadsheets/import/"],
        "reviewer": [f"/entry/review/?year={YEAR}"],
        "leader": [],
        "administrator": [
            f"/entry/review/?year={YEAR}",
            "/plans/import/",
            "/admin/",
            "/admin/indicators/indicatorvalue/",
            f"/admin/indicators/indicatorvalue/{d.submitted.pk}/change/",
            "/admin/indicators/indicator/",
            f"/admin/indicators/indicator/{d.pm25.pk}/change/",
            "/admin/plans/plan/",
            "/admin/accounts/user/",
            "/admin/rounds/reportinground/add/",
        ],
    }
    return common + own[role]


USERS = {"reporter": "reporter_own", "reviewer": "reviewer", "leader": "leader", "administrator": "admin"}


def blocking_violations(page) -> list[str]:
    results = Axe().run(
        page,
        context={"exclude": DJANGO_WIDGETS},
        # No CSSOM preload: axe fetches the stylesheets again and resolves the admin's
        # `@import url('widgets.css')` against the page, asking the admin for an object "widgets.css"
        # (a 404 of the tool's own making). Its one user, css-orientation-lock, has nothing to find:
        # no stylesheet of the site locks the orientation.
        options={
            "runOnly": {"type": "tag", "values": WCAG_21_AA},
            "resultTypes": ["violations"],
            "preload": False,
        },
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        + (f" … {len(violation['nodes'])} in all" if len(violation["nodes"]) > 5 else "")
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("role", list(USERS))
def test_every_page_of_every_role_has_no_serious_violation(session, everything, role):
    tab = session()
    tab.log_in(everything.users[USERS[role]].username)
    found = {}
    for path in pages(everything, role):
        tab.go(path)
        if violations := blocking_violations(tab.page):
            found[path] = violations
    assert not found, "\n".join(
        f"{path}: {violation}" for path, violations in found.items() for violation in violations
    )


def test_the_login_page_and_a_phone_sized_entry_page_have_no_serious_violation(session, everything):
    tab = session(390)
    tab.go("/accounts/login/")
    assert not blocking_violations(tab.page)
    tab.log_in(everything.users["reporter_own"].username)
    tab.go(f"/entry/?year={YEAR}")
    assert not blocking_violations(tab.page)


def test_every_input_of_the_entry_page_is_named_by_its_row_and_column(session, everything):
    """What a screen reader says on each input: the row's title and the column, e.g. 生态保护红线 … 备注."""
    tab = session()
    tab.log_in(everything.users["reporter_own"].username)
    tab.go(f"/entry/?year={YEAR}")
    inputs = tab.page.locator("#entry-form tr[data-state] :is(input:not([type=hidden]), select, textarea)")
    assert inputs.count() >= 6
    for index in range(inputs.count()):
        control = inputs.nth(index)
        row_title = control.locator("xpath=ancestor::tr/td[1]").inner_text().strip()
        name = control.evaluate(LABELLED_BY)
        assert name.startswith(row_title) and len(name) > len(row_title), (row_title, name)


def test_review_checkboxes_are_named_by_their_record(session, everything):
    tab = session()
    tab.log_in(everything.users["reviewer"].username)
    tab.go(f"/entry/review/?year={YEAR}")
    boxes = tab.page.locator("input[name=items]")
    assert boxes.count() == 3
    names = {boxes.nth(i).evaluate(LABELLED_BY) for i in range(3)}
    assert names == {str(everything.pm25), everything.task.title, everything.project.title}


def test_each_approve_button_of_the_review_page_says_which_record_it_approves(session, everything):
    tab = session()
    tab.log_in(everything.users["reviewer"].username)
    tab.go(f"/entry/review/?year={YEAR}")
    buttons = tab.page.locator("button[formaction*='/approve']")
    assert buttons.count() == 3
    described = {
        buttons.nth(i).evaluate(
            "b => document.getElementById(b.getAttribute('aria-describedby')).textContent"
        )
        for i in range(3)
    }
    assert described == {str(everything.pm25), everything.task.title, everything.project.title}
