#pragma once
// One Monte Carlo replication: a synthetic population of families moved through the pathway by
// a discrete-event simulation in continuous time (days), tallied into a ReplicationTally.

#include <atomic>
#include <cstdint>
#include <memory>

#include "engine/model.hpp"
#include "engine/population.hpp"
#include "engine/tally.hpp"

namespace ehsim {

// Thrown when a run is cancelled (Ctrl-C); no partial results escape.
struct Cancelled {};

// What every replication of a run shares, read only: the model, the model its warm-up years run
// with (an alternative warms up as its baseline, so that both start from the same county; see
// check_warm_up_compatible), and their population samplers, whose risk-factor tables are built
// once per run rather than once per replication.
class ReplicationPlan {
 public:
  explicit ReplicationPlan(const CompiledModel& model, const CompiledModel* warm_up = nullptr);

  const CompiledModel& model() const { return model_; }
  const CompiledModel& warm_up() const { return warm_up_; }
  const PopulationSampler& population() const { return population_; }
  const PopulationSampler& warm_up_population() const { return warm_up_population_; }

 private:
  const CompiledModel& model_;
  const CompiledModel& warm_up_;
  PopulationSampler population_, warm_up_population_;
};

// Memory one thread reuses from one replication to the next: the families, the event calendar
// and the initial population's scratch arrays, which would otherwise grow again from nothing
// every replication. Only capacity carries over, never state: a replication's result does not
// depend on which workspace ran it, or on what ran in it before.
class ReplicationWorkspace {
 public:
  ReplicationWorkspace();
  ~ReplicationWorkspace();
  ReplicationWorkspace(ReplicationWorkspace&&) noexcept;
  ReplicationWorkspace& operator=(ReplicationWorkspace&&) noexcept;

  struct Buffers;  // defined with the simulation that uses them
  Buffers& buffers() { return *buffers_; }

 private:
  std::unique_ptr<Buffers> buffers_;
};

// Runs replication `replication` of the plan's model with master seed `seed`. Deterministic:
// the result depends only on (model, warm-up model, seed, replication). Checks `cancel` now and
// then.
ReplicationTally run_replication(const ReplicationPlan& plan, std::uint64_t seed,
                                 std::uint32_t replication, ReplicationWorkspace& workspace,
                                 const std::atomic<bool>* cancel = nullptr);

// The same with a plan and a workspace of its own: for a single replication.
ReplicationTally run_replication(const CompiledModel& model, std::uint64_t seed,
                                 std::uint32_t replication,
                                 const std::atomic<bool>* cancel = nullptr,
                                 const CompiledModel* warm_up = nullptr);

}  // namespace ehsim
