"""专栏 indicator tables: cells come one per line (Word) or one row per line with tabs (PDF).

Rules about the text, not about a document:
- a row's sequence number anchors it; the category sits before it (or in the column headed 类别 when
  that follows the 序号), the name after it (or in the column headed 指标);
- a column headed 单位 gives the unit of a name printed without one in brackets;
- value columns are read from the header, for the plan's period: the baseline year's column is the
  baseline, the period's last year the target, the previous period's name ("“十三五”" in a 十四五 plan)
  the previous period's target;
- category and attribute cells of merged, vertically centred cells appear on one row of their group,
  sometimes broken into fragments over several rows; they are joined and spread over the group;
- a `*` after a name points to the footnote printed under the table (注：…).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .outline import IndicatorRow
from .period import Period, header_year, named_period
from .text import CJK

ATTRIBUTES = ("约束性", "预期性")
MISSING = {"", "/", "--", "—", "-", "——", "－"}
# Category names of the standard main-indicator tables; used to split category fragments of adjacent
# groups that a PDF printed on consecutive rows ("生态安全维护" / "应对气" / "候变化").
CATEGORY_WORDS = (
    "生态环境质量", "污染物排放总量", "污染物排放量", "污染物排放", "生态安全维护", "应对气候变化",
    "生态环境治理", "环境治理", "环境质量", "水环境", "大气环境", "声环境", "辐射", "土壤环境",
    "工业污染物达标率", "污水集中处理", "污水集中", "固体废物", "生态", "绿色低碳发展", "生态保护",
    "环境风险防控", "环境管理",
)  # fmt: skip
MEASURE_WORDS = {
    "%", "天", "万吨", "吨", "平方公里", "公里", "千米", "分贝", "个", "万立方米", "立方米", "亿元",
    "万元", "项", "处", "座", "家", "吨/日", "万吨/年", "微克/立方米", "纳戈瑞/小时", "µg/m3", "μg/m3",
    "mg/L", "dB(A)", "年",
}  # fmt: skip
LOWER_WORDS = ("浓度", "污染天数", "劣Ⅴ", "劣V", "Ⅴ类水", "V类水", "排放强度", "噪声", "控制在", "分贝")
HIGHER_WORDS = ("率", "比例", "指数", "覆盖", "面积", "蓄积量", "达到或", "优于", "好于", "达标")
UNIT_BRACKET = re.compile(r"（([^（）]{1,12})）$")
# A column of units ("单位" / "计量单位") beside the name, and a category column ("类别", "领域").
UNIT_HEADER = re.compile(r"(?:计量)?单位")
CATEGORY_HEADERS = ("类别", "分类", "领域")
STARS = ("*", "＊")
# A sequence number, sometimes with the name glued on after it ("14 森林覆盖率(%)").
LEADING_INT = re.compile(r"^(\d{1,3})(?:\s*([^\d.%].*))?$")


@dataclass
class TableResult:
    rows: list[IndicatorRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    review: bool = False


def value_kinds(header: list[str], period: Period) -> tuple[list[tuple[str, int]], list[str]]:
    """Which value columns the header announces for the plan's period, with their positions (and the
    unit column, read like a value); and the header cells that name another year or period (their
    columns are not read)."""
    kinds, others = [], []
    previous = Period.ending(period.baseline_year)
    for index, cell in enumerate(header):
        compact = re.sub(r"\s", "", cell)
        named, year = named_period(compact), header_year(compact)
        if UNIT_HEADER.fullmatch(compact):
            kinds.append(("unit", index))
        elif named == previous or compact.startswith(f"{previous.last}年目标"):
            kinds.append(("previous_target", index))
        elif named == period or year == period.last:
            kinds.append(("target", index))
        elif year == period.baseline_year:
            kinds.append(("baseline", index))
        elif named or year:
            others.append(compact)
    return kinds, others


def is_header(cells: list[str]) -> bool:
    joined = "".join(cells)
    return "指标" in joined and not any(LEADING_INT.match(cell) for cell in cells if cell)


def attribute_of(cell: str) -> str | None:
    letters = re.sub(f"[^{CJK}]", "", cell)
    if letters in ATTRIBUTES:
        return letters
    if letters in ("约束", "预期"):
        return letters + "性"
    return None


def split_unit(name: str) -> tuple[str, str | None]:
    match = UNIT_BRACKET.search(name)
    if match and (match.group(1) in MEASURE_WORDS or "/" in match.group(1) or "%" in match.group(1)):
        return name[: match.start()].strip(), normalise_unit(match.group(1))
    return name, None


def normalise_unit(unit: str) -> str:
    # Greek mu and micro sign look alike; documents mix them.
    return unit.replace("μ", "µ").replace(" ", "")


def clean_value(raw: str | None, unit: str | None) -> str | None:
    if raw is None:
        return None
    value = raw.strip().replace("≤ ", "≤").replace("≥ ", "≥").replace("％", "%")
    if unit and value.endswith(unit) and value != unit:
        value = value[: -len(unit)].strip()
    if value == "":
        return None
    return value


def infer_direction(name: str, baseline: str | None, target: str | None) -> str:
    target = target or ""
    if re.fullmatch(r"\d+(\.\d+)?\s*[-~～—]\s*\d+(\.\d+)?", target):
        return "range"
    if target.startswith(("≤", "<")):
        return "lower_is_better"
    if target.startswith(("≥", ">")):
        return "higher_is_better"
    number = _number(target)
    if number is None:
        return "qualitative"
    base = _number(baseline or "")
    if base is not None and number != base:
        return "lower_is_better" if number < base else "higher_is_better"
    # No baseline, or a level to keep (100 → 100, 0 → 0): the measure's name says which way is worse.
    if any(word in name for word in LOWER_WORDS):
        return "lower_is_better"
    if base is None or any(word in name for word in HIGHER_WORDS):
        return "higher_is_better"
    return "hold"


def _number(text: str) -> float | None:
    match = re.fullmatch(r"[≥≤<>]?\s*(\d+(?:\.\d+)?)\s*%?", text.strip())
    return float(match.group(1)) if match else None


def merged_cells(values: list[str], vocabulary=CATEGORY_WORDS) -> tuple[list[str | None], list[str]]:
    """Spread merged, vertically centred cells over their rows.

    `values` holds each row's printed cell (mostly empty). Fragments on consecutive rows are joined;
    where joined fragments hold several vocabulary words they are split. Each label's group starts after
    the previous group and ends as far past the label as the label is from the group's start (a centred
    label), never reaching into the next label.
    """
    labels: list[tuple[str, int, int]] = []  # text, first row, last row
    warnings: list[str] = []
    index = 0
    while index < len(values):
        if not values[index]:
            index += 1
            continue
        run_end = index
        while run_end + 1 < len(values) and values[run_end + 1]:
            run_end += 1
        labels.extend(_split_run(values, index, run_end, vocabulary, warnings))
        index = run_end + 1
    spread: list[str | None] = [None] * len(values)
    start = 0
    for position, (text, first, last) in enumerate(labels):
        next_first = labels[position + 1][1] if position + 1 < len(labels) else len(values)
        if position + 1 == len(labels) or first == start:
            end = next_first - 1  # the last label, or one printed on its group's first row (Word)
        else:
            end = min(max(last, first + last - start), next_first - 1)  # a centred label (PDF)
        for row in range(start, end + 1):
            spread[row] = text
        start = end + 1
    return spread, warnings


def _split_run(values, first, last, vocabulary, warnings):
    fragments = [(values[row].replace(" ", ""), row) for row in range(first, last + 1)]
    joined = "".join(text for text, _ in fragments)
    if len(fragments) == 1 or joined in vocabulary or not any(word in joined for word in vocabulary):
        return [(joined, first, last)]
    labels, index = [], 0
    while index < len(fragments):
        for end in range(len(fragments), index, -1):
            text = "".join(fragment for fragment, _ in fragments[index:end])
            if text in vocabulary:
                labels.append((text, fragments[index][1], fragments[end - 1][1]))
                index = end
                break
        else:
            warnings.append(f"表格分类单元格“{fragments[index][0]}”无法归入任何分类，已忽略")
            index += 1
    return labels


def parse_table(rows: list[list[str]], footnotes: list[str], *, tabbed: bool, period: Period) -> TableResult:
    """Indicator rows from a table's cell rows (header first), for a plan of `period`.

    Tab rows keep their columns, so the header's positions are used; one-cell-per-line tables lose
    merged header cells, so their cells are read in order after the name.
    """
    result = TableResult()
    header_index = next((i for i, cells in enumerate(rows) if is_header(cells)), None)
    if tabbed and header_index is not None:
        rows, header_index = tab_header(rows, header_index)
    header = rows[header_index] if header_index is not None else []
    kinds, others = value_kinds(header, period)
    if others:
        result.warnings.append(f"表头的“{'”“'.join(others)}”列不属于规划期{period}，其数值未导入")
    if not any(kind != "unit" for kind, _ in kinds):
        kinds = [*kinds, ("baseline", -1), ("target", -1)]
    result.review = any(kind == "previous_target" for kind, _ in kinds)
    name_column = category_column = None
    if tabbed:
        name_column = next((i for i, cell in enumerate(header) if "指标" in cell and "属性" not in cell
                            and "类别" not in cell), None)  # fmt: skip
        category_column = next(
            (i for i, cell in enumerate(header) if any(word in cell for word in CATEGORY_HEADERS)), None
        )
    else:
        kinds = [(kind, -1) for kind, _ in kinds]
    body = rows[header_index + 1 :] if header_index is not None else rows
    parsed = []
    for cells in body:
        row = _parse_row(cells, kinds, name_column, category_column)
        if row is None:
            if any(cells):
                result.warnings.append(f"表格行无法识别：{' | '.join(c for c in cells if c)}")
            continue
        parsed.append(row)
    categories, warnings = merged_cells([row["category"] for row in parsed])
    result.warnings += warnings
    attributes, _ = merged_cells([row["attribute"] or "" for row in parsed], vocabulary=ATTRIBUTES)
    attributes = [attribute_of(value) if value else None for value in attributes]
    footnote = " ".join(footnotes) or None
    for row, category, attribute in zip(parsed, categories, _carry(attributes), strict=True):
        for name, values in _explode(row):
            printed_unit = values.pop("unit", None)
            starred = name.endswith(STARS)
            name, unit = split_unit(name.rstrip("".join(STARS)))
            starred = starred or name.endswith(STARS)  # the star before the unit: 比例*（%）
            name = name.rstrip("".join(STARS))
            if unit is None and printed_unit:
                unit = normalise_unit(printed_unit)
            if unit is None:
                unit = _unit_from_values(values)
            values = {kind: clean_value(value, unit) for kind, value in values.items()}
            result.rows.append(
                IndicatorRow(
                    seq=row["seq"],
                    category=category or None,
                    name=name,
                    unit=unit,
                    baseline=values.get("baseline"),
                    target=values.get("target"),
                    previous_target=values.get("previous_target"),
                    attribute=attribute,
                    # A review table's baseline-year column is the outcome, not a starting point: no direction from it.
                    direction=infer_direction(
                        name + (unit or ""),
                        None if result.review else values.get("baseline"),
                        values.get("target") or values.get("previous_target"),
                    ),
                    footnote=footnote if starred else None,
                )
            )
    seqs = [row.seq for row in result.rows]
    if None in seqs or len(set(seqs)) != len(seqs):
        # No 序号 column (review tables), or one printed row held several indicators: number in order.
        for position, row in enumerate(result.rows, start=1):
            row.seq = position
    return result


def tab_header(rows: list[list[str]], header_index: int) -> tuple[list[list[str]], int]:
    """One header row for a tab table, aligned with its body rows.

    A header spread over several lines ("2020年" above "（基期）", or "指标属性" broken after "指标")
    is joined column by column. A header with fewer cells than the rows spans the leading columns
    with one merged cell ("指标" over 类别, 序号 and the name), so it is aligned with the rows' last cells.
    """
    start = header_index
    while start > 0 and is_header_fragment(rows[start - 1]):
        start -= 1
    end = header_index + 1
    while end < len(rows) and is_header_fragment(rows[end]):
        end += 1
    width = max(len(row) for row in rows[start:end])
    header = ["".join(row[i] if i < len(row) else "" for row in rows[start:end]) for i in range(width)]
    header = header[: _filled_width(header)]
    widths = Counter(_filled_width(row) for row in rows[end:] if any(LEADING_INT.match(cell) for cell in row))
    body_width = widths.most_common(1)[0][0] if widths else 0
    if len(header) < body_width:
        header = [""] * (body_width - len(header)) + header
    return [*rows[:start], header, *rows[end:]], start


HEADER_HINTS = ("年", "指标", "属性", "序号", "类别", "名称", "基期", "目标", "现状", "规划", "十三五", "十四五",
                "十五五")  # fmt: skip


def is_header_fragment(cells: list[str]) -> bool:
    """A header line's continuation: only short header words or bracketed notes, no values."""
    filled = [cell for cell in cells if cell]
    return bool(filled) and all(
        len(cell) <= 12
        and not re.search(r"\d", re.sub(r"(?:19|20)\d\d", "", cell))
        and (any(hint in cell for hint in HEADER_HINTS) or re.fullmatch(r"[（(].*[）)]", cell))
        for cell in filled
    )


