from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from plans.importing import PlanParseError
from plans.services import plan_import_file


class Command(BaseCommand):
    help = _("Import one plan document (its official text) into the database.")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help=_("Parse and count, write nothing."))

    def handle(self, *args, path, dry_run, **options):
        if not path.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": path})
        try:
            report = plan_import_file(path=path, dry_run=dry_run)
        except PlanParseError as exc:
            raise CommandError(_("%(file)s: %(error)s") % {"file": path.name, "error": exc}) from exc
        for line in report.lines():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
