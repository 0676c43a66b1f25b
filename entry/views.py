"""The 填报 page, the review page and evidence downloads. Views parse requests and call services;
every POST is checked on the server by the services and `permissions`."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import ResponsibleUnit
from entry import review as records
from entry.forms import ReviewDecisionForm
from entry.rows import (
    EntryRefused,
    MissingRows,
    apply_filter,
    entry_rows,
    entry_save,
    summary,
    versions_field,
    with_row_versions,
)
from indicators import permissions, services
from indicators.decisions import DECISIONS, records_review_batch
from indicators.evidence import (
    ACCEPT,
    evidence_delete,
    evidence_for_records,
    evidence_with_records,
    max_bytes,
)
from indicators.kinds import kind_by_key
from indicators.models import ReviewState
from indicators.years import year_ended, year_param, years_for
from operations.params import page_param, whole_number
from plans.models import Plan
from rounds.selectors import open_round_year

REVIEW_PAGE_SIZE = 50


def _entry_url(year):
    return f"{reverse('entry:entry')}?year={year}"


@login_required
@require_http_methods(["GET", "POST"])
def entry(request):
    year = year_param(request.user, request.GET, request.POST)
    is_reporter = permissions.may_enter_any(request.user)
    missing = None
    if request.method == "POST":
        if not is_reporter:
            raise PermissionDenied(_("Only bureau staff enter yearly values."))
        data = with_row_versions(request.POST)
        groups = entry_rows(user=request.user, year=year, data=data, files=request.FILES)
        submit = "submit" in request.POST
        # Submitting with rows still empty is confirmed by the script's dialog or the page's own button.
        confirmed = (
            request.POST.get("confirm_missing") == "1" or request.POST.get("submit") == "confirm_missing"
        )
        only_returned = request.POST.get("submit") == "returned"  # 重新提交: the returned rows alone
        try:
            saved = entry_save(
                user=request.user,
                groups=groups,
                data=data,
                submit=submit,
                confirm_missing=confirmed,
                only_returned=only_returned,
            )
        except MissingRows as refused:
            missing = refused.rows
            messages.warning(
                request,
                _(
                    "Nothing was submitted yet: %(count)d items are not filled in. Confirm below to submit the rest."
                )
                % {"count": len(missing)},
            )
        except EntryRefused:
            messages.error(request, _("Nothing was saved: correct the rows marked below."))
        else:
            if only_returned:
                messages.success(
                    request,
                    _(
                        "Resubmitted %(count)d returned records for review; other rows were saved as drafts "
                        "and not submitted."
                    )
                    % {"count": saved.submitted},
                )
            elif submit:
                messages.success(
                    request, _("Submitted %(count)d records for review.") % {"count": saved.touched}
                )
            else:
                messages.success(request, _("Saved %(count)d records as drafts.") % {"count": saved.touched})
            return redirect(_entry_url(year))
    else:
        groups = entry_rows(user=request.user, year=year) if is_reporter else []
        if is_reporter and not year_ended(year):  # said before anything is typed; saving would refuse it
            messages.warning(request, services.not_ended_error(year).messages[0])
    show = apply_filter(groups, request.GET.get("show"))
    return render(
        request,
        "entry/entry.html",
        {
            "groups": groups,
            "summary": summary(groups),
            "versions": versions_field(groups),
            "missing": missing,
            "show": show,
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
    # The page opens on the year being reported in the open round, as the 填报 page does.
    filters = records.ReviewFilters.from_query(request.GET, default_year=open_round_year(request.user))
    queue = records.ReviewQueue(request.user, filters)
    page = Paginator(queue, REVIEW_PAGE_SIZE).get_page(page_param(request.GET))
    files = evidence_for_records(list(page))
    previous = records.previous_records(list(page))
    pending = {}
    for record in page:
        record.evidence_files = files.get((record.kind.key, record.pk), [])
        record.previous = previous.get((record.kind.key, record.pk))
        record.change = _change(record)
        # The same rule the decision view applies, so a button is shown only where it would work.
        record.may_decide = permissions.can_approve(request.user, record)
        pending.setdefault(record.kind, []).append(record)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "entry/review.html",
        {
            "pending": pending,
            "page": page,
            "count": page.paginator.count,
            "filters": filters,
            "query": query.urlencode(),
            "years": years_for(request.user),
            "plans": Plan.objects.visible_to(request.user).select_related("jurisdiction").order_by("pk"),
            "units": ResponsibleUnit.objects.visible_to(request.user).order_by("jurisdiction_id", "name"),
            "states": [(state, ReviewState(state).label) for state in records.REVIEW_STATES],
            "may_decide_any": any(record.may_decide for record in page),
        },
    )


def _change(record):
    """This year's figure against last year's: (difference, percent or None), or None."""
    now = getattr(record, "value", None)
    before = getattr(record.previous, "value", None)
    if now is None or before is None:
        return None
    difference = now - before
    return difference, ((difference / abs(before) * 100).quantize(Decimal(1)) if before else None)


def _batch_items(raw_items) -> dict[str, dict[int, int]]:
    """{kind: {pk: version}} from the checkboxes' "kind:pk:version"; what does not read is skipped."""
    items = {}
    for raw in raw_items:
        kind, _sep, rest = str(raw).partition(":")
        pk, _sep, version = rest.partition(":")
        pk, version = whole_number(pk, minimum=1), whole_number(version)
        if kind_by_key(kind) and pk is not None and version is not None:
            items.setdefault(kind, {})[pk] = version
    return items


def _review_back(request) -> str:
    """The review page as it was filtered (the form's `query`); the query is read again, so nothing
    but parameters can come back."""
    return f"{reverse('entry:review')}?{QueryDict(request.POST.get('query', '')).urlencode()}"


@login_required
@require_POST
def review_batch(request):
    """Approve the selected records together, or return them with one reason (`records_review_batch`:
    all or nothing); the view reads the selection and says how it went."""
    back = _review_back(request)
    decision = request.POST.get("decision")
    items = _batch_items(request.POST.getlist("items"))
    if decision not in DECISIONS or not items:
        messages.error(request, _("Select the records to approve or return."))
        return redirect(back)
    try:
        count = records_review_batch(
            user=request.user, items=items, decision=decision, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except (PermissionDenied, services.ConflictError) as error:
        messages.error(request, str(error) or _("You may not review this record."))
    else:
        if decision == "approve":
            messages.success(request, _("Approved %(count)d records.") % {"count": count})
        else:
            messages.success(request, _("Returned %(count)d records.") % {"count": count})
    return redirect(back)


@login_required
@require_POST
def review_decide(request, kind, pk, decision):
    if kind_by_key(kind) is None or decision not in DECISIONS:
        raise PermissionDenied
    record = kind_by_key(kind).model.objects.visible_to(request.user).filter(pk=pk).first()
    if record is None:
        raise PermissionDenied(_("You may not review this record."))
    back = _review_back(request)  # the row's button posts the page's form, filters included
    form = ReviewDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete; reload the page and try again."))
        return redirect(back)
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
    return redirect(back)


def _evidence(pk):
    """The file with its record's subject and plan (the permission checks read them), or None."""
    return evidence_with_records().filter(pk=pk).first()


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
