"""Charts of an evaluation report, drawn on the server: `document` data in, PNG bytes out. Pure: no
database, no Django.

matplotlib's Agg backend, no pyplot (no global figure state, safe in a web worker). Chinese labels need
a CJK font: Debian's fonts-noto-cjk (`scripts/install_fonts.sh`); without one the charts are still
drawn, with boxes for the Chinese characters.
"""

from __future__ import annotations

import functools
import io
import logging
import subprocess

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from .document import Chart, Comparison  # noqa: E402

logger = logging.getLogger(__name__)

CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "SimHei",
    "Microsoft YaHei",
)
WIDTH = 5.6  # inches; the writer scales the picture to the text width
DPI = 110
COLOURS = {  # as on the web pages
    "met": "#2e7d32",
    "done": "#2e7d32",
    "on_track": "#1565c0",
    "in_progress": "#1565c0",
    "behind": "#ef6c00",
    "regressing": "#c62828",
    "not_done": "#c62828",
    "not_met": "#c62828",
}
GREY = "#9e9e9e"


@functools.cache
def cjk_family() -> str | None:
    """A font family with Chinese glyphs known to matplotlib, else one fontconfig finds, else None."""
    known = {font.name for font in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in known:
            return family
    try:
        listed = subprocess.run(
            ["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        listed = ""
    for line in listed.splitlines():
        path = line.split(":")[0].strip()
        try:
            font_manager.fontManager.addfont(path)
            return font_manager.FontProperties(fname=path).get_name()
        except (OSError, RuntimeError, ValueError):
            continue
    logger.warning("No CJK font found: chart labels will not show Chinese (run scripts/install_fonts.sh).")
    return None


def _figure(height: float, layout="constrained") -> Figure:
    return Figure(figsize=(WIDTH, height), dpi=DPI, layout=layout)


def _png(figure: Figure) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png", pil_kwargs={"compress_level": 1})
    return out.getvalue()


def _style(family: str | None):
    return {"family": [family, "sans-serif"]} if family else {}


def _figure_text(value: float, places: int | None) -> str:
    """A figure as the plan prints it: its decimals, else as recorded (up to three)."""
    if places is None:
        return f"{value:.3f}".rstrip("0").rstrip(".")
    return f"{value:.{places}f}"


def render_chart(chart: Chart, labels: dict[str, str]) -> bytes:
    """A binding indicator over the years: approved values (gaps where a year has none; demo values
    drawn hollow and named in the legend), the straight path and the target line. Every year of the
    plan has its tick, so the axis is the same whichever years have values.
    `labels`: the legend's words (values, path, target, demo)."""
    font = _style(cjk_family())
    figure = _figure(2.3)
    axes = figure.add_subplot()
    if chart.path:
        axes.plot(chart.years, chart.path, "--", color=GREY, linewidth=1.2, label=labels["path"])
    if chart.target is not None:
        axes.axhline(chart.target, color="#c62828", linewidth=1.2, label=labels["target"])
    axes.plot(chart.years, chart.values, "-", color="#1565c0", linewidth=1.8)
    real = [(y, v) for y, v in zip(chart.years, chart.values, strict=True) if v is not None]
    solid = [(y, v) for y, v in real if y not in chart.demo_years]
    hollow = [(y, v) for y, v in real if y in chart.demo_years]
    if solid:
        axes.plot(*zip(*solid, strict=True), "o", color="#1565c0", label=labels["values"])
    if hollow:
        axes.plot(
            *zip(*hollow, strict=True),
            "o",
            markerfacecolor="white",
            color="#1565c0",
            label=labels["demo"],
        )
    for year, value in real:
        axes.annotate(
            _figure_text(value, chart.places),
            (year, value),
            textcoords="offset points",
            xytext=(0, 5),
            ha="center",
            fontsize=7,
        )
    axes.set_ylabel(chart.unit, fontdict=font, fontsize=8)
    axes.legend(prop={**font, "size": 7}, loc="best", frameon=False)
    axes.margins(y=0.25)
    axes.ticklabel_format(axis="y", useOffset=False, style="plain")
    drawn = [v for v in [*chart.values, *chart.path, chart.target] if v is not None]
    if max(drawn) == min(drawn):  # a level held (0 → 0): a readable band around it, not ±1e-17
        level = drawn[0]
        half = max(abs(level) * 0.1, 1)
        axes.set_ylim(max(level - half, 0) if level >= 0 else level - half, level + half)
    axes.set_xticks(chart.years, [str(year) for year in chart.years])
    axes.set_xlim(chart.years[0] - 0.4, chart.years[-1] + 0.4)
    axes.tick_params(labelsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)


def render_comparison(comparison: Comparison, labels: dict[str, str]) -> bytes:
    """One indicator across regions: each region's latest approved value as a bar coloured by its
    status, its region named with the year of the figure, its target as a red tick."""
    font = _style(cjk_family())
    rows = comparison.rows
    height = 0.8 + 0.2 * len(rows)
    # Fixed margins: a constrained layout would draw a province's hundred labels twice.
    figure = _figure(height, layout=None)
    figure.subplots_adjust(left=0.3, right=0.97, top=1 - 0.35 / height, bottom=0.55 / height)
    axes = figure.add_subplot()
    positions = range(len(rows))
    axes.barh(
        positions,
        [row.value or 0 for row in rows],
        color=[COLOURS.get(row.status, GREY) for row in rows],  # the status, as on the web pages
        height=0.6,
    )
    targets = [(i, row.target) for i, row in enumerate(rows) if row.target is not None]
    if targets:
        axes.scatter(
            [t for _i, t in targets],
            [i for i, _t in targets],
            marker="|",
            s=120,
            color="#c62828",
            label=labels["target"],
        )
    # Region names as plain text beside the axis: a hundred tick objects cost more than the bars.
    axes.set_yticks([])
    names = axes.get_yaxis_transform()
    for i, row in enumerate(rows):  # a figure of an earlier year says so (one text a row: cheap)
        if row.unreported:  # final: the report's year is missing, an older figure is not judged
            year = labels["unreported"] % {"year": comparison.year}
        elif row.value_year is None:
            year = labels["year_none"]
        else:  # the report's year is said once, in the text above the charts
            year = labels["year"] % {"year": row.value_year} if row.value_year != comparison.year else ""
        axes.text(
            -0.01, i, f"{row.region}{year}", transform=names, ha="right", va="center", fontsize=7, **font
        )
    reach = max([0.0, *(r.value for r in rows if r.value is not None), *(t for _i, t in targets)])
    axes.set_xlim(0, reach * 1.1 or 1)  # an all-zero indicator still has an axis
    axes.set_ylim(len(rows) - 0.5, -0.5)
    axes.set_xlabel(comparison.unit, fontdict=font, fontsize=8)
    axes.tick_params(axis="x", labelsize=8)
    if targets:  # above the bars, out of their way
        axes.legend(prop={**font, "size": 7}, loc="lower right", bbox_to_anchor=(1, 1), frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)
