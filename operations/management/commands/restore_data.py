from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from operations.backup import data_restore, evidence_archive_path


class Command(BaseCommand):
    help = (
        "Load a backup_data file (.json, .json.gz, .json.bz2 or .json.xz) and the evidence files of "
        "<file>.evidence.tar into an empty, migrated database (all or nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--force", action="store_true", help="Load even if the database holds data.")

    def handle(self, *args, file, force, **options):
        summary = data_restore(path=file, force=force)
        self.stdout.write(
            _("%(path)s: %(rows)d rows and %(count)d evidence files restored.")
            % {"path": file, "rows": summary.rows, "count": summary.evidence_files}
        )
        if summary.missing_files:
            self.stderr.write(
                _(
                    "%(count)d evidence files the rows refer to are not in %(archive)s; copy them into "
                    "the file storage (MEDIA_ROOT) under these names: %(names)s"
                )
                % {
                    "count": len(summary.missing_files),
                    "archive": evidence_archive_path(file),
                    "names": ", ".join(summary.missing_files),
                }
            )
