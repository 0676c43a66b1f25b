from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from importer.services import PlanImportRefused, plan_import_file
from plans.importing import PlanParseError


class Command(BaseCommand):
    help = _("Import one plan document (its official text) into the database.")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help=_("Parse and count, write nothing."))
        parser.add_argument(
            "--confirm-removals",
            action="store_true",
            help=_(
                "Allow the import to remove the parts of the plan that the document no longer has, and to "
                "change the name or unit of indicators that hold yearly values."
            ),
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help=_("Allow the document to replace the plan even when it removes more than a quarter of it."),
        )
        parser.add_argument(
            "--create-jurisdiction",
            action="store_true",
            help=_("Allow the import to create the jurisdiction the document names."),
        )

    def handle(self, *args, path, dry_run, confirm_removals, replace, create_jurisdiction, **options):
        if not path.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": path})
        try:
            report = plan_import_file(
                path=path,
                dry_run=dry_run,
                confirm_removals=confirm_removals,
                replace=replace,
                create_jurisdiction=create_jurisdiction,
            )
        except (PlanParseError, PlanImportRefused) as exc:
            raise CommandError(_("%(file)s: %(error)s") % {"file": path.name, "error": exc}) from exc
        for line in report.lines():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
