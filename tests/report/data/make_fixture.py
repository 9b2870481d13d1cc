#!/usr/bin/env python3
"""Builds the report test fixture: a results directory shaped like `ehsim compare`'s output.

The demand figures are real: two `ehsim run` result directories (Hertfordshire baseline and
Families First, same seed). The money is not: until `ehsim compare` and the economics layer
exist, this script values the demand with round illustrative unit costs so that the report has
every section to draw. The numbers are plausible in size and internally consistent (net saving =
cost avoided - extra investment; cumulative sums add up), which is what the tests need.

Usage: make_fixture.py BASELINE_RUN_DIR ALTERNATIVE_RUN_DIR OUT_DIR
"""
import csv
import json
import math
import os
import sys

Z90 = 1.6448536269514722
YEARS_KEYS = {
    "cin": "children_in_need_at_31_march",
    "cp": "child_protection_plans_at_31_march",
    "lac": "looked_after_at_31_march",
    "esc": "escalations_to_statutory_care",
}
# Illustrative annual costs (2018/19 prices) per child in the stock at 31 March, or per escalation.
CATEGORIES = [
    # category, payer, cashable share, {measure: £ per unit}
    ("Children's social care and looked-after children", "Council", 0.55,
     {"cin": 4500, "cp": 11000, "lac": 65000}),
    ("Youth justice", "Police and youth justice", 0.2, {"esc": 1200, "lac": 3000}),
    ("NEET and economic inactivity", "DWP", 0.1, {"esc": 1500, "lac": 2500}),
    ("School absence and exclusion", "Schools", 0.15, {"esc": 700, "cin": 300}),
    ("Mental health", "NHS", 0.3, {"esc": 1800, "cp": 900}),
    ("Domestic abuse", "Police and youth justice", 0.2, {"esc": 1300, "cp": 1200}),
    ("Substance misuse", "NHS", 0.3, {"esc": 600}),
    ("Health and A&E", "NHS", 0.3, {"esc": 900, "cin": 150}),
]
DISCOUNT = 0.035
TARGET = 5_000_000


def s(mean, sd_paired, sd_unpaired, n=20):
    """A summary object as in comparison.json, with a normal approximation to the range."""
    r = lambda x: round(x, 4)
    return {"mean": r(mean), "p05": r(mean - Z90 * sd_paired), "p50": r(mean),
            "p95": r(mean + Z90 * sd_paired), "se": r(sd_paired / math.sqrt(n)),
            "unpaired_p05": r(mean - Z90 * sd_unpaired), "unpaired_p95": r(mean + Z90 * sd_unpaired)}


def level(mean, sd, n=20):
    r = lambda x: round(x, 4)
    return {"mean": r(mean), "p05": r(mean - Z90 * sd), "p50": r(mean), "p95": r(mean + Z90 * sd),
            "se": r(sd / math.sqrt(n)), "unpaired_p05": r(mean - Z90 * sd),
            "unpaired_p95": r(mean + Z90 * sd)}


def load(d):
    with open(os.path.join(d, "summary.json")) as f:
        summary = json.load(f)
    with open(os.path.join(d, "manifest.json")) as f:
        manifest = json.load(f)
    return summary, manifest


def year_costs(year):
    total = {}
    for cat, _, _, unit in CATEGORIES:
        total[cat] = sum(year[YEARS_KEYS[m]]["mean"] * c for m, c in unit.items())
    return total


def copy_run(src, dst):
    """Copies a run directory, keeping only financial-year rows and the quarterly rows the
    report draws, so the fixture stays small."""
    os.makedirs(dst, exist_ok=True)
    for name in ("summary.json", "manifest.json"):
        with open(os.path.join(src, name)) as f, open(os.path.join(dst, name), "w") as g:
            g.write(f.read())
    keep_quarter = {"group_children_at_end"}
    with open(os.path.join(src, "timeseries.csv")) as f, \
            open(os.path.join(dst, "timeseries.csv"), "w", newline="") as g:
        rows = csv.reader(f)
        out = csv.writer(g, lineterminator="\n")
        out.writerow(next(rows))
        for row in rows:
            if row[0] == "financial_year" or row[2] in keep_quarter:
                out.writerow(row)


