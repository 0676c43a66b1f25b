"""The committed fixtures: one outline JSON per plan document, as the importer produced it, and in
`next_period/` the first document rendered as the next period's plan (`plans.renderings`), so the demo
shows a jurisdiction with both a 十四五 and a 十五五 plan."""

import json
from pathlib import Path

from django.conf import settings

from importer.renderings import next_period_text
from importer.services import file_sha256
from plans.importing import PlanOutline, parse_plan
from plans.importing.outline import OUTLINE_VERSION, OutlineFormatError

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures" / "plans"
NEXT_PERIOD_DIR = "next_period"
NEXT_PERIOD_SUFFIX = ".next_period.txt"


def outline_fixture(*, path: Path) -> dict:
    """What the importer makes of one document, with the file it came from."""
    data = Path(path).read_bytes()
    return _fixture(Path(path).name, data)


def next_period_fixture(*, path: Path) -> dict:
    """What the importer makes of the document rendered as the next period's plan."""
    text = next_period_text(Path(path).read_bytes().decode("utf-8-sig"))
    return _fixture(Path(path).stem + NEXT_PERIOD_SUFFIX, text.encode("utf-8"))


def _fixture(source_file: str, data: bytes) -> dict:
    return {
        "version": OUTLINE_VERSION,
        "source_file": source_file,
        "source_sha256": file_sha256(data),
        "outline": parse_plan(data.decode("utf-8-sig")).to_dict(),
    }


def fixture_outline(fixture: dict) -> PlanOutline:
    """The outline a fixture holds; raises OutlineFormatError when it is of another version or form."""
    version = fixture.get("version", 1)  # version 1 fixtures carried no number
    if version != OUTLINE_VERSION:
        raise OutlineFormatError(
            f"大纲第{version}版，这里读取第{OUTLINE_VERSION}版；请用 manage.py build_fixtures 重新生成"
        )
    return PlanOutline.from_dict(fixture["outline"])


def fixture_text(fixture: dict) -> str:
    return json.dumps(fixture, ensure_ascii=False, indent=1) + "\n"


def fixture_path(source_file: str) -> Path:
    if source_file.endswith(NEXT_PERIOD_SUFFIX):
        return FIXTURES_DIR / NEXT_PERIOD_DIR / f"{source_file.removesuffix(NEXT_PERIOD_SUFFIX)}.json"
    return FIXTURES_DIR / f"{Path(source_file).stem}.json"


def seed_documents(seeds_dir: Path | None = None) -> list[Path]:
    return sorted(Path(seeds_dir or settings.SEEDS_DIR).glob("*.txt"))


def fixture_files() -> list[Path]:
    """The plans' fixtures, then the next period's: a plan is loaded after the plans it may link to."""
    return sorted(FIXTURES_DIR.glob("*.json")) + sorted((FIXTURES_DIR / NEXT_PERIOD_DIR).glob("*.json"))


def committed_fixtures() -> list[tuple[Path, dict]]:
    """(path, fixture) of every committed fixture, in loading order."""
    return [(path, json.loads(path.read_text(encoding="utf-8"))) for path in fixture_files()]
