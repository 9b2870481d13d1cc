#pragma once
// The county on the first day simulated: families drawn until they hold its children, each
// placed in a caseload (engine/population.hpp: place_initial_caseloads) with the time it has
// already spent there.

#include <cstdint>
#include <vector>

#include "engine/family.hpp"
#include "engine/model.hpp"
#include "engine/population.hpp"

namespace ehsim {

// Scratch arrays one thread reuses from one replication to the next (they keep their capacity).
struct InitialPopulationScratch {
  std::vector<PlacementDraws> placement_draws;  // each family's, in family order
  std::vector<double> entry_draws;              // the draw for the time already in its state
};

// Fills `families` (emptied first) with the initial families (ids 0, 1, ... in order; families
// drawn without a child under 18 are skipped), each with its state, its day of entry to it (at or
// before `start`) and whether that is a child protection plan. Returns the children they hold. A
// pure function of (model, seed, replication): each family's draws come from its own demographic
// stream, taken in stream order, so the streams (48 bytes each, a county's worth) need not be
// kept.
double draw_initial_population(const CompiledModel& m, const PopulationSampler& sampler,
                               std::uint64_t seed, std::uint32_t replication, double start,
                               std::vector<Family>& families, InitialPopulationScratch& scratch);

}  // namespace ehsim
