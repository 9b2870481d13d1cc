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
import sys

from key_work_effect import REFERRED, mean_years, merged, referred_within, value

RELATIVE_RISK = 0.85
YEARS = 2.0


def rates(s, unresolved):
    t = s["pathway"]["transitions"]
    rate = lambda name: value(t[name]["rate_per_year"])
    ends = 1 / mean_years(t["single_agency_support_ends"]["duration"])
    # The comparison family gets no support: identification into it is left out. Escalation and
    # referral are one absorbing state: the question is whether either happens within two years.
    return {
        "universal": {"additional": rate("need_emerges"), REFERRED: rate("acute_incident_referral")},
        "additional": {"universal": rate("additional_need_resolves"),
                       REFERRED: rate("additional_need_escalates") + rate("additional_need_referral")},
        "single_agency": {"universal": ends * (1 - unresolved), "additional": ends * unresolved,
                          REFERRED: rate("single_agency_escalates") + rate("single_agency_referral")},
        REFERRED: {},
    }


def relative_risk(s, unresolved):
    q = rates(s, unresolved)
    return referred_within(q, "single_agency", YEARS) / referred_within(q, "additional", YEARS)


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
