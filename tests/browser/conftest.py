"""Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

Any console error or uncaught page error fails the test. Screenshots go to test-artifacts/browser/.
"""

from pathlib import Path

import pytest

from indicators.models import ReviewState
from plans.models import TaskResponsibility
from tests.factories import (
    IndicatorFactory,
    IndicatorValueFactory,
    KeyProjectFactory,
    SectionFactory,
    TaskFactory,
)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
PASSWORD = "demo-pass-2025"  # tests.factories.UserFactory's
ENTRY_CELL = "input[name$='-value'], select[name$='-status']"  # a 填报 row's figure or status

# The year `entry_rows` reports, and a column copied from Excel for its rows: one line per row from
# row 1 down, figures, status words and codes, two empty lines.
YEAR = 2025
PASTED = [
    "90",  # row 1, PM2.5: 40 last year, so +125 %: a warning
    "31", "３２．５", "29", "30", "33", "31.5",
    "",  # row 8 stays empty
    "28", "30", "3０", "29", "31", "30", "32",
    "已完成", "in_progress",  # rows 16 and 17: qualitative indicators
    "推进中",
    "",  # row 19, a task, stays empty
    "未完成",
]  # fmt: skip
# What the 22 rows hold once PASTED is pasted into row 1.
EXPECTED = [
    "90", "31", "３２．５", "29", "30", "33", "31.5", "", "28", "30", "3０", "29", "31", "30", "32",
    "done", "in_progress", "in_progress", "", "not_done", "", "",
]  # fmt: skip


class Session:
    """One person's browser tab; records console and page errors."""

    def __init__(self, browser, base_url, width):
        self.context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
        self.page = self.context.new_page()
        self.base_url = base_url
        self.width = width
        self.errors = []
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def go(self, path):
        response = self.page.goto(self.base_url + path)
        assert response.status < 400, (path, response.status)
        self.page.wait_for_load_state("load")
        return response

    def log_in(self, username):
        self.go("/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        self.page.click("form[action$='/accounts/login/'] button[type=submit]")
        self.page.wait_for_load_state("load")
        assert "/accounts/login/" not in self.page.url, f"{username} could not log in"

    def paste(self, row_number, lines):
        """What Chrome does when a column copied from Excel is pasted into the row's input on the 填报 page."""
        self.entry_row(row_number).locator(ENTRY_CELL).evaluate(
            """(input, text) => {
                input.focus();
                const data = new DataTransfer();
                data.setData("text/plain", text);
                input.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
            }""",
            "\r\n".join(lines) + "\r\n",
        )

    def row_values(self):
        """The 填报 page's value (or status) of every row from row 1 down; None for a row without one."""
        return self.page.locator("#entry-form tr[data-state]").evaluate_all(
            "(rows, cell) => rows.map(row => { const input = row.querySelector(cell); return input ? input.value : null; })",
            ENTRY_CELL,
        )

    def entry_row(self, number):
        """The 填报 page's row numbered `number` (its title cell says the number)."""
        return self.page.locator(f'#entry-form tr:has(> td[data-row="{number}"])')

    def shot(self, name):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}_{self.width}.png"), full_page=True)

    def shots(self, name, widths=(1440, 390)):
        """The page (reloaded, so scripts lay it out for the width) at each width; back to the tab's own."""
        for width in (*widths, self.width):
            self.page.set_viewport_size({"width": width, "height": 900})
            self.page.reload()
            self.page.wait_for_load_state("load")
            if width in widths:
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                self.page.screenshot(path=str(ARTIFACTS / f"{name}_{width}.png"), full_page=True)


@pytest.fixture
def session(browser, live_server):
    """session(width=1366) → a fresh tab; fails the test on any console or page error."""
    opened = []

    def open_session(width=1366):
        opened.append(Session(browser, live_server.url, width))
        return opened[-1]

    yield open_session
    errors = [error for s in opened for error in s.errors]
    for s in opened:
        s.context.close()
    assert not errors, f"JavaScript console or page errors: {errors}"


@pytest.fixture
def entry_rows(world):
    """22 rows of `YEAR` for the world's reporter (returned): 15 numeric indicators (last year's values
    approved), 2 qualitative ones (rows 16, 17), 4 tasks (rows 18–21) and a key project (row 22)."""
    indicators = [world.indicator]
    IndicatorValueFactory(indicator=world.indicator, year=YEAR - 1, value=40, state=ReviewState.APPROVED)
    for number in range(2, 16):
        indicator = IndicatorFactory(
            plan=world.plan,
            box=world.indicator.box,
            seq=world.indicator.seq + number,
            name=f"指标{number:02d}",
            key="",
        )
        IndicatorValueFactory(indicator=indicator, year=YEAR - 1, value=30, state=ReviewState.APPROVED)
        indicators.append(indicator)
    for number in (16, 17):
        indicators.append(
            IndicatorFactory(
                plan=world.plan,
                box=world.indicator.box,
                seq=world.indicator.seq + number,
                qualitative=True,
                name=f"定性{number}",
            )
        )
    for indicator in indicators:
        indicator.units.add(world.own_unit)
    section = SectionFactory(chapter__plan=world.plan)
    for order in range(1, 5):
        task = TaskFactory(section=section, order=order, title=f"任务{order}")
        TaskResponsibility.objects.create(task=task, unit=world.own_unit, role="lead", order=1)
    KeyProjectFactory(box__plan=world.plan, title="燃煤锅炉淘汰工程").units.add(world.own_unit)
    return world.users["reporter_own"]
