"""The upload budget (`operations.uploads`): each hostile file of the red-team round, generated here
(small and fast), is refused within the deadline without inflating more than the budget, whatever
sizes it declares; xlsx for bureaus and the admin's import formats, .docx and PDF plan uploads."""

import io
import time
import tracemalloc
import zipfile

import docx
import pytest

from operations.uploads import MAX_READ_SECONDS
from plans.importing import PlanParseError, read_document
from spreadsheets.formats.bounded import BoundedXLSX
from spreadsheets.formats.template_xlsx import TemplateRejected, read_template
from tests.spreadsheets.make_bad_corpus import good_template

ZEROS = bytes(1 << 20)
FAST = 5  # seconds: well inside MAX_READ_SECONDS on a loaded machine


def repacked(data: bytes, replace=(), rename=(), add=()) -> bytes:
    """The package with members replaced ({name: bytes}), renamed ({old: new}) or added."""
    replace, rename = dict(replace), dict(rename)
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in source.infolist():
            content = replace.get(info.filename, source.read(info))
            for old, new in rename.items():
                content = (
                    content.replace(old.encode(), new.encode())
                    if info.filename.endswith(".rels")
                    else content
                )
            out.writestr(rename.get(info.filename, info.filename), content)
        for name, content in dict(add).items():
            out.writestr(name, content)
    return buffer.getvalue()


def lying(data: bytes, name: str, megabytes: int, declared: int = 1024) -> bytes:
    """The package plus a member of `megabytes` of zeros whose index declares `declared` bytes."""
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open(name, "w") as member:
            for _chunk in range(megabytes):
                member.write(ZEROS)
        archive.getinfo(name).file_size = declared  # the central directory lies
    return buffer.getvalue()


def refused(read, data, *, traced=False):
    """(the refusal, seconds taken, peak MB allocated by Python when `traced`) of reading `data`.
    Tracing slows every allocation, so only the tests of memory trace."""
    if traced:
        tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises((TemplateRejected, PlanParseError)) as raised:
            read(data)
    finally:
        seconds = time.monotonic() - started
        peak = tracemalloc.get_traced_memory()[1] / 2**20 if traced else None
        tracemalloc.stop()
    return raised.value, seconds, peak


def sheet_xml(rows: bytes) -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><sheetData>' + rows + b"</sheetData></worksheet>"
    )


# --- xlsx ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def template():
    return good_template()


def test_a_workbook_of_a_million_shared_strings_is_refused_fast(template):
    strings = b"<sst>" + b"<si><t>a</t></si>" * 1_000_000 + b"</sst>"
    data = repacked(template, add={"xl/sharedStrings.xml": strings})
    assert len(data) < 300 * 1024
    refusal, seconds, _peak = refused(read_template, data)
    assert refusal.code == "too_many_cells" and seconds < FAST


def test_a_workbook_of_a_million_and_a_half_styles_is_refused_fast(template):
    styles = b"<styleSheet><cellXfs>" + b"<xf/>" * 1_500_000 + b"</cellXfs></styleSheet>"
    data = repacked(template, replace={"xl/styles.xml": styles})
    refusal, seconds, _peak = refused(read_template, data)
    assert refusal.code == "too_many_elements" and seconds < FAST


def test_a_member_whose_declared_size_lies_is_stopped_at_the_budget_not_inflated(template):
    data = lying(template, "xl/media/image1.png", megabytes=120)
    assert len(data) < 1024 * 1024
    refusal, seconds, peak = refused(read_template, data, traced=True)
    assert refusal.code == "too_big" and seconds < FAST
    assert peak < 64  # chunks of 1 MB, never the member


def test_a_member_inflating_to_other_than_it_declares_is_refused_as_damaged(template):
    data = lying(template, "xl/media/image1.png", megabytes=2, declared=4096)
    refusal, _seconds, _peak = refused(read_template, data)
    assert refusal.code == "damaged"


def test_a_sheet_moved_out_of_the_worksheets_folder_is_counted_all_the_same(template):
    wide = b'<row r="4">' + b"<c><v>1</v></c>" * 1_000_000 + b"</row>"
    data = repacked(
        template,
        replace={"xl/worksheets/sheet1.xml": sheet_xml(wide)},
        rename={
            "xl/worksheets/sheet1.xml": "xl/elsewhere/sheet1.xml",
            "worksheets/sheet1.xml": "elsewhere/sheet1.xml",
        },
    )
    assert "xl/elsewhere/sheet1.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    refusal, seconds, _peak = refused(read_template, data)
    assert refusal.code in ("too_many_cells", "too_many_elements") and seconds < FAST


