#pragma once
// The synthetic population: families drawn with their children, locality and co-occurring risk
// factors, and the caseloads they start in.

#include <cstdint>
#include <vector>

#include "engine/family.hpp"
#include "engine/model.hpp"
#include "random/stream.hpp"

namespace ehsim {

class PopulationSampler {
 public:
  explicit PopulationSampler(const CompiledModel& model);

  // Draws a family's children, ages, locality and risk factors from its demographic stream.
  // `newborn`: the family forms at the first child's birth; otherwise ages are as in the county.
  Family make_family(std::uint32_t id, bool newborn, double now, RandomStream& demo) const;

  // P(risk factor k present | stratum b of the shared latent vulnerability), precomputed so that
  // drawing correlated factors costs one uniform per factor and no normal quantile.
  double factor_probability(std::size_t factor, int stratum) const;
  static constexpr int kLatentStrata = 1024;

 private:
  const CompiledModel& m_;
  std::vector<double> strata_probability_;  // [factor][stratum]
};

// Families start in the council's current caseloads, more likely the more risk factors they have
// (weight 2^factors relative to the mean): an assumption documented in docs/methods.md.
double initial_risk_weight(const Family& f);
int initial_state(const CompiledModel& m, const Family& f, double u, double mean_weight);

// Families already in a state with a duration clock have been there a while: elapsed time is
// drawn as a uniform share of one duration draw. Returns the entry day (<= now).
double initial_entry_day(const CompiledModel& m, const Family& f, double now, RandomStream& demo);

}  // namespace ehsim
