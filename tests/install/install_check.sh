#!/bin/sh
# `cmake --install` puts ehsim on the PATH with the chart libraries it needs: installs into a
# fresh prefix, then runs the installed ehsim by name from PATH (from another directory, with
# EHSIM_VIZ_DIR unset): --version names the installed chart libraries, and `ehsim report` draws
# the report fixture with them.
# Usage: install_check.sh CMAKE BUILD_DIR REPORT_FIXTURE_DIR WORK_DIR
set -eu
cmake=$1
build=$2
fixture=$3
work=$4
rm -rf "$work"
mkdir -p "$work"
"$cmake" --install "$build" --prefix "$work/prefix" >/dev/null
unset EHSIM_VIZ_DIR
cd "$work"
PATH="$work/prefix/bin:$PATH"
export PATH
found=$(command -v ehsim)
[ "$found" = "$work/prefix/bin/ehsim" ] || { echo "FAIL: ehsim on PATH is $found"; exit 1; }
version=$(ehsim --version)
case "$version" in
  *"chart libraries from $work/prefix/share/ehsim"*) ;;
  *) echo "FAIL: the installed ehsim does not use the installed chart libraries: $version"; exit 1 ;;
esac
cp -r "$fixture/comparison" "$work/results"
ehsim report "$work/results" --out "$work/report.html" >/dev/null
grep -q "vega-embed" "$work/report.html" || { echo "FAIL: the report has no chart library"; exit 1; }
echo "install: ehsim on the PATH at $found; $version"
echo "1 passed, 0 failed"
