#pragma once
// Families arriving in the area during a replication (births forming new families, and families
// moving in) as a Poisson process, drawn from a stream of its own so that arrivals do not shift
// any family's draws.

#include <cmath>
#include <cstdint>

#include "engine/family.hpp"
#include "engine/model.hpp"
#include "engine/population.hpp"
#include "random/stream.hpp"

namespace ehsim {

class Arrivals {
 public:
  // The arrivals' stream is an entity of its own, beyond every family's id.
  static constexpr std::uint32_t kEntity = 0xFFFFFFFFu;

  Arrivals(std::uint64_t seed, std::uint32_t replication)
      : seed_(seed),
        replication_(replication),
        stream_(seed, replication, kEntity, StreamPurpose::arrivals) {}

  // The day of the next arrival after `now` at `per_day` arrivals a day (which must be > 0).
  double next_day(double now, double per_day) {
    return now - std::log(stream_.uniform()) / per_day;
  }

  // The family arriving now: a newborn's with the model's share of births, and otherwise a
  // family with children of any age, which may have none under 18 (and then does not arrive).
  Family draw_family(double now, const CompiledModel& m, const PopulationSampler& sampler) {
    const bool newborn = stream_.uniform() < m.birth_share_of_arrivals;
    const auto id = kFirstArrivalId + count_++;
    RandomStream demo(seed_, replication_, id, StreamPurpose::demographics);
    return sampler.make_family(id, newborn, now, demo);
  }

  // Bumped when the arrival rate changes (at the start date after a warm-up): an arrival drawn
  // under the old rate is stale.
  std::uint32_t generation() const { return generation_; }
  void new_generation() { ++generation_; }
  std::uint32_t count() const { return count_; }

 private:
  std::uint64_t seed_;
  std::uint32_t replication_;
  RandomStream stream_;
  std::uint32_t count_ = 0;
  std::uint32_t generation_ = 0;
};

}  // namespace ehsim
