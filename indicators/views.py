"""The 填报 page, the review page and evidence downloads. Views parse requests and call services;
every POST is checked on the server by the services and `permissions`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from operations.params import page_param, year_param

from . import permissions, records, services
from .entry import EntryRefused, entry_rows, entry_save
from .evidence import ACCEPT, evidence_delete, evidence_for_records, max_bytes
from .evidence_model import Evidence
from .forms import ReviewDecisionForm
from .models import RECORD_KINDS
from .years import years_for

REVIEW_PAGE_SIZE = 50


def _entry_url(year):
    return f"{reverse('indicators:entry')}?year={year}"


@login_required
@require_http_methods(["GET", "POST"])
def entry(request):
    year = year_param(request.user, request.GET, request.POST)
    is_reporter = permissions.may_enter_any(request.user)
    if request.method == "POST":
        if not is_reporter:
            raise PermissionDenied(_("Only bureau staff enter yearly values."))
        groups = entry_rows(user=request.user, year=year, data=request.POST, files=request.FILES)
        submit = "submit" in request.POST
        try:
            touched = entry_save(user=request.user, groups=groups, data=request.POST, submit=submit)
        except EntryRefused:
            messages.error(request, _("Nothing was saved: correct the rows marked below."))
        else:
            if submit:
                messages.success(request, _("Submitted %(count)d records for review.") % {"count": touched})
            else:
                messages.success(request, _("Saved %(count)d records as drafts.") % {"count": touched})
            return redirect(_entry_url(year))
    else:
        groups = entry_rows(user=request.user, year=year) if is_reporter else []
    return render(
        request,
        "indicators/entry.html",
        {
            "groups": groups,
            "year": year,
            "years": years_for(request.user),
            "is_reporter": is_reporter,
            "has_editable": any(row.editable for group in groups for row in group.rows),
            "accept": ACCEPT,
            "max_bytes": max_bytes(),
            "may_review": permissions.may_see_review_queue(request.user),
            "may_import": permissions.may_import_values(request.user),
        },
    )


@login_required
@require_GET
def review(request):
    if not permissions.may_see_review_queue(request.user):
        raise PermissionDenied(_("Only reviewers review submitted records."))
    page = Paginator(records.ReviewQueue(request.user), REVIEW_PAGE_SIZE).get_page(page_param(request.GET))
    files = evidence_for_records(list(page))
    pending = {}
    for record in page:
        record.evidence_files = files.get((record.KIND, record.pk), [])
        # The same rule the decision view applies, so a button is shown only where it would work.
        record.may_decide = permissions.can_approve(request.user, record)
        pending.setdefault(record.KIND, []).append(record)
    return render(
        request,
        "indicators/review.html",
        {"pending": pending, "page": page, "count": page.paginator.count},
    )


@login_required
@require_POST
def review_decide(request, kind, pk, decision):
    if kind not in RECORD_KINDS or decision not in ("approve", "return"):
        raise PermissionDenied
    record = RECORD_KINDS[kind].objects.visible_to(request.user).filter(pk=pk).first()
    if record is None:
        raise PermissionDenied(_("You may not review this record."))
    form = ReviewDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete; reload the page and try again."))
        return redirect("indicators:review")
    version = form.cleaned_data["version"]
    try:
        if decision == "approve":
            services.record_approve(user=request.user, record=record, version=version)
            messages.success(request, _("Approved: %(record)s") % {"record": record})
        else:
            services.record_return(
                user=request.user, record=record, reason=form.cleaned_data["reason"], version=version
            )
            messages.success(request, _("Returned: %(record)s") % {"record": record})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except services.ConflictError as error:
        messages.error(request, str(error))
    return redirect("indicators:review")


def _evidence(pk):
    """The file with its record's subject and plan (the permission checks read them), or None."""
    return (
        Evidence.objects.select_related(
            "value__indicator__plan",
            "task_progress__task__section__chapter__plan",
            "project_progress__project__box__plan",
        )
        .filter(pk=pk)
        .first()
    )


@login_required
@require_GET
def evidence_download(request, pk):
    """Served only to users who may see the record; a missing id answers like a forbidden one."""
    evidence = _evidence(pk)
    if evidence is None or not permissions.can_view_record(request.user, evidence.record):
        raise PermissionDenied(_("You may not see this file."))
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def evidence_remove(request, pk):
    """The 填报 page's delete button beside a file; a missing id answers like a forbidden one."""
    evidence = _evidence(pk)
    if evidence is None:
        raise PermissionDenied(_("You may not delete this file."))
    evidence_delete(user=request.user, evidence=evidence)
    messages.success(request, _("Deleted the file “%(name)s”.") % {"name": evidence.original_name})
    return redirect(_entry_url(evidence.year))
