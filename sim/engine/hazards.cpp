#include "engine/hazards.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#include "engine/durations.hpp"

namespace ehsim {

double risk_and_locality_ratio(const Family& f, const CompiledTransition& t) {
  double ratio = t.locality_ratio.empty() ? 1.0 : t.locality_ratio[f.locality];
  for (std::uint32_t mask = f.risk_mask; mask != 0; mask &= mask - 1) {
    ratio *= t.risk_factor_ratio[static_cast<std::size_t>(std::countr_zero(mask))];
  }
  return ratio;
}

// Boundaries are compared with the same arithmetic that produced them, so stepping to `until`
// always moves to a new band.
std::pair<int, double> age_band_at(const CompiledModel& m, const Family& f, double day) {
  int youngest = 0;
  for (int i = 1; i < f.children_total; ++i) {
    if (birth_day(f, i, m.spacing_days) <= day) youngest = i;
  }
  const double birth = birth_day(f, youngest, m.spacing_days);
  const auto& starts = m.age_band_start_days;
  int band = 0;
  while (band + 1 < static_cast<int>(starts.size()) &&
         birth + starts[static_cast<std::size_t>(band + 1)] <= day) {
    ++band;
  }
  double until = band + 1 < static_cast<int>(starts.size())
                     ? birth + starts[static_cast<std::size_t>(band + 1)]
                     : kNever;
  if (youngest + 1 < f.children_total)
    until = std::min(until, birth_day(f, youngest + 1, m.spacing_days));
  return {band, until};
}

double sample_rate_time(const CompiledModel& m, const Family& f, const CompiledTransition& t,
                        double now, double u) {
  const double base = t.rate_per_day * risk_and_locality_ratio(f, t);
  if (base <= 0) return kNever;
  double remaining = -std::log(u);
  if (!t.varies_by_age) return now + remaining / base;
  double day = now;
  while (day < m.horizon_days) {
    const auto [band, until] = age_band_at(m, f, day);
    const double hazard = base * t.age_band_ratio[static_cast<std::size_t>(band)];
    const double span = std::min(until, m.horizon_days) - day;
    if (hazard * span >= remaining) return day + remaining / hazard;
    remaining -= hazard * span;
    day = std::max(until, std::nextafter(day, kNever));  // always moves forward
  }
  return kNever;
}

double sample_transition_time(const CompiledModel& m, const Family& f,
                              const CompiledTransition& t, double now, RandomStream& stream) {
  const double u = stream.uniform();
  if (t.has_rate) return sample_rate_time(m, f, t, now, u);
  // Durations run from entry to the state; age band applies as at entry.
  double ratio = t.duration_hazard_ratio * risk_and_locality_ratio(f, t);
  if (t.varies_by_age)
    ratio *= t.age_band_ratio[static_cast<std::size_t>(age_band_at(m, f, f.state_entry).first)];
  const double elapsed = now - f.state_entry;
  return f.state_entry + sample_duration(t.duration, ratio, elapsed, u);
}

NextTransition next_transition(const CompiledModel& m, Family& f, double now,
                               std::uint64_t seed, std::uint32_t replication) {
  RandomStream stream(seed, replication, f.id, StreamPurpose::pathway, f.pathway_draws);
  NextTransition best;
  for (int ti : m.transitions_from[static_cast<std::size_t>(f.state)]) {
    const CompiledTransition& t = m.transitions[static_cast<std::size_t>(ti)];
    if (f.waiting_service >= 0 && t.sole_service == f.waiting_service) continue;  // waiting
    const double time = sample_transition_time(m, f, t, now, stream);
    if (time < best.time) best = {time, ti};
  }
  if (m.moving_away_per_day > 0) {
    const double time = now - std::log(stream.uniform()) / m.moving_away_per_day;
    if (time < best.time) best = {time, kMoveAway};
  }
  if (f.waiting_service >= 0) {
    const double rate =
        m.services[static_cast<std::size_t>(f.waiting_service)].dropout_rate_per_day;
    if (rate > 0) {
      RandomStream service(seed, replication, f.id, StreamPurpose::service, f.service_draws);
      const double time = now - std::log(service.uniform()) / rate;
      f.service_draws = service.draws_used();
      if (time < best.time) best = {time, kWaitDropout};
    }
  }
  f.pathway_draws = stream.draws_used();
  return best;
}

}  // namespace ehsim
