"""A round of 填报 and 审核 in headless Chromium: a reporter pastes a 20-line column from Excel (status
rows included, an empty line keeping the alignment), gets a plausibility warning, explains it in the
note, submits after the missing-items confirmation; a reviewer filters, sees last year's value,
approves several and returns one. Screenshots at 1440 and 390 px."""

import pytest

from indicators.models import IndicatorValue, ReviewState, TaskProgress
from plans.models import TaskResponsibility
from tests.factories import (
    IndicatorFactory,
    IndicatorValueFactory,
    KeyProjectFactory,
    SectionFactory,
    TaskFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = 2025
# One line per row from row 1 down: figures, status words and codes, two empty lines.
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
EXPECTED = [
    "90", "31", "３２．５", "29", "30", "33", "31.5", "", "28", "30", "3０", "29", "31", "30", "32",
    "done", "in_progress", "in_progress", "", "not_done", "", "",
]  # fmt: skip


@pytest.fixture
def round_(world):
    """22 rows for the world's reporter: 15 numeric indicators (last year's values approved), 2
    qualitative ones, 4 tasks and a key project."""
    reporter = world.users["reporter_own"]
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
    return reporter


def paste(page, row_number, lines):
    """What Chrome does when a column copied from Excel is pasted into the row's input."""
    page.locator(f'tr[data-row="{row_number}"] [data-paste=cell]').evaluate(
        """(input, text) => {
            input.focus();
            const data = new DataTransfer();
            data.setData("text/plain", text);
            input.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        "\r\n".join(lines) + "\r\n",
    )


def row_values(page):
    return page.locator("tr[data-row]").evaluate_all(
        "rows => rows.map(row => { const cell = row.querySelector('[data-paste=cell]'); return cell ? cell.value : null; })"
    )


def test_a_round_of_entry_and_review(session, world, round_):
    staff = session(1440)
    staff.log_in(round_.username)
    staff.go(f"/entry/?year={YEAR}")
    page = staff.page
    assert page.locator("#entry-count").inner_text() == "已填 0 / 共 22"

    paste(page, 1, ["1"] * 23)  # longer than the 22 rows from row 1 down: refused whole
    assert "粘贴的数据有23行，但从此行往下只有22行" in page.locator("#paste-status").inner_text()
    assert row_values(page) == [""] * 22

    paste(page, 1, PASTED)
    assert row_values(page) == EXPECTED  # row by row: status rows counted, empty lines kept in place
    assert page.locator("#paste-status").inner_text() == "已填入第1–20行。"
    staff.shot("entry-1-pasted")

    page.click("button[name=save]")
    page.wait_for_load_state("load")
    warned = page.locator('tr[data-row="1"]')
    assert "请核实并在备注中说明" in warned.locator(".plausibility").inner_text()
    assert page.locator("#entry-count").inner_text() == "已填 18 / 共 22"

    questions = []
    page.on("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.click("button[name=submit]")
    page.wait_for_load_state("load")
    assert "还有4项未填报" in questions[-1] and "8. 指标08" in questions[-1]
    assert "提交前请在备注中说明" in warned.inner_text()  # refused on its row: nothing submitted
    assert not IndicatorValue.objects.filter(year=YEAR, state=ReviewState.SUBMITTED).exists()
    staff.shot("entry-2-note-required")

    warned.locator("textarea[name$='-note']").fill("新增监测站点，数据经核实")
    page.click("button[name=submit]")
    page.wait_for_load_state("load")
    assert "还有4项未填报" in questions[-1]
    assert IndicatorValue.objects.filter(year=YEAR, state=ReviewState.SUBMITTED).count() == 16  # row 8 empty
    assert TaskProgress.objects.filter(year=YEAR, state=ReviewState.SUBMITTED).count() == 2
    staff.shot("entry-3-submitted")

    page.click("a[data-filter=missing]")
    visible = page.locator("tr[data-row]:visible")
    assert [visible.nth(i).get_attribute("data-row") for i in range(visible.count())] == [
        "8",
        "19",
        "21",
        "22",
    ]

    reviewer = session(1440)
    reviewer.log_in(world.users["reviewer"].username)
    reviewer.go("/entry/review/")
    review = reviewer.page
    review.select_option("select[name=year]", str(YEAR))
    review.check("input[name=warning]")
    review.click("form.filters button[type=submit]")
    review.wait_for_load_state("load")
    rows = review.locator("tr[id^=review-value-]")
    assert rows.count() == 1
    assert "40" in rows.first.inner_text() and "+50（+125%）" in rows.first.inner_text()
    assert "新增监测站点" in rows.first.inner_text()
    reviewer.shot("review-1-warnings")

    review.uncheck("input[name=warning]")
    review.click("form.filters button[type=submit]")
    review.wait_for_load_state("load")
    chosen = IndicatorValue.objects.filter(year=YEAR, indicator__name__in=["指标02", "指标03", "指标04"])
    for value in chosen:
        review.check(f"#review-value-{value.pk} input[name=items]")
    review.click("button[name=decision][value=approve]")
    review.wait_for_load_state("load")
    assert set(IndicatorValue.objects.filter(pk__in=chosen).values_list("state", flat=True)) == {"approved"}
    assert "已审核通过3条记录。" in review.locator(".messages").inner_text()

    returned = IndicatorValue.objects.get(year=YEAR, indicator__name="指标05")
    review.check(f"#review-value-{returned.pk} input[name=items]")
    review.fill("input[name=reason]", "请附监测报告")
    review.click("button[name=decision][value=return]")
    review.wait_for_load_state("load")
    returned.refresh_from_db()
    assert (returned.state, returned.review_comment) == ("returned", "请附监测报告")
    reviewer.shot("review-2-decided")

    staff.go(f"/entry/?year={YEAR}")
    assert "请附监测报告" in page.locator(".returned-list").inner_text()

    for width in (390,):
        phone = session(width)
        phone.log_in(round_.username)
        phone.go(f"/entry/?year={YEAR}")
        phone.shot("entry-4-phone")
        height = phone.page.evaluate("document.documentElement.scrollHeight")
        assert height < 9000, height  # sections collapsed with their counts, not one endless form
        phone_review = session(width)
        phone_review.log_in(world.users["reviewer"].username)
        phone_review.go(f"/entry/review/?year={YEAR}")
        phone_review.shot("review-3-phone")
    staff.shot("entry-5-returned")
