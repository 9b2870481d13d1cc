#!/usr/bin/env python3
"""The workbook recomputes in a real spreadsheet engine, to the figures ehsim computes.

Runs `ehsim compare` on the economics tests' small scenarios, then with LibreOffice headless
(Debian's libreoffice-calc, a private profile set to recalculate every formula on load):

1. opens the workbook as written and recalculates it: it opens (no repair), every formula's
   recalculated value equals the value ehsim cached in it, and the NPV, present values and
   totals equal comparison.json's means (the workbook works on mean activity; means of linear
   quantities agree);
2. changes the discount rate in Inputs: the NPV and the present value of the investment equal
   what the discount formula gives from comparison.json's per-year means;
3. doubles one unit cost in Inputs: the NPV and the cost avoided equal those of a second
   `ehsim compare` run on scenarios with that unit cost doubled (same seed, same replications).

Usage: workbook_recalc.py EHSIM_BINARY SOURCE_DIR WORK_DIR. Exit 0 pass, 1 fail, 77 skipped
(no LibreOffice).
"""
import json
import pathlib
import re
import shutil
import subprocess
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)
    return condition


def close(a, b, rel=1e-9, abs_tol=1e-6):
    return abs(a - b) <= max(abs_tol, rel * max(abs(a), abs(b)))


class Workbook:
    """Cells (value, formula) per sheet and the defined names, read from the xlsx XML."""

    def __init__(self, path):
        self.path = pathlib.Path(path)
        with zipfile.ZipFile(self.path) as z:
            self.files = {n: z.read(n) for n in z.namelist()}
        book = ET.fromstring(self.files["xl/workbook.xml"])
        rels = ET.fromstring(self.files["xl/_rels/workbook.xml.rels"])
        targets = {r.get("Id"): r.get("Target") for r in rels}
        self.sheet_files = {}
        for s in book.find("m:sheets", NS):
            target = targets[s.get(REL)].lstrip("/")
            self.sheet_files[s.get("name")] = target if target.startswith("xl/") else "xl/" + target
        self.names = {}
        names = book.find("m:definedNames", NS)
        for d in (names if names is not None else []):
            m = re.match(r"^'?(.*?)'?!\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$", d.text or "")
            if m and d.get("localSheetId") is None:
                self.names[d.get("name")] = (m.group(1).replace("''", "'"), m.group(2) + m.group(3))
        strings = []
        if "xl/sharedStrings.xml" in self.files:
            for si in ET.fromstring(self.files["xl/sharedStrings.xml"]).findall("m:si", NS):
                strings.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
        self.cells = {}
        for name, member in self.sheet_files.items():
            cells = {}
            for c in ET.fromstring(self.files[member]).iter("{%s}c" % NS["m"]):
                v, f = c.find("m:v", NS), c.find("m:f", NS)
                kind = c.get("t")
                value = None
                if v is not None and v.text is not None:
                    if kind == "s":
                        value = strings[int(v.text)]
                    elif kind in ("str", "inlineStr", "e"):
                        value = v.text
                    elif kind == "b":
                        value = bool(int(v.text))
                    else:
                        value = float(v.text)
                cells[c.get("r")] = (value, f.text if f is not None else None)
            self.cells[name] = cells

    def named(self, name):
        sheet, ref = self.names[name]
        return self.cells[sheet][ref][0]

    def with_values(self, changes, out_path):
        """A copy with (sheet, cell) -> number replaced in the sheet XML."""
        by_member = {}
        for (sheet, ref), value in changes.items():
            by_member.setdefault(self.sheet_files[sheet], {})[ref] = value
        with zipfile.ZipFile(out_path, "w", zipfile.ZIP_DEFLATED) as z:
            for member, data in self.files.items():
                if member in by_member:
                    text = data.decode("utf-8")
                    for ref, value in by_member[member].items():
                        pattern = re.compile(r'<c r="%s"([^>]*?)(/>|>.*?</c>)' % ref)
                        match = pattern.search(text)
                        assert match, f"no cell {ref} in {member}"
                        attributes = re.sub(r'\s*t="[^"]*"', "", match.group(1))
                        text = (text[:match.start()] + f'<c r="{ref}"{attributes}><v>{value!r}</v></c>'
                                + text[match.end():])
                    data = text.encode("utf-8")
                z.writestr(member, data)


