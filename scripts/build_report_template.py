#!/usr/bin/env python
"""Writes evaluation/report_template.docx, the Word template (docxtpl) the evaluation report is rendered
from. The .docx is what offices open in Word/WPS and change (letterhead, fixed text, fonts, styles,
page setup); this script is how the shipped one was made, kept so a change to it can be reviewed:

    .venv/bin/python scripts/build_report_template.py [OUT.docx]

Layout by GB/T 9704 (公文格式): A4, margins 37/35/28/26 mm, title 方正小标宋简体 二号 on balanced lines,
body 仿宋_GB2312 三号 with 28 pt lines, headings 一、 in 黑体 and （一） in 楷体_GB2312, page numbers
"— 1 —" in 宋体 四号; 表题 above its table and kept with it, 图题 below its figure and kept with it
(the figure's paragraph keeps with the next), header rows repeated on each page, rows never split.
Where the official fonts are missing the font table names a standard substitute (黑体, 仿宋, 楷体).

Jinja tags (docxtpl): `{{ … }}` in runs, `{%p … %}` for whole paragraphs, `{%tr … %}` for table rows,
`{%tc … %}` for table columns. The context is built by evaluation/writer.py (`context`).
"""

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from lxml import etree

OUT = Path(__file__).resolve().parent.parent / "evaluation" / "report_template.docx"
TITLE_FONT, BODY_FONT, HEADING_FONT, SUBHEADING_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"
SUBSTITUTES = {TITLE_FONT: "黑体", BODY_FONT: "仿宋", SUBHEADING_FONT: "楷体", HEADING_FONT: "SimHei"}
LATIN_FONT = "Times New Roman"
RED = RGBColor(0xC0, 0x00, 0x00)
CELL_MARGIN = 50  # twips each side (Table Grid's 108 would cost a column 0.4 cm)


def fonts(style_or_run, name, latin=LATIN_FONT):
    """Chinese text in `name` (Word reads it from w:eastAsia only), figures and Latin letters in
    `latin`: half a character wide, so a column keeps its figures whole whatever font stands in."""
    style_or_run.font.name = latin
    element = style_or_run.element if hasattr(style_or_run, "style_id") else style_or_run._element
    rfonts = element.get_or_add_rPr().get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(theme), None)
    rfonts.set(qn("w:eastAsia"), name)
    rfonts.set(qn("w:cs"), name)


def exactly(paragraph_format, points):
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph_format.line_spacing = Pt(points)


def paragraph_style(doc, name, *, font=None, size=None, align=None, indent=0, line=None, keep_next=False):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    if font:
        fonts(style, font)
    if size:
        style.font.size = Pt(size)
    form = style.paragraph_format
    form.first_line_indent = Pt(indent)
    form.alignment = align
    form.keep_with_next = keep_next
    if line is None:
        form.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        exactly(form, line)
    return style


