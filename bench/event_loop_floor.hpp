#pragma once
// The least an event can cost on this machine: a bare discrete-event loop over as many families
// as the reference workload, each event popped from the pending set, touching its family's
// 64-byte record at random and pushing that family's next event. No model, no tallies, a
// cheap random-number generator. The reference workload's nanoseconds per event divided by
// this loop's is how far the simulator is from the floor (docs/performance.md).
//
// Two pending sets: a binary heap (std::priority_queue, the textbook event loop) and the
// simulator's own calendar queue (engine/event_queue.hpp), which at a county's few hundred
// thousand pending events is the faster of the two.

#include <cstdint>

namespace ehsim::bench {

struct FloorMeasurement {
  std::uint64_t events = 0;
  double seconds = 0;
  double ns_per_event = 0;
  std::uint64_t checksum = 0;  // printed, so the compiler cannot drop the loop
};

enum class PendingSet { binary_heap, calendar_queue };

// `events` events over `families` families, from day 0 on, one event per family a year.
FloorMeasurement measure_event_loop_floor(PendingSet pending, std::uint32_t families,
                                          std::uint64_t events, std::uint64_t seed);

}  // namespace ehsim::bench
