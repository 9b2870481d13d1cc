#!/usr/bin/env python3
"""Markdown tables of a calibration's fit, from the fit.json `ehsim calibrate` writes: each
target against its observation, each parameter's start, fitted value and plausible range, and
the ten-year path of the stocks. Used for the council sections of docs/calibration.md.

    calibration/fit_tables.py scenarios/hertfordshire/calibration/fit.json
"""
import json
import sys


def number(v):
    if v is None:
        return "—"
    if abs(v) < 1:
        return f"{100 * v:.1f}%"
    return f"{v:,.0f}"


def general(v):
    return f"{v:.4g}"


def targets_table(fit):
    rows = ["| figure | observed | simulated, median (90% interval) | difference | z | |",
            "|---|---|---|---|---|---|"]
    for t in fit["targets"]:
        c = t["calibrated"]
        obs = t["observed"]
        diff = "—" if obs == 0 else f"{100 * (c['mean'] - obs) / obs:+.1f}%"
        z = (c["mean"] - obs) / t["sigma"] if t.get("sigma") else 0.0
        name = t["id"].replace("_", " ")
        rows.append(f"| {name} | {number(obs)} | {number(c['p50'])} ({number(c['p05'])}–"
                    f"{number(c['p95'])}) | {diff} | {z:+.2f} | "
                    f"{'fitted' if t.get('fitted') else 'shown'} |")
    return "\n".join(rows)


def parameters_table(fit):
    rows = ["| parameter | bounds | start | fitted | plausible 5th–95th |", "|---|---|---|---|---|"]
    for p in fit["parameters"]:
        pl = p.get("plausible") or {}
        tied = "".join(f"; ties {t['pointer'].split('/')[3]} at ×{t['ratio']}"
                       for t in p.get("tied", []))
        rows.append(f"| {p['label']}{tied} | {general(p['lower'])}–{general(p['upper'])} | "
                    f"{general(p['start_value'])} | {general(p['fitted_value'])} | "
                    f"{general(pl.get('p05', float('nan')))}–{general(pl.get('p95', float('nan')))} |")
    return "\n".join(rows)


def path_table(fit):
    rows = ["| 31 March of | children in need | on CP plans | looked after | children 0–17 |",
            "|---|---|---|---|---|"]
    for y in fit["ten_year_path"]:
        cells = [f"{number(y[k]['p50'])} ({number(y[k]['p05'])}–{number(y[k]['p95'])})"
                 for k in ("children_in_need", "child_protection", "looked_after", "population")]
        rows.append(f"| {y['financial_year']} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main(path):
    fit = json.load(open(path))
    print(f"{fit['evaluations']} evaluations, {fit['seconds'] / 60:.1f} minutes; objective "
          f"{fit['objective']['start']:.1f} -> {fit['objective']['best']:.2f}; largest "
          f"implausibility {fit['max_implausibility']['start']:.2f} -> "
          f"{fit['max_implausibility']['best']:.2f}\n")
    print(targets_table(fit), "\n")
    print(parameters_table(fit), "\n")
    print(path_table(fit))


if __name__ == "__main__":
    main(sys.argv[1])
