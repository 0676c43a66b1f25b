#!/usr/bin/env bash
# Browser tests drive Debian's Chromium through Playwright; Playwright's own browser download
# cannot work here, so the system package is installed when absent.
set -euo pipefail
if command -v chromium >/dev/null; then exit 0; fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
chromium --version
