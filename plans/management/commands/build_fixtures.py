from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from plans.fixtures_io import FIXTURES_DIR, fixture_path, fixture_text, outline_fixture, seed_documents


class Command(BaseCommand):
    help = _("Regenerate fixtures/plans/ from the plan documents.")

    def add_arguments(self, parser):
        parser.add_argument("--seeds", type=Path, default=None)

    def handle(self, *args, seeds, **options):
        FIXTURES_DIR.mkdir(parents=True, exist_ok=True)
        for path in seed_documents(seeds):
            fixture = outline_fixture(path=path)
            fixture_path(path.name).write_text(fixture_text(fixture), encoding="utf-8")
            self.stdout.write(
                f"{path.name} → {fixture_path(path.name).relative_to(FIXTURES_DIR.parent.parent)}"
            )
