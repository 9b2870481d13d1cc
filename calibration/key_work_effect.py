#!/usr/bin/env python3
"""The share of a council's key-work episodes that close with complex need unresolved, set so that
key work has the effect the Troubled Families evaluation found, no more.

The evaluation (MHCLG, National evaluation of the Troubled Families Programme 2015-2020:
Findings, 2019; quoted in ../shared/brief/parameters.md, medium confidence) found 1.7% of the
programme group and 2.5% of the comparison group entering care: a relative risk of 0.68. In the
model a family with complex need that is not identified is referred to children's social care at
the fitted rate; key work refers at 0.68 times that rate while it lasts (tied in the council's
calibration file) and then closes to universal need, to a lower need or, unresolved, back to
complex need. This script finds the unresolved share z for which a family starting key work is
referred within two years 0.68 times as often as one with complex need and no key work, the rest
closing 7:3 to universal and the lower need.

It solves the pathway's states before children's social care as a continuous-time Markov chain
(uniformisation), with every duration taken as exponential with the lognormal's mean: an
approximation, stated in the scenarios. Every transition out of those states is taken from the
scenario as it stands (a rate, or a closure at one over the mean duration split by its outcomes);
a referral, or any move into social care, ends the chain ("referred"). The comparison group gets
no key work: every move into a key-work state from another state is left out, for both starting
points. With more than one key-work service, each is solved with the others' closures as they are
in the scenario.

Which states play which role (the complex-need state, each key-work service, its closure and the
state its partly-met closures go to) differs by council; COUNCILS below names them, chosen by the
scenario's "council" field or --council. Run it after a calibration and copy z into the council's
model.json (the key-work closure) if it moved:

    calibration/key_work_effect.py scenarios/hertfordshire/baseline.json
    calibration/key_work_effect.py scenarios/stoke-on-trent/baseline.json
    calibration/key_work_effect.py --council Medway scenarios/medway/baseline.json
"""
import argparse
import json
import math
import pathlib

RELATIVE_RISK = 0.68  # Troubled Families: 1.7% / 2.5%
YEARS = 2.0
RESOLVED_SPLIT = (0.7, 0.3)  # needs met : partly met, among closures not left with complex need

# Per council: the states before children's social care, the unidentified complex-need state
# (the comparison group's start and where an unresolved closure returns), and each key-work service
# for complex need: its state, its closure (whose outcomes are universal, the lower need and the
# complex-need state) and its step-up. Single-agency / partner support and other services are in
# "states" and enter the chain with their scenario rates; they are listed for the ties, not solved.
COUNCILS = {
    "Hertfordshire": {
        "states": ["universal", "additional_unidentified", "single_agency_support",
                   "intensive_unidentified", "families_first_key_work", "intensive_family_support"],
        "complex": "intensive_unidentified",
        "lower": "additional_unidentified",
        "key_work": {"families_first_key_work": {"ends": "key_work_ends", "step_up": "key_work_step_up"}},
        "single_agency": {"single_agency_escalates": "additional_need_escalates"},
    },
    "Stoke-on-Trent": {
        "states": ["universal", "emerging_unidentified", "partner_early_help",
                   "intense_unidentified", "eis_key_work"],
        "complex": "intense_unidentified",
        "lower": "emerging_unidentified",
        "key_work": {"eis_key_work": {"ends": "eis_ends", "step_up": "eis_step_up"}},
        "single_agency": {"partner_support_escalates": "emerging_need_escalates"},
    },
    "West Sussex": {
        "states": ["universal", "level1_early_help", "level2_unidentified", "level2_early_help",
                   "level3_unidentified", "think_family_key_work"],
        "complex": "level3_unidentified",
        "lower": "level2_unidentified",
        "key_work": {"think_family_key_work": {"ends": "think_family_ends",
                                               "step_up": "think_family_step_up"}},
        "single_agency": {"level2_support_escalates": "level2_need_escalates"},
    },
    "Medway": {
        "states": ["universal", "additional_unidentified", "additional_support",
                   "complex_unidentified", "complex_caf_support", "maff_intensive",
                   "complex_needs_offer"],
        "complex": "complex_unidentified",
        "lower": "additional_unidentified",
        # Level 2.5 held by a CAF lead professional, Medway Action for Families (intensive key work
        # for families meeting the Troubled Families criteria) and the complex-needs offer that
        # "transplants" MAfF practice (seed 002, l.151): all three are key work for complex need.
        "key_work": {"complex_caf_support": {"ends": "caf_support_ends", "step_up": "caf_support_step_up"},
                     "maff_intensive": {"ends": "maff_ends", "step_up": "maff_step_up"},
                     "complex_needs_offer": {"ends": "offer_ends", "step_up": "offer_step_up"}},
        "single_agency": {"additional_support_escalates": "additional_need_escalates"},
    },
    "Cambridgeshire": {
        "states": ["universal", "additional_unidentified", "single_agency_support",
                   "locality_team_early_help", "intensive_unidentified", "locality_team_complex",
                   "fip_key_work"],
        "complex": "intensive_unidentified",
        "lower": "additional_unidentified",
        "key_work": {"locality_team_complex": {"ends": "locality_complex_ends",
                                               "step_up": "locality_complex_step_up"},
                     "fip_key_work": {"ends": "fip_ends", "step_up": "fip_step_up"}},
        "single_agency": {"single_agency_escalates": "additional_need_escalates",
                          "locality_early_help_escalates": "additional_need_escalates"},
    },
}
REFERRED = "referred"


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


