#!/bin/sh
# Installs everything ehsim needs to build, test and draw its report, from Debian 12's packages.
# Run as root (or with sudo). Safe to run again: apt-get skips what is already installed.
set -eu

if [ "$(id -u)" -ne 0 ]; then
  echo "scripts/setup.sh: run as root (or with sudo) so apt-get can install packages" >&2
  exit 2
fi

# libreoffice-calc (about 90 MB) is for the workbook test: it recalculates ehsim-comparison.xlsx
# headless after changing an input (tests/economics/workbook_recalc.py). Open MPI is optional:
# with it, mpirun spreads a run's replications over processes (docs/performance.md). NLopt is
# ehsim calibrate's local search: libnlopt-cxx-dev carries nlopt.hpp, libnlopt-dev the CMake
# package both builds find.
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  build-essential cmake ninja-build pkg-config git ca-certificates \
  libboost-dev libboost-graph-dev nlohmann-json3-dev libtbb-dev \
  libgtest-dev libgmock-dev libbenchmark-dev \
  libcli11-dev libfmt-dev libxlsxwriter-dev libssl-dev librandom123-dev \
  libnlopt-dev libnlopt-cxx-dev \
  graphviz chromium poppler-utils python3 libreoffice-calc \
  libopenmpi-dev openmpi-bin >/dev/null
echo "scripts/setup.sh: build dependencies installed"

# The report's chart libraries (Vega, Vega-Lite, vega-embed) come from the npm registry, pinned
# by viz/package-lock.json and inlined into each report by `ehsim report`. Node and npm come from
# Debian unless a Node.js that bundles npm is already installed.
if ! command -v npm >/dev/null 2>&1; then
  apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
repo=$(cd "$(dirname "$0")/.." && pwd)
(cd "$repo/viz" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
echo "scripts/setup.sh: chart libraries installed in viz/node_modules"
