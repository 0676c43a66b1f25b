"""Small presentation helpers: numbers as printed, status badges, sort links and sparklines."""

import functools
from decimal import Decimal

from django import template
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from indicators.attainment import STATUS_LABELS, Status, parse_number
from indicators.precision import estimated, indicator_places, shown
from indicators.verdicts import Outcome, Verdict

register = template.Library()


@register.filter
def num(value, printed=None):
    """A number as the plan prints it (`indicators.precision.shown`): `printed` is the indicator
    (its baseline and target as printed give the decimals: 83.3 → one) or a number of decimals;
    without it, as entered, up to 3 decimals without trailing zeros (42.5000 → 42.5); text as it is;
    "" for None."""
    return shown(value, _places(printed))


def _places(printed) -> int | None:
    """The decimals a filter's argument asks for: a number of places, or an indicator's printed ones."""
    if isinstance(printed, int) and not isinstance(printed, bool):
        return printed
    if printed is not None and hasattr(printed, "baseline_text"):
        return indicator_places(printed)
    return None


@register.filter
def css_string(text):
    """`text` as a quoted CSS string, for a custom property set in a `style` attribute (the 填报 page's
    column names): quotes, backslashes and line breaks escaped the CSS way; the template escapes HTML."""
    escaped = (
        str(text).replace("\\", "\\5c ").replace('"', "\\22 ").replace("'", "\\27 ").replace("\n", "\\a ")
    )
    return f'"{escaped}"'


@register.filter
def estimate(value, printed=None):
    """A computed figure (forecast) with one decimal more than the plan prints (`precision.estimated`)."""
    return estimated(value, _places(printed))


@register.simple_tag
def target(row, printed):
    """The target in force for the row's year (`scoreboard.Row.target`), marked when a revision
    replaced the printed one, which the tooltip keeps; the printed target when there is no row."""
    if row is None:
        return printed
    shown = row.target
    if row.revised:
        shown = format_html(
            '<span class="revised" title="{}">{}{}</span>',
            _("Printed target: %(target)s") % {"target": printed},
            row.target,
            _("(revised)"),
        )
    assigned = getattr(row, "assigned", None) or getattr(row, "assigned_target", None)
    if assigned is None:
        return shown
    return format_html('{}<div class="assigned small">{}</div>', shown, assigned.label)


@register.simple_tag
def latest(row):
    """Where a row stands: its latest approved value up to the year with that year, 38（2024）; a text
    target's approved status in words; "—" when nothing is approved yet."""
    if row is None:
        return "—"
    verdict = row if isinstance(row, Verdict) else getattr(row, "verdict", None)
    if verdict is None:
        return latest_of(row.latest_year, row.latest_value)
    if verdict.unreported:
        return format_html('<span class="muted">{}</span>', verdict.label)
    return latest_of(verdict.value_year, verdict.shown_value)


@register.simple_tag
def latest_of(year, value):
    if year is None:
        return "—"
    shown = STATUS_LABELS[Status(value)] if isinstance(value, str) else num(value)
    return format_html('{}<span class="muted small">（{}）</span>', shown, year)


@register.simple_tag
def distance_text(distance):
    """距2025年目标还差 8 µg/m³, or that the target is reached; "—" where nothing can be measured."""
    if not distance:
        return "—"
    if not distance["left"]:
        return _("%(year)s target reached") % {"year": distance["year"]}
    return _("%(left)s %(unit)s short of the %(year)s target") % {
        "left": num(distance["left"]),
        "unit": distance["unit"],
        "year": distance["year"],
    }


@register.simple_tag
def completeness(tally, year):
    """How much of the year is approved: 2024年：已审核 12/20."""
    return _("%(year)s: approved %(reported)s/%(total)s") % {
        "year": year,
        "reported": tally.reported,
        "total": tally.total,
    }


@register.filter
def percent(share):
    return "" if share is None else f"{share * 100:.0f}%"


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def verdict_badge(row):
    """A row's verdict (`indicators.verdicts.Verdict`) as a badge, in the words every output uses
    (已达标 / 未达标 once final, 2025年数据未报 for a final year not reported)."""
    verdict = row if isinstance(row, Verdict) else getattr(row, "verdict", None)
    if verdict is None:
        return status_badge(row.status if row is not None else None)
    return outcome_badge(verdict.outcome)


@register.simple_tag
def outcome_badge(outcome: Outcome):
    """What verdicts say, as the counts list it: 2025年数据未报 in the colour of no data, apart from it."""
    return format_html('<span class="badge {}">{}</span>', outcome.status.value, outcome.label)


