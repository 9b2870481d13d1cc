#!/bin/sh
# Opens ehsim's HTML report in headless Chromium and checks that every chart drew, with no
# script error or Vega warning; keeps a screenshot of the first screen and a PDF. Then checks
# how the report prints (print_check.mjs beside this script): the PDF's page count, no chart,
# figure or table cut across an A4 page, the headline and the side-by-side table on the first
# page, the pathway on landscape pages and every sourced number printed; keeps the PDF's first
# page as a PNG.
# Usage: check_in_chromium.sh EHSIM_BINARY FIXTURE_DATA_DIR ARTEFACT_DIR
# Exit 0 pass, 1 fail, 77 skipped (no Chromium). Needs Node.js and poppler-utils (pdfinfo,
# pdftotext, pdftoppm), which scripts/setup.sh installs with Chromium.
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
    --disable-background-networking --disable-component-update --disable-sync \
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
# The comparison again with an uncertainty analysis (`ehsim compare --psa --one-way`) merged in
# from uncertainty.json beside the fixture, for "How sure are we?" and its tornado chart.
uncertain="$out/uncertainty-results"
cp -R "$data/comparison" "$uncertain"
if node -e 'const fs = require("fs");
  const [file, extra] = process.argv.slice(1);
  const c = JSON.parse(fs.readFileSync(file, "utf8"));
  c.uncertainty = JSON.parse(fs.readFileSync(extra, "utf8")).uncertainty;
  fs.writeFileSync(file, JSON.stringify(c, null, 2));' "$uncertain/comparison.json" \
  "$data/uncertainty.json"; then
  check uncertainty "$uncertain"
else
  echo "FAIL: could not add uncertainty.json to a copy of the fixture (Node.js is needed)"
  status=1
fi

# Goal-seek's page (report.html of `ehsim goal-seek`): its curve chart.
check goal-seek "$data/goal-seek"

chrome --hide-scrollbars --window-size=1000,1300 --screenshot="$out/report-screenshot.png" \
  "file://$out/comparison.html" >/dev/null 2>&1 || true
if [ ! -s "$out/report-screenshot.png" ]; then
  echo "FAIL: no screenshot"
  status=1
fi

# Printing. The page ranges are the fixture's (23 and 20 pages when written; 28 once the
# Hertfordshire scenario gained sourced effect sizes and a cost item; the single run 25 once
# single-agency support gained its referral and closure texts), with room for a font's or a
# Chromium's small differences; the assumptions appendix, read from scenarios/hertfordshire, is
# most of them and grows with it.
for tool in node pdfinfo pdftotext pdftoppm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "FAIL: $tool is not installed (scripts/setup.sh installs Node.js and poppler-utils)"
    exit 1
  fi
done
here=$(dirname "$0")
printed() {  # printed NAME RESULTS_DIR MIN_PAGES MAX_PAGES
  "$ehsim" report "$2" --out "$out/$1.html" --pdf >/dev/null
  if ! head -c 5 "$out/$1.pdf" | grep -q '%PDF-'; then
    echo "FAIL $1: ehsim report --pdf wrote no PDF"
    status=1
    return
  fi
  if node "$here/print_check.mjs" "$browser" "$out/$1.html" "$out/$1.pdf" "$3" "$4" \
    >"$out/$1.print.log" 2>&1; then
    echo "$1: $(cat "$out/$1.print.log")"
  else
    echo "FAIL $1:"
    cat "$out/$1.print.log"
    status=1
  fi
}
printed printed "$data/comparison" 20 31
printed printed-single-run "$data/comparison/scenarios/baseline" 17 28
# The comparison's pages and the three of "How sure are we?" (31 when written).
printed printed-uncertainty "$uncertain" 23 35
pdftoppm -f 1 -l 1 -r 80 -png -singlefile "$out/printed.pdf" "$out/report-first-page" || status=1

[ "$status" -eq 0 ] && echo "artefacts in $out"
exit "$status"