def shares(outcomes):
    """Outcome probabilities by destination, "remainder" filled in."""
    p = [None if o["probability"] == "remainder" else value(o["probability"]) for o in outcomes]
    rest = 1 - sum(x for x in p if x is not None)
    out = {}
    for o, x in zip(outcomes, p):
        out[o["to"]] = out.get(o["to"], 0.0) + (rest if x is None else x)
    return out


def rates(s, c, unresolved):
    """The chain's rates, each key-work closure with the unresolved share given for it (a dict
    by key-work state; a state not in it keeps its closure's outcomes as in the scenario)."""
    states = c["states"]
    key_work = c["key_work"]
    q = {st: {} for st in states}
    q[REFERRED] = {}

    def add(frm, to, r):
        if r:
            q[frm][to] = q[frm].get(to, 0.0) + r

    for t in s["pathway"]["transitions"].values():
        frm = t["from"]
        if frm not in q or frm == REFERRED:
            continue
        if "rate_per_year" in t:
            r = value(t["rate_per_year"])
            if "outcomes" in t or t.get("to") not in states:
                add(frm, REFERRED, r)       # a referral: the front door, whatever it decides
            elif t["to"] in key_work and t["to"] != frm:
                continue                    # identification into key work: the comparison gets none
            else:
                add(frm, t["to"], r)
        else:                               # a closure, after its duration
            r = 1 / mean_years(t["duration"])
            if frm in key_work and frm in unresolved and t is s["pathway"]["transitions"][key_work[frm]["ends"]]:
                z = unresolved[frm]
                split = {"universal": RESOLVED_SPLIT[0] * (1 - z), c["lower"]: RESOLVED_SPLIT[1] * (1 - z),
                         c["complex"]: z}
            else:
                split = shares(t["outcomes"]) if "outcomes" in t else {t["to"]: 1.0}
            for to, p in split.items():
                if to in key_work and to != frm:
                    continue
                add(frm, to if to in states else REFERRED, r * p)
    return q


def referred_within(q, start, years):
    """P(referred by `years`) from `start`, by uniformisation."""
    names = list(q)
    lam = 1.05 * max(sum(out.values()) for out in q.values())
    term = {s: 1.0 if s == start else 0.0 for s in names}
    weight, total, k = math.exp(-lam * years), 0.0, 0
    mass = 0.0
    while mass < 1 - 1e-12 and k < 5000:
        total += weight * term[REFERRED]
        mass += weight
        nxt = {s: 0.0 for s in names}
        for s in names:
            nxt[s] += term[s] * (1 - sum(q[s].values()) / lam)
            for to, r in q[s].items():
                nxt[to] += term[s] * r / lam
        term, k = nxt, k + 1
        weight *= lam * years / k
    return total


def relative_risk(s, c, service, unresolved):
    q = rates(s, c, unresolved)
    return referred_within(q, service, YEARS) / referred_within(q, c["complex"], YEARS)


def current_share(s, c, service):
    ends = s["pathway"]["transitions"][c["key_work"][service]["ends"]]
    return shares(ends["outcomes"]).get(c["complex"], 0.0)


def bisect_share(rr, target):
    """The share z in [0, 1] with rr(z) = target (rr rising with z), or None if none reaches it."""
    if not rr(0.0) <= target <= rr(1.0):
        return None
    lo, hi = 0.0, 1.0
    for _ in range(50):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if rr(mid) < target else (lo, mid)
    return (lo + hi) / 2


def describe(label, z, rr, current, target):
    """The line both effect scripts print for one service."""
    if z is None:
        return (f"{label}no unresolved share gives a relative risk of {target} over {YEARS:g} years "
                f"(from {rr(0.0):.3f} with none unresolved to {rr(1.0):.3f} with all); "
                f"the scenario has {current:g}, giving {rr(current):.3f}")
    return (f"{label}unresolved share for a relative risk of {target} over {YEARS:g} years: {z:.3f} "
            f"(the scenario has {current:g}, giving {rr(current):.3f}); "
            f"with none unresolved it would be {rr(0.0):.3f}")


def solve(s, c, service):
    """The unresolved share giving RELATIVE_RISK, or None if no share in [0, 1] reaches it."""
    others = {k: current_share(s, c, k) for k in c["key_work"] if k != service}
    rr = lambda z: relative_risk(s, c, service, {**others, service: z})
    return bisect_share(rr, RELATIVE_RISK), rr


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("scenario", nargs="?", default="scenarios/hertfordshire/baseline.json")
    ap.add_argument("--council", help="a key of COUNCILS (default: the scenario's council field)")
    a = ap.parse_args()
    s = merged(a.scenario)
    council = a.council or s.get("council")
    if council not in COUNCILS:
        ap.error(f"no state mapping for council {council!r}; known: {', '.join(COUNCILS)}")
    c = COUNCILS[council]
    for service in c["key_work"]:
        z, rr = solve(s, c, service)
        current = current_share(s, c, service)
        label = "" if len(c["key_work"]) == 1 else f"{service}: "
        print(describe(label, z, rr, current, RELATIVE_RISK))


if __name__ == "__main__":
    main()
