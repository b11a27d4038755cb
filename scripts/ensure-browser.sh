#!/usr/bin/env bash
# Installs what the browser tests need, on a fresh machine: Debian's chromium (never a browser
# download) and playwright-core (npm, pinned by scripts/browser/package-lock.json).
# Prints the chromium path on success. Fails loudly; never skips.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  echo "installing Debian's chromium ..." >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >&2
fi
if [ ! -d "$here/browser/node_modules/playwright-core" ]; then
  echo "installing playwright-core ..." >&2
  (cd "$here/browser" && npm ci --no-audit --no-fund >&2)
fi
echo /usr/bin/chromium