@register.simple_tag
def status_badge(status):
    """A status as a badge. An indicator the attainment table leaves out (the review table is not judged)
    has no row, so no status: the template passes None or "" and it shows as no data, never an error."""
    status = Status(status) if status else Status.NO_DATA
    return format_html('<span class="badge {}">{}</span>', status.value, STATUS_LABELS[status])


@register.simple_tag(takes_context=True)
def sort_link(context, name, label, current="", param="sort"):
    """A column header link: the first click sorts ascending, the next descending; marks the current one."""
    query = context["request"].GET.copy()
    query[param] = f"-{name}" if current == name else name
    for page in ("page", "wpage", "ppage", "jpage", "upage"):
        query.pop(page, None)
    arrow = " ▲" if current == name else " ▼" if current == f"-{name}" else ""
    return format_html('<a class="sort" href="?{}">{}{}</a>', query.urlencode(), label, arrow)


@register.simple_tag(takes_context=True)
def page_query(context, number, param="page"):
    query = context["request"].GET.copy()
    query[param] = number
    return "?" + query.urlencode()


@register.simple_tag
def sparkline(values, years, baseline=None, target=None, width=110, height=26):
    """An inline SVG trend: baseline then each year's value, with the target as a dashed line."""
    points = [(0, parse_number(baseline))] + [(i + 1, _number(values.get(y))) for i, y in enumerate(years)]
    points = [(x, y) for x, y in points if y is not None]
    goal = parse_number(target)
    if not points:
        return ""
    numbers = [y for _x, y in points] + ([goal] if goal is not None else [])
    low, high = min(numbers), max(numbers)
    span = (high - low) or Decimal(1)
    steps = len(years)

    def xy(x, y):
        return (2 + x * (width - 4) / steps, height - 3 - float((y - low) / span) * (height - 6))

    line = " ".join(f"{px:.1f},{py:.1f}" for px, py in (xy(x, y) for x, y in points))
    parts = []
    if goal is not None:
        gy = xy(0, goal)[1]
        parts.append(
            format_html(
                '<line class="goal" x1="2" x2="{}" y1="{}" y2="{}"/>', width - 2, f"{gy:.1f}", f"{gy:.1f}"
            )
        )
    parts.append(format_html('<polyline points="{}"/>', line))
    parts.append(
        format_html_join(
            "",
            '<circle cx="{}" cy="{}" r="1.8"/>',
            ((f"{px:.1f}", f"{py:.1f}") for px, py in (xy(x, y) for x, y in points)),
        )
    )
    return format_html(
        '<svg class="spark" width="{}" height="{}" viewBox="0 0 {} {}" role="img" aria-label="{}">{}</svg>',
        width,
        height,
        width,
        height,
        _("Trend"),
        format_html_join("", "{}", ((p,) for p in parts)),
    )


def _number(value):
    """A value cell as a number; a text status ("completed") has none."""
    if value is None or isinstance(value, Decimal):
        return value
    return parse_number(str(value))


@register.simple_tag
def select_options(field):
    """A choice field's <option>s, built directly: the widget machinery is slow for the hundreds of
    jurisdictions a national or synthetic data set has."""
    chosen = str(field.value() or "")
    return mark_safe(  # noqa: S308 - every value and label is escaped here
        "".join(
            f'<option value="{escape(value)}"{" selected" if str(value) == chosen else ""}>{escape(label)}</option>'
            for value, label in field.field.choices
        )
    )


@register.simple_tag
def tally_cells(tally, outcomes):
    """The count cells of one overview row (one per shown `Outcome`, warnings, share on track)."""
    cells = format_html_join(
        "",
        '<td class="num">{}</td>',
        (
            (count if count else mark_safe('<span class="muted">0</span>'),)
            for count in (tally.counts.get(outcome, 0) for outcome in outcomes)
        ),
    )
    return format_html(
        '{}<td class="num">{}</td><td class="num">{}</td>', cells, tally.warnings, percent(tally.share_good)
    )


@register.simple_tag
def synthetic_badge(flag):
    return _synthetic_badge(get_language()) if flag else ""


@functools.lru_cache(maxsize=8)
def _synthetic_badge(language):
    """Built once per language: long synthetic lists print it on every row."""
    return format_html(
        ' <span class="badge synthetic" title="{}">{}</span>',
        _("Generated test data, not a real plan"),
        _("synthetic"),
    )
