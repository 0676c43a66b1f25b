from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from importer.fixtures_io import (
    FIXTURES_DIR,
    fixture_path,
    fixture_text,
    next_period_fixture,
    outline_fixture,
    seed_documents,
)


class Command(BaseCommand):
    help = _("Regenerate fixtures/plans/ from the plan documents.")

    def add_arguments(self, parser):
        parser.add_argument("--seeds", type=Path, default=None)

    def handle(self, *args, seeds, **options):
        documents = seed_documents(seeds)
        # The first document also as the next period's plan: the demo shows both periods of one place.
        fixtures = [outline_fixture(path=path) for path in documents]
        fixtures += [next_period_fixture(path=path) for path in documents[:1]]
        for fixture in fixtures:
            path = fixture_path(fixture["source_file"])
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(fixture_text(fixture), encoding="utf-8")
            self.stdout.write(f"{fixture['source_file']} → {path.relative_to(FIXTURES_DIR.parent.parent)}")
