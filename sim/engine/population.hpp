#pragma once
// The synthetic population: families drawn with their children, locality and co-occurring risk
// factors, and the caseloads they start in.

#include <cstdint>
#include <vector>

#include "engine/family.hpp"
#include "engine/model.hpp"
#include "random/stream.hpp"

namespace ehsim {

// Families' entity ids, which name their random streams: the initial population's count up from 0,
// arrivals' from here, so that a family keeps its streams whatever else the scenario changes.
inline constexpr std::uint32_t kFirstArrivalId = 0x80000000u;

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
// (weight 2^factors): an assumption documented in docs/methods.md.
double initial_risk_weight(const Family& f);

// Two uniforms per family drive its initial placement: its place in a weighted random order
// (an exponential race with rate = its risk weight) and its choice among the caseloads still to
// fill.
struct PlacementDraws {
  double order = 0.5;
  double choice = 0.5;
};

// The state each family starts in, meeting every stated stock exactly: families are taken in
// the weighted random order, and each is placed in one of the caseloads still short, with
// probability in proportion to what is still to place there; a family whose children would
// overshoot a stock in children by more than they bring it closer is not placed there. Stocks
// given as shares of families are counts of families. Everyone else starts in the entry state.
std::vector<int> place_initial_caseloads(const CompiledModel& m,
                                         const std::vector<Family>& families,
                                         const std::vector<PlacementDraws>& draws);

// When a family found in its state at the start entered it: the time already spent there is
// drawn from the steady-state (residual-life) law of the state's duration clock. `now` for a
// state without one.
double initial_entry_day(const CompiledModel& m, const Family& f, double now, double u);

}  // namespace ehsim
