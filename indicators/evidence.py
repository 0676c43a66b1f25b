"""佐证材料: files attached to a yearly record, checked by name and by content, stored under random names.

Files are served only by `views.evidence_download`, which asks `permissions.can_view_record`; the
storage name is random so a leaked media URL cannot be guessed from the record. Files are attached
and removed only while the record may be edited (`permissions.can_edit`).
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from operations.uploads import UploadRefused, size_check

from . import permissions
from .evidence_model import Evidence
from .kinds import KINDS, kind_of

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .doc and .xls


def _starts(magic):
    return lambda head, upload: head.startswith(magic)


def _zip_with(member_prefix):
    """Office Open XML and OFD files are zip archives recognised by a member they must hold."""

    def check(head, upload):
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            upload.seek(0)
            with zipfile.ZipFile(upload) as archive:
                return any(name.startswith(member_prefix) for name in archive.namelist())
        except zipfile.BadZipFile:
            return False
        finally:
            upload.seek(0)

    return check


# extension → (content type, content check)
ALLOWED_TYPES = {
    "pdf": ("application/pdf", _starts(b"%PDF-")),
    "jpg": ("image/jpeg", _starts(b"\xff\xd8\xff")),
    "jpeg": ("image/jpeg", _starts(b"\xff\xd8\xff")),
    "png": ("image/png", _starts(b"\x89PNG\r\n\x1a\n")),
    "doc": ("application/msword", _starts(OLE)),
    "xls": ("application/vnd.ms-excel", _starts(OLE)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _zip_with("word/")),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _zip_with("xl/")),
    "ofd": ("application/ofd", _zip_with("OFD.xml")),
}
ACCEPT = ",".join(f".{extension}" for extension in ALLOWED_TYPES)


def max_bytes() -> int:
    return getattr(settings, "EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES)


def evidence_check(*, upload) -> str:
    """The file's extension if it may be stored; a ValidationError in plain words otherwise."""
    name = upload.name or ""
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in ALLOWED_TYPES:
        raise ValidationError(
            _("“%(name)s”: only PDF, JPG/PNG images, Word, Excel and OFD files can be attached."),
            code="file_type",
            params={"name": name},
        )
    if not upload.size:
        raise ValidationError(_("“%(name)s” is empty."), code="empty", params={"name": name})
    try:
        size_check(upload.size, max_bytes())
    except UploadRefused:  # named: a row may carry several files
        raise ValidationError(
            _("“%(name)s” is larger than %(limit)s."),
            code="too_large",
            params={"name": name, "limit": filesizeformat(max_bytes())},
        ) from None
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not ALLOWED_TYPES[extension][1](head, upload):
        raise ValidationError(
            _("“%(name)s” is not really a %(type)s file."),
            code="content",
            params={"name": name, "type": extension.upper()},
        )
    return extension


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def evidence_attach(*, user, record, upload) -> Evidence:
    """Attach a file to a record its reporter may still edit."""
    if not permissions.can_edit(user, record):
        raise PermissionDenied(_("You may not attach files to this record."))
    extension = evidence_check(upload=upload)
    evidence = Evidence(
        **{kind_of(record).evidence_field: record},
        year=record.year,
        original_name=PurePath(upload.name).name[:255],
        content_type=ALLOWED_TYPES[extension][0],
        size=upload.size,
        sha256=_sha256(upload),
        uploaded_by=user,
    )
    evidence.file.save(upload.name, upload, save=False)
    evidence._history_user = user
    evidence.save()
    return evidence


def evidence_delete(*, user, evidence) -> None:
    """Remove a file from a record its reporter may still edit; an administrator may remove any.

    The history keeps who removed it, and the stored file stays, so that its history row still
    points at what was removed.
    """
    record = evidence.record
    with transaction.atomic():
        # The record's state as it is now: a submission meanwhile locks its files.
        record = type(record).objects.select_for_update(of=("self",)).get(pk=record.pk)
        if not (permissions.is_admin(user) or permissions.can_edit(user, record)):
            raise PermissionDenied(_("You may not delete this file."))
        evidence._history_user = user
        evidence.delete()


def evidence_for_records(records) -> dict[tuple[str, int], list[Evidence]]:
    """{(record kind's key, record id): files} for many records of any kind, in one query."""
    wanted: dict[str, list[int]] = {}
    for record in records:
        wanted.setdefault(kind_of(record).evidence_field, []).append(record.pk)
    condition = Q(pk__in=[])
    for field, ids in wanted.items():
        condition |= Q(**{f"{field}_id__in": ids})
    found: dict[tuple[str, int], list[Evidence]] = {}
    for evidence in Evidence.objects.filter(condition):
        for kind in KINDS:
            if record_id := getattr(evidence, f"{kind.evidence_field}_id"):
                found.setdefault((kind.key, record_id), []).append(evidence)
    return found


def evidence_with_records():
    """Evidence files with their record, its subject and plan (what the permission checks read)."""
    return Evidence.objects.select_related(*(kind.evidence_path for kind in KINDS))
