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
// depends only on (model, seed, replication). Checks `cancel` now and then.
ReplicationTally run_replication(const CompiledModel& model, std::uint64_t seed,
                                 std::uint32_t replication,
                                 const std::atomic<bool>* cancel = nullptr);

}  // namespace ehsim
