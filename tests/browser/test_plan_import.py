"""Importing a plan in headless Chromium: upload → preview → confirm; a changed document → the
difference → the removal ticked → confirm. Recorded values of untouched indicators stay."""

import pytest

from accounts.models import User
from indicators.models import Indicator, IndicatorValue
from plans.importing import parse_plan
from plans.models import Plan, Task
from tests.factories import IndicatorValueFactory, UserFactory
from tests.plans.conftest import seed_path
from tests.plans.renderings import middle_task, with_target, without_task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def upload(tab, path):
    tab.go("/plans/import/")
    tab.page.set_input_files("input[type=file]", str(path))
    tab.page.click("form[action$='/plans/import/'] button[type=submit]")
    tab.page.wait_for_load_state("load")


def confirm(tab):
    tab.page.click("#confirm-form button.primary")
    tab.page.wait_for_load_state("load")


def test_upload_preview_confirm_then_a_changed_document(session, tmp_path):
    admin = UserFactory(username="plan_admin", role=User.Role.ADMIN)
    text = seed_path("000").read_text(encoding="utf-8")
    tab = session()
    tab.log_in(admin.username)

    path = tmp_path / "宽城区规划.txt"
    path.write_text(text, encoding="utf-8")
    upload(tab, path)
    page = tab.page
    assert page.locator("#counts li", has_text="112").count() == 1
    table = page.locator("table.box-table").first
    assert table.locator("th", has_text="2020年基期值").count() == 1
    pm25 = table.locator("tr", has_text="细颗粒物（PM2.5）年均浓度")
    assert pm25.locator("td").nth(3).inner_text() == "42" and pm25.locator("td").nth(4).inner_text() == "30"
    assert page.locator("#warnings .plan-warning", has_text="没有专栏6").count() == 1
    tab.shot("plan-import-preview")
    assert not Plan.objects.exists()  # nothing is written before the confirmation
    for box in page.locator("input[name=create_jurisdiction]").all():
        box.check()
    confirm(tab)
    plan = Plan.objects.get()
    assert tab.page.url.endswith(f"/plans/{plan.pk}/")
    assert Task.objects.count() == 112
    tab.shot("plan-import-done")

    # Values recorded since, on indicators the new document leaves alone.
    kept = list(plan.indicators.filter(box__number=1, seq__in=[1, 3]))
    for indicator in kept:
        IndicatorValueFactory(indicator=indicator, year=2021, value=40)

    outline = parse_plan(text)
    _, section, position = middle_task(outline)
    removed = section.tasks[position - 1]
    changed_row = outline.boxes[0].indicators[1]
    path = tmp_path / "宽城区规划（修订）.txt"
    path.write_text(with_target(without_task(text, removed), changed_row, "92"), encoding="utf-8")
    upload(tab, path)
    assert page.locator("#removed + p + ul li", has_text=removed.title).count() == 1
    changed = page.locator("#changed + ul li", has_text=changed_row.name)
    assert changed.count() == 1 and "92" in changed.inner_text()
    tab.shot("plan-import-difference")
    confirm(tab)  # the removal is not ticked: the browser keeps the form
    assert "/plans/import/" in tab.page.url and Task.objects.count() == 112
    page.locator("input[name=remove]").check()
    confirm(tab)
    assert Task.objects.count() == 111 and not Task.objects.filter(title=removed.title).exists()
    assert Indicator.objects.get(plan=plan, box__number=1, seq=changed_row.seq).target_text == "92"
    assert sorted(IndicatorValue.objects.values_list("indicator_id", flat=True)) == sorted(i.pk for i in kept)
    assert Plan.objects.count() == 1
