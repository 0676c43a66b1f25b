"""Under the Content-Security-Policy every script still works and the browser reports no violation
(the `session` fixture fails a test on any console error, which is how Chromium reports one)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from indicators.evidence import evidence_attach
from indicators.evidence_model import Evidence
from tests.factories import IndicatorValueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def test_entry_page_scripts_work_under_the_policy(session, world):
    reporter = world.users["reporter_own"]
    draft = IndicatorValueFactory(indicator=world.indicator, year=2022, value=38, reported_by=reporter)
    evidence_attach(user=reporter, record=draft, upload=SimpleUploadedFile("监测报告.pdf", PDF))
    tab = session()
    tab.log_in(reporter.username)
    response = tab.go("/entry/?year=2023")
    assert "script-src 'self'" in response.headers["content-security-policy"]

    with tab.page.expect_navigation():
        tab.page.select_option("#year-select", "2022")  # submits its form on change
    assert "year=2022" in tab.page.url

    delete = tab.page.locator("button[data-confirm]")
    tab.page.once("dialog", lambda dialog: dialog.dismiss())
    delete.click()
    tab.page.wait_for_load_state("load")
    assert Evidence.objects.count() == 1, "dismissing the question keeps the file"
    tab.page.once("dialog", lambda dialog: dialog.accept())
    with tab.page.expect_navigation():
        delete.click()
    assert Evidence.objects.count() == 0

    with tab.page.expect_navigation():
        tab.page.select_option("select[name=language]", "en")
    assert tab.page.locator("html").get_attribute("lang") == "en"


def test_admin_change_and_export_pages_work_under_the_policy(session, world):
    value = IndicatorValueFactory(indicator=world.indicator, year=2021, value=40)
    tab = session()
    tab.log_in(world.users["admin"].username)
    tab.go(f"/admin/indicators/indicatorvalue/{value.pk}/change/")
    tab.go("/admin/accounts/user/add/")
    tab.go("/admin/indicators/indicatorvalue/export/")
    fields = tab.page.locator('.selectable-field-export-row input[type="checkbox"]:visible')
    assert fields.count() > 1
    tab.page.uncheck(".select-toggle")  # "select all", bound by js/admin_export.js
    assert all(not box.is_checked() for box in fields.all())
    tab.page.check(".select-toggle")
    assert all(box.is_checked() for box in fields.all())
