#!/usr/bin/env bash
# The evaluation report's charts (evaluation/charts.py) label in Chinese: Debian's fonts-noto-cjk gives
# matplotlib a CJK font. Installed when no Chinese font is present; without one the charts still draw.
set -euo pipefail
if command -v fc-list >/dev/null && [ -n "$(fc-list :lang=zh family 2>/dev/null | head -n1)" ]; then exit 0; fi
if ! command -v apt-get >/dev/null; then
  echo "install_fonts.sh: no Chinese font and no apt-get; install a CJK font (e.g. Noto Sans CJK) by hand." >&2
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq fonts-noto-cjk fontconfig >/dev/null
fc-list :lang=zh family | head -n1
