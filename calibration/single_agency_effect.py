#!/usr/bin/env python3
"""The share of a council's episodes of support without a key worker (single-agency or partner
early help for lower-level need) that close with the family's need unresolved, set so that the
support has the effect the scenarios assume for it (a relative risk of 0.85), no more.

Support without a key worker (a school, a health visitor or another partner) is taken to have
about half the effect of key work on the log scale: key work's relative risk is the Troubled
Families evaluation's 0.68 (see key_work_effect.py), sqrt(0.68) = 0.82, rounded to 0.85, an
assumption stated in each council's model.json. While support lasts, escalation to complex need and
referral to children's social care run at 0.85 times the unsupported rates (tied in the council's
calibration file, or set at 0.85 times a rate that is not fitted). This script sets what happens
when support ends: the family returns to universal services (need met) or, unresolved, to
unidentified lower-level need. Without an unresolved share every episode would end with need met,
an effect far larger than 0.85 that no source supports. For each support service it finds the
unresolved share z for which a family starting the support escalates to complex need or is
referred within two years 0.85 times as often as a family with the lower-level need and no support.

As key_work_effect.py, it solves the states around lower-level need (universal, the lower-need
state, the support services and any other state named for the council) as a continuous-time Markov
chain (uniformisation), each duration taken as exponential with the lognormal's mean: an
approximation. Every transition out of those states is taken from the scenario as it stands; a
referral or a move to any state outside the chain (escalation to complex need, social care) ends
the chain. The comparison family gets no support: every move into a support state from another
state is left out, and so is every move into key work (key_work_effect.py's COUNCILS names the
key-work states): the move from partner support into Stoke-on-Trent's EIS is key work's doing,
held to its own evidence by key_work_effect.py, not an escalation of need. With more than one
support service (Cambridgeshire), each is solved with the other's closure as in the scenario.

The states are chosen by the scenario's "council" field or --council. Run it after a calibration
and copy z into the council's model.json (the support closure) if it moved:

    calibration/single_agency_effect.py scenarios/hertfordshire/baseline.json
    calibration/single_agency_effect.py scenarios/stoke-on-trent/baseline.json
"""
import argparse

from key_work_effect import (COUNCILS, REFERRED, YEARS, bisect_share, describe, mean_years, merged,
                             referred_within, shares, value)

RELATIVE_RISK = 0.85  # sqrt(0.68), rounded: half key work's effect on the log scale

# Per council: the chain's states, the lower-need state (the comparison's start and where an
# unresolved closure returns) and each support service without a key worker with its closure.
SUPPORT = {
    "Hertfordshire": {"states": ["universal", "additional_unidentified", "single_agency_support"],
                      "lower": "additional_unidentified",
                      "support": {"single_agency_support": "single_agency_support_ends"}},
    "Stoke-on-Trent": {"states": ["universal", "emerging_unidentified", "partner_early_help"],
                       "lower": "emerging_unidentified",
                       "support": {"partner_early_help": "partner_support_ends"}},
    # Level 1 early help is for families at universal need (it opens from and closes to universal):
    # it is in the chain as a state families pass through, not solved (no lower-level need to meet).
    "West Sussex": {"states": ["universal", "level1_early_help", "level2_unidentified", "level2_early_help"],
                    "lower": "level2_unidentified",
                    "support": {"level2_early_help": "level2_support_ends"}},
    "Medway": {"states": ["universal", "additional_unidentified", "additional_support"],
               "lower": "additional_unidentified",
               "support": {"additional_support": "additional_support_ends"}},
    "Cambridgeshire": {"states": ["universal", "additional_unidentified", "single_agency_support",
                                  "locality_team_early_help"],
                       "lower": "additional_unidentified",
                       "support": {"single_agency_support": "single_agency_support_ends",
                                   "locality_team_early_help": "locality_early_help_ends"}},
}


def rates(s, council, unresolved):
    """The chain's rates, each support closure in `unresolved` (a dict by support state) closing
    that share to the lower need and the rest to universal; others as in the scenario."""
    c = SUPPORT[council]
    states, support = c["states"], c["support"]
    left_out = set(support) | set(COUNCILS.get(council, {}).get("key_work", {}))
    transitions = s["pathway"]["transitions"]
    q = {st: {} for st in states}
    q[REFERRED] = {}

    def add(frm, to, r):
        if to in left_out and to != frm:
            return                          # identification into support or key work: left out
        if r:
            to = to if to in states else REFERRED
            q[frm][to] = q[frm].get(to, 0.0) + r

    for name, t in transitions.items():
        frm = t["from"]
        if frm not in states:
            continue
        if "rate_per_year" in t:
            r = value(t["rate_per_year"])
            if "outcomes" in t:
                q[frm][REFERRED] = q[frm].get(REFERRED, 0.0) + r   # a referral, whatever the front door decides
            else:
                add(frm, t["to"], r)
        else:                               # a closure, after its duration
            r = 1 / mean_years(t["duration"])
            if frm in unresolved and name == support.get(frm):
                z = unresolved[frm]
                split = {"universal": 1 - z, c["lower"]: z}
            else:
                split = shares(t["outcomes"]) if "outcomes" in t else {t["to"]: 1.0}
            for to, p in split.items():
                add(frm, to, r * p)
    return q


def relative_risk(s, council, service, unresolved):
    q = rates(s, council, unresolved)
    lower = SUPPORT[council]["lower"]
    return referred_within(q, service, YEARS) / referred_within(q, lower, YEARS)


def current_share(s, council, service):
    ends = s["pathway"]["transitions"][SUPPORT[council]["support"][service]]
    return shares(ends["outcomes"]).get(SUPPORT[council]["lower"], 0.0) if "outcomes" in ends else 0.0


def solve(s, council, service):
    """The unresolved share giving RELATIVE_RISK, or None if no share in [0, 1] reaches it."""
    others = {k: current_share(s, council, k) for k in SUPPORT[council]["support"] if k != service}
    rr = lambda z: relative_risk(s, council, service, {**others, service: z})
    return bisect_share(rr, RELATIVE_RISK), rr


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("scenario", nargs="?", default="scenarios/hertfordshire/baseline.json")
    ap.add_argument("--council", help="a key of SUPPORT (default: the scenario's council field)")
    a = ap.parse_args()
    s = merged(a.scenario)
    council = a.council or s.get("council")
    if council not in SUPPORT:
        ap.error(f"no state mapping for council {council!r}; known: {', '.join(SUPPORT)}")
    services = SUPPORT[council]["support"]
    for service in services:
        z, rr = solve(s, council, service)
        current = current_share(s, council, service)
        label = "" if len(services) == 1 else f"{service}: "
        print(describe(label, z, rr, current, RELATIVE_RISK))


if __name__ == "__main__":
    main()
