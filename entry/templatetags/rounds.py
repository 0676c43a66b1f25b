"""Reporting rounds on pages: the days-late badge of a unit that still owes records after the due date,
and the closed mark of a year. Rounds come from `selectors.open_rounds_for` (read once per request)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indicators.states import EDITABLE_STATES
from rounds import selectors

register = template.Library()


def _badge(days: int):
    text = ngettext("%(days)d day overdue", "%(days)d days overdue", days) % {"days": days}
    return format_html('<span class="badge overdue">{}</span>', text)


def _days_late(context, jurisdiction_id, year) -> int:
    request = context.get("request")
    if request is None:
        return 0
    rounds = selectors.open_rounds_for(request.user)
    return selectors.days_late(rounds, jurisdiction_id=jurisdiction_id, year=year)


@register.simple_tag(takes_context=True)
def overdue_badge(context, jurisdiction_id, year, owes=1):
    """「逾期N天」 when the open round of `year` covering the jurisdiction is past its due date and the unit
    still owes records (`owes`: a count or a truth)."""
    if not owes:
        return ""
    days = _days_late(context, jurisdiction_id, year)
    return _badge(days) if days > 0 else ""


@register.simple_tag(takes_context=True)
def entry_round_badge(context, group, year):
    """On the 填报 page, beside a plan: 已截止 when its year is closed, else the days-late badge when
    some row is still to be entered or submitted. The page's plans are the user's: their rounds are read
    once per request (`selectors.rounds_for`)."""
    request = context.get("request")
    key = (group.plan.jurisdiction_id, year)
    if request is not None and key in selectors.closed_for(request.user, {key}):
        return format_html(
            '<span class="badge closed">{}</span>', _("Reporting for %(year)s is closed.") % {"year": year}
        )
    owes = any(row.record is None or row.record.state in EDITABLE_STATES for row in group.rows)
    return overdue_badge(context, group.plan.jurisdiction_id, year, owes)
