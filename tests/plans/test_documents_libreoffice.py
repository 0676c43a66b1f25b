"""Plans printed to PDF by LibreOffice from Word: the seeds written as Word documents with real tables,
converted by LibreOffice headless (as an office's "导出为PDF" does), import to the outlines of their
texts. LibreOffice lays text out unlike Chromium: quotation marks drawn after their line, paragraphs
set apart by spacing instead of an indent, left-aligned lines that end short, table rows broken over
a page end."""

import shutil
import subprocess

import pytest

from plans.importing import PlanParseError, parse_plan, read_document
from tests.evaluation.rendering import needs_libreoffice, to_pdf

from .conftest import seed_path
from .documents import blocks, docx_bytes
from .test_documents_docx import comparable, word

pytestmark = needs_libreoffice


def printed(tmp_path, name: str, data: bytes) -> bytes:
    path = tmp_path / f"{name}.docx"
    path.write_bytes(data)
    return to_pdf(path).read_bytes()


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_a_seed_printed_by_libreoffice_imports_to_the_outline_of_its_text(tmp_path, seed_outline, prefix):
    text = seed_path(prefix).read_text(encoding="utf-8")
    original = seed_outline(prefix)
    pdf = printed(tmp_path, prefix, docx_bytes(blocks(text, original)))
    assert comparable(parse_plan(read_document("plan.pdf", pdf))) == comparable(original)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_a_seed_printed_by_libreoffice_and_read_by_pdftotext_layout_keeps_its_tasks_and_main_table(
    tmp_path, seed_outline, prefix
):
    """Text a bureau makes with `pdftotext -layout`: table columns are runs of spaces, cells wrap over
    lines, pages end inside tables and paragraphs (only the main indicator tables are compared: a
    review table without 序号 is not read from such text)."""
    text = seed_path(prefix).read_text(encoding="utf-8")
    original = seed_outline(prefix)
    (tmp_path / "plan.pdf").write_bytes(
        printed(tmp_path, prefix, docx_bytes(blocks(text, original), official=True))
    )
    subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "plan.pdf", "plan.txt"], cwd=tmp_path, check=True
    )
    outline = parse_plan((tmp_path / "plan.txt").read_text(encoding="utf-8"))

    def main(plan):
        return [(row.name, row.unit, row.baseline, row.target, row.attribute)
                for box in plan.boxes if box.kind == "indicators" for row in box.indicators]  # fmt: skip

    def tasks(plan):
        return [(task.title, task.units) for chapter in plan.chapters for section in chapter.sections
                for task in section.tasks]  # fmt: skip

    assert main(outline) == main(original)
    assert tasks(outline) == tasks(original)
    assert outline.units == original.units


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_a_seed_read_by_pdftotext_without_layout_is_refused_at_its_indicator_table(tmp_path, seed_outline):
    """Without -layout pdftotext reads a table column by column (all 序号, then all names, then the
    values row by row, page by page): the rows cannot be rebuilt, so the import says so instead of
    reporting a missing table."""
    text = seed_path("000").read_text(encoding="utf-8")
    (tmp_path / "plan.pdf").write_bytes(
        printed(tmp_path, "000", docx_bytes(blocks(text, seed_outline("000")), official=True))
    )
    subprocess.run(["pdftotext", "-enc", "UTF-8", "plan.pdf", "plan.txt"], cwd=tmp_path, check=True)
    with pytest.raises(PlanParseError, match="专栏1的指标表是逐列排列的纯文本"):
        parse_plan((tmp_path / "plan.txt").read_text(encoding="utf-8"))


def test_quotation_marks_stay_where_they_are_printed(tmp_path):
    def build(document):
        document.add_paragraph("第一节 “十三五”主要成效")
        document.add_paragraph("深入开展“无废城市”建设，推动“双碳”工作。")

    text = read_document("plan.pdf", printed(tmp_path, "quotes", word(build)))
    lines = [line.replace(" ", "") for line in text.splitlines() if line.strip()]
    assert lines == ["第一节“十三五”主要成效", "深入开展“无废城市”建设，推动“双碳”工作。"]
