"""Spreadsheet downloads (reports, templates) and the upload → preview → confirm import of values.

Reports: any user who may view the plan, with the rows they may read (`accounts.scope`). Templates and imports: bureau staff for their own units'
indicators, administrators for any plan. Every rule is checked again by `services` on confirm.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from indicators import permissions
from indicators.models import Indicator
from indicators.years import default_year, year_param, years_for
from operations.downloads import download
from operations.params import ModelIdChoiceField, id_param, whole_number
from operations.uploads import upload_size_check
from plans.models import Plan
from plans.selectors import jurisdictions_in_view

from . import selectors, services
from .formats.report_csv import build_csv
from .formats.report_xlsx import build_report
from .formats.rows import TemplateRow
from .formats.template_xlsx import FIELDS, MAX_UPLOAD_BYTES, TemplateRejected, build_template, read_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_KEY = "spreadsheet_import"
PREVIEW_LIMIT = 500  # rows listed on the preview page; the counts cover all of them


def report_name(who: str, year: int) -> str:
    """A report's file name: who and the year assessed, 宽城区_指标完成情况_2024年."""
    return f"{who}_指标完成情况_{year}年"


def _report_response(request, plans, *, fmt, who, summary):
    year = year_param(request.user, request.GET)
    reports = selectors.plan_reports(plans=plans, year=year, user=request.user)
    if len(reports) == 1:
        year = reports[0].report_year  # kept within the plan's years, as assessed
    name = report_name(who, year)
    if fmt == "csv":
        return download(build_csv(reports), f"{name}.csv", "text/csv; charset=utf-8")
    content = build_report(reports, exported_on=timezone.localdate(), summary=summary)
    return download(content, f"{name}.xlsx", XLSX)


@login_required
@require_GET
def plan_report(request, pk, fmt):
    pk = whole_number(pk, minimum=1)  # the route's \d also matches full-width digits
    if pk is None:
        raise Http404
    # A plan the user may not read is not found, as on every page (`accounts.scope`).
    plan = get_object_or_404(Plan.objects.visible_to(request.user).select_related("jurisdiction"), pk=pk)
    return _report_response(
        request,
        [plan],
        fmt=fmt,
        who=plan.jurisdiction.name,
        summary=False,
    )


@login_required
@require_GET
def all_plans_report(request, fmt):
    asked = id_param(request.GET, "jurisdiction")  # the overview's chosen jurisdiction, if any
    chosen = None if asked is None else get_object_or_404(jurisdictions_in_view(request.user), pk=asked)
    year = year_param(request.user, request.GET)
    plans = selectors.overview_report_plans(request.user, year=year, jurisdiction=chosen)
    who = chosen.name if chosen else "全部规划"
    return _report_response(
        request,
        plans,
        fmt=fmt,
        who=who,
        summary=True,
    )


class TemplateForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=whole_number)
    plan = ModelIdChoiceField(label=gettext_lazy("Plan"), queryset=Plan.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years_for(user)]
        self.fields["plan"].queryset = selectors.plans_visible_to(user)
        if permissions.is_admin(user):
            self.fields["plan"].required = True


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Filled-in template (.xlsx)"))

    def clean_file(self):
        return upload_size_check(self.cleaned_data["file"], MAX_UPLOAD_BYTES)  # before a byte is read


def _template_indicators(user, plan):
    if permissions.is_admin(user):
        return selectors.report_indicators([plan.pk]).select_related("plan")
    indicators = Indicator.objects.for_reporter(user).for_entry()
    return indicators.filter(plan=plan) if plan else indicators


def _template_owner(user) -> str:
    """Who a bureau's template is of, as its title says: the user's units (宽城区 区生态环境分局), not a login name."""
    units = user.units.select_related("jurisdiction")
    return "、".join(str(unit) for unit in units) or str(user)


@login_required
@require_GET
def template_download(request):
    if not permissions.may_import_values(request.user):
        raise PermissionDenied(_("Only bureau staff and administrators import values."))
    form = TemplateForm(request.GET, user=request.user)
    if not form.is_valid():
        return render(
            request, "spreadsheets/import.html", _import_context(request, template_form=form), status=400
        )
    year, plan = form.cleaned_data["year"], form.cleaned_data["plan"]
    rows = selectors.template_rows(indicators=_template_indicators(request.user, plan), years=[year])
    title = _("%(year)s yearly values of %(who)s") % {
        "year": year,
        "who": plan or _template_owner(request.user),
    }
    return download(build_template(rows, title=title), f"数值填报模板_{year}.xlsx", XLSX)


def _import_context(request, **extra):
    context = {
        "template_form": TemplateForm(user=request.user, initial={"year": default_year(request.user)}),
        "upload_form": UploadForm(),
        "max_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
    }
    context.update(extra)
    return context


def _row_dicts(rows):
    return [[row.row_number, *(getattr(row, name) for name in FIELDS)] for row in rows]


def _rows_from_session(stored):
    return [TemplateRow(*values) for values in stored]


def _preview(request, check, **extra):
    return render(
        request,
        "spreadsheets/preview.html",
        {
            "check": check,
            "changes": [c for c in check.changes if c.outcome != services.EMPTY][:PREVIEW_LIMIT],
            "counts": {
                outcome: check.count(outcome)
                for outcome in (services.NEW, services.CHANGED, services.UNCHANGED)
            },
            **extra,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    if not permissions.may_import_values(request.user):
        raise PermissionDenied(_("Only bureau staff and administrators import values."))
    if request.method == "GET":
        return render(request, "spreadsheets/import.html", _import_context(request))
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request, "spreadsheets/import.html", _import_context(request, upload_form=form), status=400
        )
    try:
        read = read_template(form.cleaned_data["file"].read())
    except TemplateRejected as refused:
        form.add_error("file", refused.message)
        return render(
            request, "spreadsheets/import.html", _import_context(request, upload_form=form), status=400
        )
    check = services.import_check(user=request.user, rows=read.rows, read_errors=read.errors)
    if check.ok:
        request.session[SESSION_KEY] = _row_dicts(read.rows)
    else:
        request.session.pop(SESSION_KEY, None)
    return _preview(request, check, filename=form.cleaned_data["file"].name)


@login_required
@require_POST
def import_confirm(request):
    if not permissions.may_import_values(request.user):
        raise PermissionDenied(_("Only bureau staff and administrators import values."))
    stored = request.session.pop(SESSION_KEY, None)
    if not stored:
        messages.error(request, _("The upload has expired; upload the file again."))
        return redirect("spreadsheets:import")
    try:
        check = services.import_apply(user=request.user, rows=_rows_from_session(stored))
    except services.ImportRefused as refused:
        messages.error(request, str(refused))
        return _preview(request, refused.check)
    messages.success(
        request,
        _("Imported: %(new)d new and %(changed)d changed values, saved as drafts.")
        % {"new": check.count(services.NEW), "changed": check.count(services.CHANGED)},
    )
    return redirect("spreadsheets:import")
