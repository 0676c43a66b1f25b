"""Text → PlanOutline. Pure: no database, no files; every rule is a function of the text."""

from __future__ import annotations

import re
from collections import Counter

from .completeness import check_complete
from .errors import PlanParseError
from .layout import join_indented_paragraphs, layout_tables_to_tabs
from .metadata import plan_metadata, plan_title
from .numerals import to_int
from .outline import Box, Chapter, PlanOutline, Project, Section, Task
from .pages import drop_page_furniture
from .period import PERIOD_NAME, plan_period
from .responsibility import jurisdiction_prefixes, merge_unit_roles, split_responsibility, unit_name_merges
from .structure import (
    BOX_REFERENCE,
    CHAPTER,
    FOOTNOTE,
    SECTION,
    SUBTITLE,
    SUMMARY,
    SUMMARY_BINDING,
    SUMMARY_INDICATIVE,
    box_title,
    flat,
    is_open,
    list_heading,
)
from .tables import parse_table
from .targets import goals_from_paragraph, text_targets
from .text import Line, clean_lines_and_contents

PROJECT_ITEM = re.compile(r"^(?:(\d+)[.．、](?!\d)|[（(]([一二三四五六七八九十]+)[）)])\s*(.+)$")
RUN_TOGETHER = re.compile(r"(?<=[。；])\s*(?=\d+[.．、](?!\d))")


def parse_plan(text: str) -> PlanOutline:
    """Parse one plan document. Raises PlanParseError when the text is not a plan at all."""
    lines, contents = clean_lines_and_contents(
        "\n".join(join_indented_paragraphs(layout_tables_to_tabs(text.splitlines())))
    )
    if not any(line.text.strip() for line in lines):
        raise PlanParseError("文件为空，没有可导入的规划内容")
    return _Parser(lines, contents).run()


