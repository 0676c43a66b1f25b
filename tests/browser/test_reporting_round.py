"""A whole reporting round in headless Chromium, as issue 11 walks it: an administrator opens the 2025
round in the admin; the reporter finds 2025 as the 填报 page's year with the days left in the banner,
pastes a 20-line column (status rows included, checked row by row), explains a plausibility warning in
the note and submits after the missing-items confirmation; the reviewer filters, sees last year's value,
approves several and returns one; the reporter reads the notification in the application and got it by
e-mail; `send_reminders` run twice on a day reminds once. Screenshots of the 填报, review and
notifications pages at 1440 and 390 px."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from indicators.models import IndicatorValue, ReviewState, TaskProgress
from rounds.models import Notification, ReportingRound

from .conftest import EXPECTED, PASTED, YEAR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAYS_AHEAD = 5  # the due date: within the week, so the day's reminder is "due in 7 days"


def test_a_reporting_round_from_opening_to_reminders(session, world, entry_rows):
    reporter = entry_rows
    reporter.email, reporter.last_name, reporter.first_name = "kc_sthj@example.cn", "王", "丽"
    reporter.save()
    due = timezone.localdate() + datetime.timedelta(days=DAYS_AHEAD)

    # Before the round, the 填报 page opens on the last year with approved figures.
    staff = session(1440)
    staff.log_in(reporter.username)
    staff.go("/entry/")
    page = staff.page
    assert page.locator("#year-select").input_value() == str(YEAR - 1)
    assert page.locator(".round-banner").count() == 0

    # The administrator opens the 2025 round for 宽城区 in the admin's add form.
    admin = session(1440)
    admin.log_in(world.users["admin"].username)
    admin.go("/admin/rounds/reportinground/add/")
    form = admin.page
    form.fill("#id_year", str(YEAR))
    form.select_option("#id_jurisdictions_from", label=world.district.name)
    form.click("#id_jurisdictions_add")
    form.fill("#id_due_date", due.isoformat())
    admin.shot("round-0-admin-add")
    form.click("input[name=_save]")
    form.wait_for_load_state("load")
    assert "/admin/rounds/reportinground/" in form.url and "/add/" not in form.url
    assert "成功" in form.locator(".messagelist").inner_text()
    round_ = ReportingRound.objects.get(year=YEAR)
    assert (round_.state, round_.due_date, round_.opened_by) == ("open", due, world.users["admin"])
    assert list(round_.jurisdictions.all()) == [world.district]
    assert [(m.to, m.subject) for m in mail.outbox] == [([reporter.email], "【规划指标监测】填报开始")]
    admin.shots("round-0-admin-list")

    # The reporter: 2025 by default, the banner counting the days left.
    staff.go("/entry/")
    assert page.locator("#year-select").input_value() == str(YEAR)
    banner = page.locator(".round-banner").inner_text()
    assert f"{YEAR}年度填报进行中" in banner and f"截止{due.month}月{due.day}日，还剩{DAYS_AHEAD}天" in banner
    assert page.locator("#entry-count").inner_text() == "已填 0 / 共 22"

    staff.paste(1, PASTED)
    values = staff.row_values()
    for number, (found, expected) in enumerate(zip(values, EXPECTED, strict=True), start=1):
        assert found == expected, f"row {number}: {found!r} instead of {expected!r}"
    assert page.locator("#paste-status").inner_text() == "已填入第1–20行。"

    page.click("button[name=save]")
    page.wait_for_load_state("load")
    warned = staff.entry_row(1)
    assert "请核实并在备注中说明" in warned.locator(".plausibility").inner_text()
    warned.locator("textarea[name$='-note']").fill("新增监测站点，数据经核实")

    questions, answers = [], [False, True]  # the first confirmation declined, the second accepted
    page.on(
        "dialog",
        lambda dialog: (
            questions.append(dialog.message),
            dialog.accept() if answers.pop(0) else dialog.dismiss(),
        ),
    )
    page.click("button[name=submit]")
    assert "还有4项未填报" in questions[-1] and "8. 指标08" in questions[-1]
    assert not IndicatorValue.objects.filter(year=YEAR, state=ReviewState.SUBMITTED).exists()
    page.click("button[name=submit]")
    page.wait_for_load_state("load")
    assert len(questions) == 2 and "还有4项未填报" in questions[-1]
    submitted = IndicatorValue.objects.filter(year=YEAR, state=ReviewState.SUBMITTED)
    assert submitted.count() == 16  # 15 figures less row 8, and the two qualitative rows
    assert submitted.get(indicator=world.indicator).note == "新增监测站点，数据经核实"
    assert TaskProgress.objects.filter(year=YEAR, state=ReviewState.SUBMITTED).count() == 2
    staff.go("/entry/")
    assert page.locator("#entry-count").inner_text() == "已填 18 / 共 22"
    heading = page.locator("details.entry-part > summary h3").first.bounding_box()
    count = page.locator("details.entry-part > summary .part-count").first.bounding_box()
    assert abs(heading["y"] + heading["height"] - count["y"] - count["height"]) < 8  # one line, on screen
    staff.shots("round-1-entry")

    # The reviewer filters the round's figures of the unit, sees last year's value beside the warned
    # one, approves three and returns one.
    reviewer = session(1440)
    reviewer.log_in(world.users["reviewer"].username)
    reviewer.go("/entry/review/")
    review = reviewer.page
    assert f"{YEAR}年度填报进行中" in review.locator(".round-banner").inner_text()
    review.select_option("select[name=year]", str(YEAR))
    review.select_option("select[name=unit]", label=world.own_unit.name)
    review.click("form.filters button[type=submit]")
    review.wait_for_load_state("load")
    assert review.locator("tr[id^=review-value-]").count() == 16
    assert review.locator("tr[id^=review-task-]").count() == 2
    first = review.locator(f"#review-value-{submitted.get(indicator=world.indicator).pk}").inner_text()
    assert "90" in first and "40" in first and "+50（+125%）" in first and "新增监测站点" in first
    assert "王丽（kc_sthj）" in first and world.own_unit.name in first  # the person and the unit
    reviewer.shots("round-2-review")

    chosen = IndicatorValue.objects.filter(year=YEAR, indicator__name__in=["指标02", "指标03", "指标04"])
    for value in chosen:
        review.check(f"#review-value-{value.pk} input[name=items]")
    review.click("button[name=decision][value=approve]")
    review.wait_for_load_state("load")
    assert "已审核通过3条记录。" in review.locator(".messages").inner_text()
    assert set(IndicatorValue.objects.filter(pk__in=chosen).values_list("state", flat=True)) == {"approved"}
    returned = IndicatorValue.objects.get(year=YEAR, indicator__name="指标05")
    review.check(f"#review-value-{returned.pk} input[name=items]")
    review.fill("input[name=reason]", "请附监测报告")
    review.click("button[name=decision][value=return]")
    review.wait_for_load_state("load")
    returned.refresh_from_db()
    assert (returned.state, returned.review_comment) == ("returned", "请附监测报告")

    # The reporter hears of it: the count in the navigation, the notifications page, an e-mail.
    staff.go("/entry/")
    assert page.locator(".notifications-link .count").inner_text() == "2"  # the round opened, a return
    page.click(".notifications-link")
    page.wait_for_load_state("load")
    notes = page.locator("li.notification.unread")
    assert notes.count() == 2
    assert "2025年1项记录被退回（指标05），原因：请附监测报告" in notes.first.inner_text()
    staff.shots("round-3-notifications")
    [email] = [m for m in mail.outbox if m.subject == "【规划指标监测】记录被退回"]
    assert (
        email.to == [reporter.email] and "请附监测报告" in email.body and f"/entry/?year={YEAR}" in email.body
    )
    page.click("button[name=all]")
    page.wait_for_load_state("load")
    assert page.locator(".notifications-link .count").count() == 0
    assert page.locator("li.notification.unread").count() == 0

    # The daily reminder: the unit still owes rows 8, 19, 21, 22 and the returned one; twice on a day
    # reminds once.
    sent, stored = len(mail.outbox), Notification.objects.count()
    call_command("send_reminders")
    assert (len(mail.outbox), Notification.objects.count()) == (sent + 1, stored + 1)
    call_command("send_reminders")
    assert (len(mail.outbox), Notification.objects.count()) == (sent + 1, stored + 1)
    reminder = Notification.objects.get(kind=Notification.Kind.DUE_7)
    assert reminder.user == reporter and f"还剩{DAYS_AHEAD}天" in reminder.text
    assert mail.outbox[-1].subject == "【规划指标监测】7天后截止"
    staff.go("/entry/")
    assert page.locator(".notifications-link .count").inner_text() == "1"
