#!/usr/bin/env python3
"""The share of Hertfordshire's single-agency early help episodes that close with the family's
additional need unresolved, set so that single-agency support has the effect the scenario assumes
for it (a relative risk of 0.85), no more.

Single-agency support (a school or a health visitor, no key worker) is taken to have about half
the effect of key work on the log scale: key work's relative risk is the Troubled Families
evaluation's 0.68 (see key_work_effect.py), sqrt(0.68) = 0.82, rounded to 0.85, an assumption
stated in scenarios/hertfordshire/model.json. While support lasts, escalation to complex need and
referral to children's social care run at 0.85 times the unsupported rates (tied in
calibration/hertfordshire-2018.json). This script sets what happens when support ends: the family
returns to universal services (need met) or, unresolved, to unidentified additional need. Without
an unresolved share every episode would end with need met, an effect far larger than 0.85 that
no source supports. It finds the unresolved share z for which a family starting single-agency
support escalates to complex need or is referred within two years 0.85 times as often as a family
with additional need and no support.

As key_work_effect.py, it solves these states as a continuous-time Markov chain (uniformisation),
each duration taken as exponential with the lognormal's mean: an approximation. Run it after a
calibration and copy z into scenarios/hertfordshire/model.json (single_agency_support_ends):

    calibration/single_agency_effect.py scenarios/hertfordshire/baseline.json
"""
import math
import sys

from key_work_effect import mean_years, merged, value

RELATIVE_RISK = 0.85
YEARS = 2.0


def rates(s, unresolved):
    t = s["pathway"]["transitions"]
    rate = lambda name: value(t[name]["rate_per_year"])
    ends = 1 / mean_years(t["single_agency_support_ends"]["duration"])
    # The comparison family gets no support: identification into it is left out. Escalation and
    # referral are absorbing: the question is whether they happen within the two years.
    return {
        "universal": {"additional": rate("need_emerges"), "escalated": rate("acute_incident_referral")},
        "additional": {"universal": rate("additional_need_resolves"),
                       "escalated": rate("additional_need_escalates") + rate("additional_need_referral")},
        "single_agency": {"universal": ends * (1 - unresolved), "additional": ends * unresolved,
                          "escalated": rate("single_agency_escalates") + rate("single_agency_referral")},
        "escalated": {},
    }


def escalated_within(q, start, years):
    """P(escalated or referred by `years`) from `start`, by uniformisation."""
    states = list(q)
    lam = 1.05 * max(sum(out.values()) for out in q.values())
    term = {s: 1.0 if s == start else 0.0 for s in states}
    weight, total, mass, k = math.exp(-lam * years), 0.0, 0.0, 0
    while mass < 1 - 1e-12 and k < 5000:
        total += weight * term["escalated"]
        mass += weight
        nxt = {s: 0.0 for s in states}
        for s in states:
            nxt[s] += term[s] * (1 - sum(q[s].values()) / lam)
            for to, r in q[s].items():
                nxt[to] += term[s] * r / lam
        term, k = nxt, k + 1
        weight *= lam * years / k
    return total


def relative_risk(s, unresolved):
    q = rates(s, unresolved)
    return escalated_within(q, "single_agency", YEARS) / escalated_within(q, "additional", YEARS)


def main(path):
    s = merged(path)
    lo, hi = 0.0, 1.0
    for _ in range(50):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if relative_risk(s, mid) < RELATIVE_RISK else (lo, mid)
    z = (lo + hi) / 2
    outcomes = s["pathway"]["transitions"]["single_agency_support_ends"].get("outcomes")
    current = value(outcomes[1]["probability"]) if outcomes else 0.0
    print(f"unresolved share for a relative risk of {RELATIVE_RISK} over {YEARS:g} years: {z:.3f} "
          f"(the scenario has {current}, giving {relative_risk(s, current):.3f}); "
          f"with none unresolved it would be {relative_risk(s, 0.0):.3f}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "scenarios/hertfordshire/baseline.json")
