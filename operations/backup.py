"""A portable JSON copy of everything the project keeps, and putting it back into an empty database.

The copy is Django's own JSON fixture format, so `loaddata` reads it into SQLite or PostgreSQL.
Rows keep their ids. Content types and permissions are not copied: migrations recreate them, with ids
of their own, so the copy refers to them by natural key. Evidence files (佐证材料, in the file storage,
not the database) go into `<backup>.evidence.tar` beside it, read and written through the storage, so
the same works for MEDIA_ROOT and an object store. Both files are private to their owner (mode 0600):
they hold password hashes and API tokens.
"""

from __future__ import annotations

import bz2
import datetime
import gzip
import io
import json
import lzma
import os
import tarfile
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JsonSerializer
from django.db import DatabaseError, transaction
from django.db.models import FileField
from django.utils.translation import gettext as _

# Models that moved to another app keep their rows: a backup of an earlier version names them by their
# old label, which a restore reads as the new one.
RENAMED_MODELS = {
    "plans.jurisdiction": "accounts.jurisdiction",
    "plans.responsibleunit": "accounts.responsibleunit",
}
# Framework models that hold the project's data; sessions, login-attempt logs and caches are left out.
FRAMEWORK_MODELS = ["auth.Group", "admin.LogEntry", "authtoken.Token"]
RECREATED_BY_MIGRATIONS = (ContentType, Permission)
# Backup names and how each is compressed; restore_data (Django's loaddata) reads the same four.
COMPRESSIONS = {"": "json", ".gz": "gzip", ".bz2": "bz2", ".xz": "xz"}
OPENERS = {"json": open, "gzip": gzip.open, "bz2": bz2.open, "xz": lzma.open}  # a path or a binary file
FORMAT_NAMES = {"json": "JSON", "gzip": "gzip", "bz2": "bzip2", "xz": "xz"}


class ExactEncoder(DjangoJSONEncoder):
    """Keeps microseconds, which Django's encoder cuts to milliseconds (a restore must be exact)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class PortableSerializer(JsonSerializer):
    """Natural keys for content types and permissions only; every other reference stays an id."""

    def handle_fk_field(self, obj, field):
        self.use_natural_foreign_keys = issubclass(field.related_model, RECREATED_BY_MIGRATIONS)
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self.use_natural_foreign_keys = issubclass(field.related_model, RECREATED_BY_MIGRATIONS)
        super().handle_m2m_field(obj, field)


def project_app_labels() -> list[str]:
    """Apps whose code lives in this repository (not in the virtualenv)."""
    base = Path(settings.BASE_DIR).resolve()
    labels = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(base) and not path.relative_to(base).parts[0].startswith("."):
            labels.append(config.label)
    return labels


def backup_labels() -> list[str]:
    return [*project_app_labels(), *FRAMEWORK_MODELS]


def file_fields() -> dict:
    """{model: [names of its file fields]} of the backed-up models: the files (佐证材料) kept beside the rows."""
    found = {}
    for model in backup_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, FileField)]
        if names:
            found[model] = names
    return found


def backup_models():
    """Every model a backup holds, with the many-to-many tables that belong to them."""
    models = []
    for label in backup_labels():
        if "." in label:
            models.append(apps.get_model(label))
        else:
            models.extend(apps.get_app_config(label).get_models())
    return [model for model in models if model._meta.managed and not model._meta.proxy]


@dataclass
class BackupSummary:
    rows: int = 0
    evidence_files: int = 0
    evidence_path: Path | None = None
    missing_files: list[str] = field(default_factory=list)


def backup_format(path: Path) -> str:
    """The compression a backup's name asks for; any other name is refused (a restore could not tell)."""
    name = Path(path).name.lower()
    for suffix, compression in COMPRESSIONS.items():
        if name.endswith(f".json{suffix}"):
            return compression
    raise CommandError(
        _("A backup file name ends in .json, .json.gz, .json.bz2 or .json.xz, not “%(name)s”.")
        % {"name": Path(path).name}
    )


def evidence_archive_path(path: Path) -> Path:
    """The evidence files travel beside the rows, in a tar named after the backup."""
    return Path(path).with_name(Path(path).name + ".evidence.tar")


