"""A round of 填报 and 审核 in headless Chromium: a reporter pastes a 20-line column from Excel (status
rows included, an empty line keeping the alignment), gets a plausibility warning, explains it in the
note, submits after the missing-items confirmation; a reviewer filters, sees last year's value,
approves several and returns one. Screenshots at 1440 and 390 px."""

import pytest

from indicators.evidence import ACCEPT
from indicators.models import Indicator, IndicatorValue, ReviewState, TaskProgress
from tests.factories import IndicatorValueFactory

from .conftest import EXPECTED, PASTED, YEAR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_round_of_entry_and_review(session, world, entry_rows):
    staff = session(1440)
    staff.log_in(entry_rows.username)
    staff.go(f"/entry/?year={YEAR}")
    page = staff.page
    assert page.locator("#entry-count").inner_text() == "已填 0 / 共 22"
    # Said once in the page, drawn on every row: its number, the file types a file input offers.
    number = staff.entry_row(3).locator("td").first.evaluate("td => getComputedStyle(td, '::before').content")
    assert number == '"3"'
    files = page.locator("#entry-form input[type=file]")
    assert files.count() == 22 and {files.nth(i).get_attribute("accept") for i in range(22)} == {ACCEPT}

    staff.paste(1, ["1"] * 23)  # longer than the 22 rows from row 1 down: refused whole
    assert "粘贴的数据有23行，但从此行往下只有22行" in page.locator("#paste-status").inner_text()
    assert staff.row_values() == [""] * 22

    staff.paste(1, PASTED)
    assert staff.row_values() == EXPECTED  # row by row: status rows counted, empty lines kept in place
    assert page.locator("#paste-status").inner_text() == "已填入第1–20行。"
    staff.shot("entry-1-pasted")

    page.click("button[name=save]")
    page.wait_for_load_state("load")
    warned = staff.entry_row(1)
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
    visible = page.locator("#entry-form tr[data-state]:visible > td[data-row]")
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
        phone.log_in(entry_rows.username)
        phone.go(f"/entry/?year={YEAR}")
        phone.shot("entry-4-phone")
        height = phone.page.evaluate("document.documentElement.scrollHeight")
        assert height < 9000, height  # sections collapsed with their counts, not one endless form
        phone_review = session(width)
        phone_review.log_in(world.users["reviewer"].username)
        phone_review.go(f"/entry/review/?year={YEAR}")
        phone_review.shot("review-3-phone")
    staff.shot("entry-5-returned")


def test_a_column_pasted_under_a_filter_fills_no_hidden_row_unseen(session, world, entry_rows):
    """Row 5 has a draft, so 未填报 hides it; a column pasted into row 4 goes on into row 5 (page order):
    the page shows every row again first and says so."""
    fifth = Indicator.objects.get(plan=world.plan, name="指标05")
    IndicatorValueFactory(indicator=fifth, year=YEAR, value=33, state=ReviewState.DRAFT)
    staff = session(1440)
    staff.log_in(entry_rows.username)
    staff.go(f"/entry/?year={YEAR}&show=missing")
    page = staff.page
    assert staff.entry_row(5).is_hidden()

    staff.paste(4, ["30", "31"])
    assert staff.entry_row(5).is_visible() and staff.row_values()[3:5] == ["30", "31"]
    assert "已恢复显示全部行" in page.locator("#paste-status").inner_text()
    assert page.locator("a[data-filter='']").get_attribute("aria-current") == "true"
    assert "show=" not in page.url
    assert not staff.errors
