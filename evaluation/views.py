"""Downloads of the evaluation report (评估报告, Word): of a plan, and of a jurisdiction's plans.

Who may see a plan may download its report, with the rows they may read (`accounts.scope`); a
jurisdiction's report covers the plans the user may see in it and below it, and only a jurisdiction the
user may choose (`plans.selectors.jurisdictions_in_view`; their own by default).
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.models import Jurisdiction
from accounts.scope import scope_of
from evaluation import services
from indicators.years import default_year
from operations.downloads import download
from operations.params import id_param, parse_year
from plans.models import Plan
from plans.selectors import jurisdictions_in_view

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _year(request) -> int:
    """The year asked for (a year no plan of the jurisdiction covers is not found), else the default."""
    year = parse_year(request.GET.get("year"))
    return year if year is not None else default_year(request.user)


def _response(written: services.Written):
    return download(written.content, written.filename, DOCX)


@login_required
@require_GET
def plan_report(request, pk):
    plan = get_object_or_404(Plan.objects.visible_to(request.user).select_related("jurisdiction"), pk=pk)
    return _response(
        services.plan_report(
            plan=plan, year=_year(request), written_on=timezone.localdate(), user=request.user
        )
    )


def _jurisdiction(request) -> Jurisdiction | None:
    """The jurisdiction asked for, else the user's own, else the one top jurisdiction they may see."""
    visible = jurisdictions_in_view(request.user)
    if request.GET.get("jurisdiction"):
        asked = id_param(request.GET, "jurisdiction")
        if asked is None:
            raise Http404
        return get_object_or_404(visible, pk=asked)
    if request.user.jurisdiction_id:
        return get_object_or_404(visible, pk=request.user.jurisdiction_id)
    scope = scope_of(request.user).jurisdictions
    tops = [  # of the jurisdictions read whole
        j
        for j in Jurisdiction.objects.visible_to(request.user)
        .filter(is_synthetic=False)
        .only("pk", "name", "parent_id")
        if j.parent_id is None or (scope is not None and j.parent_id not in scope)
    ]
    return tops[0] if len(tops) == 1 else None


@login_required
@require_GET
def jurisdiction_report(request):
    jurisdiction = _jurisdiction(request)
    if jurisdiction is None:
        return HttpResponseBadRequest(_("Choose a jurisdiction for the evaluation report."))
    try:
        written = services.jurisdiction_report(
            jurisdiction=jurisdiction, year=_year(request), written_on=timezone.localdate(), user=request.user
        )
    except services.NoPlan as empty:
        raise Http404(str(empty)) from empty
    return _response(written)
