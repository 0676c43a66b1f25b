"""Importing a plan document in the browser: upload → preview (the outline as parsed, the difference
from the plan in the database) → confirm or cancel. Administrators only.

The uploaded bytes wait in the database (`PendingUpload`, so any application server can confirm them)
under a random token, with their sha256 in the session; confirming
parses them again (the preview's outline is never posted back) and `services.plan_import_outline`
applies every rule again, in one transaction.
"""

from __future__ import annotations

import datetime
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.scope import is_admin
from importer import diff, services
from operations.uploads import upload_size_check
from plans.importing import PlanParseError, parse_plan, read_document
from plans.models import PendingUpload, TaskResponsibility

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
ACCEPTED = ".docx,.pdf,.txt"
SESSION_KEY = "plan_import"
# Uploads not confirmed or cancelled within a day are removed at the next upload.
UPLOAD_LIFETIME_SECONDS = 24 * 3600
WARNING_LINE = re.compile(r"^第(\d+)行")
WARNING_BOX = re.compile(r"^专栏(\d+)：")

FIELD_NAMES = {
    "title": gettext_lazy("title"),
    "subtitle": gettext_lazy("subtitle"),
    "text": gettext_lazy("text"),
    "seq": gettext_lazy("No."),
    "category": gettext_lazy("category"),
    "name": gettext_lazy("name"),
    "unit": gettext_lazy("unit"),
    "baseline": gettext_lazy("baseline"),
    "target": gettext_lazy("target"),
    "previous_target": gettext_lazy("previous period's target"),
    "attribute": gettext_lazy("attribute"),
    "footnote": gettext_lazy("footnote"),
    "role": gettext_lazy("role"),
    "kind": gettext_lazy("kind"),
    "issuer": gettext_lazy("issuer"),
    "doc_number": gettext_lazy("document number"),
    "issued_date": gettext_lazy("issue date"),
    "period": gettext_lazy("period"),
    "baseline_year": gettext_lazy("baseline year"),
}
KIND_NAMES = {
    "plan": gettext_lazy("plan"),
    "chapter": gettext_lazy("chapter"),
    "section": gettext_lazy("section"),
    "task": gettext_lazy("task"),
    "unit": gettext_lazy("responsible unit"),
    "box": gettext_lazy("box"),
    "indicator": gettext_lazy("indicator"),
    "goal": gettext_lazy("goal in the text"),
    "project": gettext_lazy("key project"),
}
ROLES = dict(TaskResponsibility.Role.choices)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Plan document (.docx, .pdf, .txt)"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED}),
    )

    def clean_file(self):
        return upload_size_check(self.cleaned_data["file"], MAX_UPLOAD_BYTES)  # before a byte is read


def _admin_only(request):
    if not is_admin(request.user):
        raise PermissionDenied(_("Only administrators import plans."))


@login_required
@require_http_methods(["GET", "POST"])
def plan_import(request):
    _admin_only(request)
    if request.method == "GET":
        return _upload_page(request, UploadForm())
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form, status=400)
    upload = form.cleaned_data["file"]
    data = upload.read()
    try:
        outline = parse_plan(read_document(upload.name, data))
    except PlanParseError as refused:
        form.add_error("file", str(refused))
        return _upload_page(request, form, status=400)
    _forget_upload(request)
    request.session[SESSION_KEY] = _store(upload.name, data)
    return _preview(request, outline, request.session[SESSION_KEY])


@login_required
@require_POST
def plan_import_confirm(request):
    _admin_only(request)
    stored = request.session.get(SESSION_KEY)
    data = _stored_bytes(stored, request.POST.get("token"))
    if data is None:
        _forget_upload(request)
        messages.error(request, _("The upload has expired; upload the file again."))
        return redirect("importer:import")
    try:
        outline = parse_plan(read_document(stored["name"], data))
    except PlanParseError as refused:  # parsed at upload; only a changed parser gets here
        _forget_upload(request)
        messages.error(request, str(refused))
        return redirect("importer:import")
    confirmed = set(request.POST.getlist("remove"))
    try:
        report = services.plan_import_outline(
            outline=outline,
            source_file=stored["name"],
            source_sha256=stored["sha256"],
            confirm_removals=confirmed,
            replace=request.POST.get("replace") == "1",
            create_jurisdiction=request.POST.get("create_jurisdiction") == "1",
        )
    except services.PlanImportRefused as refused:
        return _preview(
            request,
            outline,
            stored,
            check=refused.check,
            refusal=refused.message,
            confirmed=confirmed,
            status=400,
        )
    _forget_upload(request)
    messages.success(
        request,
        (_("Imported %(title)s.") if report.created else _("Updated %(title)s."))
        % {"title": report.plan.title},
    )
    return redirect("dashboard:plan", pk=report.plan.pk)


@login_required
@require_POST
def plan_import_cancel(request):
    _admin_only(request)
    _forget_upload(request)
    messages.info(request, _("The import was cancelled; nothing was written."))
    return redirect("importer:import")