def recalculate(soffice, xlsx, work):
    """LibreOffice opens the file, recalculates every formula and saves it again as xlsx."""
    profile = work / "lo-profile"
    if not profile.exists():
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(RECALC_ALWAYS)
    out = work / ("recalculated-" + xlsx.stem)
    shutil.rmtree(out, ignore_errors=True)
    result = subprocess.run([soffice, "--headless", "--norestore",
                             f"-env:UserInstallation={profile.resolve().as_uri()}",
                             "--convert-to", "xlsx", "--outdir", str(out), str(xlsx)],
                            capture_output=True, text=True, timeout=180)
    produced = out / xlsx.name
    if not check(result.returncode == 0 and produced.exists(),
                 f"LibreOffice could not open and save {xlsx}: {result.stdout} {result.stderr}"):
        return None
    return Workbook(produced)


def find_row(book, sheet, column, text):
    for ref, (value, _) in book.cells[sheet].items():
        if re.match(rf"^{column}\d+$", ref) and value == text:
            return int(ref[len(column):])
    return None


def run_compare(binary, scenarios, out):
    shutil.rmtree(out, ignore_errors=True)
    command = [binary, "compare", *map(str, scenarios), "-n", "3", "--seed", "11", "-j", "2",
               "--target", "100k", "--staffing-replications", "0", "--no-report", "-q",
               "--out", str(out)]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"ehsim compare failed ({result.returncode}): {result.stderr}")
    return json.loads((out / "comparison.json").read_text())


