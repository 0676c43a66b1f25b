"""A plan document as it arrives (text, Word, PDF) → the text the parser reads. Pure: no database.

Every format is turned into the same plain text: paragraphs on their own lines, tables as one row per
line with tab-separated cells, so that one set of rules (`parser.parse_plan`) reads them all. A file
that cannot be read is refused with a PlanParseError in Chinese.
"""

from __future__ import annotations

import codecs
from pathlib import PurePath

from operations.uploads import UploadRefused, size_check

from .docx_reader import MACROS_REFUSED, read_docx
from .errors import PlanParseError
from .pdf_reader import read_pdf

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text", ".md"}
MACRO_SUFFIXES = {".docm", ".dotm"}
# Word 97–2003 (.doc), WPS (.wps) and password-protected .docx files are OLE compound files.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLE_SUFFIXES = {".doc", ".dot", ".wps"}
OLD_WORD = (
    "文件是旧版Word（.doc）或WPS格式，或是加密的Word文档，无法读取：请在Word或WPS中“另存为”"
    "不加密的Word文档（.docx）或PDF后上传"
)


def read_text(data: bytes) -> str:
    """Plain text in UTF-8 (with or without a BOM) or GB18030, as Chinese offices save it, or UTF-16
    with its byte order mark (what Windows Notepad calls "Unicode")."""
    encodings = ("utf-16",) if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else ()
    for encoding in (*encodings, "utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise PlanParseError("文件不是UTF-8或GB18030编码的文本，无法作为规划文本导入", line=None)


def read_document(name: str, data: bytes) -> str:
    """The document's text for the parser, chosen by the file name's suffix."""
    try:
        size_check(len(data), MAX_DOCUMENT_BYTES)
    except UploadRefused as refused:
        raise PlanParseError(refused.message) from refused
    suffix = PurePath(name).suffix.lower()
    if suffix in OLE_SUFFIXES or data.startswith(OLE_SIGNATURE):
        raise PlanParseError(OLD_WORD)
    if suffix in MACRO_SUFFIXES:
        raise PlanParseError(MACROS_REFUSED)
    if suffix == ".docx":
        return read_docx(data)
    if suffix == ".pdf":
        return read_pdf(data)
    if suffix in TEXT_SUFFIXES or not suffix:
        return read_text(data)
    raise PlanParseError(
        f"不支持的文件类型“{suffix}”：请上传Word（.docx）、带文字层的PDF或文本（.txt）文件", line=None
    )
