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

int initial_state(const CompiledModel& m, const Family& f, double u, double mean_weight) {
  const double weight = initial_risk_weight(f) / mean_weight;
  double total = 0;
  for (double share : m.initial_share) total += std::min(1.0, share * weight);
  const double scale = total > 1.0 ? 1.0 / total : 1.0;
  double cumulative = 0;
  for (std::size_t s = 0; s < m.initial_share.size(); ++s) {
    cumulative += std::min(1.0, m.initial_share[s] * weight) * scale;
    if (u < cumulative) return static_cast<int>(s);
  }
  return m.scenario.pathway.entry_state;
}

double initial_entry_day(const CompiledModel& m, const Family& f, double now, RandomStream& demo) {
  for (int t : m.transitions_from[static_cast<std::size_t>(f.state)]) {
    const auto& transition = m.transitions[static_cast<std::size_t>(t)];
    if (transition.has_rate) continue;
    const double duration = duration_quantile(transition.duration, demo.uniform());
    return now - demo.uniform() * duration;
  }
  return now;
}

}  // namespace ehsim
