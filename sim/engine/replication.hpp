#pragma once
// One Monte Carlo replication: a synthetic population of families moved through the pathway by
// a discrete-event simulation in continuous time (days), tallied into a ReplicationTally.

#include <atomic>
#include <cstdint>

#include "engine/model.hpp"
#include "engine/tally.hpp"

namespace ehsim {

// Thrown when a run is cancelled (Ctrl-C); no partial results escape.
struct Cancelled {};

// Runs replication `replication` of `model` with master seed `seed`. Deterministic: the result
// depends only on (model, warm-up model, seed, replication). Checks `cancel` now and then. The
// scenario's warm-up years run with `warm_up` (an alternative warms up as its baseline, so that
// both start from the same county; see check_warm_up_compatible), or with `model` itself.
ReplicationTally run_replication(const CompiledModel& model, std::uint64_t seed,
                                 std::uint32_t replication,
                                 const std::atomic<bool>* cancel = nullptr,
                                 const CompiledModel* warm_up = nullptr);

}  // namespace ehsim
