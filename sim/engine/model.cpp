#include "engine/model.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "core/diagnostics.hpp"
#include "engine/durations.hpp"
#include "random/distributions.hpp"

namespace ehsim {

PlacesStep places_from_budget(const Service& service, double budget_per_year, double from_day) {
  PlacesStep step;
  step.from_day = from_day;
  // The budget pays practitioners and, in proportion, their managers and admin staff.
  const double staff_per_practitioner = 1.0 + service.management_ratio + service.admin_ratio;
  step.practitioner_fte =
      service.fte ? *service.fte
                  : budget_per_year / (service.cost_per_fte.total() * staff_per_practitioner);
  step.total_fte = step.practitioner_fte * staff_per_practitioner;
  // A place is one family held at once; part places do not exist.
  step.places =
      static_cast<int>(std::floor(step.practitioner_fte * service.caseload_per_fte + 1e-9));
  return step;
}

namespace {

CompiledTransition compile_transition(const Scenario& s, const Transition& t) {
  CompiledTransition c;
  c.has_rate = t.has_rate;
  c.rate_per_day = t.has_rate ? t.rate_per_year.value * t.hazard_ratio / kDaysPerYear : 0.0;
  c.duration = t.duration;
  c.duration_hazard_ratio = t.hazard_ratio;
  c.age_band_ratio = t.age_band_hazard_ratio;
  c.varies_by_age = std::any_of(c.age_band_ratio.begin(), c.age_band_ratio.end(),
                                [](double r) { return r != 1.0; });
  c.risk_factor_ratio = t.risk_factor_hazard_ratio;
  c.locality_ratio = t.locality_hazard_ratio;
  double cumulative = 0;
  for (const auto& o : t.outcomes) {
    cumulative += o.probability;
    CompiledOutcome co;
    co.to = o.to;
    co.cumulative_probability = cumulative;
    co.events = t.events;
    co.events.insert(co.events.end(), o.events.begin(), o.events.end());
    c.outcomes.push_back(co);
  }
  if (!c.outcomes.empty()) c.outcomes.back().cumulative_probability = 1.0;  // rounding
  if (c.outcomes.size() == 1) c.sole_service = s.pathway.states[c.outcomes[0].to].service;
  return c;
}

CompiledService compile_service(const Service& sv) {
  CompiledService c;
  c.capacity_limited = sv.capacity_limited;
  c.by_need = sv.queue_order == QueueOrder::highest_need;
  c.waiting_standard_days = sv.waiting_standard_days;
  c.dropout_rate_per_day = sv.wait_dropout_rate_per_year / kDaysPerYear;
  c.caseload_per_fte = sv.caseload_per_fte;
  if (sv.fte) {
    c.places.push_back(places_from_budget(sv, 0, 0));
  }
  for (std::size_t i = 0; i < sv.budget.size(); ++i) {
    const double lag = i == 0 ? 0.0 : sv.staff_change_lag_days;
    c.places.push_back(
        places_from_budget(sv, sv.budget[i].budget_per_year, sv.budget[i].from_day + lag));
  }
  return c;
}

// Splits places among teams in proportion to their localities' shares, by largest remainder,
// so the teams' places add up to the service's.
std::vector<int> apportion(int places, const std::vector<double>& shares) {
  std::vector<int> out(shares.size());
  std::vector<std::pair<double, std::size_t>> remainders;
  int given = 0;
  for (std::size_t i = 0; i < shares.size(); ++i) {
    const double exact = places * shares[i];
    out[i] = static_cast<int>(std::floor(exact));
    given += out[i];
    remainders.emplace_back(exact - out[i], i);
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t i = 0; given < places && i < remainders.size(); ++i, ++given) {
    ++out[remainders[i].second];
  }
  return out;
}

}  // namespace

CompiledModel::CompiledModel(const Scenario& s)
    : scenario(s), calendar(s), horizon_days(calendar.horizon_days()) {
  const auto& p = s.pathway;
  transitions_from.assign(p.states.size(), {});
  for (std::size_t i = 0; i < p.transitions.size(); ++i) {
    transitions.push_back(compile_transition(s, p.transitions[i]));
    transitions_from[static_cast<std::size_t>(p.transitions[i].from)].push_back(
        static_cast<int>(i));
  }
  std::vector<double> locality_shares;
  for (const auto& l : s.population.localities) locality_shares.push_back(l.share);
  for (std::size_t k = 0; k < s.services.size(); ++k) {
    CompiledService c = compile_service(s.services[k]);
    c.locality_teams = s.services[k].locality_teams;
    c.first_team = static_cast<int>(team_service.size());
    c.teams = c.locality_teams ? static_cast<int>(locality_shares.size()) : 1;
    for (int t = 0; t < c.teams; ++t) {
      team_service.push_back(static_cast<int>(k));
      team_locality.push_back(c.locality_teams ? t : -1);
    }
    for (auto& step : c.places) {
      step.team_places = c.locality_teams ? apportion(step.places, locality_shares)
                                          : std::vector<int>{step.places};
    }
    services.push_back(std::move(c));
  }

  const auto& pop = s.population;
  double cumulative = 0;
  for (const auto& c : pop.children_per_family) {
    cumulative += c.share;
    children_cumulative.push_back(cumulative);
    children_values.push_back(c.children);
  }
  children_cumulative.back() = 1.0;
  cumulative = 0;
  for (const auto& l : pop.localities) {
    cumulative += l.share;
    locality_cumulative.push_back(cumulative);
  }
  locality_cumulative.back() = 1.0;
  for (const auto& f : pop.risk_factors) {
    // Factor present when the latent normal falls below the prevalence quantile.
    risk_threshold.push_back(f.prevalence <= 0   ? -INFINITY
                             : f.prevalence >= 1 ? INFINITY
                                                 : standard_normal_quantile(f.prevalence));
    risk_loading.push_back(f.loading);
  }
  for (const auto& b : pop.age_bands) age_band_start_days.push_back(b.from_years * kDaysPerYear);
  spacing_days = pop.child_spacing_years * kDaysPerYear;
  moving_away_per_day = pop.moving_away_rate_per_year / kDaysPerYear;
  arrivals_per_day = (pop.births_per_year + pop.families_moving_in_per_year) / kDaysPerYear;
  birth_share_of_arrivals =
      arrivals_per_day > 0
          ? pop.births_per_year / (pop.births_per_year + pop.families_moving_in_per_year)
          : 0.0;

  for (const auto& stock : s.initial) {
    const bool families = stock.share_of_families >= 0;
    initial_targets.push_back(
        {stock.state, families ? stock.share_of_families : stock.children, !families});
  }
  elapsed_quantiles.assign(p.states.size(), {});
  for (std::size_t state = 0; state < p.states.size(); ++state) {
    for (int t : transitions_from[state]) {
      if (transitions[static_cast<std::size_t>(t)].has_rate) continue;
      elapsed_quantiles[state] = residual_life_quantiles(transitions[static_cast<std::size_t>(t)].duration);
      break;  // the state's first duration clock, as the engine uses it
    }
  }
}

void check_warm_up_compatible(const Scenario& warm_up, const Scenario& scenario) {
  std::vector<std::string> differences;
  const auto same_ids = [](const auto& a, const auto& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (a[i].id != b[i].id) return false;
    return true;
  };
  if (warm_up.warm_up_years != scenario.warm_up_years) differences.push_back("warm_up_years");
  if (!same_ids(warm_up.pathway.states, scenario.pathway.states))
    differences.push_back("/pathway/states");
  if (!same_ids(warm_up.services, scenario.services)) differences.push_back("/services");
  if (!same_ids(warm_up.population.localities, scenario.population.localities))
    differences.push_back("/population/localities");
  if (!same_ids(warm_up.population.risk_factors, scenario.population.risk_factors))
    differences.push_back("/population/risk_factors");
  if (!same_ids(warm_up.population.age_bands, scenario.population.age_bands))
    differences.push_back("/population/age_bands");
  if (differences.empty()) return;
  Diagnostics problems;
  for (const auto& pointer : differences) {
    problems.add(scenario.file, pointer,
                 fmt::format("differs from the baseline's ({}), with which this scenario warms "
                             "up before its start date; an alternative must keep the baseline's "
                             "{} (add a new state or service to the baseline with no entry or "
                             "budget, and change it in the alternative)",
                             warm_up.file, pointer.substr(pointer.rfind('/') + 1)));
  }
  throw InputError(std::move(problems));
}

}  // namespace ehsim
