#!/usr/bin/env python3
"""ehsim under `mpirun -np N` writes what one process writes, byte for byte.

Runs the same commands once as one process and once under mpirun (ranks oversubscribed, one
thread each), into sibling directories, and compares every file they write: run (with its
staffing search), compare (with PSA and its report), goal-seek and calibrate. Replication counts are odd
and one case has more ranks than replications, so uneven shares and empty shares are covered.

What is not compared byte for byte, and why: values that describe the run rather than its
results differ between any two runs, one process or many: the run id, the clock times
(created/started/finished, wall seconds, a calibration's seconds), and the output directory's own name where a file
records it (report.html's footer). They are replaced by a placeholder in both copies first;
ehsim-comparison.xlsx is compared entry by entry inside its zip with the same replacements, and
its docProps/core.xml (the workbook's creation time) is left out.

Usage: check_mpi_outputs.py EHSIM_BINARY MPIEXEC SOURCE_DIR WORK_DIR
"""
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import zipfile

VOLATILE_KEYS = {"created_utc", "started_utc", "finished_utc", "wall_seconds", "seconds", "run_id"}
RUN_ID = re.compile(r"\d{8}T\d{6}Z-[0-9a-f]{8}")
UTC_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
WALL_TIME = re.compile(r"in \d+ seconds")  # fit-report.html: how long the fit took

SMALL_COUNTY = "tests/engine/data/small-county.json"
SMALL = "tests/economics/data/small.json"
SMALL_INVEST = "tests/economics/data/small-invest.json"

# (name, ranks, ehsim arguments before --out). Every one runs with one thread per process.
CASES = [
    ("run", 2, ["run", SMALL_COUNTY, "-n", "5", "--seed", "7", "--staffing-replications", "3"]),
    ("run-more-ranks-than-replications", 3,
     ["run", SMALL_COUNTY, "-n", "2", "--seed", "8", "--staffing-replications", "0"]),
    ("compare-psa", 2,
     ["compare", SMALL, SMALL_INVEST, "-n", "3", "--seed", "11", "--staffing-replications", "0",
      "--psa", "3", "--psa-replications", "3"]),
    ("goal-seek", 2,
     ["goal-seek", SMALL, SMALL_INVEST, "--service", "families_first_key_workers", "--target", "0",
      "--year", "1", "-n", "3", "--grid", "3"]),
]


def calibration_case(work: pathlib.Path, source: pathlib.Path):
    """A short fit of the CTMC test scenario's two rates to made-up targets."""
    targets = {"schema_version": 1, "area": "Test", "targets": [
        {"metric": metric, "year": "2020-21", "kind": kind, "observed": observed,
         "uncertainty": {"standard_error": 0.05 * observed, "reason": "test"},
         "holdout": False, "source": "made up for the MPI test"}
        for metric, kind, observed in [("children_in_need_at_31_march", "stock", 300.0),
                                       ("cin_episodes_starting", "flow", 400.0),
                                       ("referrals", "flow", 500.0)]]}
    spec = {"schema_version": 1, "name": "CTMC under MPI",
            "scenario": str(source / "tests/calibration/data/ctmc-start.json"),
            "targets": ["targets.json"], "fit_year": "2020-21",
            "fit_metrics": [t["metric"] for t in targets["targets"]],
            "parameters": [
                {"name": "emerges", "pointers": ["/pathway/transitions/need_emerges/rate_per_year"],
                 "lower": 0.1, "upper": 3.0, "scale": "log"},
                {"name": "plans_end", "pointers": ["/pathway/transitions/plan_ends/rate_per_year"],
                 "lower": 0.1, "upper": 3.0, "scale": "log"}],
            "settings": {"replications": 3, "seed": 5, "starts": 1, "max_evaluations": 8,
                         "plausible_samples": 6, "model_discrepancy": 0.0, "stability_years": 0,
                         "assessment_replications": 3}}
    spec_dir = work / "calibration-spec"
    spec_dir.mkdir(parents=True, exist_ok=True)
    (spec_dir / "targets.json").write_text(json.dumps(targets, indent=2))
    (spec_dir / "calibration.json").write_text(json.dumps(spec, indent=2))
    return ("calibrate", 2, ["calibrate", str(spec_dir / "calibration.json")])


def blank(value):
    if isinstance(value, dict):
        return {k: ("<volatile>" if k in VOLATILE_KEYS else blank(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [blank(v) for v in value]
    return value


def normalised_text(data: bytes, out_dir: pathlib.Path) -> bytes:
    text = data.decode("utf-8", errors="surrogateescape")
    text = RUN_ID.sub("<run-id>", UTC_TIME.sub("<time>", WALL_TIME.sub("in <n> seconds", text)))
    return text.replace(str(out_dir), "<out>").encode("utf-8", errors="surrogateescape")


def normalised(path: pathlib.Path, out_dir: pathlib.Path):
    """The file's content with what describes the run replaced: (label, bytes) pairs."""
    if path.suffix == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        return [("", (json.dumps(blank(data), indent=2, ensure_ascii=False) + "\n").encode())]
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as z:
            return [(name, normalised_text(z.read(name), out_dir)) for name in sorted(z.namelist())
                    if name != "docProps/core.xml"]
    if path.suffix == ".html":
        return [("", normalised_text(path.read_bytes(), out_dir))]
    return [("", path.read_bytes())]


def run(command, cwd, env):
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {result.returncode}:\n{result.stderr}")
    return result.stderr


def compare_trees(name, one: pathlib.Path, many: pathlib.Path):
    failures = []
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    files_many = sorted(p.relative_to(many) for p in many.rglob("*") if p.is_file())
    if files != files_many:
        failures.append(f"{name}: different files: {files} against {files_many}")
    for relative in files:
        if not (many / relative).is_file():
            continue
        a, b = normalised(one / relative, one), normalised(many / relative, many)
        if a != b:
            differing = [label for (label, x), (_, y) in zip(a, b) if x != y]
            failures.append(f"{name}: {relative} differs {differing or ''}")
    print(f"{name}: {len(files)} files compared", file=sys.stderr)
    return failures


def main(argv):
    if len(argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    binary, mpiexec = str(pathlib.Path(argv[1]).resolve()), argv[2]
    source, work = pathlib.Path(argv[3]).resolve(), pathlib.Path(argv[4]).resolve()
    shutil.rmtree(work, ignore_errors=True)
    # Root in a container needs both; --oversubscribe lets 2 or 3 ranks share 2 cores.
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    failures = []
    for name, ranks, arguments in CASES + [calibration_case(work, source)]:
        one, many = work / "one-process" / name, work / "mpi" / name
        tail = [*arguments, "--threads", "1", "--quiet", "--out"]
        if arguments[0] == "calibrate":
            tail = [*arguments, "--quiet", "--out"]  # calibrate's evaluations use every core
        run([binary, *tail, str(one)], source, env)
        said = run([mpiexec, "--oversubscribe", "-np", str(ranks), binary, *tail, str(many)],
                   source, env)
        # Otherwise each rank might have run everything alone, and the files would match anyway.
        if f"ehsim: {ranks} processes (MPI ranks) share the replications" not in said:
            failures.append(f"{name}: the {ranks} ranks did not say they shared the work:\n{said}")
        failures += compare_trees(name, one, many)
    for failure in failures:
        print("FAIL " + failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
