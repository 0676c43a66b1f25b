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
import zipfile

from .errors import PlanParseError

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
P, TBL, TR, TC, SDT = f"{{{W}}}p", f"{{{W}}}tbl", f"{{{W}}}tr", f"{{{W}}}tc", f"{{{W}}}sdt"
T, TAB, BR, CR = f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}br", f"{{{W}}}cr"
TXBX = f"{{{W}}}txbxContent"
FALLBACK = f"{{{MC}}}Fallback"
MACROS_REFUSED = "文件含有宏（VBA代码），为安全起见不予导入：请另存为不含宏的Word文档（.docx）后上传"


def check_package(data: bytes) -> None:
    """Refuse what is no Word package, carries macros, or unpacks to far more than its size."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
    except zipfile.BadZipFile as exc:
        raise PlanParseError("文件不是有效的Word文档（.docx），可能已损坏或只是改了扩展名") from exc
    names = {member.filename.lower() for member in members}
    if any(name.endswith("vbaproject.bin") for name in names):
        raise PlanParseError(MACROS_REFUSED)
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_COMPRESSION_RATIO * max(packed, 1):
        raise PlanParseError("文件解压后的体积异常（可能是压缩炸弹），不予导入")
    if "word/document.xml" not in names:
        raise PlanParseError("文件不是有效的Word文档（.docx）：缺少正文部分")


def read_docx(data: bytes) -> str:
    check_package(data)
    import docx  # imported here: reading text files needs no Word library

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds on a damaged package
        raise PlanParseError("Word文档无法读取，可能已损坏") from exc
    if "macroEnabled" in document.part.content_type:
        raise PlanParseError(MACROS_REFUSED)
    lines: list[str] = []
    _walk(document.element.body, lines)
    return "\n".join(lines) + "\n"


def _walk(container, lines: list[str]) -> None:
    """Paragraphs and tables of a body, a cell or a text box, in order."""
    for child in container.iterchildren():
        if child.tag == P:
            lines += _paragraph_text(child).split("\n")
            for box in child.iter(TXBX):
                if not any(ancestor.tag == FALLBACK for ancestor in box.iterancestors()):
                    _walk(box, lines)
        elif child.tag == TBL:
            _table(child, lines)
        elif child.tag == SDT:  # a content control (a table of contents, a cover page): its content
            for content in child.iterchildren(f"{{{W}}}sdtContent"):
                _walk(content, lines)


def _paragraph_text(paragraph) -> str:
    """The paragraph's own text (not that of a text box it anchors)."""
    parts = []
    for node in paragraph.iter(T, TAB, BR, CR):
        if any(ancestor.tag == TXBX for ancestor in node.iterancestors()):
            continue
        if node.tag == T:
            parts.append(node.text or "")
        elif node.tag == TAB:
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _table(table, lines: list[str]) -> None:
    for row in table.iterchildren(TR):
        cells = list(row.iterchildren(TC))
        if len(cells) == 1 and not _continues_down(cells[0]):
            _walk(cells[0], lines)
            continue
        lines.append("\t".join("" if _continues_down(cell) else _cell_text(cell) for cell in cells))


def _continues_down(cell) -> bool:
    """The cell is the lower part of a vertical merge (vMerge without val="restart")."""
    properties = cell.find(f"{{{W}}}tcPr")
    merge = properties.find(f"{{{W}}}vMerge") if properties is not None else None
    return merge is not None and merge.get(f"{{{W}}}val", "continue") == "continue"


def _cell_text(cell) -> str:
    """A cell's paragraphs run together: a cell wraps its text, it does not make new lines."""
    lines: list[str] = []
    _walk(cell, lines)
    return "".join(line.replace("\t", " ").strip() for line in lines)
