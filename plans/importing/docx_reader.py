"""A Word (.docx) plan → the parser's text. Pure: no database.

The body is walked in document order: each paragraph is a line (a line break inside it starts a new
line), each table row a line of tab-separated cells. Merged cells read as a printed table reads:
a cell merged across columns (gridSpan) is one cell; a cell merged down rows (vMerge) gives its text
on its first row and an empty cell below, as a category cell does. A row of one cell is a box drawn as
a frame (专栏 title and its list): its content is walked like the body, line by line, tables inside
it included. Text boxes anchored in a paragraph are read after the paragraph's own text.

Before anything is parsed the package is checked: macros (vbaProject.bin) are refused, and so is a
zip whose content would unpack to far more than a plan (a zip bomb).
"""

from __future__ import annotations

import io
import re

from operations.uploads import Deadline, PackageRules, UploadRefused, office_package_check

from .errors import PlanParseError, budget_refusal

MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # inflated bytes, counted
MAX_COMPRESSION_RATIO = 100
MAX_PART_ELEMENTS = 200_000  # styles, numbering, headers: a plan's hold a few thousand
MAX_BODY_ELEMENTS = 1_000_000  # a 100-page plan's body holds some 100,000

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
P, TBL, TR, TC, SDT = f"{{{W}}}p", f"{{{W}}}tbl", f"{{{W}}}tr", f"{{{W}}}tc", f"{{{W}}}sdt"
T, TAB, BR, CR = f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}br", f"{{{W}}}cr"
TXBX = f"{{{W}}}txbxContent"
FALLBACK = f"{{{MC}}}Fallback"
TEXT_TAGS = {T, TAB, BR, CR}
MACROS_REFUSED = "文件含有宏（VBA代码），为安全起见不予导入：请另存为不含宏的Word文档（.docx）后上传"


NOT_DOCX = "文件不是有效的Word文档（.docx），可能已损坏或只是改了扩展名"
DOCX_RULES = PackageRules(
    kind="docx",
    required=("word/document.xml",),
    not_a_package=lambda: NOT_DOCX,
    macros=lambda: MACROS_REFUSED,
    macro_parts=re.compile(r"vbaproject\.bin$"),
    max_unpacked=MAX_UNPACKED_BYTES,
    max_ratio=MAX_COMPRESSION_RATIO,
    max_elements=MAX_PART_ELEMENTS,
    large_parts=re.compile(r"^word/document\.xml$"),
    max_large_elements=MAX_BODY_ELEMENTS,
)
REFUSALS = {"not_docx": NOT_DOCX, "macros": MACROS_REFUSED, "damaged": "Word文档无法读取，可能已损坏"}


def _refusal(refused: UploadRefused) -> PlanParseError:
    if refused.code in REFUSALS:
        return PlanParseError(REFUSALS[refused.code])
    return budget_refusal(refused)


def check_package(data: bytes, deadline: Deadline) -> None:
    """Refuse what is no Word package, carries macros, or is beyond the upload budget."""
    try:
        office_package_check(data, DOCX_RULES, deadline)
    except UploadRefused as refused:
        raise _refusal(refused) from refused


def read_docx(data: bytes) -> str:
    deadline = Deadline()
    check_package(data, deadline)
    import docx  # imported here: reading text files needs no Word library

    try:
        document = docx.Document(io.BytesIO(data))  # every part inflated and counted above
    except Exception as exc:  # python-docx raises several kinds on a damaged package
        raise PlanParseError("Word文档无法读取，可能已损坏") from exc
    if "macroEnabled" in document.part.content_type:
        raise PlanParseError(MACROS_REFUSED)
    lines: list[str] = []
    try:
        deadline.check()
        _walk(document.element.body, lines, deadline)
    except UploadRefused as refused:
        raise _refusal(refused) from refused
    return "\n".join(lines) + "\n"


def _walk(container, lines: list[str], deadline: Deadline) -> None:
    """Paragraphs and tables of a body, a cell or a text box, in order."""
    for child in container.iterchildren():
        deadline.check()
        if child.tag == P:
            lines += _paragraph_text(child).split("\n")
            for box in _boxes(child):
                _walk(box, lines, deadline)
        elif child.tag == TBL:
            _table(child, lines, deadline)
        elif child.tag == SDT:  # a content control (a table of contents, a cover page): its content
            for content in child.iterchildren(f"{{{W}}}sdtContent"):
                _walk(content, lines, deadline)


def _boxes(node):
    """The text boxes anchored below `node`, outermost only: a box inside a box is read with the box
    that holds it, so nested boxes are walked once each (walking every level again from each ancestor
    took 2^depth steps). Not the copy a Fallback holds for older readers."""
    for child in node.iterchildren():
        if child.tag == TXBX:
            yield child
        elif child.tag != FALLBACK:
            yield from _boxes(child)


def _own_text_nodes(node):
    """Text, tabs and breaks below `node`, in order, outside the text boxes it anchors."""
    for child in node.iterchildren():
        if child.tag in TEXT_TAGS:
            yield child
        elif child.tag != TXBX:
            yield from _own_text_nodes(child)


def _paragraph_text(paragraph) -> str:
    """The paragraph's own text (not that of a text box it anchors)."""
    parts = []
    for node in _own_text_nodes(paragraph):
        if node.tag == T:
            parts.append(node.text or "")
        elif node.tag == TAB:
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _table(table, lines: list[str], deadline: Deadline) -> None:
    for row in table.iterchildren(TR):
        cells = list(row.iterchildren(TC))
        if len(cells) == 1 and not _continues_down(cells[0]):
            _walk(cells[0], lines, deadline)
            continue
        lines.append("\t".join("" if _continues_down(cell) else _cell_text(cell, deadline) for cell in cells))


def _continues_down(cell) -> bool:
    """The cell is the lower part of a vertical merge (vMerge without val="restart")."""
    properties = cell.find(f"{{{W}}}tcPr")
    merge = properties.find(f"{{{W}}}vMerge") if properties is not None else None
    return merge is not None and merge.get(f"{{{W}}}val", "continue") == "continue"


def _cell_text(cell, deadline: Deadline) -> str:
    """A cell's paragraphs run together: a cell wraps its text, it does not make new lines."""
    lines: list[str] = []
    _walk(cell, lines, deadline)
    return "".join(line.replace("\t", " ").strip() for line in lines)
