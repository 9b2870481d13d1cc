#include "engine/population.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#include "engine/durations.hpp"
#include "random/distributions.hpp"

namespace ehsim {

namespace {

int pick(const std::vector<double>& cumulative, double u) {
  const auto it = std::lower_bound(cumulative.begin(), cumulative.end(), u);
  return static_cast<int>(std::min<std::ptrdiff_t>(
      it - cumulative.begin(), static_cast<std::ptrdiff_t>(cumulative.size()) - 1));
}

}  // namespace

PopulationSampler::PopulationSampler(const CompiledModel& model) : m_(model) {
  const auto factors = m_.risk_threshold.size();
  strata_probability_.assign(factors * kLatentStrata, 0.0);
  for (int b = 0; b < kLatentStrata; ++b) {
    const double z = standard_normal_quantile((b + 0.5) / kLatentStrata);
    for (std::size_t k = 0; k < factors; ++k) {
      const double l = m_.risk_loading[k];
      const double residual = std::sqrt(std::max(1e-12, 1.0 - l * l));
      const double p =
          0.5 * std::erfc(-(m_.risk_threshold[k] - l * z) / (residual * std::sqrt(2.0)));
      strata_probability_[k * kLatentStrata + static_cast<std::size_t>(b)] = p;
    }
  }
}

double PopulationSampler::factor_probability(std::size_t factor, int stratum) const {
  return strata_probability_[factor * kLatentStrata + static_cast<std::size_t>(stratum)];
}

Family PopulationSampler::make_family(std::uint32_t id, bool newborn, double now,
                                      RandomStream& demo) const {
  Family f;
  f.id = id;
  f.children_total =
      static_cast<std::uint8_t>(m_.children_values[pick(m_.children_cumulative, demo.uniform())]);
  const double span = kAdultAgeDays + (f.children_total - 1) * m_.spacing_days;
  const double eldest_age = newborn ? 0.0 : demo.uniform() * span;
  f.first_birth = now - eldest_age;
  f.locality = static_cast<std::uint8_t>(pick(m_.locality_cumulative, demo.uniform()));
  const auto stratum = static_cast<int>(demo.uniform() * kLatentStrata);
  for (std::size_t k = 0; k < m_.risk_threshold.size(); ++k) {
    if (demo.uniform() < factor_probability(k, stratum)) {
      f.risk_mask = static_cast<std::uint16_t>(f.risk_mask | (1u << k));
    }
  }
  f.children_present =
      static_cast<std::uint8_t>(children_present_at(f, now, m_.spacing_days, kAdultAgeDays));
  return f;
}

double initial_risk_weight(const Family& f) { return std::ldexp(1.0, std::popcount(f.risk_mask)); }

std::vector<int> place_initial_caseloads(const CompiledModel& m,
                                         const std::vector<Family>& families,
                                         const std::vector<PlacementDraws>& draws) {
  std::vector<int> states(families.size(), m.scenario.pathway.entry_state);
  std::vector<double> remaining;  // per target, in its own unit
  double families_needed = 0;
  for (const auto& target : m.initial_targets) {
    remaining.push_back(target.in_children ? target.amount
                                           : target.amount * static_cast<double>(families.size()));
    families_needed += remaining.back();  // children bound the families they need from above
  }
  if (remaining.empty() || families.empty()) return states;
  // The weighted random order: smallest key first, key = Exp(1) / weight.
  std::vector<std::pair<double, std::uint32_t>> order(families.size());
  for (std::size_t i = 0; i < families.size(); ++i) {
    order[i] = {-std::log(draws[i].order) / initial_risk_weight(families[i]),
                static_cast<std::uint32_t>(i)};
  }
  // Only the head of the order can be needed: select it, then sort it (ties by index).
  const std::size_t head =
      std::min(order.size(), static_cast<std::size_t>(2.0 * families_needed) + 1024);
  std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(head - 1),
                   order.end());
  std::sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(head));
  for (std::size_t n = 0; n < order.size(); ++n) {
    if (n == head) std::sort(order.begin() + static_cast<std::ptrdiff_t>(head), order.end());
    const std::size_t i = order[n].second;
    const double children = families[i].children_present;
    // The caseloads this family can go to, and what is left to place in each.
    double open_total = 0;
    std::vector<double> weight(remaining.size(), 0.0);
    for (std::size_t k = 0; k < remaining.size(); ++k) {
      const double bring = m.initial_targets[k].in_children ? children : 1.0;
      if (remaining[k] > 0.5 * bring) weight[k] = remaining[k];  // closer after than before
      open_total += weight[k];
    }
    if (open_total <= 0) {
      bool any_left = false;
      for (std::size_t k = 0; k < remaining.size(); ++k) any_left |= remaining[k] >= 0.5;
      if (!any_left) break;  // every stock met
      continue;              // this family is too large for what is left; try the next
    }
    double pick = draws[i].choice * open_total;
    std::size_t k = 0;
    while (k + 1 < weight.size() && (weight[k] <= 0 || pick >= weight[k])) {
      pick -= weight[k];
      ++k;
    }
    while (weight[k] <= 0) --k;  // rounding at the very end of the interval
    states[i] = m.initial_targets[k].state;
    remaining[k] -= m.initial_targets[k].in_children ? children : 1.0;
  }
  return states;
}

double initial_entry_day(const CompiledModel& m, const Family& f, double now, double u) {
  const auto& quantiles = m.elapsed_quantiles[static_cast<std::size_t>(f.state)];
  if (quantiles.empty()) return now;
  return now - sample_from_quantiles(quantiles, u);
}

}  // namespace ehsim
