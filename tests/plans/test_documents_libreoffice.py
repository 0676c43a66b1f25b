"""Plans printed to PDF by LibreOffice from Word: the seeds written as Word documents with real tables,
converted by LibreOffice headless (as an office's "导出为PDF" does), import to the outlines of their
texts. LibreOffice lays text out unlike Chromium: quotation marks drawn after their line, paragraphs
set apart by spacing instead of an indent, left-aligned lines that end short, table rows broken over
a page end."""

import pytest

from plans.importing import parse_plan, read_document
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


def test_quotation_marks_stay_where_they_are_printed(tmp_path):
    def build(document):
        document.add_paragraph("第一节 “十三五”主要成效")
        document.add_paragraph("深入开展“无废城市”建设，推动“双碳”工作。")

    text = read_document("plan.pdf", printed(tmp_path, "quotes", word(build)))
    lines = [line.replace(" ", "") for line in text.splitlines() if line.strip()]
    assert lines == ["第一节“十三五”主要成效", "深入开展“无废城市”建设，推动“双碳”工作。"]
