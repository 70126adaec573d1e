#!/usr/bin/env bash
# Install Debian's headless-capable Chromium and its WebDriver for the browser
# tests (tests/test_web_browser.py). Idempotent: does nothing when both exist.
set -euo pipefail

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo present)"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends chromium chromium-driver fonts-dejavu-core
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo installed)"