def _private_file(path: Path):
    """A new file only its owner can read (backups hold password hashes and API tokens)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # an existing file keeps its mode through os.open
    return os.fdopen(fd, "wb")


@contextmanager
def _replaced_when_complete(path: Path):
    """Write beside the target and rename at the end: a failed backup leaves no half file."""
    partial = path.with_name(path.name + ".partial")
    try:
        with _private_file(partial) as raw:
            yield raw
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _text_writer(raw, compression):
    if compression == "json":
        return io.TextIOWrapper(raw, encoding="utf-8")
    return OPENERS[compression](raw, "wt", encoding="utf-8")


def data_backup(*, path: Path) -> BackupSummary:
    """Write every row, compressed as the name says, and the evidence files into a tar beside it."""
    path = Path(path)
    compression = backup_format(path)
    summary = BackupSummary()

    def counted(rows):
        for row in rows:
            summary.rows += 1
            yield row

    rows = chain.from_iterable(
        model._base_manager.order_by("pk").iterator(chunk_size=2000) for model in backup_models()
    )
    with transaction.atomic():
        _one_snapshot()
        with _replaced_when_complete(path) as raw, _text_writer(raw, compression) as stream:
            PortableSerializer().serialize(counted(rows), stream=stream, indent=1, cls=ExactEncoder)
        names = [
            name
            for model, fields in file_fields().items()
            for name in model._base_manager.order_by("pk").values_list(*fields, flat=len(fields) == 1)
            if name
        ]
    if names:
        summary.evidence_path = evidence_archive_path(path)
        with (
            _replaced_when_complete(summary.evidence_path) as raw,
            tarfile.open(fileobj=raw, mode="w") as tar,
        ):
            for name in names:
                if not default_storage.exists(name):
                    summary.missing_files.append(name)
                    continue
                with default_storage.open(name, "rb") as source:
                    member = tarfile.TarInfo(name)
                    member.size = default_storage.size(name)
                    tar.addfile(member, source)
                summary.evidence_files += 1
    return summary


def _one_snapshot():
    """Every table read as of one moment, while the site keeps writing (PostgreSQL's default,
    READ COMMITTED, would give each query its own moment)."""
    connection = transaction.get_connection()
    if connection.vendor == "postgresql" and not connection.savepoint_ids:
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")


def read_backup(path: Path) -> list[dict]:
    """The rows of a backup file, or a CommandError saying in plain words why it cannot be one."""
    path = Path(path)
    compression = backup_format(path)
    if not path.is_file():
        raise CommandError(_("Backup file %(path)s does not exist.") % {"path": path})
    try:
        with OPENERS[compression](path, "rt", encoding="utf-8") as stream:
            rows = json.load(stream)
    except (OSError, EOFError, lzma.LZMAError, UnicodeDecodeError) as error:
        raise CommandError(
            _("Backup file %(path)s cannot be read (damaged, or not %(format)s): %(error)s")
            % {"path": path, "format": FORMAT_NAMES[compression], "error": error}
        ) from None
    except json.JSONDecodeError as error:
        raise CommandError(
            _("Backup file %(path)s is not valid JSON (damaged or cut short): %(error)s")
            % {"path": path, "error": error}
        ) from None
    if not isinstance(rows, list) or not all(
        isinstance(row, dict) and {"model", "fields"} <= row.keys() for row in rows
    ):
        raise CommandError(
            _("%(path)s is not a backup written by backup_data (a JSON list of rows).") % {"path": path}
        )
    if not rows:
        raise CommandError(_("Backup file %(path)s holds no rows; nothing was restored.") % {"path": path})
    return rows


@dataclass
class RestoreSummary:
    rows: int
    evidence_files: int = 0
    missing_files: list[str] = field(default_factory=list)


def data_restore(*, path: Path, force: bool = False) -> RestoreSummary:
    """Load a backup_data file and its evidence files; all or nothing."""
    path = Path(path)
    rows = read_backup(path)
    filled = [model._meta.label for model in backup_models() if model._default_manager.exists()]
    if filled and not force:
        raise CommandError(
            _(
                "The database is not empty (%(models)s). Restore into an empty, migrated database, "
                "or pass --force to overwrite rows with the same ids."
            )
            % {"models": ", ".join(filled[:5])}
        )
    files = {model._meta.label_lower: fields for model, fields in file_fields().items()}
    wanted = {row["fields"][f] for row in rows for f in files.get(row["model"], ()) if row["fields"].get(f)}
    summary = RestoreSummary(rows=len(rows))
    try:
        with transaction.atomic():
            with _loadable(path, rows) as fixture:
                call_command("loaddata", str(fixture), verbosity=0)
            _restore_evidence(evidence_archive_path(path), wanted, summary)
    except (DeserializationError, DatabaseError, ValueError) as error:
        raise CommandError(
            _("The backup could not be restored; the database is as it was. %(error)s") % {"error": error}
        ) from None
    return summary


@contextmanager
def _loadable(path: Path, rows: list[dict]):
    """The backup under a name loaddata reads as meant: alone in a private directory (it would find
    `dev.json.gz` beside `dev.json` and refuse both as "multiple fixtures") and with a lower-case suffix
    (it reads `X.JSON.XZ` as an unknown format), whatever the name `backup_format` accepted. A backup
    of an earlier version naming moved models by their old label is rewritten with the new one."""
    compression = backup_format(path)
    suffix = next(suffix for suffix, name in COMPRESSIONS.items() if name == compression)
    with tempfile.TemporaryDirectory(prefix="restore-") as directory:
        if any(row["model"] in RENAMED_MODELS for row in rows):
            fixture = Path(directory) / "backup.json"
            for row in rows:
                row["model"] = RENAMED_MODELS.get(row["model"], row["model"])
            fixture.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        else:
            fixture = Path(directory) / f"backup.json{suffix}"
            fixture.symlink_to(Path(path).resolve())
        yield fixture


def _restore_evidence(archive: Path, wanted: set[str], summary: RestoreSummary) -> None:
    """Put back the files the restored rows refer to; only those, at exactly their stored names."""
    found = set()
    if wanted and archive.is_file():
        try:
            with tarfile.open(archive) as tar:
                for member in tar:
                    if member.isfile() and member.name in wanted:
                        if not default_storage.exists(member.name):
                            default_storage.save(member.name, File(tar.extractfile(member)))
                        found.add(member.name)
        except (OSError, tarfile.TarError) as error:
            raise CommandError(
                _("Evidence archive %(path)s cannot be read: %(error)s") % {"path": archive, "error": error}
            ) from None
    summary.evidence_files = len(found)
    summary.missing_files = sorted(wanted - found)
