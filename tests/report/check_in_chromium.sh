#!/bin/sh
# Opens ehsim's HTML report in headless Chromium and checks that every chart drew, with no
# script error or Vega warning; keeps a screenshot of the first screen and a PDF.
# Usage: check_in_chromium.sh EHSIM_BINARY FIXTURE_DATA_DIR ARTEFACT_DIR
# Exit 0 pass, 1 fail, 77 skipped (no Chromium).
set -eu
ehsim=$1
data=$2
out=$3

browser=""
for name in chromium chromium-browser google-chrome; do
  if command -v "$name" >/dev/null 2>&1; then browser=$(command -v "$name"); break; fi
done
if [ -z "$browser" ]; then
  echo "SKIP: headless Chromium is not installed (scripts/setup.sh installs Debian's chromium)"
  exit 77
fi

rm -rf "$out"
mkdir -p "$out"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# Chromium is not built with the sanitizers; keep their options away from it.
unset ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS
chrome() {
  timeout 120 "$browser" --headless --disable-gpu --no-sandbox --no-first-run \
    --user-data-dir="$profile" --virtual-time-budget=15000 "$@"
}
status=0

check() {  # check NAME RESULTS_DIR
  name=$1
  html="$out/$name.html"
  "$ehsim" report "$2" --out "$html" >/dev/null
  chrome --enable-logging=stderr --v=0 --dump-dom "file://$html" >"$out/$name.dom.html" \
    2>"$out/$name.chromium.log" || true
  dom="$out/$name.dom.html"
  charts=$(grep -o 'class="vis"' "$html" | wc -l)
  rendered=$(grep -o 'data-rendered="true"' "$dom" | wc -l)
  if ! grep -q 'id="report-status" data-status="rendered"' "$dom"; then
    echo "FAIL $name: the page did not report every chart rendered:"
    grep -o '<div id="report-status"[^>]*>[^<]*' "$dom" || echo "(no status element in the DOM)"
    status=1
  fi
  if [ "$charts" -eq 0 ] || [ "$rendered" -ne "$charts" ]; then
    echo "FAIL $name: $rendered of $charts charts rendered"
    status=1
  fi
  if grep -q 'data-warnings=' "$dom"; then
    echo "FAIL $name: chart warnings:"
    grep -o 'data-warnings="[^"]*"' "$dom"
    status=1
  fi
  if grep -E 'CONSOLE.*(Uncaught|Error)' "$out/$name.chromium.log"; then
    echo "FAIL $name: console errors (above)"
    status=1
  fi
  if [ "$status" -eq 0 ]; then echo "ok $name: $rendered of $charts charts rendered, no errors"; fi
}

check comparison "$data/comparison"
check single-run "$data/comparison/scenarios/baseline"

chrome --hide-scrollbars --window-size=1000,1300 --screenshot="$out/report-screenshot.png" \
  "file://$out/comparison.html" >/dev/null 2>&1 || true
if [ ! -s "$out/report-screenshot.png" ]; then
  echo "FAIL: no screenshot"
  status=1
fi

"$ehsim" report "$data/comparison" --out "$out/printed.html" --pdf >/dev/null
if ! head -c 5 "$out/printed.pdf" | grep -q '%PDF-'; then
  echo "FAIL: ehsim report --pdf wrote no PDF"
  status=1
fi

[ "$status" -eq 0 ] && echo "artefacts in $out"
exit "$status"
