"""Named cell styles shared by the report and the template, registered once per workbook."""

from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

from indicators.verdicts import UNREPORTED

THIN = Side(style="thin", color="808080")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(vertical="center", wrap_text=True)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")

# Fills of the 完成情况 column, by attainment.Status code: light tints of the web's badge colours
# (static/css/app.css), so a status reads the same on paper and on screen: green met, on track or done,
# amber behind, red regressing or not done, blue in progress, grey where nothing can be said yet.
GREEN, AMBER, RED, BLUE, GREY = "C6EFCE", "FFEB9C", "FFC7CE", "DDEBF7", "EDEDED"
STATUS_COLOURS = {
    "met": GREEN,
    "not_met": RED,
    "on_track": GREEN,
    "behind": AMBER,
    "regressing": RED,
    "no_data": GREY,
    "not_assessable": GREY,
    "done": GREEN,
    "in_progress": BLUE,
    "not_done": RED,
}


def _style(name, *, font=None, fill=None, alignment=WRAP_TOP, border=GRID, number_format=None):
    style = NamedStyle(name=name, font=font or Font(name="宋体", size=10), border=border, alignment=alignment)
    if fill:
        style.fill = PatternFill("solid", fgColor=fill)
    if number_format:
        style.number_format = number_format
    return style


def _styles():
    yield _style("pw_title", font=Font(name="黑体", size=14, bold=True), alignment=CENTRE, border=Border())
    yield _style(
        "pw_subtitle",
        font=Font(name="宋体", size=10, color="595959"),
        border=Border(),
        alignment=Alignment(horizontal="left", vertical="center"),
    )
    yield _style("pw_header", font=Font(name="黑体", size=10, bold=True), fill="D9E1F2", alignment=CENTRE)
    yield _style("pw_text")
    yield _style("pw_centre", alignment=CENTRE)
    yield _style("pw_number", alignment=RIGHT, number_format="General")
    yield _style("pw_locked", fill="F2F2F2")
    yield _style("pw_input", fill="FFFFE0", alignment=RIGHT)
    yield _style("pw_flag", font=Font(name="宋体", size=10, bold=True, color="C53030"), alignment=CENTRE)
    for code, colour in STATUS_COLOURS.items():
        yield _style(f"pw_status_{code}", fill=colour, alignment=CENTRE)


def register_styles(workbook):
    for style in _styles():
        workbook.add_named_style(style)


def status_style(code: str) -> str:
    """The fill of a status; a final year not reported in the colour of no data."""
    code = "no_data" if code == UNREPORTED else code
    return f"pw_status_{code}" if code in STATUS_COLOURS else "pw_centre"
