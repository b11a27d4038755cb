#!/usr/bin/env bash
# Browser test of the HTML report: builds the report of reference case B with cargo (the
# write_report example), opens it in headless Chromium through file:// and fails on any console
# error or any request other than the page itself; writes test-output/report-case-b.png.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-browser.sh >/dev/null
# A CJK font, so the screenshot shows the Chinese text (the report names the font list; the
# test passes without it, only the screenshot would show boxes).
if ! fc-list 2>/dev/null | grep -qiE 'cjk|wqy|han sans|yahei'; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq fonts-wqy-microhei >/dev/null 2>&1 \
    || echo "note: no CJK font installed; the screenshot will show boxes for Chinese text" >&2
fi
mkdir -p test-output
cargo run -q -p renxing --example write_report -- b en test-output/report-case-b.html
node scripts/browser/report-test.mjs test-output/report-case-b.html test-output/report-case-b.png
