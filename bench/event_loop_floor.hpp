#pragma once
// The least an event can cost on this machine: a bare discrete-event loop over as many families
// as the reference workload, each event popped from a binary heap, touching its family's
// 64-byte record at random and pushing that family's next event. No model, no tallies, a
// cheap random-number generator. The reference workload's nanoseconds per event divided by
// this loop's is how far the simulator is from the floor (docs/performance.md).

#include <cstdint>

namespace ehsim::bench {

struct FloorMeasurement {
  std::uint64_t events = 0;
  double seconds = 0;
  double ns_per_event = 0;
  std::uint64_t checksum = 0;  // printed, so the compiler cannot drop the loop
};

FloorMeasurement measure_event_loop_floor(std::uint32_t families, std::uint64_t events,
                                          std::uint64_t seed);

}  // namespace ehsim::bench
