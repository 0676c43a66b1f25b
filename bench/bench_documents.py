#!/usr/bin/env python
"""Reading plan documents: a PDF of 100 pages or more and a Word file, read and parsed.

    .venv/bin/python bench/bench_documents.py [--runs 3]

The documents are the test renderings of the 吉林市 plan (seed 004, the longest): Word with real
tables, and a PDF printed by Chromium in a large type so that it runs to 100 pages or more (running
header, page numbers, ruled tables). Prints the best of `runs` for read_document + parse_plan against
the goals (PDF < 5 s, Word < 2 s), and the import page's preview of each (`/plans/import/`, an
administrator's upload over the plan already loaded: read, parse, compare and render) against reading
plus 1 s. Skips the PDF when Chromium is missing.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOALS = {"pdf": 5.0, "docx": 2.0}
MIN_PAGES = 100


def best_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


class Preview:
    """The import page in a scratch database holding the five plans: time one upload's preview."""

    def __init__(self):
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import setup_test_environment

        from tests.factories import UserFactory

        setup_test_environment()
        connection.creation.create_test_db(verbosity=0)
        call_command("load_plans", verbosity=0)
        self.client = Client()
        self.client.force_login(UserFactory(username="bench_admin", role="admin", is_superuser=True))

    def seconds(self, name: str, data: bytes) -> float:
        from django.core.files.uploadedfile import SimpleUploadedFile

        start = time.perf_counter()
        response = self.client.post("/plans/import/", {"file": SimpleUploadedFile(name, data)})
        seconds = time.perf_counter() - start
        assert response.status_code == 200 and "form" in response.content.decode(), response.status_code
        return seconds


def same_outline(read, original) -> bool:
    """The same outline but for the warnings (they cite line numbers of the text read)."""
    return {**read.to_dict(), "warnings": []} == {**original.to_dict(), "warnings": []}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    import pypdfium2
    from django.conf import settings

    from plans.importing import parse_plan, read_document
    from tests.plans.documents import blocks, docx_bytes, html_page, pdf_bytes

    seeds = sorted(Path(settings.SEEDS_DIR).glob("004_*.txt"))
    if not seeds:
        print(f"bench_documents: seed 004 not found in {settings.SEEDS_DIR}; skipped")
        return 0
    text = seeds[0].read_text(encoding="utf-8")
    outline = parse_plan(text)
    parts = blocks(text, outline)
    failed = False

    data = docx_bytes(parts)
    seconds = best_of(runs, lambda: parse_plan(read_document("plan.docx", data)))
    same = same_outline(parse_plan(read_document("plan.docx", data)), outline)
    failed |= seconds > GOALS["docx"] or not same
    print(
        f"docx  {len(data) / 1024:7.0f} KB            {seconds:6.2f} s  (goal < {GOALS['docx']:.0f} s)"
        f"  outline as the text's: {'yes' if same else 'NO'}"
    )
    preview = Preview()
    shown = min(preview.seconds("plan.docx", data) for _ in range(runs))
    failed |= shown > seconds + 1
    print(f"docx  import page preview       {shown:6.2f} s  (goal < {seconds + 1:.2f} s: reading + 1 s)")

    chromium = "/usr/bin/chromium"
    if not Path(chromium).exists():
        print("pdf   skipped: /usr/bin/chromium is missing")
        return int(failed)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox"])
        data = pdf_bytes(browser, html_page(parts, font_size="18pt"), outline.plan.title)
        browser.close()
    pages = len(pypdfium2.PdfDocument(data))
    assert pages >= MIN_PAGES, f"the rendering has only {pages} pages"
    seconds = best_of(runs, lambda: parse_plan(read_document("plan.pdf", data)))
    same = same_outline(parse_plan(read_document("plan.pdf", data)), outline)
    failed |= not same
    failed |= seconds > GOALS["pdf"]
    print(
        f"pdf   {len(data) / 1024:7.0f} KB {pages:4d} pages {seconds:6.2f} s  (goal < {GOALS['pdf']:.0f} s)"
        f"  outline as the text's: {'yes' if same else 'NO'}"
    )
    shown = min(preview.seconds("plan.pdf", data) for _ in range(runs))
    failed |= shown > seconds + 1
    print(f"pdf   import page preview       {shown:6.2f} s  (goal < {seconds + 1:.2f} s: reading + 1 s)")
    return int(failed)


if __name__ == "__main__":
    sys.exit(main())
