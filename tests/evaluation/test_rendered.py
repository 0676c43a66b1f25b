"""The evaluation reports as an official reads them: the five plans with the demo data, 宽城区's report and
长春市's, year 2025, printed to PDF by LibreOffice and read back page by page."""

import datetime
import io
import shutil

import docx
import pytest
from django.core.management import call_command
from django.db import transaction
from docx.shared import RGBColor

from accounts.models import Jurisdiction
from evaluation import services
from evaluation.writer import TEMPLATE
from plans.models import Plan

from .rendering import (
    broken_cells,
    half_empty_pages,
    misplaced_captions,
    needs_libreoffice,
    read_pages,
    to_pdf,
)

# django_db: the test database is only set up for tests that ask for it.
pytestmark = [needs_libreoffice, pytest.mark.django_db]

WRITTEN_ON = datetime.date(2026, 3, 16)
TEXT_TOP, TEXT_BOTTOM = 3.7 / 2.54 * 72, (29.7 - 3.5) / 2.54 * 72  # the 公文 page's text area, in points
LETTERHEAD = "长春市宽城区生态环境分局（测试版头）"


def office_template(path):
    """The shipped template as an office would change it in Word: a letterhead in red above the title,
    and its own wording of a heading."""
    document = docx.Document(str(TEMPLATE))
    first = document.paragraphs[0]
    letterhead = first.insert_paragraph_before(LETTERHEAD, style="报告标题")
    letterhead.runs[0].font.color.rgb = RGBColor(0xC0, 0, 0)
    heading = next(p for p in document.paragraphs if p.text == "五、下一步工作建议")
    heading.runs[0].text = "五、下一步工作打算"
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def printed(django_db_setup, django_db_blocker, tmp_path_factory):
    """The PDFs of 宽城区's 十四五 report, 长春市's report and 宽城区's from an office's template, written
    from the real plans with the demo data (rolled back afterwards)."""
    folder = tmp_path_factory.mktemp("reports")
    template = office_template(folder / "office.docx")
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_plans", stdout=io.StringIO())
        call_command("seed_demo", force=True, stdout=io.StringIO())
        kuancheng = Plan.objects.select_related("jurisdiction").get(
            jurisdiction__name="宽城区", start_year=2021
        )
        written = {
            "kc": services.plan_report(plan=kuancheng, year=2025, written_on=WRITTEN_ON),
            "cc": services.jurisdiction_report(
                jurisdiction=Jurisdiction.objects.get(name="长春市"), year=2025, written_on=WRITTEN_ON
            ),
            "office": services.plan_report(
                plan=kuancheng, year=2025, written_on=WRITTEN_ON, template=str(template)
            ),
        }
        transaction.set_rollback(True)
    out = {}
    for name, report in written.items():
        path = folder / f"{name}.docx"
        path.write_bytes(report.content)
        out[name] = read_pages(to_pdf(path))
    yield out
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("report", ["kc", "cc"])
def test_every_figure_has_its_caption_directly_below_it_on_the_same_page(printed, report):
    pages = printed[report]
    assert any(page.images for page in pages)
    assert misplaced_captions(pages) == []


@pytest.mark.parametrize("report", ["kc", "cc"])
def test_no_table_cell_breaks_a_figure_a_year_or_a_status_word(printed, report):
    pages = printed[report]
    assert sum(len(page.cells) for page in pages) > 100
    assert broken_cells(pages) == []


@pytest.mark.parametrize("report", ["kc", "cc"])
def test_a_final_report_prints_no_forecast_column(printed, report):
    cells = ["".join(line["text"] for line in cell.lines) for page in printed[report] for cell in page.cells]
    assert "2025年数据未报" in cells  # the demo data stops before 2025
    assert not [cell for cell in cells if "预测" in cell]


@pytest.mark.parametrize("report", ["kc", "cc"])
def test_no_page_but_the_last_is_more_than_half_empty(printed, report):
    assert half_empty_pages(printed[report], TEXT_TOP, TEXT_BOTTOM) == []


@pytest.mark.parametrize("report", ["kc", "cc"])
def test_the_title_is_printed_on_balanced_lines(printed, report):
    first, second = (line["text"] for line in printed[report][0].body_lines[:2])
    assert second.endswith("终期评估报告")
    assert abs(len(first) - len(second)) <= 6  # never "告" alone on the second line


def test_a_report_from_an_offices_template_shows_the_offices_changes(printed):
    text = "\n".join(line["text"] for line in printed["office"][0].lines)
    assert LETTERHEAD in text
    everything = "\n".join(line["text"] for page in printed["office"] for line in page.lines)
    assert "五、下一步工作打算" in everything
    assert "五、下一步工作建议" not in everything
    shipped = "\n".join(line["text"] for page in printed["kc"] for line in page.lines)
    assert LETTERHEAD not in shipped and "五、下一步工作建议" in shipped