def main(base_dir, alt_dir, out_dir):
    base, base_manifest = load(base_dir)
    alt, alt_manifest = load(alt_dir)
    slugs = {"baseline": base_dir, "families-first": alt_dir}
    for slug, d in slugs.items():
        copy_run(d, os.path.join(out_dir, "scenarios", slug))

    extra_per_year = 6_400_000 - 4_300_000
    by_year, cum, cum_sd = [], 0.0, 0.0
    per_scenario = {"baseline": [], "families-first": []}
    eh_budget = {"baseline": 4_300_000 + 1_600_000, "families-first": 6_400_000 + 1_600_000}
    cat_avoided = {c[0]: 0.0 for c in CATEGORIES}
    payback_year = None
    for i, (yb, ya) in enumerate(zip(base["by_financial_year"], alt["by_financial_year"])):
        fy = yb["financial_year"]
        cb, ca = year_costs(yb), year_costs(ya)
        for slug, costs in (("baseline", cb), ("families-first", ca)):
            sd = 0.03 * sum(costs.values())
            per_scenario[slug].append({
                "financial_year": fy, "total": level(sum(costs.values()), sd),
                "by_category": {k: level(v, 0.03 * v) for k, v in costs.items()}})
        avoided = sum(cb.values()) - sum(ca.values())
        for k in cat_avoided:
            cat_avoided[k] += cb[k] - ca[k]
        sd_pair, sd_unpair = 0.18 * abs(avoided), 0.6 * abs(avoided)
        net = avoided - extra_per_year
        df = (1 + DISCOUNT) ** -(i + 0.5)
        cum += net * df
        cum_sd = math.sqrt(cum_sd ** 2 + (sd_pair * df) ** 2)
        if payback_year is None and cum > 0:
            payback_year = fy
        d = {k: yb[v]["mean"] - ya[v]["mean"] for k, v in YEARS_KEYS.items()}
        sdd = {k: math.sqrt(yb[v]["sd"] ** 2 + ya[v]["sd"] ** 2) for k, v in YEARS_KEYS.items()}
        p_target = 0.5 * (1 + math.erf((cum - TARGET) / (max(cum_sd, 1.0) * math.sqrt(2))))
        by_year.append({
            "financial_year": fy, "extra_investment": s(extra_per_year, 0, 0),
            "cost_avoided": s(avoided, sd_pair, sd_unpair), "net_saving": s(net, sd_pair, sd_unpair),
            "cumulative_net_saving_discounted": s(cum, cum_sd, 3 * cum_sd),
            "cin_avoided": s(d["cin"], 0.5 * sdd["cin"], sdd["cin"]),
            "cp_avoided": s(d["cp"], 0.5 * sdd["cp"], sdd["cp"]),
            "lac_avoided": s(d["lac"], 0.5 * sdd["lac"], sdd["lac"]),
            "probability_target_met": round(p_target, 4)})
    years = len(by_year)
    total_avoided = sum(y["cost_avoided"]["mean"] for y in by_year)
    total_extra = extra_per_year * years
    npv = by_year[-1]["cumulative_net_saving_discounted"]["mean"]
    tot_sd = math.sqrt(sum((0.18 * y["cost_avoided"]["mean"]) ** 2 for y in by_year))
    last = by_year[-1]
    ratio = total_avoided / total_extra
    fiscal_share = 0.8
    headline = {
        "extra_investment": s(total_extra, 0, 0),
        "cost_avoided": s(total_avoided, tot_sd, 3 * tot_sd),
        "net_saving": s(total_avoided - total_extra, tot_sd, 3 * tot_sd),
        "net_saving_npv": s(npv, 0.9 * tot_sd,
                            2.7 * tot_sd),
        "benefit_cost_ratio": s(ratio, tot_sd / total_extra, 3 * tot_sd / total_extra),
        "fiscal_return_per_pound": s(ratio * fiscal_share, 0.8 * tot_sd / total_extra,
                                     2.4 * tot_sd / total_extra),
        "social_return_per_pound": s(ratio * 3.1, 3.1 * tot_sd / total_extra,
                                     9.3 * tot_sd / total_extra),
        "payback": {"median_year": payback_year, "share_paying_back": 0.86},
        "cin_avoided_final_year": last["cin_avoided"],
        "cp_avoided_final_year": last["cp_avoided"],
        "lac_avoided_final_year": last["lac_avoided"],
    }
    payers = {}
    for cat, payer, cashable, _ in CATEGORIES:
        p = payers.setdefault(payer, [0.0, 0.0])
        p[0] += cat_avoided[cat]
        p[1] += cat_avoided[cat] * cashable
    by_payer = [{"payer": k, "cost_avoided": s(v[0], 0.18 * v[0], 0.6 * v[0]),
                 "cashable": s(v[1], 0.18 * v[1], 0.6 * v[1])} for k, v in payers.items()]
    staffing = []
    for key, svc in base["services_over_horizon"].items():
        fb = svc["budget_to_places"][0]["total_fte_with_management_and_admin"]
        fa = alt["services_over_horizon"][key]["budget_to_places"][0]["total_fte_with_management_and_admin"]
        staffing.append({"service": key, "label": svc["label"], "fte_funded_baseline": s(fb, 0, 0),
                         "fte_funded_alternative": s(fa, 0, 0), "difference": s(fa - fb, 0, 0)})
    comparison = {
        "schema_version": 1,
        "ehsim_version": base_manifest["ehsim_version"],
        "git_commit": base_manifest["git_commit"],
        "seed": base_manifest["seed"],
        "replications": base_manifest["replications"],
        "threads": base_manifest["threads"],
        "price_base_year": "2018/19",
        "discount_rate": DISCOUNT,
        "target": TARGET,
        "baseline": {"name": base_manifest["scenario_name"], "path": base_manifest["scenario_path"],
                     "sha256": base_manifest["scenario_sha256"], "slug": "baseline"},
        "alternatives": [{
            "name": alt_manifest["scenario_name"], "path": alt_manifest["scenario_path"],
            "sha256": alt_manifest["scenario_sha256"], "slug": "families-first",
            "headline": headline, "by_year": by_year,
            "by_category": [{"category": k, "cost_avoided": s(v, 0.18 * abs(v), 0.6 * abs(v))}
                            for k, v in cat_avoided.items()],
            "by_payer": by_payer, "staffing": staffing,
            "assumptions_differing": [
                {"pointer": "/services/families_first_key_workers/budget_per_year/value",
                 "baseline": 4300000, "alternative": 6400000,
                 "source": "assumption: Families First investment: £2.1m a year more key-work capacity, illustrative"},
                {"pointer": "/pathway/transitions/additional_need_identified/rate_per_year/value",
                 "baseline": 0.5, "alternative": 0.7,
                 "source": "assumption: faster identification of emerging need through schools' early help champions"},
                {"pointer": "/pathway/transitions/complex_need_identified/rate_per_year/value",
                 "baseline": 0.8, "alternative": 1.0,
                 "source": "assumption: faster identification of complex need"}]}],
        "per_scenario": [
            {"name": m["scenario_name"], "slug": slug, "late_intervention_cost_by_year": per_scenario[slug],
             "early_help_cost_by_year": [{"financial_year": y["financial_year"],
                                          "total": level(eh_budget[slug], 0)} for y in by_year]}
            for slug, m in (("baseline", base_manifest), ("families-first", alt_manifest))],
    }
    with open(os.path.join(out_dir, "comparison.json"), "w") as f:
        json.dump(comparison, f, indent=2, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main(*sys.argv[1:4])
