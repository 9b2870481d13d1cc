#pragma once
// One Monte Carlo replication: a synthetic population of families moved through the pathway by
// a discrete-event simulation in continuous time (days), tallied into a ReplicationTally.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>

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

// The county at the start date after the warm-up, kept per replication, for runs that share a
// warm-up: the staffing search's evaluations all warm up as the scenario is funded, and only
// what follows the start date differs between them. A warm-up depends only on its model, the
// seed and the replication, so a run resumed from the cache equals one that simulated its
// warm-up, bit for bit. Bound to one warm-up model and seed; keeps counties until `max_bytes`
// is reached (later replications simulate their warm-up as usual). Safe to share between
// threads.
class WarmUpCache {
 public:
  // What the runs that use a cache allow it: a Hertfordshire-sized county takes about 25 MB.
  static constexpr std::size_t kDefaultMaxBytes = std::size_t{768} << 20;

  WarmUpCache(const CompiledModel& warm_up, std::uint64_t seed, std::size_t max_bytes);
  ~WarmUpCache();

  bool serves(const CompiledModel& warm_up, std::uint64_t seed) const {
    return &warm_up == &warm_up_ && seed == seed_;
  }
  std::size_t bytes() const;
  std::size_t counties() const;

  struct County;  // defined with the simulation that fills it
  std::shared_ptr<const County> find(std::uint32_t replication) const;
  void keep(std::uint32_t replication, std::shared_ptr<const County> county, std::size_t bytes);

 private:
  const CompiledModel& warm_up_;
  std::uint64_t seed_;
  std::size_t max_bytes_;
  mutable std::mutex mutex_;
  std::map<std::uint32_t, std::shared_ptr<const County>> counties_;
  std::size_t bytes_ = 0;
};

// Runs replication `replication` of the plan's model with master seed `seed`. Deterministic:
// the result depends only on (model, warm-up model, seed, replication). Checks `cancel` now and
// then. With a cache that serves the plan's warm-up model and seed, the warm-up is taken from
// it when there, and put there when not.
ReplicationTally run_replication(const ReplicationPlan& plan, std::uint64_t seed,
                                 std::uint32_t replication, ReplicationWorkspace& workspace,
                                 const std::atomic<bool>* cancel = nullptr,
                                 WarmUpCache* warm_up_cache = nullptr);

// The same with a plan and a workspace of its own: for a single replication.
ReplicationTally run_replication(const CompiledModel& model, std::uint64_t seed,
                                 std::uint32_t replication,
                                 const std::atomic<bool>* cancel = nullptr,
                                 const CompiledModel* warm_up = nullptr);

}  // namespace ehsim
