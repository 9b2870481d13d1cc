#!/usr/bin/env python3
"""Golden-file regression test: every shipped scenario's outputs, byte for byte.

Runs `ehsim compare` on each council's shipped scenarios with a fixed seed and a small number
of replications, and compares comparison.json, comparison.csv and every scenario's summary.json
and timeseries.csv with the copies kept in tests/golden/<council>/. Fields that describe the
run rather than its results (creation time, version, commit, thread count) are blanked first.

A refactoring must leave these files unchanged. A change that is meant to move results (a
recalibrated scenario, a model correction) regenerates them with --update, and its commit says
why the figures moved.

Usage: check_golden.py EHSIM_BINARY SOURCE_DIR WORK_DIR [--update]
"""
import json
import pathlib
import shutil
import subprocess
import sys

# (name, scenario files relative to the source tree, extra options). The first is the baseline.
COMPARISONS = [
    ("hertfordshire", ["scenarios/hertfordshire/baseline.json",
                       "scenarios/hertfordshire/families-first.json"], []),
    # Cambridgeshire's cut, now priced (late-intervention cost items at 2014/15 prices).
    ("cambridgeshire", ["scenarios/cambridgeshire/baseline-2014.json",
                        "scenarios/cambridgeshire/reduction-2014-16.json"], []),
]
RUN_OPTIONS = ["--replications", "3", "--seed", "20240601", "--threads", "2",
               "--staffing-replications", "2", "--no-report", "--quiet"]
VOLATILE_KEYS = {"created_utc", "ehsim_version", "git_commit", "threads", "run_id"}
COMPARED = ["comparison.json", "comparison.csv"]
PER_SCENARIO = ["summary.json", "timeseries.csv"]


def blank_volatile(value):
    if isinstance(value, dict):
        return {k: ("<volatile>" if k in VOLATILE_KEYS else blank_volatile(v))
                for k, v in value.items()}
    if isinstance(value, list):
        return [blank_volatile(v) for v in value]
    return value


def normalised(path: pathlib.Path) -> bytes:
    if path.suffix == ".json":
        # Key order and number text are kept: only the volatile values are replaced.
        data = json.loads(path.read_text(encoding="utf-8"))
        return (json.dumps(blank_volatile(data), indent=2, ensure_ascii=False) + "\n").encode()
    return path.read_bytes()


def outputs_of(out_dir: pathlib.Path):
    files = list(COMPARED)
    for scenario_dir in sorted((out_dir / "scenarios").iterdir()):
        files += [f"scenarios/{scenario_dir.name}/{name}" for name in PER_SCENARIO]
    return files


def main(argv):
    if len(argv) not in (4, 5) or (len(argv) == 5 and argv[4] != "--update"):
        print(__doc__, file=sys.stderr)
        return 2
    binary, source, work = argv[1], pathlib.Path(argv[2]), pathlib.Path(argv[3])
    update = len(argv) == 5
    golden_root = source / "tests" / "golden"
    failures = []
    for name, scenarios, extra in COMPARISONS:
        out = work / name
        shutil.rmtree(out, ignore_errors=True)
        # Scenario paths as a user types them (they are recorded in comparison.json).
        command = [str(pathlib.Path(binary).resolve()), "compare", *scenarios, *RUN_OPTIONS, *extra,
                   "--out", str(out.resolve())]
        result = subprocess.run(command, capture_output=True, text=True, cwd=source)
        if result.returncode != 0:
            failures.append(f"{name}: ehsim compare exited {result.returncode}: {result.stderr}")
            continue
        for relative in outputs_of(out):
            produced = normalised(out / relative)
            golden = golden_root / name / relative
            if update:
                golden.parent.mkdir(parents=True, exist_ok=True)
                golden.write_bytes(produced)
            elif not golden.exists():
                failures.append(f"{name}/{relative}: no golden copy (run with --update)")
            elif golden.read_bytes() != produced:
                (out / (relative + ".normalised")).write_bytes(produced)
                failures.append(f"{name}/{relative}: differs from {golden} "
                                f"(diff it against {out / (relative + '.normalised')})")
    for failure in failures:
        print("golden:", failure, file=sys.stderr)
    if update:
        print(f"golden copies written under {golden_root}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
