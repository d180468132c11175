#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (Playwright never downloads one here): install it
# when it is missing. Needs root (CI runs as root); otherwise it says what to run.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "the browser tests need Debian's chromium: sudo apt-get install -y chromium" >&2
  exit 1
fi
echo "installing chromium for the browser tests"
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium
