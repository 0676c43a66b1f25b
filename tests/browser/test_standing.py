"""Where we stand now, peers, text targets and print, in headless Chromium (screenshots in
test-artifacts/browser/)."""

import pytest

from tests.factories import IndicatorFactory, IndicatorValueFactory, add_values

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def summary(tab):
    return tab.page.locator("section.summary").inner_text()


def test_one_approval_of_a_later_year_keeps_the_leaders_overview(session, dash):  # noqa: F811
    tab = session()
    tab.log_in(dash.users["leader"].username)
    tab.go("/")
    before = summary(tab)
    add_values(dash.water, {2024: 0})  # one approved 2024 value of three indicators
    tab.go("/")
    tab.shot("standing_overview")
    assert summary(tab) == before
    assert "2023年：已审核 2/3" in before


def test_a_district_leader_compares_pm25_with_a_peer(session, dash):  # noqa: F811
    tab = session()
    tab.log_in(dash.users["leader"].username)
    tab.go("/compare/pm25/?year=2023")
    tab.page.wait_for_selector(".chart svg", state="attached")
    tab.shot("standing_peers")
    rows = tab.page.locator("main table tbody tr")
    assert rows.count() == 2
    assert rows.nth(0).locator("td").nth(1).inner_text().startswith("朝阳区")
    assert tab.page.locator(f"a[href^='/plans/{dash.sibling_plan.pk}/']").count() == 0


def test_a_qualitative_indicator_shows_its_timeline(session, dash):  # noqa: F811
    text = IndicatorFactory(plan=dash.plan, box=dash.pm25.box, qualitative=True)
    for year, status in {2021: "in_progress", 2022: "done"}.items():
        IndicatorValueFactory(indicator=text, year=year, value=None, status=status, state="approved")
    tab = session()
    tab.log_in(dash.users["leader"].username)
    tab.go(f"/indicators/{text.pk}/?year=2023")
    tab.shot("standing_timeline")
    assert tab.page.locator("ol.timeline li").count() == 3
    assert "已完成" in tab.page.locator("ol.timeline").inner_text()
    assert tab.page.locator("[data-chart]").count() == 0


def test_the_print_view_keeps_colours_and_has_a_header(session, dash):  # noqa: F811
    tab = session()
    tab.log_in(dash.users["leader"].username)
    tab.go(f"/plans/{dash.plan.pk}/?year=2023")
    tab.page.emulate_media(media="print")
    tab.shot("standing_print")
    header = tab.page.locator(".print-header")
    assert header.is_visible() and "审核通过数据" in header.inner_text()
    badge = tab.page.locator(".badge.regressing").first
    colour = badge.evaluate("node => getComputedStyle(node).backgroundColor")
    adjust = badge.evaluate("node => getComputedStyle(node).printColorAdjust")
    assert (colour, adjust) == ("rgb(197, 48, 48)", "exact")
    assert tab.page.locator("header.site-header").is_hidden()


def test_the_chart_downloads_as_a_png(session, dash):  # noqa: F811
    tab = session()
    tab.log_in(dash.users["leader"].username)
    tab.go(f"/indicators/{dash.pm25.pk}/?year=2023")
    tab.page.wait_for_selector(".chart svg", state="attached")
    with tab.page.expect_download() as download:
        tab.page.click("[data-chart-png]")
    assert download.value.suggested_filename.endswith(".png")
    path = download.value.path()
    with open(path, "rb") as png:
        assert png.read(8) == b"\x89PNG\r\n\x1a\n"


def test_a_printed_plan_page_starts_its_box_table_under_its_heading(session, dash, tmp_path):  # noqa: F811
    # One 类别 spanning many rows: kept whole, those rows pushed the table (not its heading) to page 2.
    box = dash.pm25.box
    for seq in range(4, 16):  # fifteen rows: they fit on a page, not under the heading
        IndicatorFactory(
            plan=dash.plan, box=box, seq=seq, category=dash.pm25.category, name=f"环境质量指标{seq}"
        )
    tab = session()
    tab.log_in(dash.users["leader"].username)
    tab.go(f"/plans/{dash.plan.pk}/?year=2023")
    tab.page.emulate_media(media="print")
    out = tmp_path / "plan.pdf"
    tab.page.pdf(path=str(out), format="A4", landscape=True, prefer_css_page_size=True)
    import pdfplumber

    with pdfplumber.open(out) as pdf:
        first = pdf.pages[0].extract_text()
    below = first.split(f"专栏{box.number}", 1)[1]
    assert "环境质量指标4" in below, first  # the table's rows follow their heading on page 1
