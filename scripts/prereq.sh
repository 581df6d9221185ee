#!/usr/bin/env bash
# The one system prerequisite: Debian's chromium for the browser tests (never a downloaded browser).
# Installed here when we may (root with apt-get); otherwise one line says what to install, before any test runs.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing chromium (apt-get) for the browser tests…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    exit 0
fi
echo "missing prerequisite: install Debian's chromium first (sudo apt-get install chromium)" >&2
exit 1