def _upload_page(request, form, status=200):
    context = {"form": form, "max_mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
    return render(request, "importer/import.html", context, status=status)


def _store(name: str, data: bytes) -> dict:
    stale = timezone.now() - datetime.timedelta(seconds=UPLOAD_LIFETIME_SECONDS)
    PendingUpload.objects.filter(created_at__lt=stale).delete()
    token = secrets.token_urlsafe(24)
    PendingUpload.objects.create(token=token, name=Path(name).name[:255], data=data)
    return {"token": token, "name": Path(name).name, "sha256": services.file_sha256(data)}


def _stored_bytes(stored: dict | None, token: str | None) -> bytes | None:
    """The upload the session names, if the form names the same one and its bytes are unchanged."""
    if not stored or not token or not secrets.compare_digest(stored["token"], token):
        return None
    pending = PendingUpload.objects.filter(token=stored["token"]).values_list("data", flat=True).first()
    if pending is None:
        return None
    data = bytes(pending)  # a memoryview on PostgreSQL
    return data if services.file_sha256(data) == stored["sha256"] else None


def _forget_upload(request):
    stored = request.session.pop(SESSION_KEY, None)
    if stored and stored.get("token"):
        PendingUpload.objects.filter(token=stored["token"]).delete()


# The preview ---------------------------------------------------------------------------------------


@dataclass
class Placed:
    """The outline's parts with the warnings that name them: a line (a task from that line on) or a box."""

    by_task: dict[int, list[str]] = field(default_factory=dict)  # id(task) → warnings
    by_box: dict[int, list[str]] = field(default_factory=dict)  # box number → warnings
    chapters_with_warnings: set[int] = field(default_factory=set)


def place_warnings(outline) -> Placed:
    """Each warning beside the task whose paragraph holds its line (the last task starting at or before
    it) or the box it names; the page lists every warning as well."""
    placed = Placed()
    starts = [
        (task.line, chapter.number, task)
        for chapter in outline.chapters
        for section in chapter.sections
        for task in section.tasks
        if task.line
    ]
    starts.sort(key=lambda item: item[0])
    for warning in outline.warnings:
        if match := WARNING_BOX.match(warning):
            placed.by_box.setdefault(int(match[1]), []).append(warning)
        elif match := WARNING_LINE.match(warning):
            line = int(match[1])
            before = [item for item in starts if item[0] <= line]
            if before:
                _, chapter, task = before[-1]
                placed.by_task.setdefault(id(task), []).append(warning)
                placed.chapters_with_warnings.add(chapter)
    return placed


def _chapters(outline, placed: Placed):
    return [
        {
            "chapter": chapter,
            "open": chapter.number in placed.chapters_with_warnings,
            "task_count": sum(len(s.tasks) for s in chapter.sections),
            "sections": [
                {
                    "section": section,
                    "tasks": [
                        {
                            "task": task,
                            "warnings": placed.by_task.get(id(task), []),
                            "units": [(u.name, ROLES.get(u.role, u.role)) for u in task.units],
                        }
                        for task in section.tasks
                    ],
                }
                for section in chapter.sections
            ],
        }
        for chapter in outline.chapters
    ]


def _counts(outline) -> dict:
    sections = [s for c in outline.chapters for s in c.sections]
    return {
        "chapters": len(outline.chapters),
        "sections": len(sections),
        "tasks": sum(len(s.tasks) for s in sections),
        "boxes": len(outline.boxes),
        "indicators": sum(len(b.indicators) for b in outline.boxes),
        "projects": sum(len(b.projects) for b in outline.boxes),
        "goals": len(outline.goals),
        "units": len(outline.units),
    }


def _changes(changes, confirmed=frozenset()):
    return [
        {
            "change": c,
            "kind": KIND_NAMES.get(c.kind, c.kind),
            "fields": [
                {
                    "name": FIELD_NAMES.get(f.name, f.name),
                    "old": ROLES.get(f.old, f.old) if f.name == "role" else f.old,
                    "new": ROLES.get(f.new, f.new) if f.name == "role" else f.new,
                    "long": f.name == "text",
                }
                for f in c.fields
            ],
            "confirmed": c.key in confirmed,
        }
        for c in changes
    ]


def _preview(request, outline, stored, *, check=None, refusal=None, confirmed=frozenset(), status=200):
    """`check`: what the import would do, when a refusal already worked it out."""
    check = check or services.plan_import_check(outline=outline)
    placed = place_warnings(outline)
    plan_diff = check.diff
    context = {
        "outline": outline,
        "info": outline.plan,
        "stored": stored,
        "check": check,
        "counts": _counts(outline),
        "chapters": _chapters(outline, placed),
        "boxes": [{"box": b, "warnings": placed.by_box.get(b.number, [])} for b in outline.boxes],
        "warnings": outline.warnings,
        "diff": plan_diff,
        "added": _changes(plan_diff.added) if plan_diff else [],
        "changed": _changes(plan_diff.changed, confirmed) if plan_diff else [],
        "removed": _changes(plan_diff.removed, confirmed) if plan_diff else [],
        "replace_share": f"{plan_diff.removed_share:.0%}" if plan_diff else "",
        "refusal": refusal,
        "cancel_url": reverse("importer:import_cancel"),
        "replace_limit": f"{diff.REPLACE_SHARE:.0%}",
    }
    return render(request, "importer/preview.html", context, status=status)