def main(argv):
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    binary, source, work = argv[1], pathlib.Path(argv[2]), pathlib.Path(argv[3])
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("no LibreOffice (soffice) on PATH: scripts/setup.sh installs libreoffice-calc")
        return 77
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    data = source / "tests" / "economics" / "data"
    baseline, alternative = data / "small.json", data / "small-invest.json"
    c = run_compare(binary, [baseline, alternative], work / "base")
    alt = c["alternatives"][0]
    written = Workbook(work / "base" / "ehsim-comparison.xlsx")
    cash = "Cash flows"
    check(cash in written.cells, f"no '{cash}' sheet: {list(written.cells)}")
    results = {}
    for key, label in [("net_saving_npv", "Net present value (NPV) of the net saving"),
                       ("extra_investment_pv", "Present value of the extra investment"),
                       ("cost_avoided", "Fiscal cost avoided, total"),
                       ("extra_investment", "Extra investment, total"),
                       ("net_saving", "Net saving, total")]:
        row = find_row(written, cash, "A", label)
        check(row is not None, f"no results row '{label}'")
        results[key] = f"F{row}"

    # 1. As written: recalculated values equal the cached ones, and ehsim's means.
    book = recalculate(soffice, work / "base" / "ehsim-comparison.xlsx", work)
    if book is None:
        return 1
    compared = same_as_cached(written, book)
    print(f"1. {compared} numeric formula cells: LibreOffice's values equal the cached ones")
    check(compared > 200, f"only {compared} formula cells")
    for key, ref in results.items():
        workbook_value = book.cells[cash][ref][0]
        ehsim_mean = alt["headline"][key]["mean"]
        check(close(workbook_value, ehsim_mean, rel=1e-9),
              f"{key}: workbook {workbook_value} but ehsim's mean is {ehsim_mean}")
        print(f"   {key}: workbook {workbook_value:,.2f}, ehsim mean {ehsim_mean:,.2f}")

    # 2. The discount rate changed in Inputs.
    rate = 0.07
    sheet, ref = written.names["DiscountRate"]
    changed = work / "discount-rate.xlsx"
    written.with_values({(sheet, ref): rate}, changed)
    book = recalculate(soffice, changed, work)
    if book is None:
        return 1
    years = alt["by_year"]
    npv = sum((y["cost_avoided"]["mean"] - y["extra_investment"]["mean"]) / (1 + rate) ** t
              for t, y in enumerate(years))
    pv_investment = sum(y["extra_investment"]["mean"] / (1 + rate) ** t for t, y in enumerate(years))
    got_npv = book.cells[cash][results["net_saving_npv"]][0]
    got_pv = book.cells[cash][results["extra_investment_pv"]][0]
    check(close(got_npv, npv, rel=1e-9), f"discount rate {rate}: NPV {got_npv}, expected {npv}")
    check(close(got_pv, pv_investment, rel=1e-9),
          f"discount rate {rate}: PV of investment {got_pv}, expected {pv_investment}")
    check(not close(got_npv, alt["headline"]["net_saving_npv"]["mean"], rel=1e-3),
          "the NPV did not move with the discount rate")
    print(f"2. discount rate {rate:.1%}: NPV {got_npv:,.2f} (expected {npv:,.2f}); "
          f"PV investment {got_pv:,.2f} (expected {pv_investment:,.2f})")

    # 3. One unit cost doubled in Inputs, against ehsim re-run with that unit cost doubled.
    item = max((u for u in next(s for s in c["per_scenario"] if s["slug"] == "small")["unit_costs"]
                if u["category"] != "early_help"),
               key=lambda u: u["amount_at_base_prices"])
    row = find_row(written, "Inputs", "A", item_label := written_label(written, item["id"]))
    check(row is not None, f"no Inputs row for {item_label}")
    doubled = work / "unit-cost.xlsx"
    written.with_values({("Inputs", f"F{row}"): 2 * item["amount"]}, doubled)
    book = recalculate(soffice, doubled, work)
    if book is None:
        return 1
    patch = {"economics": {"cost_items": {item["id"]: {"amount": {
        "value": 2 * item["amount"], "assumption": "test: doubled"}}}}}
    scenarios = []
    for original in (baseline, alternative):
        copy = work / ("doubled-" + original.name)
        copy.write_text(json.dumps({"extends": str(original.resolve()), **patch}))
        scenarios.append(copy)
    c2 = run_compare(binary, scenarios, work / "doubled")
    expected = c2["alternatives"][0]["headline"]
    for key in ("net_saving_npv", "cost_avoided"):
        got = book.cells[cash][results[key]][0]
        check(close(got, expected[key]["mean"], rel=1e-9),
              f"{item['id']} doubled: {key} {got}, ehsim re-run gives {expected[key]['mean']}")
        print(f"3. {item['id']} x2: {key} workbook {got:,.2f}, ehsim re-run {expected[key]['mean']:,.2f}")
    check(not close(book.cells[cash][results["cost_avoided"]][0],
                    alt["headline"]["cost_avoided"]["mean"], rel=1e-6),
          "the cost avoided did not move with the unit cost")

    # 4. No extra investment (returns per £1 are n/a): the cached text agrees too.
    run_compare(binary, [baseline, data / "small-zero-effect.json"], work / "zero")
    zero = Workbook(work / "zero" / "ehsim-comparison.xlsx")
    book = recalculate(soffice, work / "zero" / "ehsim-comparison.xlsx", work)
    if book is None:
        return 1
    print(f"4. no investment: {same_as_cached(zero, book)} numeric formula cells agree")

    print(f"{0 if failures else 1} passed, {len(failures)} failed")
    return 1 if failures else 0


def same_as_cached(written, book):
    """Every formula's value as LibreOffice computes it equals the one ehsim cached."""
    check(set(book.cells) == set(written.cells), f"sheets changed: {list(book.cells)}")
    compared = 0
    for sheet, cells in written.cells.items():
        for ref, (value, formula) in cells.items():
            if formula is None:
                continue
            again = book.cells[sheet].get(ref, (None, None))[0]
            if isinstance(value, float):
                compared += 1
                check(isinstance(again, float) and close(value, again),
                      f"{sheet}!{ref} ={formula}: ehsim cached {value}, LibreOffice computes {again}")
            elif value is not None:
                check(again == value, f"{sheet}!{ref} ={formula}: cached {value!r}, computed {again!r}")
    return compared


def written_label(book, item_id):
    words = {"dwp": "DWP", "nhs": "NHS", "neet": "NEET", "cin": "CIN", "cp": "CP", "lac": "LAC",
             "childrens": "children's"}
    parts = [words.get(w, w) for w in re.split(r"[_-]", item_id) if w]
    label = " ".join(parts)
    return label[:1].upper() + label[1:]


if __name__ == "__main__":
    sys.exit(main(sys.argv))
