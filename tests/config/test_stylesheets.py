"""Our stylesheets close every block they open: a browser closes a block left open at the end of the
file, so a lost "}" silently moves every later rule into that block (the 填报 and 审核 styles once
applied only when printing)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

STYLESHEETS = sorted((Path(settings.BASE_DIR) / "static").rglob("*.css"))


def unclosed_blocks(css: str) -> list[int]:
    """The line numbers of the blocks never closed (a "}" too many counts as line 0)."""
    css = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group().count("\n"), css, flags=re.DOTALL)
    css = re.sub(r"\"[^\"\n]*\"|'[^'\n]*'", '""', css)
    opened = []
    for number, line in enumerate(css.splitlines(), start=1):
        for character in line:
            if character == "{":
                opened.append(number)
            elif character == "}":
                if not opened:
                    return [0]
                opened.pop()
    return opened


def test_the_check_finds_a_block_left_open():
    assert unclosed_blocks("a { color:red; }\n@media print {\n  .b { display:none; }\n.c { x:y; }\n") == [2]
    assert unclosed_blocks('/* { */ a::before { content:"{"; }') == []


@pytest.mark.parametrize("path", STYLESHEETS, ids=lambda path: path.name)
def test_every_block_is_closed(path):
    assert unclosed_blocks(path.read_text()) == [], f"{path.name}: blocks opened on these lines never close"
