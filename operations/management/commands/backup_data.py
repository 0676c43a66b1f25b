from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from operations.backup import data_backup


class Command(BaseCommand):
    help = (
        "Write every row the project keeps to a portable JSON file (name it .json, or .json.gz, .json.bz2 "
        "or .json.xz to compress it), and the evidence files to <file>.evidence.tar beside it."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        summary = data_backup(path=file)
        self.stdout.write(
            _("%(path)s: %(rows)d rows, %(size)d bytes.")
            % {"path": file, "rows": summary.rows, "size": file.stat().st_size}
        )
        if summary.evidence_path:
            self.stdout.write(
                _("%(path)s: %(count)d evidence files.")
                % {"path": summary.evidence_path, "count": summary.evidence_files}
            )
        if summary.missing_files:
            self.stderr.write(
                _(
                    "%(count)d evidence files are missing from the file storage and are not in the backup: %(names)s"
                )
                % {"count": len(summary.missing_files), "names": ", ".join(summary.missing_files)}
            )
