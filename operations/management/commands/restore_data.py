from pathlib import Path

from django.core.management.base import BaseCommand

from operations.backup import data_restore


class Command(BaseCommand):
    help = "Load a backup_data file into an empty, migrated database (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--force", action="store_true", help="Load even if the database holds data.")

    def handle(self, *args, file, force, **options):
        data_restore(path=file, force=force)
        self.stdout.write(f"{file}: restored")