class _Parser:
    def __init__(self, lines: list[Line], contents: list[Line]):
        self.lines = lines
        self.contents = contents
        self.warnings: list[str] = []
        self.chapters: list[Chapter] = []
        self.boxes: list[Box] = []
        self.goal_paragraphs: list[str] = []
        self.chapter: Chapter | None = None
        self.section: Section | None = None
        self.paragraph: list[Line] = []
        self.chapter_mode = any(CHAPTER.match(flat(line.text)) for line in lines)
        self.last_box_reference: tuple[int, str] | None = None
        self.table_at_end: Box | None = None  # the table the file ends in
        # (first, last) line of the latest paragraph whose bracket never closed
        self.open_bracket_at_end: tuple[int, int] | None = None
        self.period = None  # read from the document before the walk: tables need it

    # -- the walk -------------------------------------------------------------------------------
    def run(self) -> PlanOutline:
        start = self._body_start()
        self.lines = drop_page_furniture(self.lines, start)
        preamble = [line.text for line in self.lines[:start]]
        title = plan_title(preamble)
        if not title:
            raise PlanParseError("未找到规划标题（文件开头的标题行或《……规划》），无法识别这份规划")
        self.period = plan_period(title, [line.text for line in self.lines])
        if self.period is None:
            raise PlanParseError(
                "未能识别规划期：标题中没有“十四五”“十五五”等规划期名称，指标表表头和正文“到某年”的表述也无法判断"
            )
        index = start
        while index < len(self.lines):
            index = self._step(index)
        self._flush()
        last_line = max((line.number for line in self.lines if flat(line.text)), default=0)
        if self.open_bracket_at_end and self.open_bracket_at_end[1] == last_line:
            raise PlanParseError(
                "文件在未闭合的责任单位括号处结束，文件可能不完整", line=self.open_bracket_at_end[0]
            )
        self._check_structure()
        units = sorted({unit.name for chapter in self.chapters for section in chapter.sections
                        for task in section.tasks for unit in task.units})  # fmt: skip
        body_text = "\n".join(line.text for line in self.lines)
        info = plan_metadata(preamble, body_text, title, units, self.period)
        units = self._merge_units(units, jurisdiction_prefixes(info.level, info.jurisdiction))
        goals = []
        if not any(box.kind == "indicators" for box in self.boxes):
            for paragraph in self.goal_paragraphs:
                goals += goals_from_paragraph(paragraph)
        self._check_summary(body_text)
        check_complete(
            lines=self.lines[start:], contents=self.contents, chapters=self.chapters, boxes=self.boxes,
            body_text=body_text, table_at_end=self.table_at_end,
        )  # fmt: skip
        return PlanOutline(plan=info, chapters=self.chapters, boxes=self.boxes, goals=goals, units=units,
                           warnings=self.warnings)  # fmt: skip

    def _merge_units(self, units: list[str], prefixes: tuple[str, ...]) -> list[str]:
        """One unit per name up to the jurisdiction's prefix (生态环境分局 → 区生态环境分局)."""
        merges = unit_name_merges(units, prefixes)
        if not merges:
            return units
        for chapter in self.chapters:
            for section in chapter.sections:
                for task in section.tasks:
                    task.units = merge_unit_roles(task.units, merges)
        return sorted(set(units) - set(merges))

    def _body_start(self) -> int:
        for index, line in enumerate(self.lines):
            text = flat(line.text)
            if self.chapter_mode and CHAPTER.match(text):
                return index
            if not self.chapter_mode and (heading := list_heading(text)) and heading[0] == 1:
                return index
        raise PlanParseError("未找到章节结构（“第一章”或“一、”形式的标题），这不像一份规划文本")

    def _step(self, index: int) -> int:
        line = self.lines[index]
        text = flat(line.text)
        if not text:
            return index + 1
        if (box := box_title(line.text)) is not None:
            self._flush()
            return self._read_box(index + 1, *box)
        if self._is_table_line(line.text):
            self._flush()
            return self._read_unannounced_table(index)
        if self.chapter_mode and (match := CHAPTER.match(text)):
            self._open_chapter(line, match.group(1), match.group(2))
            return self._read_subtitle(index + 1)
        if self.chapter_mode and (match := SECTION.match(text)):
            self._open_section(line, match.group(1), match.group(2))
            return index + 1
        if heading := list_heading(text):
            self._flush()
            if not self.chapter_mode:
                level, numeral, title = heading
                if level == 1:
                    self._open_chapter(line, numeral, title)
                else:
                    self._open_section(line, numeral, title)
            return index + 1
        if (
            self.paragraph
            and not is_open(" ".join(part.text for part in self.paragraph))
            and not _bare_bracket(text)
        ):
            self._flush()
        self.paragraph.append(Line(line.number, text))
        return index + 1

    def _is_table_line(self, raw: str) -> bool:
        """A header row of tab cells: an indicator column and a value year, attribute or period column."""
        cells = [cell for cell in raw.split("\t") if cell.strip()]
        joined = "".join(cells)
        years = (str(self.period.baseline_year), str(self.period.last))
        return (
            len(cells) >= 3
            and "指标" in joined
            and (any(word in joined for word in (*years, "属性")) or PERIOD_NAME.search(joined) is not None)
        )

    # -- structure ------------------------------------------------------------------------------
    def _open_chapter(self, line: Line, numeral: str, title: str):
        self._flush()
        number = to_int(numeral)
        if number is None:
            self.warnings.append(f"第{line.number}行：章节编号“{numeral}”无法识别")
            number = len(self.chapters) + 1
        self.chapter = Chapter(number=number, title=title.strip())
        self.chapters.append(self.chapter)
        self.section = None

    def _read_subtitle(self, index: int) -> int:
        while index < len(self.lines) and not flat(self.lines[index].text):
            index += 1
        if index < len(self.lines) and (match := SUBTITLE.match(flat(self.lines[index].text))):
            self.chapter.subtitle = match.group(1).strip()
            return index + 1
        return index

    def _open_section(self, line: Line, numeral: str, title: str):
        self._flush()
        if self.chapter is None:
            self.warnings.append(f"第{line.number}行：节“{title}”出现在任何章之前，已忽略")
            return
        number = to_int(numeral) or len(self.chapter.sections) + 1
        self.section = Section(number=number, title=title.strip())
        self.chapter.sections.append(self.section)

    def _flush(self):
        if not self.paragraph:
            return
        first, last = self.paragraph[0].number, self.paragraph[-1].number
        text = "".join(part.text for part in self.paragraph)
        self.paragraph = []
        if reference := BOX_REFERENCE.match(text):
            self.last_box_reference = (int(reference.group("number")), reference.group("title"))
        responsibility = split_responsibility(text)
        if responsibility is None:
            if "目标" in (
                (self.section.title if self.section else "") + (self.chapter.title if self.chapter else "")
            ):
                self.goal_paragraphs.append(text)
            if re.search(r"[（(][^）)]*(?:牵头|按职责分工)[^）)]*$", text):
                self.warnings.append(f"第{first}行：段落的责任单位括号没有闭合，且无法识别责任单位")
            return
        if responsibility.unclosed:
            self.open_bracket_at_end = (first, last)
            self.warnings.append(f"第{first}行：段落以未闭合的责任单位括号结尾（已按括号内容识别责任单位）")
        if responsibility.note:
            self.warnings.append(
                f"第{first}行：责任单位括号中的说明未作为责任单位导入：“{responsibility.note}”"
            )
        section = self._section_for_task(first)
        if section is None:
            return
        body = responsibility.text
        title = body.split("。", 1)[0].strip()
        section.tasks.append(
            Task(
                title=title,
                text=body,
                units=responsibility.units,
                text_targets=text_targets(body),
                line=first,
            )
        )

    def _section_for_task(self, line_number: int) -> Section | None:
        if self.section is not None:
            return self.section
        if self.chapter is None:
            self.warnings.append(f"第{line_number}行：含责任单位的段落出现在正文章节之前，已忽略")
            return None
        # A chapter's opening paragraph that assigns units: kept under a section numbered 0.
        self.warnings.append(
            f"第{line_number}行：任务段落位于第{self.chapter.number}章的各节之前，归入该章“章首”部分"
        )
        self.section = Section(number=0, title="章首")
        self.chapter.sections.insert(0, self.section)
        return self.section

    # -- boxes ----------------------------------------------------------------------------------
    def _box_extent(self, index: int) -> int:
        """Where a box's content ends: at the next heading, box, or task paragraph."""
        end = index
        while end < len(self.lines):
            text = flat(self.lines[end].text)
            if text and (
                box_title(self.lines[end].text)
                or CHAPTER.match(text)
                or SECTION.match(text)
                or ((heading := list_heading(text)) and heading[0] == 1)
                or split_responsibility(text) is not None
            ):
                break
            end += 1
        return end

    def _read_box(self, index: int, number: int, title: str) -> int:
        end = self._box_extent(index)
        lines = self.lines[index:end]
        opening = "".join(flat(line.text) for line in lines[:16])
        if "\t" in "".join(line.text for line in lines) and self._is_header_cells(opening):
            return self._read_table(index, number, title)
        if (header := self._column_by_column_header(lines)) is not None:
            raise PlanParseError(
                f"专栏{number}的指标表是逐列排列的纯文本（表头单元格各占一行，行的单元格被拆散），"
                "无法还原各行的指标和数值；请上传PDF或Word原件，或用“pdftotext -layout”重新转换",
                line=header,
            )
        self.boxes.append(
            Box(number=number, title=title, kind="projects", projects=self._projects(lines, title))
        )
        return end

    def _column_by_column_header(self, lines: list[Line]) -> int | None:
        """The line of a table header printed one cell per line without tabs (`pdftotext` without
        -layout reads a table column by column): an indicator header cell and a value-year or
        attribute header cell, each a line of its own. Its rows cannot be put back together."""
        cells = [
            (line.number, flat(line.text)) for line in lines if "\t" not in line.text and flat(line.text)
        ]
        short = [(number, text) for number, text in cells if len(text) <= 6]
        indicator = next(
            (number for number, text in short if text.startswith("指标") and "属性" not in text), None
        )
        years = {str(self.period.baseline_year), str(self.period.last)}
        value = any(text == "指标属性" or text == "属性" or text.rstrip("年") in years for _, text in short)
        return indicator if indicator is not None and value else None

    def _is_header_cells(self, raw: str) -> bool:
        joined = raw.replace("\t", "")
        return "指标" in joined and (str(self.period.last) in joined or "属性" in joined)

    def _read_unannounced_table(self, index: int) -> int:
        """A table printed without its 专栏 title: the sentence before it named the box ("见专栏1")."""
        if self.last_box_reference:
            number, title = self.last_box_reference
        else:
            number, title = (max((box.number for box in self.boxes), default=0) + 1, "")
            self.warnings.append(f"第{self.lines[index].number}行：表格前没有专栏标题，按专栏{number}导入")
        return self._read_table(index, number, title)

    def _read_table(self, index: int, number: int, title: str) -> int:
        raw_lines: list[str] = []
        footnotes: list[str] = []
        position = index
        started = False
        while position < len(self.lines):
            raw = self.lines[position].text
            text = flat(raw)
            if "\t" not in raw and text:
                if started and (match := FOOTNOTE.match(text)):
                    footnotes.append(match.group(1))
                    position += 1
                    continue
                if started or footnotes or box_title(raw) or CHAPTER.match(text) or SECTION.match(text):
                    break
            started = started or "\t" in raw
            if started and not footnotes:
                raw_lines.append(raw)
            position += 1
        rows, tabbed = _table_rows(raw_lines)
        if position >= len(self.lines) and _cut_short(rows):
            last = next(line.number for line in reversed(self.lines) if flat(line.text))
            raise PlanParseError(
                f"专栏{number}的表格在文件末尾中断，最后一行不完整，文件可能不完整", line=last
            )
        result = parse_table(rows, footnotes, tabbed=tabbed, period=self.period)
        kind = "review" if result.review else "indicators"
        self.warnings += [f"专栏{number}：{warning}" for warning in result.warnings]
        self.boxes.append(Box(number=number, title=title, kind=kind, indicators=result.rows))
        if position >= len(self.lines):
            self.table_at_end = self.boxes[-1]
        return position

    def _projects(self, lines: list[Line], box_title_text: str) -> list[Project]:
        texts: list[str] = []
        for line in lines:
            text = flat(line.text)
            if text:
                texts += [part for part in RUN_TOGETHER.split(text) if part]
        numbered = any(PROJECT_ITEM.match(text) for text in texts)
        projects: list[Project] = []
        for text in texts:
            item = PROJECT_ITEM.match(text) if numbered else None
            starts = item is not None or (not numbered and len(text) <= 30 and "。" not in text)
            if starts:
                body = item.group(3) if item else text
                title, _, rest = body.partition("。")
                seq = (
                    (int(item.group(1)) if item.group(1) else to_int(item.group(2)))
                    if item
                    else len(projects) + 1
                )
                projects.append(Project(seq=seq, title=title.strip(), text=rest.strip()))
            elif projects:
                current = projects[-1]
                current.text = (current.text + text) if current.text and is_open(current.text) else (
                    f"{current.text}\n{text}" if current.text else text)  # fmt: skip
            else:
                projects.append(Project(seq=1, title=box_title_text, text=text))
        return projects

    # -- checks ---------------------------------------------------------------------------------
    def _check_structure(self):
        if not self.chapters:
            raise PlanParseError("没有识别出任何章，这不像一份规划文本")
        if not any(section.tasks for chapter in self.chapters for section in chapter.sections):
            self.warnings.append("全文没有识别出任何带责任单位的任务段落")
        numbers = sorted(box.number for box in self.boxes)
        for missing in sorted(set(range(1, max(numbers, default=0) + 1)) - set(numbers)):
            self.warnings.append(f"专栏编号不连续：没有专栏{missing}")
        for number, count in Counter(numbers).items():
            if count > 1:
                self.warnings.append(f"专栏{number}出现了{count}次")

    def _check_summary(self, text: str):
        """Where the text counts the indicators, the table wins and a difference is reported."""
        main = next((box for box in self.boxes if box.kind == "indicators"), None)
        match = SUMMARY.search(text)
        if main is None or match is None:
            return
        sentence = text[match.start() : text.find("。", match.start())]
        stated = {"total": int(match.group(1))}
        if binding := SUMMARY_BINDING.search(sentence):
            stated["约束性"] = int(binding.group(1))
        if indicative := SUMMARY_INDICATIVE.search(sentence):
            stated["预期性"] = int(indicative.group(1))
        actual = {"total": len(main.indicators)}
        actual.update(Counter(row.attribute for row in main.indicators if row.attribute))
        labels = {"total": "重点指标", "约束性": "约束性指标", "预期性": "预期性指标"}
        for key, count in stated.items():
            if actual.get(key, 0) != count:
                self.warnings.append(
                    f"正文称共设置{labels[key]}{count}项，但专栏{main.number}表格中为{actual.get(key, 0)}项（以表格为准）"
                )


