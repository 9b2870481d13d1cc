#!/usr/bin/env python3
"""The share of Hertfordshire's key-work episodes that close with complex need unresolved, set so
that key work has the effect the Troubled Families evaluation found, no more.

The evaluation (MHCLG, National evaluation of the Troubled Families Programme 2015-2020:
Findings, 2019; quoted in ../shared/brief/parameters.md, medium confidence) found 1.7% of the
programme group and 2.5% of the comparison group entering care: a relative risk of 0.68. In the
model a family with complex need that is not identified is referred to children's social care at
the fitted rate; key work refers at 0.68 times that rate while it lasts (tied in
calibration/hertfordshire-2018.json) and then closes to universal need, to additional need or,
unresolved, back to complex need. This script finds the unresolved share z for which a family
starting key work is referred within two years 0.68 times as often as one with complex need and
no key work, the rest closing 7:3 to universal and additional need.

It solves the pathway's states around complex need as a continuous-time Markov chain
(uniformisation), with every duration taken as exponential with the lognormal's mean: an
approximation, stated in the scenario. Run it after a calibration and copy z into
scenarios/hertfordshire/model.json (key_work_ends) if it moved:

    calibration/key_work_effect.py scenarios/hertfordshire/baseline.json
"""
import json
import math
import pathlib
import sys

RELATIVE_RISK = 0.68  # Troubled Families: 1.7% / 2.5%
YEARS = 2.0
STATES = ["universal", "additional", "single_agency", "complex", "key_work", "intensive", "referred"]


def merged(path):
    """The scenario after its "extends" chain (objects merged, as RFC 7386)."""
    doc = json.loads(pathlib.Path(path).read_text())
    parent = doc.pop("extends", None)
    if parent is None:
        return doc
    base = merged(pathlib.Path(path).parent / parent)

    def merge(a, b):
        if not isinstance(b, dict):
            return b
        a = dict(a) if isinstance(a, dict) else {}
        for k, v in b.items():
            if v is None:
                a.pop(k, None)
            else:
                a[k] = merge(a.get(k), v)
        return a
    return merge(base, doc)


def value(x):
    return x["value"] if isinstance(x, dict) else x


def mean_years(duration):
    """A lognormal duration's mean, in years."""
    return value(duration["median_days"]) * math.exp(value(duration["sigma"]) ** 2 / 2) / 365.25


def rates(s, unresolved):
    t = s["pathway"]["transitions"]
    rate = lambda name: value(t[name]["rate_per_year"])
    single = 1 / mean_years(t["single_agency_support_ends"]["duration"])
    key = 1 / mean_years(t["key_work_ends"]["duration"])
    intensive = 1 / mean_years(t["intensive_support_ends"]["duration"])
    intensive_to_universal = value(t["intensive_support_ends"]["outcomes"][0]["probability"])
    return {
        "universal": {"additional": rate("need_emerges"), "referred": rate("acute_incident_referral")},
        "additional": {"universal": rate("additional_need_resolves"),
                       "single_agency": rate("additional_need_identified"),
                       "complex": rate("additional_need_escalates"),
                       "referred": rate("additional_need_referral")},
        "single_agency": {"universal": single, "complex": rate("single_agency_escalates")},
        # The comparison group gets no key work: identification into it is left out.
        "complex": {"additional": rate("complex_need_resolves"),
                    "intensive": rate("complex_need_to_intensive_support"),
                    "referred": rate("complex_need_referral")},
        "key_work": {"universal": key * 0.7 * (1 - unresolved),
                     "additional": key * 0.3 * (1 - unresolved),
                     "complex": key * unresolved, "referred": rate("key_work_step_up")},
        "intensive": {"universal": intensive * intensive_to_universal,
                      "additional": intensive * (1 - intensive_to_universal),
                      "referred": rate("intensive_support_step_up")},
        "referred": {},
    }


def referred_within(q, start, years):
    """P(referred by `years`) from `start`, by uniformisation."""
    lam = 1.05 * max(sum(out.values()) for out in q.values())
    term = {s: 1.0 if s == start else 0.0 for s in STATES}
    weight, total, k = math.exp(-lam * years), 0.0, 0
    mass = 0.0
    while mass < 1 - 1e-12 and k < 5000:
        total += weight * term["referred"]
        mass += weight
        nxt = {s: 0.0 for s in STATES}
        for s in STATES:
            nxt[s] += term[s] * (1 - sum(q[s].values()) / lam)
            for to, r in q[s].items():
                nxt[to] += term[s] * r / lam
        term, k = nxt, k + 1
        weight *= lam * years / k
    return total


def relative_risk(s, unresolved):
    q = rates(s, unresolved)
    return referred_within(q, "key_work", YEARS) / referred_within(q, "complex", YEARS)


def main(path):
    s = merged(path)
    lo, hi = 0.0, 1.0
    for _ in range(50):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if relative_risk(s, mid) < RELATIVE_RISK else (lo, mid)
    z = (lo + hi) / 2
    current = value(s["pathway"]["transitions"]["key_work_ends"]["outcomes"][2]["probability"])
    print(f"unresolved share for a relative risk of {RELATIVE_RISK} over {YEARS:g} years: {z:.3f} "
          f"(the scenario has {current}, giving {relative_risk(s, current):.3f}); "
          f"with none unresolved it would be {relative_risk(s, 0.0):.3f}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "scenarios/hertfordshire/baseline.json")
