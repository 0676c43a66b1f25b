"""A portable JSON copy of everything the project keeps, and putting it back into an empty database.

The copy is Django's own JSON fixture format, so `loaddata` reads it into SQLite or PostgreSQL.
Rows keep their ids. Content types and permissions are not copied: migrations recreate them, with ids
of their own, so the copy refers to them by natural key.
"""

from __future__ import annotations

import datetime
import gzip
from itertools import chain
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JsonSerializer
from django.db import transaction
from django.utils.translation import gettext as _

# Framework models that hold the project's data; sessions, login-attempt logs and caches are left out.
FRAMEWORK_MODELS = ["auth.Group", "admin.LogEntry", "authtoken.Token"]
RECREATED_BY_MIGRATIONS = (ContentType, Permission)


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


def backup_models():
    """Every model a backup holds, with the many-to-many tables that belong to them."""
    models = []
    for label in backup_labels():
        if "." in label:
            models.append(apps.get_model(label))
        else:
            models.extend(apps.get_app_config(label).get_models())
    return [model for model in models if model._meta.managed and not model._meta.proxy]


def data_backup(*, path: Path) -> None:
    """Write every row; a name ending in .gz is compressed (restore_data reads both)."""
    path = Path(path)
    rows = chain.from_iterable(
        model._base_manager.order_by("pk").iterator(chunk_size=2000) for model in backup_models()
    )
    opener = gzip.open if path.suffix == ".gz" else open
    with transaction.atomic(), opener(path, "wt", encoding="utf-8") as stream:
        _one_snapshot()
        PortableSerializer().serialize(rows, stream=stream, indent=1, cls=ExactEncoder)


def _one_snapshot():
    """Every table read as of one moment, while the site keeps writing (PostgreSQL's default,
    READ COMMITTED, would give each query its own moment)."""
    connection = transaction.get_connection()
    if connection.vendor == "postgresql" and not connection.savepoint_ids:
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")


def data_restore(*, path: Path, force: bool = False) -> None:
    if not Path(path).is_file():
        raise CommandError(_("Backup file %(path)s does not exist.") % {"path": path})
    filled = [model._meta.label for model in backup_models() if model._default_manager.exists()]
    if filled and not force:
        raise CommandError(
            _(
                "The database is not empty (%(models)s). Restore into an empty, migrated database, "
                "or pass --force to overwrite rows with the same ids."
            )
            % {"models": ", ".join(filled[:5])}
        )
    with transaction.atomic():
        call_command("loaddata", str(path), verbosity=0)
