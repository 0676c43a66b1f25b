"""The README's nginx example lets through the largest upload the application accepts (a plan document),
with room for the rest of the form: nginx answers 413 itself to anything above client_max_body_size."""

import re
from pathlib import Path

from django.conf import settings

from importer.views import MAX_UPLOAD_BYTES as PLAN_DOCUMENT_BYTES
from spreadsheets.formats.template_xlsx import MAX_UPLOAD_BYTES as TEMPLATE_BYTES


def test_the_readmes_nginx_body_limit_is_above_every_upload_limit():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    megabytes = int(re.search(r"client_max_body_size (\d+)m;", readme)[1])
    largest = max(PLAN_DOCUMENT_BYTES, TEMPLATE_BYTES, settings.EVIDENCE_MAX_BYTES)
    assert megabytes * 1024 * 1024 > largest
