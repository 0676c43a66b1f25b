from pathlib import Path

import pytest
from django.conf import settings

from plans.importing import parse_plan


def seed_path(prefix: str) -> Path:
    matches = sorted(Path(settings.SEEDS_DIR).glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"plan document {prefix}_*.txt not found in {settings.SEEDS_DIR}")
    return matches[0]


@pytest.fixture(scope="session")
def seed_outline():
    cache = {}

    def load(prefix: str):
        if prefix not in cache:
            cache[prefix] = parse_plan(seed_path(prefix).read_text(encoding="utf-8"))
        return cache[prefix]

    return load


def import_seed(prefix: str, **options):
    """Import a seed document as an administrator would the first time: its jurisdiction created."""
    from importer import services

    return services.plan_import_file(path=seed_path(prefix), create_jurisdiction=True, **options)