def _bare_bracket(text: str) -> bool:
    """A line that is only a responsibility bracket: the end of the paragraph before it, wrapped
    onto a line of its own (a converter breaks a line before "（" it cannot fit)."""
    responsibility = split_responsibility(text)
    return responsibility is not None and not responsibility.text.strip()


def _table_rows(raw_lines: list[str]) -> tuple[list[list[str]], bool]:
    """Rows of cells. Tab rows (PDF) are one line each; Word tables give one cell per line, rows
    separated by blank lines."""
    cell_lines = [raw for raw in raw_lines if flat(raw)]
    wide = sum(1 for raw in cell_lines if len([cell for cell in raw.split("\t") if cell.strip()]) >= 3)
    if cell_lines and wide > len(cell_lines) / 2:
        return [[cell.strip() for cell in raw.split("\t")] for raw in cell_lines], True
    rows, block = [], []
    for raw in raw_lines:
        if not raw.strip():
            if block:
                rows.append(block)
            block = []
            continue
        cells = raw.split("\t")
        block.append((cells[1] if len(cells) > 1 and not cells[0].strip() else cells[0]).strip())
    if block:
        rows.append(block)
    return [row for row in rows if any(row)], False


def _cut_short(rows: list[list[str]]) -> bool:
    """The last row has fewer cells than the table's usual row: the text stops inside the table."""
    lengths = Counter(len([cell for cell in row if cell]) for row in rows[1:])
    if len(rows) < 2 or not lengths:
        return False
    usual = lengths.most_common(1)[0][0]
    return len([cell for cell in rows[-1] if cell]) < usual
