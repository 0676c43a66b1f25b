from pathlib import Path

from django.core.management.base import BaseCommand

from operations.backup import data_backup


class Command(BaseCommand):
    help = "Write every row the project keeps to a portable JSON file (.gz/.xz/.bz2 compress it)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        data_backup(path=file)
        self.stdout.write(f"{file}: {file.stat().st_size} bytes")