def test_a_package_of_twenty_thousand_empty_members_is_refused_fast(template):
    data = repacked(template, add={f"xl/empty/{n}.xml": b"" for n in range(20_000)})
    refusal, seconds, _peak = refused(read_template, data)
    assert refusal.code == "too_many_elements" and seconds < FAST


def test_the_admins_import_format_shares_the_budget(template):
    data = lying(template, "xl/media/image1.png", megabytes=120)
    refusal, seconds, _peak = refused(BoundedXLSX().create_dataset, data)
    assert refusal.code == "too_big" and seconds < FAST


def test_the_deadline_is_checked_while_inflating(template):
    refusal, _seconds, _peak = refused(lambda data: read_template(data, max_seconds=0), template)
    assert refusal.code == "too_slow"


def test_a_good_template_is_read_well_within_the_deadline(template):
    started = time.monotonic()
    assert read_template(template).rows
    assert time.monotonic() - started < MAX_READ_SECONDS


# --- docx ----------------------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def word_with_body(body: str) -> bytes:
    document = docx.Document()
    document.add_paragraph("第一章 总则")
    out = io.BytesIO()
    document.save(out)
    xml = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    return repacked(out.getvalue(), replace={"word/document.xml": xml.encode()})


def nested_boxes(depth: int) -> str:
    inner = ""
    for level in reversed(range(depth)):
        inner = (
            f"<w:p><w:r><w:t>第{level}层文本框</w:t></w:r>"
            f"<w:r><w:pict><w:txbxContent>{inner}</w:txbxContent></w:pict></w:r></w:p>"
        )
    return inner


def test_text_boxes_nested_in_text_boxes_are_each_read_once():
    text = read_document("plan.docx", word_with_body(nested_boxes(16)))
    assert all(text.count(f"第{level}层文本框") == 1 for level in range(16))


def test_twenty_four_nested_text_boxes_are_read_fast():
    data = word_with_body(nested_boxes(24))
    assert len(data) < 40 * 1024
    started = time.monotonic()
    assert "第23层文本框" in read_document("plan.docx", data)
    assert time.monotonic() - started < FAST


def test_a_word_file_whose_declared_size_lies_is_stopped_at_the_budget():
    data = lying(word_with_body("<w:p/>"), "word/media/image1.png", megabytes=120)
    refusal, seconds, peak = refused(lambda data: read_document("plan.docx", data), data, traced=True)
    assert "压缩炸弹" in refusal.message and seconds < FAST and peak < 64


def test_a_word_body_of_millions_of_elements_is_refused_before_it_is_parsed():
    data = word_with_body("".join(f"<w:p><w:r><w:t>{n}</w:t></w:r></w:p>" for n in range(400_000)))
    refusal, seconds, _peak = refused(lambda data: read_document("plan.docx", data), data)
    assert "元素远多于" in refusal.message and seconds < FAST


# --- pdf -----------------------------------------------------------------------------------------


def shared_stream_pdf(pages: int, chars_per_page: int) -> bytes:
    """A PDF of `pages` pages that all draw one content stream (small file, much work per page)."""
    text = b"BT /F1 12 Tf 72 720 Td " + b"(ABCDEFGHIJ) Tj " * (chars_per_page // 10) + b"ET"
    first_page = 5
    kids = b" ".join(b"%d 0 R" % (first_page + n) for n in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        *[
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>"
        ]
        * pages,
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def read_pdf_upload(data):
    return read_document("plan.pdf", data)


def test_a_pdf_of_twenty_thousand_pages_sharing_one_stream_is_refused_fast():
    data = shared_stream_pdf(20_000, 5_000)
    assert len(data) < 4 * 1024 * 1024
    refusal, seconds, _peak = refused(read_pdf_upload, data)
    assert "20000页" in refusal.message and seconds < FAST


def test_pages_sharing_a_heavy_stream_are_stopped_by_the_text_they_hold():
    data = shared_stream_pdf(900, 5_000)  # within the page limit, 4.5 M characters
    refusal, seconds, _peak = refused(read_pdf_upload, data)
    assert "文字远多于" in refusal.message and seconds < FAST


def test_a_small_pdf_of_that_kind_is_read():
    assert "ABCDEFGHIJ" in read_pdf_upload(shared_stream_pdf(1, 100))
