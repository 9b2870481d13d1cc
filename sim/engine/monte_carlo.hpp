#pragma once
// Monte Carlo: N replications in parallel on oneTBB. Each replication writes only its own
// tally, stored at its index, so results are identical whatever the number of threads.

#include <atomic>
#include <cstdint>
#include <vector>

#include "engine/model.hpp"
#include "engine/replication.hpp"

namespace ehsim {

struct MonteCarloOptions {
  std::uint64_t seed = 1;
  int replications = 100;
  // Replication r of this run is replication first_replication + r of the seed's streams:
  // probabilistic sensitivity analysis gives each parameter set its own families' luck.
  std::uint32_t first_replication = 0;
  int threads = 0;  // 0: all cores
  const std::atomic<bool>* cancel = nullptr;
  std::atomic<int>* completed = nullptr;  // incremented as replications finish (for progress)
  // The model the warm-up years run with (the baseline's, for an alternative in a comparison);
  // nullptr: the model itself.
  const CompiledModel* warm_up_model = nullptr;
  // Counties at the start date shared with other runs of the same warm-up (engine/replication.hpp);
  // nullptr: every replication simulates its own warm-up.
  WarmUpCache* warm_up_cache = nullptr;
};

// Throws Cancelled when `cancel` is set during the run.
std::vector<ReplicationTally> run_monte_carlo(const CompiledModel& model,
                                              const MonteCarloOptions& options);

int default_thread_count();

}  // namespace ehsim
