#!/usr/bin/env bash
# The evaluation report's layout is checked by rendering it (tests/evaluation/test_rendered.py): LibreOffice
# headless turns the .docx into a PDF and pdftoppm (poppler) into page images. Debian's packages without
# the GUI are installed when absent, with the CJK fonts the charts use.
set -euo pipefail
if command -v soffice >/dev/null && command -v pdftoppm >/dev/null; then exit 0; fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-noto-cjk >/dev/null
soffice --version
