#!/usr/bin/env python3
"""Extract ehsim calibration targets from the DfE children-in-need workbook.

Source: Department for Education, "Characteristics of children in need: 2017 to
2018", main tables (November 2018), Open Government Licence v3.0.

Reads the .xlsx with the standard library only (zipfile + xml.etree) and writes
one JSON target file per area into --out (default calibration/targets):

    <slug>-2017-18.json  for Hertfordshire, Stoke-on-Trent, Medway, West Sussex,
                         Cambridgeshire and England
    cambridgeshire-2014-15.json  (2014-15 targets are PROXIES: the workbook has
                         no local-authority figure before 2017-18; see README)

Usage:
    python3 calibration/extract_targets.py [XLSX] [--out DIR] [--diagnostics]

The output is deterministic (no timestamps, fixed ordering). See
calibration/README.md for the schema and for how uncertainty is set.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import sys
import zipfile
import xml.etree.ElementTree as ET
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
XLSX_NAME = "characteristics-of-children-in-need-2017-18-main-tables.xlsx"
DEFAULT_XLSX = REPO_ROOT / ".." / "shared" / "data" / "dfe" / XLSX_NAME
DEFAULT_OUT = REPO_ROOT / "calibration" / "targets"
GENERATED_BY = "calibration/extract_targets.py"

SOURCE = {
    "title": "Characteristics of children in need: 2017 to 2018, main tables",
    "publisher": "Department for Education",
    "published": "2018-11",
    "licence": "Open Government Licence v3.0",
    "file": XLSX_NAME,
}

FIT_YEAR = "2017-18"
# Areas: (name as in the workbook, file slug).  "England" is the national row.
AREAS = [
    ("Hertfordshire", "hertfordshire"),
    ("Stoke-on-Trent", "stoke-on-trent"),
    ("Medway", "medway"),
    ("West Sussex", "west-sussex"),
    ("Cambridgeshire", "cambridgeshire"),
    ("England", "england"),
]
# Areas that also get a file for an earlier scenario start year (proxy targets).
PROXY_FILES = [("Cambridgeshire", "cambridgeshire", "2014-15")]

# --- uncertainty settings (explained in README.md) --------------------------
# Relative tolerance used when only one year of the area's own figures exists.
SINGLE_YEAR_REL_TOL = 0.075
# Floor for the standard error of any share (1 percentage point).
SHARE_SE_FLOOR = 0.01
# Years whose year-on-year changes measure England's variability.  2012-13 is
# left out: it precedes Working Together 2013 / single assessments (A1 note 4),
# so the 2012-13 -> 2013-14 step is a regime change, not year-to-year noise.
VARIABILITY_FIRST_YEAR = "2013-14"
# CP-family metrics use a relative tolerance measured from the workbook itself
# (cross-LA one-year change in CP stock, table D1) instead of the assumed 7.5%.
CP_FAMILY = {
    "initial_child_protection_conferences",
    "child_protection_plan_starts",
    "child_protection_plans_ending",
    "child_protection_at_31_march",
}
CP_CHANGE_MIN_STOCK = 50  # LAs with fewer plans at 1 April 2017 are left out

# Metric vocabulary, in output order: metric -> (kind, unit).
METRICS = [
    ("referrals", "flow", "referrals"),
    ("re_referral_rate", "share", "share of referrals"),
    ("referrals_no_further_action_share", "share", "share of referrals"),
    ("assessed_not_in_need_share", "share", "share of referrals"),
    ("cin_episodes_starting", "flow", "episodes"),
    ("cin_episodes_ending", "flow", "episodes"),
    ("children_in_need_at_31_march", "stock", "children"),
    ("assessments_completed", "flow", "assessments"),
    ("section_47_enquiries", "flow", "enquiries"),
    ("initial_child_protection_conferences", "flow", "conferences"),
    ("child_protection_plan_starts", "flow", "plans"),
    ("child_protection_plans_ending", "flow", "plans"),
    ("child_protection_at_31_march", "stock", "children"),
    ("cp_plan_second_or_later_share", "share", "share of plans starting"),
]
METRIC_ORDER = {m: i for i, (m, _, _) in enumerate(METRICS)}
METRIC_KIND = {m: k for m, k, _ in METRICS}
METRIC_UNIT = {m: u for m, _, u in METRICS}

# Local-authority tables (2017-18 only).  For counts: value column, rate column.
# For shares: percentage column, numerator column, denominator column.
# "check" lists (column, header text) pairs verified against rows 1-12, so a
# different workbook layout fails loudly instead of giving wrong numbers.
LA_SPECS = [
    dict(metric="referrals", table="C1", col="D", rate="E",
         check=[("D", "Number of referrals in the year"), ("E", "Rate per 10,000")]),
    dict(metric="re_referral_rate", table="C1", col="H", num="G", den="D",
         check=[("G", "Were within 12 months of a previous referral"), ("H", "Percentage")]),
    dict(metric="referrals_no_further_action_share", table="C1", col="J", num="I", den="D",
         check=[("I", "Resulted in no further action"), ("J", "Percentage")]),
    dict(metric="assessed_not_in_need_share", table="C1", col="L", num="K", den="D",
         check=[("K", "assessed not to be in need"), ("L", "Percentage")]),
    dict(metric="cin_episodes_starting", table="B1", col="I", rate="J",
         check=[("I", "Episodes of need starting in the year"), ("J", "Rate of episodes of need starting")]),
    dict(metric="cin_episodes_ending", table="B1", col="N", rate="O",
         check=[("N", "Episodes of need ending in the year"), ("O", "Rate of episode of need ending")]),
    dict(metric="children_in_need_at_31_march", table="B1", col="S", rate="T",
         check=[("S", "Children in need episodes at 31 March"), ("T", "Rate of children in need at 31 March")]),
    dict(metric="assessments_completed", table="C2", col="E", rate="F",
         check=[("E", "Assessments completed"), ("F", "Rate per 10,000")]),
    dict(metric="section_47_enquiries", table="C4", col="D", rate="E",
         check=[("D", "Number of section 47s"), ("E", "Rate per 10,000")]),
    dict(metric="initial_child_protection_conferences", table="C4", col="I", rate="J",
         check=[("I", "Number of initial stage child protection conferences"), ("J", "Rate per 10,000")]),
    dict(metric="child_protection_plan_starts", table="D1", col="D", rate="E",
         check=[("D", "Number of child protection plans starting during the year"),
                ("E", "Rate of child protection plans starting")]),
    dict(metric="child_protection_plans_ending", table="D1", col="I", rate="J",
         check=[("I", "Number of child protection plans that ended during the year"),
                ("J", "Rate of child protection plans ending")]),
    dict(metric="child_protection_at_31_march", table="D1", col="S", rate="T",
         check=[("S", "subject of a child protection plan at 31 March 2018"),
                ("T", "Rate of children who were the subject of a child protection plan at 31 March")]),
    dict(metric="cp_plan_second_or_later_share", table="D3", col="G", num="F", den="E",
         check=[("E", "Number of child protection plans starting during the year"),
                ("F", "second or subsequent plan"), ("G", "Percentage")]),
]

# England time series (tables A1, A2): row labels in column B (footnote digits
# stripped).  Counts take the next "Rate per 10,000" row; shares name their
# numerator row and the metric whose count is the denominator.
ENGLAND_SPECS = [
    dict(metric="referrals", table="A1", label="Number of referrals"),
    dict(metric="re_referral_rate", table="A1",
         label="Percentage within 12 months of a previous referral",
         num_label="Number within 12 months of a previous referral", den_metric="referrals"),
    dict(metric="referrals_no_further_action_share", table="A1",
         label="Percentage resulted in no further action in the year",
         num_label="Number resulted in no further action in the year", den_metric="referrals"),
    dict(metric="assessed_not_in_need_share", table="A1",
         label="Percentage resulted in assessment and child was assessed not to be in need in the year",
         num_label="Number resulted in assessment and child was assessed not to be in need in the year",
         den_metric="referrals"),
    dict(metric="cin_episodes_starting", table="A1", label="Number of episodes of need starting in the year"),
    dict(metric="cin_episodes_ending", table="A1", label="Number of episodes of need ending in the year"),
    dict(metric="children_in_need_at_31_march", table="A1",
         label="Number of children in need episodes at 31 March"),
    # Continuous (single) assessments only: 2012-13 and 2013-14 used initial +
    # core assessments (A1 note 4), which are not comparable counts.
    dict(metric="assessments_completed", table="A1", label="Number of continuous assessments completed",
         first_year="2014-15"),
    dict(metric="section_47_enquiries", table="A2",
         label="Number of Section 47 enquiries which started during the year ending 31 March"),
    dict(metric="initial_child_protection_conferences", table="A2",
         label="Number of initial child protection conferences which started during the year ending 31 March"),
    dict(metric="child_protection_plan_starts", table="A2",
         label="Number of child protection plans starting during the year"),
    dict(metric="child_protection_plans_ending", table="A2",
         label="Number of child protection plans that ended during the year"),
    dict(metric="child_protection_at_31_march", table="A2",
         label="Number of children who were the subject of a child protection plan at 31 March"),
    dict(metric="cp_plan_second_or_later_share", table="A2",
         label="Percentage who became the subject of a child protection plan for the second or subsequent time",
         num_label="Number who became the subject of a child protection plan for the second or subsequent time",
         den_metric="child_protection_plan_starts"),
]

# Duration distributions (2017-18, England and every LA).  bins: (number col,
# percentage col, label, upper_days).  upper_days are approximate day
# equivalents of DfE's month/year boundaries; the last bin is open (null).
STD_BINS = [
    ("F", "G", "3 months or less", 91),
    ("I", "J", "more than 3 months but less than or equal to 6 months", 182),
    ("L", "M", "more than 6 months but less than 1 year", 365),
    ("O", "P", "1 year but less than 2 years", 730),
    ("R", "S", "2 years and over", None),
]
DURATION_SPECS = [
    dict(metric="cin_episode_duration_ending", table="B5", total="D", bins=STD_BINS,
         check=[("D", "Episodes of need ending in the year"), ("F", "3 months or less"),
                ("R", "2 years")]),
    dict(metric="cp_plan_duration_ending", table="D7", total="D", bins=STD_BINS,
         check=[("D", "child protection plans that ended during the year"),
                ("F", "3 months or less"), ("R", "2 years")]),
    dict(metric="cin_episode_duration_open_at_31_march", table="B4", total="D", bins=STD_BINS,
         check=[("D", "Children in need episodes at 31 March"), ("F", "3 months or less"),
                ("R", "2 years")]),
    dict(metric="cp_plan_duration_open_at_31_march", table="D5", total="D", bins=STD_BINS,
         check=[("D", "subject of a plan at 31 March 2018"), ("F", "3 months or less"),
                ("R", "2 years")]),
    dict(metric="cin_episode_remaining_after_cp_plan_ending", table="D8", total="D",
         bins=[("F", "G", "3 months or less", 91),
               ("K", "L", "more than 3 months but less than or equal to 6 months", 182),
               ("N", "O", "more than 6 months", None)],
         check=[("D", "ended during the first 6 months"), ("F", "Less than or equal to 3 months"),
                ("K", "More than 3 months but less than or equal to 6 months"),
                ("N", "More than 6 months")]),
]

NOT_IN_SOURCE = [
    {"metric": "children_looked_after_at_31_march",
     "reason": "looked-after children are counted in the SSDA903 return (DfE 'Children looked after in England'), "
               "not in these CIN tables; B1's children in need include them but do not separate them"},
    {"metric": "children_starting_to_be_looked_after",
     "reason": "entries to care are SSDA903 data; no table in this workbook counts them"},
    {"metric": "early_help_episodes",
     "reason": "early help is outside the children in need census; no table in this workbook covers it"},
    {"metric": "contacts",
     "reason": "contacts that do not become referrals are not collected in the children in need census"},
]

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
YEAR_RE = re.compile(r"^(\d{4})-(\d{2})\d*$")  # "2012-135" = 2012-13 + footnote 5


class ExtractError(Exception):
    pass


def norm(text: str) -> str:
    return " ".join(str(text).split())


def strip_footnote(text: str) -> str:
    """'...ending 31 March5' -> '...ending 31 March'; 'years3,5' -> 'years'."""
    return re.sub(r"(?<=[A-Za-z\)])\d+(,\d+)*$", "", norm(text))


def col_to_num(col: str) -> int:
    n = 0
    for ch in col:
        n = n * 26 + (ord(ch) - 64)
    return n


def num_to_col(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def year_label(start: int) -> str:
    return f"{start}-{(start + 1) % 100:02d}"


def year_start(label: str) -> int:
    return int(label[:4])


def id_year(label: str) -> str:
    return label.replace("-", "_")


# --------------------------------------------------------------------------
# Workbook reading (standard library only)
# --------------------------------------------------------------------------
class Workbook:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.zip = zipfile.ZipFile(self.path)
        self.strings = self._shared_strings()
        self.sheet_paths = self._sheet_paths()
        self._cache: dict[str, dict[int, dict[str, str]]] = {}

    def _shared_strings(self) -> list[str]:
        try:
            data = self.zip.read("xl/sharedStrings.xml")
        except KeyError:
            return []
        root = ET.fromstring(data)
        out = []
        for si in root.findall(f"{{{NS_MAIN}}}si"):
            out.append("".join(t.text or "" for t in si.iter(f"{{{NS_MAIN}}}t")))
        return out

    def _sheet_paths(self) -> dict[str, str]:
        wb = ET.fromstring(self.zip.read("xl/workbook.xml"))
        rels = ET.fromstring(self.zip.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels.findall(f"{{{NS_PKG_REL}}}Relationship")}
        out = {}
        for s in wb.find(f"{{{NS_MAIN}}}sheets"):
            target = targets[s.get(f"{{{NS_REL}}}id")]
            target = target.lstrip("/")
            if not target.startswith("xl/"):
                target = "xl/" + target
            out[s.get("name")] = target
        return out

    def sheet(self, name: str) -> dict[int, dict[str, str]]:
        """{row number: {column letters: cell text}} for non-empty cells."""
        if name in self._cache:
            return self._cache[name]
        if name not in self.sheet_paths:
            raise ExtractError(f"sheet {name!r} not in workbook {self.path}")
        root = ET.fromstring(self.zip.read(self.sheet_paths[name]))
        grid: dict[int, dict[str, str]] = {}
        for c in root.iter(f"{{{NS_MAIN}}}c"):
            ref = c.get("r")
            m = re.fullmatch(r"([A-Z]+)(\d+)", ref or "")
            if not m:
                continue
            t = c.get("t")
            v = c.find(f"{{{NS_MAIN}}}v")
            if t == "s":
                val = self.strings[int(v.text)]
            elif t == "inlineStr":
                val = "".join(x.text or "" for x in c.iter(f"{{{NS_MAIN}}}t"))
            elif v is None or v.text is None:
                continue
            else:
                val = v.text
            grid.setdefault(int(m.group(2)), {})[m.group(1)] = val
        self._cache[name] = grid
        return grid

    def cell(self, sheet: str, ref: str) -> str | None:
        m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
        return self.sheet(sheet).get(int(m.group(2)), {}).get(m.group(1))

    # ---- INDEX ------------------------------------------------------------
    def table_titles(self) -> dict[str, str]:
        out = {}
        for row in self.sheet("INDEX").values():
            b = norm(row.get("B", ""))
            m = re.fullmatch(r"Table ([A-D]\d+)", b)
            if m and "C" in row:
                out[m.group(1)] = norm(row["C"])
        out.setdefault("ANNEX", "Population aged 0 to 17, at mid-year 2012 to 2017, by local authority, England")
        return out

    def index_years(self) -> dict[str, str]:
        out = {}
        for row in self.sheet("INDEX").values():
            m = re.fullmatch(r"Table ([A-D]\d+)", norm(row.get("B", "")))
            if m and "D" in row:
                out[m.group(1)] = norm(row["D"])
        return out

    # ---- helpers ----------------------------------------------------------
    def check_headers(self, table: str, checks, max_row: int = 12) -> None:
        grid = self.sheet(table)
        for col, text in checks:
            found = any(text.lower() in norm(grid.get(r, {}).get(col, "")).lower()
                        for r in range(1, max_row + 1))
            if not found:
                raise ExtractError(f"{table}: no header containing {text!r} in column {col} (rows 1-{max_row})")

    def area_row(self, table: str, area: str, name_col: str = "C") -> int:
        grid = self.sheet(table)
        hits = []
        for r, row in grid.items():
            name = norm(row.get(name_col, ""))
            if area == "England":
                if re.fullmatch(r"England\d*", name, re.IGNORECASE):
                    hits.append(r)
            elif name == area:
                hits.append(r)
        if len(hits) != 1:
            raise ExtractError(f"{table}: expected one row for {area!r}, found {hits}")
        return hits[0]

    def year_columns(self, table: str, max_row: int = 12) -> dict[str, str]:
        """Year label -> column letters, from the header row of a time-series sheet."""
        grid = self.sheet(table)
        for r in range(1, max_row + 1):
            cols = {}
            for col, val in grid.get(r, {}).items():
                m = YEAR_RE.match(norm(val))
                if m and int(m.group(2)) == (int(m.group(1)) + 1) % 100:
                    cols[year_label(int(m.group(1)))] = col
            if len(cols) >= 2:
                return dict(sorted(cols.items()))
        raise ExtractError(f"{table}: no header row of years found")

    def label_row(self, table: str, label: str, col: str = "B") -> int:
        grid = self.sheet(table)
        hits = [r for r, row in grid.items() if strip_footnote(row.get(col, "")) == label]
        if len(hits) != 1:
            raise ExtractError(f"{table}: expected one row labelled {label!r}, found {hits}")
        return hits[0]


def parse_number(text: str | None):
    """Numeric cell -> float; '.', 'x', '' and other codes -> None."""
    if text is None:
        return None
    t = norm(text)
    try:
        return float(t)
    except ValueError:
        return None


def parse_count(text: str | None):
    v = parse_number(text)
    if v is None:
        return None
    if abs(v - round(v)) > 1e-6:
        raise ExtractError(f"expected a whole number, got {text!r}")
    return int(round(v))


def r1(x: float) -> float:
    return round(x + 0.0, 1)


def r4(x: float) -> float:
    return round(x + 0.0, 4)


# --------------------------------------------------------------------------
# Population (ANNEX)
# --------------------------------------------------------------------------
def population(wb: Workbook, area: str) -> list[dict]:
    years = wb.year_columns("ANNEX")
    name = "ENGLAND" if area == "England" else area
    grid = wb.sheet("ANNEX")
    hits = [r for r, row in grid.items() if norm(row.get("C", "")) == name]
    if len(hits) != 1:
        raise ExtractError(f"ANNEX: expected one row for {name!r}, found {hits}")
    row = hits[0]
    out = []
    for y, col in years.items():
        v = parse_count(grid[row].get(col))
        if v is None:
            continue
        out.append({
            "year": y,
            "value": v,
            "table": "ANNEX",
            "note": f"ONS mid-{year_start(y)} estimate of the population aged 0-17 (ANNEX cell {col}{row}), "
                    f"used by DfE for {y} rates per 10,000",
        })
    return out


def population_trend(pop: list[dict]) -> float:
    first, last = pop[0], pop[-1]
    n = year_start(last["year"]) - year_start(first["year"])
    return round((last["value"] / first["value"]) ** (1.0 / n) - 1.0, 6)


def la_code(wb: Workbook, area: str) -> str | None:
    if area == "England":
        return None
    codes = set()
    for table in ["ANNEX", "B1", "C1", "D1"]:
        row = wb.area_row(table, area) if table != "ANNEX" else next(
            r for r, rw in wb.sheet("ANNEX").items() if norm(rw.get("C", "")) == area)
        codes.add(norm(wb.sheet(table)[row].get("B", "")))
    if len(codes) != 1:
        raise ExtractError(f"{area}: inconsistent LA codes {sorted(codes)}")
    return codes.pop()


# --------------------------------------------------------------------------
# Uncertainty
# --------------------------------------------------------------------------
def yoy_sd(values: dict[str, float]) -> tuple[float, list[str], list[float]]:
    """SD of year-on-year changes / sqrt(2), over consecutive years from
    VARIABILITY_FIRST_YEAR on.  Returns (sd, years used, changes)."""
    years = [y for y in sorted(values) if year_start(y) >= year_start(VARIABILITY_FIRST_YEAR)]
    diffs = []
    for a, b in zip(years, years[1:]):
        if year_start(b) - year_start(a) != 1:
            raise ExtractError(f"non-consecutive years {a}, {b}")
        diffs.append(values[b] - values[a])
    if len(diffs) < 2:
        raise ExtractError(f"too few years for a variability estimate: {years}")
    return statistics.stdev(diffs) / math.sqrt(2.0), years, diffs


def fmt_count(x: float) -> str:
    return f"{x:,.1f}" if abs(x - round(x)) > 1e-9 else f"{int(round(x)):,}"


def fmt_signed(x: float, share: bool) -> str:
    return f"{x * 100:+.1f}pp" if share else f"{x:+,.0f}"


def count_se_series(metric: str, value: int, series: dict[str, float]) -> dict:
    sd, years, diffs = yoy_sd(series)
    poisson = math.sqrt(value)
    se = max(poisson, sd)
    reason = (f"max(sqrt(n) = {poisson:.1f}, year-to-year SD = {sd:.1f}) = {se:.1f}; "
              f"year-to-year SD = SD of the {len(diffs)} year-on-year changes "
              f"{years[0]} to {years[-1]} ({', '.join(fmt_signed(d, False) for d in diffs)}) / sqrt(2)")
    return {"standard_error": r1(se), "reason": reason}


def share_se_series(p: float, n: int, series: dict[str, float]) -> dict:
    sd, years, diffs = yoy_sd(series)
    binom = math.sqrt(p * (1 - p) / n) if n > 0 else 0.0
    se = max(binom, sd, SHARE_SE_FLOOR)
    reason = (f"max(binomial sqrt(p(1-p)/n) = {binom:.4f} with n = {n:,}, year-to-year SD = {sd:.4f}, "
              f"floor {SHARE_SE_FLOOR:.2f}) = {se:.4f}; year-to-year SD = SD of the {len(diffs)} "
              f"year-on-year changes {years[0]} to {years[-1]} "
              f"({', '.join(fmt_signed(d, True) for d in diffs)}) / sqrt(2)")
    return {"standard_error": r4(se), "reason": reason}


def count_se_single(metric: str, value: int, area: str, cp: dict) -> dict:
    poisson = math.sqrt(value)
    if metric in CP_FAMILY:
        rel = cp["rel"]
        se = max(poisson, rel * value)
        own = cp["own"].get(area)
        own_txt = ""
        if own is not None:
            own_txt = (f"; {area}'s own change, plans open 1 April 2017 {own[0]:,} -> 31 March 2018 "
                       f"{own[1]:,} ({(own[1] / own[0] - 1) * 100:+.1f}%), is one change and not used alone")
        reason = (f"max(sqrt(n) = {poisson:.1f}, {rel * 100:.1f}% x {value:,} = {rel * value:.1f}) = {se:.1f}; "
                  f"the workbook has {area}'s figures for 2017-18 only, so {rel * 100:.1f}% is the typical "
                  f"one-year variability of a council's child protection numbers measured in table D1: "
                  f"robust SD (1.4826 x MAD) of the one-year log change in CP stock (plans at any point minus "
                  f"plans starting = open at 1 April 2017, to 31 March 2018) across {cp['n']} LAs, net of "
                  f"England's change, divided by sqrt(2){own_txt}")
    else:
        rel = SINGLE_YEAR_REL_TOL
        se = max(poisson, rel * value)
        reason = (f"max(sqrt(n) = {poisson:.1f}, {rel * 100:.1f}% x {value:,} = {rel * value:.1f}) = {se:.1f}; "
                  f"{rel * 100:.1f}% is an assumed single-year tolerance: the workbook has {area}'s figures "
                  f"for 2017-18 only, so its own year-to-year variability cannot be measured (about twice "
                  f"the within-year noise of monthly referral counts, table C6; see README)")
    return {"standard_error": r1(se), "reason": reason}


def share_se_single(p: float, n: int, area: str) -> dict:
    binom = math.sqrt(p * (1 - p) / n) if n > 0 else 0.0
    rel = SINGLE_YEAR_REL_TOL * p
    se = max(binom, rel, SHARE_SE_FLOOR)
    reason = (f"max(binomial sqrt(p(1-p)/n) = {binom:.4f} with n = {n:,}, "
              f"{SINGLE_YEAR_REL_TOL * 100:.1f}% x p = {rel:.4f}, floor {SHARE_SE_FLOOR:.2f}) = {se:.4f}; "
              f"the workbook has {area}'s figures for 2017-18 only, so the assumed single-year relative "
              f"tolerance stands in for the year-to-year SD of the share")
    return {"standard_error": r4(se), "reason": reason}


def cp_stock_variability(wb: Workbook) -> dict:
    """Typical one-year relative variability of an LA's CP stock, from D1.

    Plans open at 1 April 2017 = plans at any point in 2017-18 - plans starting
    in 2017-18 (nationally 50,950 against 51,080 published for 31 March 2017).
    """
    table = "D1"
    wb.check_headers(table, [("D", "Number of child protection plans starting during the year"),
                             ("N", "Number of child protection plans at any point during the year"),
                             ("S", "subject of a child protection plan at 31 March 2018")])
    grid = wb.sheet(table)
    er = wb.area_row(table, "England")
    e_start = parse_count(grid[er]["N"]) - parse_count(grid[er]["D"])
    e_end = parse_count(grid[er]["S"])
    e_log = math.log(e_end / e_start)
    logs, own = [], {}
    for r in sorted(grid):
        row = grid[r]
        if not re.fullmatch(r"\d{3}", norm(row.get("B", ""))):
            continue
        n_any, n_start, n_end = (parse_count(row.get(c)) for c in ("N", "D", "S"))
        if None in (n_any, n_start, n_end):
            continue
        start = n_any - n_start
        own[norm(row.get("C", ""))] = (start, n_end)
        if start < CP_CHANGE_MIN_STOCK or n_end <= 0:
            continue
        logs.append(math.log(n_end / start) - e_log)
    med = statistics.median(logs)
    mad = statistics.median(abs(x - med) for x in logs)
    change_sd = 1.4826 * mad
    return {"rel": round(change_sd / math.sqrt(2.0), 3), "n": len(logs),
            "change_sd": change_sd, "sd_plain": statistics.stdev(logs), "own": own,
            "england": (e_start, e_end)}


# --------------------------------------------------------------------------
# Targets
# --------------------------------------------------------------------------
def make_target(metric, year, observed, per10k, computed, unc, holdout, table, cell, title):
    return {
        "id": f"{metric}_{id_year(year)}",
        "metric": metric,
        "year": year,
        "kind": METRIC_KIND[metric],
        "observed": observed,
        "unit": METRIC_UNIT[metric],
        "per_10000_children": per10k,
        "computed": computed,
        "uncertainty": unc,
        "holdout": holdout,
        "source": {"table": table, "sheet_cell": cell, "title": title},
    }


def la_values(wb: Workbook, area: str) -> dict[str, dict]:
    """2017-18 values for one area (LA or the England row) from tables B-D."""
    out = {}
    for spec in LA_SPECS:
        table = spec["table"]
        wb.check_headers(table, spec["check"])
        row = wb.area_row(table, area)
        cells = wb.sheet(table)[row]
        rec = {"table": table, "row": row, "col": spec["col"]}
        if METRIC_KIND[spec["metric"]] == "share":
            pct = parse_number(cells.get(spec["col"]))
            num = parse_count(cells.get(spec["num"]))
            den = parse_count(cells.get(spec["den"]))
            if pct is None or den is None:
                continue  # suppressed or not applicable
            rec.update(value=r4(r1(pct) / 100.0), num=num, den=den)
            if num is not None and den > 0 and abs(num / den * 100 - pct) > 0.06:
                raise ExtractError(f"{table} {area}: {num}/{den} does not match {pct}%")
        else:
            v = parse_count(cells.get(spec["col"]))
            if v is None:
                continue
            rec.update(value=v, rate=parse_number(cells.get(spec["rate"])), rate_col=spec["rate"])
        out[spec["metric"]] = rec
    return out


def england_series(wb: Workbook) -> dict[str, dict]:
    """metric -> {year: record} from tables A1/A2."""
    series: dict[str, dict] = {}
    for spec in ENGLAND_SPECS:
        table = spec["table"]
        years = wb.year_columns(table)
        grid = wb.sheet(table)
        row = wb.label_row(table, spec["label"])
        first = spec.get("first_year")
        recs = {}
        if METRIC_KIND[spec["metric"]] == "share":
            num_row = wb.label_row(table, spec["num_label"])
            for y, col in years.items():
                if first and year_start(y) < year_start(first):
                    continue
                pct = parse_number(grid[row].get(col))
                if pct is None:
                    continue
                recs[y] = {"value": r4(r1(pct) / 100.0), "num": parse_count(grid[num_row].get(col)),
                           "den_metric": spec["den_metric"], "table": table, "cell": f"{col}{row}"}
        else:
            rate_row = min(r for r in grid if r > row and norm(grid[r].get("B", "")))
            if not strip_footnote(grid[rate_row]["B"]).startswith("Rate per 10,000"):
                raise ExtractError(f"{table}: row after {spec['label']!r} is not a rate row")
            for y, col in years.items():
                if first and year_start(y) < year_start(first):
                    continue
                v = parse_count(grid[row].get(col))
                if v is None:
                    continue
                recs[y] = {"value": v, "rate": parse_number(grid[rate_row].get(col)),
                           "table": table, "cell": f"{col}{row}"}
        series[spec["metric"]] = recs
    # shares: denominator counts
    for spec in ENGLAND_SPECS:
        if METRIC_KIND[spec["metric"]] == "share":
            for y, rec in series[spec["metric"]].items():
                rec["den"] = series[spec["den_metric"]][y]["value"]
    return series


def check_england_consistency(series, la_eng) -> None:
    """England 2017-18 in the A tables must equal the England row of B-D."""
    for metric, rec in la_eng.items():
        a = series[metric].get(FIT_YEAR)
        if a is None or a["value"] != rec["value"]:
            raise ExtractError(f"England {metric} 2017-18: A-table {a and a['value']} != "
                               f"{rec['table']} {rec['value']}")


def durations(wb: Workbook, area: str, titles: dict[str, str]) -> list[dict]:
    out = []
    for spec in DURATION_SPECS:
        table = spec["table"]
        wb.check_headers(table, spec["check"])
        row = wb.area_row(table, area)
        cells = wb.sheet(table)[row]
        bins = []
        for _num_col, pct_col, label, upper in spec["bins"]:
            pct = parse_number(cells.get(pct_col))
            bins.append({"label": label, "upper_days": upper,
                         "share": None if pct is None else r4(r1(pct) / 100.0)})
        cols = [b[1] for b in spec["bins"]]
        out.append({
            "metric": spec["metric"],
            "year": FIT_YEAR,
            "bins": bins,
            "source": {"table": table, "sheet_cell": ",".join(f"{c}{row}" for c in cols),
                       "title": titles[table]},
        })
    return out


def build_area(wb: Workbook, area: str, titles, cp) -> dict:
    pop = population(wb, area)
    pop_by_year = {p["year"]: p["value"] for p in pop}
    targets = []
    if area == "England":
        series = england_series(wb)
        check_england_consistency(series, la_values(wb, "England"))
        for metric, recs in series.items():
            share = METRIC_KIND[metric] == "share"
            values = {y: r["value"] for y, r in recs.items()}
            for y, rec in recs.items():
                if share:
                    unc = share_se_series(rec["value"], rec["den"], values)
                    per10k, computed = None, False
                else:
                    unc = count_se_series(metric, rec["value"], values)
                    per10k, computed = r1(rec["rate"]), False
                    if rec["rate"] is None:
                        per10k, computed = r1(rec["value"] / pop_by_year[y] * 1e4), True
                targets.append(make_target(metric, y, rec["value"], per10k, computed, unc,
                                           y != FIT_YEAR, rec["table"], rec["cell"], titles[rec["table"]]))
    else:
        for metric, rec in la_values(wb, area).items():
            cell = f"{rec['col']}{rec['row']}"
            if METRIC_KIND[metric] == "share":
                unc = share_se_single(rec["value"], rec["den"], area)
                per10k, computed = None, False
            else:
                unc = count_se_single(metric, rec["value"], area, cp)
                if rec["rate"] is not None:
                    per10k, computed = r1(rec["rate"]), False
                else:
                    per10k, computed = r1(rec["value"] / pop_by_year[FIT_YEAR] * 1e4), True
            targets.append(make_target(metric, FIT_YEAR, rec["value"], per10k, computed, unc, False,
                                       rec["table"], cell, titles[rec["table"]]))
    targets.sort(key=lambda t: (METRIC_ORDER[t["metric"]], t["year"]))
    return {
        "schema_version": 1,
        "area": area,
        "la_code": la_code(wb, area),
        "generated_by": GENERATED_BY,
        "source": dict(SOURCE),
        "fit_year": FIT_YEAR,
        "population_0_17": pop,
        "population_trend_per_year": population_trend(pop),
        "targets": targets,
        "durations": durations(wb, area, titles),
        "not_in_source": [dict(x) for x in NOT_IN_SOURCE],
    }


def build_proxy(wb: Workbook, area: str, proxy_year: str, titles, cp) -> dict:
    """Targets for an earlier year that the workbook lacks at LA level.

    Proxy = the area's 2017-18 figure, moved back by England's own change
    between proxy_year and 2017-18 (rates per 10,000 for counts, shares for
    shares), times the area's proxy-year population.  This assumes the area's
    ratio to England was the same in both years.
    """
    base = build_area(wb, area, titles, cp)
    pop = {p["year"]: p["value"] for p in base["population_0_17"]}
    series = england_series(wb)
    eng_pop = {p["year"]: p["value"] for p in population(wb, "England")}
    annex_row = next(r for r, rw in wb.sheet("ANNEX").items() if norm(rw.get("C", "")) == area)
    annex_eng = next(r for r, rw in wb.sheet("ANNEX").items() if norm(rw.get("C", "")) == "ENGLAND")
    annex_cols = wb.year_columns("ANNEX")
    c_then, c_now = annex_cols[proxy_year], annex_cols[FIT_YEAR]
    la = la_values(wb, area)
    proxies = []
    for metric, rec in la.items():
        e_then = series[metric].get(proxy_year)
        e_now = series[metric].get(FIT_YEAR)
        if e_then is None or e_now is None:
            continue
        share = METRIC_KIND[metric] == "share"
        cells = (f"{rec['table']}!{rec['col']}{rec['row']}; {e_then['table']}!{e_then['cell']},"
                 f"{e_now['cell']}")
        orig_unc = next(t["uncertainty"] for t in base["targets"] if t["metric"] == metric)
        if share:
            factor = e_then["value"] / e_now["value"] if e_now["value"] > 0 else 1.0
            plain = rec["value"]
            v = r4(min(1.0, max(0.0, plain * factor)))
            n = round(rec["den"] * (series[_den_metric(metric)][proxy_year]["value"] /
                                    eng_pop[proxy_year]) / (series[_den_metric(metric)][FIT_YEAR]["value"] /
                                                            eng_pop[FIT_YEAR]) * pop[proxy_year] / pop[FIT_YEAR])
            binom = math.sqrt(v * (1 - v) / n) if n > 0 else 0.0
            year_se = orig_unc["standard_error"]
            se = max(binom, math.sqrt(2.0) * year_se, abs(v - plain), SHARE_SE_FLOOR)
            reason = (f"PROXY (no {area} figure for {proxy_year} in the workbook): {area} 2017-18 share "
                      f"{plain:.4f} x England {proxy_year}/2017-18 share ratio {e_then['value']:.4f}/"
                      f"{e_now['value']:.4f} = {v:.4f}. SE = max(binomial {binom:.4f} with n ~ {n:,}, "
                      f"sqrt(2) x the single-year SE {year_se:.4f} = {math.sqrt(2.0) * year_se:.4f} "
                      f"(noise in both years), |proxy - unadjusted 2017-18 share| = {abs(v - plain):.4f}, "
                      f"floor {SHARE_SE_FLOOR:.2f}) = {se:.4f}; assumes {area}'s ratio to England was "
                      f"stable 2014-15 to 2017-18, which the workbook cannot test")
            unc = {"standard_error": r4(se), "reason": reason}
            per10k, computed = None, False
        else:
            e_rate_then = e_then["value"] / eng_pop[proxy_year]
            e_rate_now = e_now["value"] / eng_pop[FIT_YEAR]
            la_rate_now = rec["value"] / pop[FIT_YEAR]
            plain = la_rate_now * pop[proxy_year]
            v = int(round(la_rate_now * (e_rate_then / e_rate_now) * pop[proxy_year]))
            year_rel = orig_unc["standard_error"] / rec["value"]
            poisson = math.sqrt(v)
            se = max(poisson, math.sqrt(2.0) * year_rel * v, abs(v - plain))
            reason = (f"PROXY (no {area} figure for {proxy_year} in the workbook): {area} 2017-18 rate "
                      f"{la_rate_now * 1e4:.1f} per 10,000 ({rec['value']:,} / {pop[FIT_YEAR]:,}) x England "
                      f"rate ratio {proxy_year}/2017-18 {e_rate_then * 1e4:.1f}/{e_rate_now * 1e4:.1f} x "
                      f"mid-{year_start(proxy_year)} population {pop[proxy_year]:,} = {v:,} "
                      f"(unadjusted: 2017-18 rate x {proxy_year} population = {plain:,.0f}). "
                      f"SE = max(sqrt(n) = {poisson:.1f}, sqrt(2) x single-year relative SE "
                      f"{year_rel * 100:.1f}% x {v:,} = {math.sqrt(2.0) * year_rel * v:.1f} (noise in both "
                      f"years), |proxy - unadjusted| = {abs(v - plain):.1f}) = {se:.1f}; assumes {area}'s "
                      f"ratio to England was stable 2014-15 to 2017-18, which the workbook cannot test")
            unc = {"standard_error": r1(se), "reason": reason}
            per10k, computed = r1(v / pop[proxy_year] * 1e4), True
            cells += (f"; ANNEX!{c_then}{annex_row},{c_now}{annex_row},"
                      f"{c_then}{annex_eng},{c_now}{annex_eng}")
        proxies.append(make_target(metric, proxy_year, v, per10k, computed, unc, False,
                                   rec["table"], cells, titles[rec["table"]]))
    observed = []
    for t in base["targets"]:
        t = json.loads(json.dumps(t))
        t["holdout"] = True  # real 2017-18 figures: forward test for a 2014 start
        observed.append(t)
    targets = sorted(proxies + observed, key=lambda t: (METRIC_ORDER[t["metric"]], t["year"]))
    out = dict(base)
    out["fit_year"] = proxy_year
    out["targets"] = targets
    out["not_in_source"] = [dict(x) for x in NOT_IN_SOURCE] + [{
        "metric": f"all {area} metrics, {proxy_year}",
        "reason": f"the workbook's local-authority tables (B1-D8) cover 2017-18 only; the {proxy_year} "
                  f"targets here are proxies built from {area}'s 2017-18 figures and England's A1/A2 time series",
    }]
    return out


def _den_metric(metric: str) -> str:
    for spec in ENGLAND_SPECS:
        if spec["metric"] == metric:
            return spec["den_metric"]
    raise KeyError(metric)


# --------------------------------------------------------------------------
# Diagnostics (numbers quoted in README.md)
# --------------------------------------------------------------------------
def diagnostics(wb: Workbook, cp: dict) -> str:
    lines = []
    lines.append("Years covered (INDEX column D):")
    for t, y in sorted(wb.index_years().items(), key=lambda kv: (kv[0][0], int(kv[0][1:]))):
        cov = None
        for r in range(1, 7):
            v = norm(wb.sheet(t).get(r, {}).get("B", ""))
            if v.startswith("Coverage"):
                cov = v
        lines.append(f"  {t}: {y}; {cov}")
    lines.append(f"  ANNEX population years: {', '.join(wb.year_columns('ANNEX'))}")
    e0, e1 = cp["england"]
    lines.append(f"CP stock one-year change (D1): England 1 April 2017 {e0:,} -> 31 March 2018 {e1:,}; "
                 f"{cp['n']} LAs with >= {CP_CHANGE_MIN_STOCK} plans: SD of log change net of England "
                 f"{cp['sd_plain']:.3f}, robust SD {cp['change_sd']:.3f}, per-year (/sqrt 2) {cp['rel']:.3f}")
    # within-year noise of monthly referral counts (C6), net of England's seasonality
    grid = wb.sheet("C6")
    months = "FGHIJKLMNOPQ"
    er = wb.area_row("C6", "England")
    eng = [parse_count(grid[er][c]) for c in months]
    eshare = [e / sum(eng) for e in eng]
    rel = {}
    for r in sorted(grid):
        row = grid[r]
        if not re.fullmatch(r"\d{3}", norm(row.get("B", ""))):
            continue
        m = [parse_count(row.get(c)) for c in months]
        if None in m or sum(m) < 500:
            continue
        tot = sum(m)
        resid = [mi - tot * s for mi, s in zip(m, eshare)]
        sd = math.sqrt(sum(x * x for x in resid) / (len(m) - 1))
        rel[norm(row["C"])] = math.sqrt(12) * sd / tot
    q = statistics.quantiles(sorted(rel.values()), n=4)
    lines.append(f"Monthly referrals (C6), {len(rel)} LAs with >= 500 referrals: implied annual relative SD "
                 f"from deseasonalised month-to-month noise: quartiles {q[0]:.3f} / {q[1]:.3f} / {q[2]:.3f}")
    for area, _ in AREAS:
        if area in rel:
            own = cp["own"].get(area)
            lines.append(f"  {area}: monthly-noise annual SD {rel[area]:.3f}; CP open 1 April 2017 -> "
                         f"31 March 2018 {own[0]:,} -> {own[1]:,}")
    return "\n".join(lines)


# --------------------------------------------------------------------------
def dump(obj) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("xlsx", nargs="?", default=str(DEFAULT_XLSX),
                    help=f"path to {XLSX_NAME} (default: ../shared/data/dfe/ relative to the repo root)")
    ap.add_argument("--out", default=str(DEFAULT_OUT), help="output directory (default: calibration/targets)")
    ap.add_argument("--diagnostics", action="store_true",
                    help="also print the year coverage and the variability statistics quoted in README.md")
    args = ap.parse_args(argv)

    xlsx = Path(args.xlsx)
    if not xlsx.is_file():
        print(f"error: workbook not found: {xlsx}", file=sys.stderr)
        return 2
    try:
        wb = Workbook(xlsx)
        titles = wb.table_titles()
        cp = cp_stock_variability(wb)
        outputs = []
        for area, slug in AREAS:
            outputs.append((f"{slug}-{FIT_YEAR}.json", build_area(wb, area, titles, cp)))
        for area, slug, year in PROXY_FILES:
            outputs.append((f"{slug}-{year}.json", build_proxy(wb, area, year, titles, cp)))
    except ExtractError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1

    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, obj in outputs:
        path = out_dir / name
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(dump(obj))
        print(f"wrote {path} ({len(obj['targets'])} targets, {len(obj['durations'])} duration tables)")
    if args.diagnostics:
        print(diagnostics(wb, cp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
