#!/usr/bin/env python3
"""Self-test for calibration/extract_targets.py (unittest, standard library only).

    python3 calibration/test_extract_targets.py

Regenerates the target files into temporary directories, checks a few values
against the published DfE figures, the schema, the holdout flags, determinism,
and that the files committed in calibration/targets are up to date.
"""

import contextlib
import io
import json
import math
import sys
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.dont_write_bytecode = True
sys.path.insert(0, str(HERE))

import extract_targets as et  # noqa: E402

TOP_KEYS = {"schema_version", "area", "la_code", "generated_by", "source", "fit_year", "population_0_17",
            "population_trend_per_year", "targets", "durations", "not_in_source"}
TARGET_KEYS = {"id", "metric", "year", "kind", "observed", "unit", "per_10000_children", "computed",
               "uncertainty", "holdout", "source"}
FILES = ["hertfordshire-2017-18.json", "stoke-on-trent-2017-18.json", "medway-2017-18.json",
         "west-sussex-2017-18.json", "cambridgeshire-2017-18.json", "england-2017-18.json",
         "cambridgeshire-2014-15.json"]


def run(out_dir):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        rc = et.main(["--out", str(out_dir)])
    return rc


@unittest.skipUnless(et.DEFAULT_XLSX.is_file(), f"workbook not found: {et.DEFAULT_XLSX}")
class ExtractTargetsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls._tmp = tempfile.TemporaryDirectory()
        cls.out = Path(cls._tmp.name) / "a"
        assert run(cls.out) == 0
        cls.data = {f: json.loads((cls.out / f).read_text(encoding="utf-8")) for f in FILES}

    @classmethod
    def tearDownClass(cls):
        cls._tmp.cleanup()

    def target(self, file, metric, year="2017-18"):
        hits = [t for t in self.data[file]["targets"] if t["metric"] == metric and t["year"] == year]
        self.assertEqual(len(hits), 1, f"{file} {metric} {year}")
        return hits[0]

    def pop(self, file, year="2017-18"):
        return next(p["value"] for p in self.data[file]["population_0_17"] if p["year"] == year)

    def test_england_known_values(self):
        f = "england-2017-18.json"
        self.assertEqual(self.target(f, "referrals")["observed"], 655630)
        self.assertEqual(self.target(f, "children_in_need_at_31_march")["observed"], 404710)
        self.assertEqual(self.target(f, "child_protection_at_31_march")["observed"], 53790)
        self.assertEqual(self.pop(f), 11866960)
        self.assertEqual(self.target(f, "referrals")["per_10000_children"], 552.5)
        self.assertIsNone(self.data[f]["la_code"])

    def test_hertfordshire_known_values(self):
        f = "hertfordshire-2017-18.json"
        self.assertEqual(self.data[f]["la_code"], "919")
        self.assertEqual(self.target(f, "referrals")["observed"], 6000)
        self.assertEqual(self.target(f, "referrals")["per_10000_children"], 222.8)
        self.assertAlmostEqual(self.target(f, "re_referral_rate")["observed"], 0.136)
        self.assertEqual(self.target(f, "children_in_need_at_31_march")["observed"], 5053)
        self.assertEqual(self.target(f, "child_protection_at_31_march")["observed"], 522)
        self.assertEqual(self.target(f, "child_protection_plan_starts")["observed"], 733)
        self.assertEqual(self.pop(f), 269296)

    def test_schema(self):
        vocab = {m for m, _, _ in et.METRICS}
        for f, d in self.data.items():
            self.assertEqual(set(d), TOP_KEYS, f)
            self.assertEqual(d["schema_version"], 1)
            self.assertEqual(d["generated_by"], "calibration/extract_targets.py")
            ids = [t["id"] for t in d["targets"]]
            self.assertEqual(len(ids), len(set(ids)), f"{f}: duplicate ids")
            for t in d["targets"]:
                self.assertEqual(set(t), TARGET_KEYS, t["id"])
                self.assertIn(t["metric"], vocab)
                self.assertEqual(set(t["uncertainty"]), {"standard_error", "reason"})
                self.assertEqual(set(t["source"]), {"table", "sheet_cell", "title"})
                se = t["uncertainty"]["standard_error"]
                if t["kind"] == "share":
                    self.assertTrue(0.0 <= t["observed"] <= 1.0, t["id"])
                    self.assertIsNone(t["per_10000_children"])
                    self.assertGreaterEqual(se, 0.01, t["id"])
                else:
                    self.assertIsInstance(t["observed"], int)
                    self.assertGreaterEqual(se, math.sqrt(t["observed"]) - 0.05, t["id"])
                    self.assertIsNotNone(t["per_10000_children"])
            for dur in d["durations"]:
                self.assertEqual(set(dur), {"metric", "year", "bins", "source"})
                total = sum(b["share"] for b in dur["bins"] if b["share"] is not None)
                self.assertLessEqual(total, 1.01, f"{f} {dur['metric']}")

    def test_holdout_flags(self):
        for f, d in self.data.items():
            for t in d["targets"]:
                self.assertEqual(t["holdout"], t["year"] != d["fit_year"], t["id"])
        eng = [t for t in self.data["england-2017-18.json"]["targets"] if t["metric"] == "referrals"]
        self.assertEqual([t["year"] for t in eng], ["2012-13", "2013-14", "2014-15", "2015-16",
                                                     "2016-17", "2017-18"])

    def test_cambridgeshire_2014_15_proxy(self):
        d = self.data["cambridgeshire-2014-15.json"]
        self.assertEqual(d["fit_year"], "2014-15")
        fit = [t for t in d["targets"] if not t["holdout"]]
        self.assertTrue(fit)
        for t in fit:
            self.assertEqual(t["year"], "2014-15")
            self.assertTrue(t["uncertainty"]["reason"].startswith("PROXY"), t["id"])
        self.assertEqual(self.pop("cambridgeshire-2014-15.json", "2014-15"), 131150)
        self.assertEqual(self.target("cambridgeshire-2014-15.json", "referrals")["observed"], 4453)

    def test_deterministic(self):
        out2 = Path(self._tmp.name) / "b"
        self.assertEqual(run(out2), 0)
        for f in FILES:
            self.assertEqual((self.out / f).read_bytes(), (out2 / f).read_bytes(), f)

    def test_committed_files_up_to_date(self):
        committed = et.DEFAULT_OUT
        for f in FILES:
            path = committed / f
            if path.exists():
                self.assertEqual(path.read_bytes(), (self.out / f).read_bytes(),
                                 f"{path} is stale: rerun python3 calibration/extract_targets.py")


if __name__ == "__main__":
    unittest.main(verbosity=2)
