#pragma once
// The scenario frozen for the hot loop: flat arrays per state and transition, rates in per-day
// units, cumulative probabilities, service places by date. Built once per run.

#include <vector>

#include "engine/calendar.hpp"
#include "scenario/scenario.hpp"

namespace ehsim {

inline constexpr double kDaysPerYear = 365.25;
inline constexpr double kAdultAgeDays = 18 * kDaysPerYear;
inline constexpr double kReReferralWindowDays = 365.0;

struct CompiledOutcome {
  int to = -1;
  double cumulative_probability = 1.0;
  std::vector<EventKind> events;  // the transition's events plus the outcome's own
};

struct CompiledTransition {
  bool has_rate = false;
  double rate_per_day = 0;  // base rate x overall hazard ratio, per day
  DurationDistribution duration;
  double duration_hazard_ratio = 1.0;
  std::vector<double> age_band_ratio;
  bool varies_by_age = false;
  std::vector<double> risk_factor_ratio;
  std::vector<double> locality_ratio;
  std::vector<CompiledOutcome> outcomes;
  int sole_service = -1;  // the service of the sole destination, when there is one outcome
};

// Service places over time, from budget (or FTE) to practitioners to places.
struct PlacesStep {
  double from_day = 0;
  double practitioner_fte = 0;
  double total_fte = 0;  // practitioners plus managers and admin
  int places = 0;
  std::vector<int> team_places;  // places per team (one team unless the service has locality teams)
};

struct CompiledService {
  bool capacity_limited = false;
  bool by_need = false;
  double waiting_standard_days = 28;
  double dropout_rate_per_day = 0;
  double caseload_per_fte = 1;
  std::vector<PlacesStep> places;  // sorted by from_day; the first starts at 0
  // Teams: one per locality when the service has locality teams (each with its own places and
  // waiting list, serving only its locality's families), otherwise one for the whole area.
  bool locality_teams = false;
  int first_team = 0;
  int teams = 1;
};

// Staffing arithmetic, shown in outputs and tested on its own.
PlacesStep places_from_budget(const Service& service, double budget_per_year, double from_day);

struct CompiledModel {
  explicit CompiledModel(const Scenario& scenario);

  const Scenario& scenario;
  Calendar calendar;
  double horizon_days;
  std::vector<std::vector<int>> transitions_from;  // per state
  std::vector<CompiledTransition> transitions;
  std::vector<CompiledService> services;
  std::vector<int> team_service;   // per team: its service
  std::vector<int> team_locality;  // per team: its locality, or -1 for an area-wide team
  int team_of(int service, int locality) const {
    const CompiledService& s = services[static_cast<std::size_t>(service)];
    return s.first_team + (s.locality_teams ? locality : 0);
  }
  // Population
  std::vector<double> children_cumulative;  // cumulative shares of children_per_family
  std::vector<int> children_values;
  std::vector<double> locality_cumulative;
  std::vector<double> risk_threshold;  // latent-normal thresholds: factor present if below
  std::vector<double> risk_loading;
  std::vector<double> age_band_start_days;
  double spacing_days;
  double moving_away_per_day;
  double arrivals_per_day;
  double birth_share_of_arrivals;
  // Initial caseloads: the stocks to place at the start, each in children or in families.
  struct InitialTarget {
    int state = -1;
    double amount = 0;
    bool in_children = true;
  };
  std::vector<InitialTarget> initial_targets;
  // Per state whose time there runs on a duration clock: quantiles, on an even grid of
  // probabilities from 0 to 1, of the time already spent in the state by a family found there
  // in a steady state (density S(a) / E[T], the residual-life law). Empty for other states.
  std::vector<std::vector<double>> elapsed_quantiles;
};

// A scenario that warms up with another's parameters (an alternative warming up as the
// baseline) must share its states, services, localities and risk factors, in the same order, and
// its warm-up length. Throws InputError saying what differs.
void check_warm_up_compatible(const Scenario& warm_up, const Scenario& scenario);

}  // namespace ehsim
