from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from importer.fixtures_io import committed_fixtures, fixture_outline
from importer.services import PlanImportRefused, plan_import_outline
from plans.importing.outline import OutlineFormatError


class Command(BaseCommand):
    help = _("Load the plans from the committed fixtures (the importer's output).")

    def handle(self, *args, **options):
        # Every fixture is read and checked before the first plan is written.
        loaded = []
        for path, fixture in committed_fixtures():
            try:
                loaded.append((fixture, fixture_outline(fixture)))
            except OutlineFormatError as exc:
                raise CommandError(_("%(file)s: %(error)s") % {"file": path.name, "error": exc}) from exc
        for fixture, outline in loaded:
            try:
                report = self.load(fixture, outline)
            except PlanImportRefused as exc:
                raise CommandError(f"{fixture['source_file']}: {exc}") from exc
            counts = "，".join(f"{kind} {count}" for kind, count in report.counts.items())
            self.stdout.write(f"{report.plan.title}: {counts}")

    def load(self, fixture, outline):
        return plan_import_outline(
            outline=outline,
            source_file=fixture["source_file"],
            source_sha256=fixture["source_sha256"],
            # The committed fixtures are the plans as reviewed: they name their jurisdictions and may
            # revise what an older fixture loaded. A replacement is still refused.
            create_jurisdiction=True,
            confirm_removals=True,
        )
