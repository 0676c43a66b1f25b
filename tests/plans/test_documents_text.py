"""Plain-text plans in the encodings and line ends offices save them with, and files that are no plan
text at all (old Word, WPS), refused by what they hold whatever their name."""

import codecs

import pytest

from plans.importing import PlanParseError, parse_plan, read_document
from plans.importing.documents import OLD_WORD

from .conftest import seed_path
from .test_documents_docx import comparable

OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)  # the first sector of an OLE compound file


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8-sig"),
        lambda text: text.encode("gb18030"),
        lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),  # Notepad's "Unicode"
        lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        lambda text: text.replace("\n", "\r\n").encode(),
    ],
    ids=["utf-8 with bom", "gb18030", "utf-16 le", "utf-16 be", "crlf"],
)
def test_a_seed_saved_in_another_encoding_imports_to_the_outline_of_its_text(seed_outline, encode):
    text = seed_path("000").read_text(encoding="utf-8")
    assert comparable(parse_plan(read_document("plan.txt", encode(text)))) == comparable(seed_outline("000"))


@pytest.mark.parametrize("name", ["plan.doc", "plan.wps", "plan.docx", "plan.txt", "plan"])
def test_an_old_word_or_wps_file_is_refused_saying_to_save_it_as_docx(name):
    with pytest.raises(PlanParseError) as raised:
        read_document(name, OLE_HEADER)
    assert raised.value.message == OLD_WORD
    assert "另存为" in OLD_WORD and ".docx" in OLD_WORD