def _filled_width(cells: list[str]) -> int:
    return max((index + 1 for index, cell in enumerate(cells) if cell.strip()), default=0)


def _carry(values: list[str | None]) -> list[str | None]:
    """An attribute printed once holds for the rows below it (and above it, at the top of the table)."""
    first = next((value for value in values if value), None)
    out, current = [], first
    for value in values:
        current = value or current
        out.append(current)
    return out


def _parse_row(
    cells: list[str], kinds: list[str], name_column: int | None, category_column: int | None = None
) -> dict | None:
    cells = [cell.strip() for cell in cells]
    seq_index = next((i for i, cell in enumerate(cells) if LEADING_INT.match(cell)), None)
    if seq_index is not None and (name_column is None or seq_index < name_column):
        seq = int(LEADING_INT.match(cells[seq_index]).group(1))
        name_index = seq_index + 1 if name_column is None else name_column
        if category_column is not None and seq_index < category_column < name_index:
            category_cells = [cells[category_column]]  # the category printed after the 序号
        else:
            category_cells = cells[seq_index - 1 : seq_index] if seq_index else []
    elif name_column is not None and len(cells) > name_column and cells[name_column]:
        seq, name_index, category_cells = None, name_column, cells[name_column - 1 : name_column]
    else:
        return None
    if name_index >= len(cells) or not re.search(f"[{CJK}]", cells[name_index]):
        return None
    attribute = None
    values: list[str | None] = list(cells)
    for index in range(name_index + 1, len(cells)):
        letters = re.sub(f"[^{CJK}]", "", cells[index])
        if letters and set(letters) <= set("约束预期性"):
            attribute = attribute or attribute_of(cells[index]) or letters
            values[index] = None
    value_cells = _value_cells(values, name_index, kinds)
    return {
        "seq": seq,
        "name": cells[name_index],
        "category": _category(category_cells),
        "attribute": attribute,
        "values": value_cells,
    }