def styles(doc):
    normal = doc.styles["Normal"]
    fonts(normal, BODY_FONT)
    normal.font.size = Pt(16)
    normal.paragraph_format.first_line_indent = Pt(32)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.widow_control = True
    exactly(normal.paragraph_format, 28)
    for name, font in (("Heading 1", HEADING_FONT), ("Heading 2", SUBHEADING_FONT)):
        style = doc.styles[name]
        fonts(style, font)
        style.font.size = Pt(16)
        style.font.bold = False
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        form = style.paragraph_format
        form.first_line_indent = Pt(32)
        form.space_before = form.space_after = Pt(0)
        form.keep_with_next = True
        exactly(form, 28)
    paragraph_style(doc, "报告标题", font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, line=36)
    paragraph_style(doc, "成文日期", align=WD_ALIGN_PARAGRAPH.CENTER, line=28)
    warning = paragraph_style(doc, "演示提示", size=12, align=WD_ALIGN_PARAGRAPH.CENTER, line=20)
    warning.font.color.rgb = RED
    warning.font.bold = True
    paragraph_style(doc, "表题", font=HEADING_FONT, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, keep_next=True)
    doc.styles["表题"].paragraph_format.space_before = Pt(6)
    doc.styles["表题"].paragraph_format.space_after = Pt(3)
    paragraph_style(doc, "表格文字", size=10.5, line=15)
    paragraph_style(doc, "表格数字", size=10.5, line=15, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph_style(doc, "表头", font=HEADING_FONT, size=10.5, line=15, align=WD_ALIGN_PARAGRAPH.CENTER)
    figure = paragraph_style(doc, "图", align=WD_ALIGN_PARAGRAPH.CENTER, keep_next=True)
    figure.paragraph_format.space_before = Pt(6)
    caption = paragraph_style(doc, "图题", size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    caption.paragraph_format.space_after = Pt(6)
    note = paragraph_style(doc, "注", size=12, line=20)
    note.paragraph_format.space_before = Pt(3)


def substitutes(doc):
    """Font-table entries naming a standard font for each official one, for machines without them."""
    part = next(p for p in doc.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
    table = parse_xml(part.blob)
    for name, substitute in SUBSTITUTES.items():
        table.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{substitute}"/>'
                '<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>'
            )
        )
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def run(paragraph, text, *, bold=None, color=None, highlight=False, font=None, size=None):
    r = paragraph.add_run(text)
    if bold is not None:
        r.font.bold = bold
    if color is not None:
        r.font.color.rgb = color
    if highlight:
        r.font.highlight_color = WD_COLOR_INDEX.YELLOW
    if font:
        fonts(r, font)
    if size:
        r.font.size = Pt(size)
    return r


def page_setup(doc):
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.header_distance, section.footer_distance = Cm(1.5), Cm(2.8)
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.paragraph_format.first_line_indent = Pt(0)
    run(header, "{% if demo %}含演示数据{% endif %}", color=RED, size=10.5)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.paragraph_format.first_line_indent = Pt(0)
    run(footer, "— ", font="宋体", size=14)
    number = run(footer, "", font="宋体", size=14)
    for kind, text in (
        ("begin", None),
        ("instr", " PAGE "),
        ("separate", None),
        ("text", "1"),
        ("end", None),
    ):
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        elif kind == "text":
            element = OxmlElement("w:t")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        number._element.append(element)
    run(footer, " —", font="宋体", size=14)


def para(doc, text="", style=None):
    paragraph = doc.add_paragraph(style=style)
    if text:
        paragraph.add_run(text)
    return paragraph


def table(doc, columns, loop, *, header_style="表头"):
    """A table: a header row repeated on each page, then `{%tr for %}`, the row, `{%tr endfor %}`.
    `columns`: (heading, cell text, width in cm, paragraph style)."""
    grid = doc.add_table(rows=4, cols=len(columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    properties = grid._tbl.tblPr
    margins = parse_xml(
        f"<w:tblCellMar {nsdecls('w')}>"
        + "".join(f'<w:{side} w:w="{CELL_MARGIN}" w:type="dxa"/>' for side in ("left", "right"))
        + "</w:tblCellMar>"
    )
    properties.find(qn("w:tblLook")).addprevious(margins)  # the schema's order, which LibreOffice keeps to
    for column, (_heading, _text, width, _style) in zip(grid.columns, columns, strict=True):
        column.width = Cm(width)
    head, opening, body, closing = grid.rows
    head._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")} w:val="true"/>'))
    head._tr.get_or_add_trPr().append(parse_xml(f'<w:cantSplit {nsdecls("w")} w:val="true"/>'))
    body._tr.get_or_add_trPr().append(parse_xml(f'<w:cantSplit {nsdecls("w")} w:val="true"/>'))
    for row, texts in (
        (head, [c[0] for c in columns]),
        (opening, [loop] + [""] * (len(columns) - 1)),
        (body, [c[1] for c in columns]),
        (closing, ["{%tr endfor %}"] + [""] * (len(columns) - 1)),
    ):
        for cell, text, (_h, _t, width, style) in zip(row.cells, texts, columns, strict=True):
            cell.width = Cm(width)
            paragraph = cell.paragraphs[0]
            paragraph.style = doc.styles[header_style if row is head else style]
            if text:
                paragraph.add_run(text)
    return grid


def content(doc):
    para(doc, "{{ title }}", "报告标题")
    para(doc, "（{{ written_on }}）", "成文日期")
    para(doc, "{%p if demo %}")
    para(doc, "含演示数据：标注“演示数据”的数值不是真实统计数据，不得对外报送。", "演示提示")
    para(doc, "{%p endif %}")
    para(doc)

    doc.add_heading("一、规划实施总体情况", level=1)
    para(doc, "{%p if several %}")
    para(
        doc,
        "本报告涵盖{{ scope }}及所辖地区{{ plan_count }}个规划（{{ start_year }}—{{ end_year }}年，"
        "基期{{ baseline_year }}年），依据截至{{ year }}年审核通过的数据编制。",
    )
    para(doc, "{%p else %}")
    para(
        doc,
        "规划实施期为{{ start_year }}—{{ end_year }}年，基期为{{ baseline_year }}年。"
        "本报告依据截至{{ year }}年审核通过的数据编制。",
    )
    para(doc, "{%p endif %}")
    # 终期评估: only the last year's value is judged (已达标 / 未达标), no progress path, no forecast.
    para(doc, "{%p if final %}")
    para(
        doc,
        "规划确定的{{ total }}项主要指标中，约束性指标{{ binding.total }}项：达标{{ binding.met }}项、"
        "未达标{{ binding.not_met }}项、{{ end_year }}年数据未报{{ binding.unreported }}项；"
        "预期性指标{{ indicative.total }}项：达标{{ indicative.met }}项、未达标{{ indicative.not_met }}项、"
        "{{ end_year }}年数据未报{{ indicative.unreported }}项。",
    )
    para(doc, "{%p else %}")
    para(
        doc,
        "规划确定的{{ total }}项主要指标中，约束性指标{{ binding.total }}项：达标{{ binding.met }}项、"
        "进度正常{{ binding.on_track }}项、滞后{{ binding.behind }}项（其中逆向变化{{ binding.regressing }}项）、"
        "暂无审核数据{{ binding.no_data }}项，按现有趋势预计无法完成{{ binding.forecast_miss }}项；"
        "预期性指标{{ indicative.total }}项：达标{{ indicative.met }}项、进度正常{{ indicative.on_track }}项、"
        "滞后{{ indicative.behind }}项（其中逆向变化{{ indicative.regressing }}项）、"
        "暂无审核数据{{ indicative.no_data }}项，按现有趋势预计无法完成{{ indicative.forecast_miss }}项。",
    )
    para(doc, "{%p endif %}")
    para(
        doc,
        "规划部署重点任务{{ tasks.tasks }}项，据审核通过的报告，截至{{ year }}年已完成{{ tasks.done }}项、"
        "推进中{{ tasks.in_progress }}项、未完成{{ tasks.not_done }}项，尚未报送或审核{{ tasks.unreported }}项；"
        "重点工程{{ projects }}项。",
    )
    para(doc, "{%p if several %}")
    para(doc, "表{{ regions_table }} 各地区主要指标完成情况", "表题")
    para(doc, "{%p if final %}")
    table(
        doc,
        [
            ("地区", "{{ r.region }}", 4.2, "表格文字"),
            ("指标", "{{ r.total }}", 1.4, "表格数字"),
            ("达标", "{{ r.met }}", 1.4, "表格数字"),
            ("未达标", "{{ r.not_met }}", 1.6, "表格数字"),
            ("{{ end_year }}年数据未报", "{{ r.unreported }}", 3.2, "表格数字"),
            ("未达标的约束性指标", "{{ r.binding_not_met }}", 3.8, "表格数字"),
        ],
        "{%tr for r in regions %}",
    )
    para(doc, "{%p else %}")
    table(
        doc,
        [
            ("地区", "{{ r.region }}", 4.4, "表格文字"),
            ("指标", "{{ r.total }}", 1.6, "表格数字"),
            ("达标", "{{ r.met }}", 1.6, "表格数字"),
            ("进度正常", "{{ r.on_track }}", 1.8, "表格数字"),
            ("进度滞后", "{{ r.behind }}", 1.8, "表格数字"),
            ("暂无数据", "{{ r.no_data }}", 1.8, "表格数字"),
            ("预计不达标的约束性指标", "{{ r.forecast_miss }}", 2.6, "表格数字"),
        ],
        "{%tr for r in regions %}",
    )
    para(doc, "{%p endif %}")
    para(doc, "{%p endif %}")

    doc.add_heading("二、主要指标完成情况", level=1)
    para(doc, "{%p for plan in plans %}")
    para(doc, "{%p if several %}")
    doc.add_heading("（{{ plan.numeral }}）{{ plan.title }}", level=2)
    para(doc, "{%p endif %}")
    para(doc, "{%p if plan.rows %}")
    para(doc, "表{{ plan.table }} {{ plan.title }}主要指标完成情况", "表题")
    para(doc, "{%p if plan.forecasts %}")
    table(
        doc,
        [
            ("序号", "{{ row.seq }}", 0.9, "表格数字"),
            ("指标", "{{ row.name }}", 2.95, "表格文字"),
            ("单位", "{{ row.unit }}", 1.3, "表格数字"),
            ("{{ baseline_year }}年基期值", "{{ row.baseline }}", 1.4, "表格数字"),
            ("{{ end_year }}年目标值", "{{ row.target }}", 1.8, "表格数字"),
            ("最新值", "{{ row.latest }}", 1.8, "表格数字"),
            ("状态", "{{ row.status }}", 1.8, "表格数字"),
            ("{{ end_year }}年预测值", "{{ row.forecast }}", 2.2, "表格数字"),
            ("指标属性", "{{ row.attribute }}", 1.45, "表格数字"),
        ],
        "{%tr for row in plan.rows %}",
    )
    # Every verdict final (the period is over): no forecast column; its width lets “2025年数据未报” stand
    # on one line in the value and status columns and 指标属性 in its heading.
    para(doc, "{%p else %}")
    table(
        doc,
        [
            ("序号", "{{ row.seq }}", 0.9, "表格数字"),
            ("指标", "{{ row.name }}", 2.75, "表格文字"),
            ("单位", "{{ row.unit }}", 1.3, "表格数字"),
            ("{{ baseline_year }}年基期值", "{{ row.baseline }}", 1.4, "表格数字"),
            ("{{ end_year }}年目标值", "{{ row.target }}", 1.8, "表格数字"),
            ("最新值", "{{ row.latest }}", 2.85, "表格数字"),
            ("状态", "{{ row.status }}", 2.85, "表格数字"),
            ("指标属性", "{{ row.attribute }}", 1.75, "表格数字"),
        ],
        "{%tr for row in plan.rows %}",
    )
    para(doc, "{%p endif %}")
    para(doc, "{%p if plan.demo_rows %}")
    para(doc, "注：标注“演示数据”的数值为演示数据，不是审核通过的统计数据。", "注")
    para(doc, "{%p endif %}")
    para(doc, "{%p else %}")
    para(doc, "规划未列出主要指标表。")
    para(doc, "{%p endif %}")
    para(doc, "{%p if plan.no_data %}")
    para(doc, "以下约束性指标{{ start_year }}—{{ year }}年无审核数据，未作图：{{ plan.no_data }}。")
    para(doc, "{%p endif %}")
    para(doc, "{%p if plan.qualitative %}")
    para(doc, "表{{ plan.qualitative_table }} 定性约束性指标年度完成情况", "表题")
    table(
        doc,
        [
            ("指标", "{{ q.name }}", 5.0, "表格文字"),
            ("{%tc for y in years %}", "{%tc for s in q.statuses %}", 0.5, "表格数字"),
            ("{{ y }}年", "{{ s }}", 1.8, "表格数字"),
            ("{%tc endfor %}", "{%tc endfor %}", 0.5, "表格数字"),
        ],
        "{%tr for q in plan.qualitative %}",
    )
    para(doc, "{%p endif %}")
    para(doc, "{%p for figure in plan.figures %}")
    para(doc, "{{ figure.image }}", "图")
    para(doc, "图{{ figure.number }} {{ figure.caption }}", "图题")
    para(doc, "{%p endfor %}")
    para(doc, "{%p for name in plan.reasons %}")
    reason = para(doc)
    run(reason, "{{ name }}{{ reason_word }}：", bold=True)
    run(reason, "（由编制单位填写）", highlight=True)
    para(doc, "{%p endfor %}")
    para(doc, "{%p endfor %}")
    para(doc, "{%p if comparisons %}")
    doc.add_heading("（{{ comparisons_numeral }}）各地区约束性指标对比", level=2)
    para(doc, "{%p if final %}")
    para(
        doc,
        "各地区取{{ year }}年审核通过的数值；该年数据未报的地区标明“{{ year }}年数据未报”，不以往年数值代替。",
    )
    para(doc, "{%p else %}")
    para(doc, "各地区取{{ year }}年审核通过的数值；该年未报送的地区以其最近一年的数值列出，并标明年份。")
    para(doc, "{%p endif %}")
    para(doc, "{%p for figure in comparisons %}")
    para(doc, "{{ figure.image }}", "图")
    para(doc, "图{{ figure.number }} {{ figure.caption }}", "图题")
    para(doc, "{%p endfor %}")
    para(doc, "{%p endif %}")

    doc.add_heading("三、重点任务和重点工程进展", level=1)
    para(doc, "{%p for plan in plans %}")
    para(doc, "{%p if several %}")
    doc.add_heading("（{{ plan.numeral }}）{{ plan.title }}", level=2)
    para(doc, "{%p endif %}")
    para(doc, "{%p if not plan.chapters and not plan.projects_summary %}")
    para(doc, "规划未列出重点任务和重点工程。")
    para(doc, "{%p endif %}")
    para(doc, "{%p for chapter in plan.chapters %}")
    line = para(doc)
    run(line, "第{{ chapter.number }}章 {{ chapter.title }}。", bold=True)
    run(
        line,
        "重点任务{{ chapter.tasks }}项，已完成{{ chapter.done }}项、推进中{{ chapter.in_progress }}项、"
        "未完成{{ chapter.not_done }}项，尚未报送或审核{{ chapter.unreported }}项。",
    )
    para(doc, "{%p for line in chapter.lines %}")
    para(doc, "{{ line }}")
    para(doc, "{%p endfor %}")
    para(doc, "{%p endfor %}")
    para(doc, "{%p if plan.projects_summary %}")
    line = para(doc)
    run(line, "重点工程。", bold=True)
    run(line, "{{ plan.projects_summary }}")
    para(doc, "{%p for line in plan.projects %}")
    para(doc, "{{ line }}")
    para(doc, "{%p endfor %}")
    para(doc, "{%p endif %}")
    para(doc, "{%p endfor %}")

    doc.add_heading("四、存在的问题", level=1)
    para(doc, "{%p if risks %}")
    para(doc, "经评估，存在的问题及责任单位如下：")
    para(doc, "表{{ risks_table }} 存在问题清单", "表题")
    table(
        doc,
        [
            ("序号", "{{ risk.seq }}", 1.0, "表格数字"),
            ("事项", "{{ risk.subject }}", 3.8, "表格文字"),
            ("存在问题", "{{ risk.problem }}", 6.8, "表格文字"),
            ("责任单位", "{{ risk.units }}", 4.0, "表格文字"),
        ],
        "{%tr for risk in risks %}",
    )
    para(doc, "{%p else %}")
    para(doc, "{%p if final %}")
    para(doc, "经评估，约束性指标均已达标，重点任务和重点工程均无报告未完成的情况。")
    para(doc, "{%p else %}")
    para(doc, "经评估，约束性指标均无进度滞后或预计无法完成的情况，重点任务和重点工程均无报告未完成的情况。")
    para(doc, "{%p endif %}")
    para(doc, "{%p endif %}")

    doc.add_heading("五、下一步工作建议", level=1)
    run(
        para(doc),
        "（由编制单位填写：针对上述指标和任务提出下一步工作措施，并提出与下一个五年规划衔接的建议。）",
        highlight=True,
    )


def main():
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    doc = Document()
    styles(doc)
    substitutes(doc)
    page_setup(doc)
    content(doc)
    doc.core_properties.title = "规划实施评估报告模板"
    doc.save(out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
