from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from plans.fixtures_io import committed_fixtures
from plans.services import plan_import_outline


class Command(BaseCommand):
    help = _("Load the five plans from the committed fixtures (the importer's output).")

    def handle(self, *args, **options):
        for fixture in committed_fixtures():
            report = plan_import_outline(
                outline=fixture["outline"],
                source_file=fixture["source_file"],
                source_sha256=fixture["source_sha256"],
            )
            counts = "，".join(f"{kind} {count}" for kind, count in report.counts.items())
            self.stdout.write(f"{report.plan.title}: {counts}")