def _value_cells(values: list[str | None], name_index: int, kinds) -> dict[str, str | None]:
    """Map cells to the header's value columns: by position in tab rows, in order otherwise."""
    if all(position >= 0 for _, position in kinds):
        return {
            kind: (values[position] or None) if position < len(values) else None for kind, position in kinds
        }
    in_order = [value for value in values[name_index + 1 :] if value is not None]
    return {kind: (cell or None) for (kind, _), cell in zip(kinds, in_order, strict=False)}


def _category(cells: list[str]) -> str:
    # Review tables carry two category levels; the inner (last) one names the group.
    filled = [cell for cell in cells if cell]
    return filled[-1] if filled else ""


def _explode(row: dict):
    """One printed row listing several indicators, each with its unit, is as many rows; a value printed
    once per indicator is split, a value printed once holds for all of them."""
    names = re.findall(r"[^（）]+?（[^（）]*）", row["name"])
    if len(names) > 1 and "".join(names) == row["name"] and all(split_unit(name)[1] for name in names):
        for index, name in enumerate(names):
            yield name, {kind: _nth_repeat(value, len(names), index) for kind, value in row["values"].items()}
        return
    yield row["name"], dict(row["values"])


def _nth_repeat(value: str | None, count: int, index: int) -> str | None:
    if not value:
        return value
    parts = value.split(" ")
    if len(parts) == count:
        return parts[index]
    size = len(value) // count
    if size and value == value[:size] * count:
        return value[:size]
    return value


def _unit_from_values(values: dict) -> str | None:
    """`15天` / `5天`: a table without a unit in the name prints it after each number."""
    units = set()
    for value in values.values():
        match = re.fullmatch(r"[≥≤]?\d+(?:\.\d+)?\s*([^\d\s.]{1,4})", value or "")
        if match:
            units.add(match.group(1))
    if len(units) == 1 and (unit := units.pop()) in MEASURE_WORDS:
        return unit
    return None
