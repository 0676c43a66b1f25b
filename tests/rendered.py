"""What a rendered page shows, read as a person reads it: table rows under their headings, terms and
their definitions. Text only, whitespace collapsed; standard library only."""

from html.parser import HTMLParser


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables = []  # each a list of rows, each a list of cell texts
        self.terms = {}  # <dt> text → <dd> text
        self.row = None
        self.text = None  # the text of the cell, term or definition being read
        self.rowspan = 1
        self.spanning = []  # per table: {column: [text, rows still to fill]}
        self.term = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
            self.spanning.append({})
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.text = []
            self.rowspan = int(dict(attrs).get("rowspan") or 1)
        elif tag in ("dt", "dd"):
            self.text = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.row is not None and self.text is not None:
            self._fill_spanned()
            text = self._text()
            if self.rowspan > 1:
                self.spanning[-1][len(self.row)] = [text, self.rowspan - 1]
            self.row.append(text)
        elif tag == "tr" and self.row is not None:
            self._fill_spanned()
            self.tables[-1].append(self.row)
            self.row = None
        elif tag == "table" and self.spanning:
            self.spanning.pop()
        elif tag == "dt" and self.text is not None:
            self.term = self._text()
        elif tag == "dd" and self.text is not None and self.term is not None:
            self.terms[self.term] = self._text()
            self.term = None

    def handle_data(self, data):
        if self.text is not None:
            self.text.append(data)

    def _text(self):
        text, self.text = " ".join("".join(self.text).split()), None
        return text

    def _fill_spanned(self):
        spanning = self.spanning[-1]
        while len(self.row) in spanning:
            column = len(self.row)
            self.row.append(spanning[column][0])
            spanning[column][1] -= 1
            if not spanning[column][1]:
                del spanning[column]


def _read(html):
    reader = _Reader()
    reader.feed(html)
    return reader


def row_naming(html, text):
    """The first table row with a cell reading exactly `text`, as {column heading: cell text}."""
    for table in _read(html).tables:
        for row in table[1:]:
            if text in row:
                return dict(zip(table[0], row, strict=False))
    raise AssertionError(f"no table row has a cell reading {text!r}")


def terms(html):
    """{term: definition} of the page's definition lists."""
    return _read(html).terms
