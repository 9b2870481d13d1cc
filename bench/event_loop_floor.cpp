#include "event_loop_floor.hpp"

#include <chrono>
#include <cmath>
#include <queue>
#include <utility>
#include <vector>

namespace ehsim::bench {
namespace {

// SplitMix64 (Steele, Lea and Flood 2014): one multiply-xorshift chain per draw, far cheaper
// than the simulator's counter-based Philox, so the floor is not flattered by the simulator's
// choice of generator.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  double uniform() {  // in (0, 1)
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return (static_cast<double>(z >> 11) + 0.5) * 0x1.0p-53;
  }

 private:
  std::uint64_t state_;
};

struct alignas(64) FloorFamily {  // the size of the simulator's family record
  double last_event = 0;
  std::uint64_t events = 0;
  std::uint32_t state = 0;
};

struct FloorEvent {
  double time;
  std::uint32_t family;
  bool operator>(const FloorEvent& other) const { return time > other.time; }
};

}  // namespace

FloorMeasurement measure_event_loop_floor(std::uint32_t families, std::uint64_t events,
                                          std::uint64_t seed) {
  SplitMix64 random(seed);
  std::vector<FloorFamily> records(families);
  std::priority_queue<FloorEvent, std::vector<FloorEvent>, std::greater<>> queue;
  // One pending event per family, exponential times at one event a year on average.
  constexpr double kRatePerDay = 1.0 / 365.25;
  for (std::uint32_t i = 0; i < families; ++i) {
    queue.push({-std::log(random.uniform()) / kRatePerDay, i});
  }
  const auto start = std::chrono::steady_clock::now();
  for (std::uint64_t n = 0; n < events; ++n) {
    const FloorEvent event = queue.top();
    queue.pop();
    FloorFamily& f = records[event.family];
    f.last_event = event.time;
    f.events += 1;
    f.state = (f.state + 1) & 7u;
    queue.push({event.time - std::log(random.uniform()) / kRatePerDay, event.family});
  }
  FloorMeasurement m;
  m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  m.events = events;
  m.ns_per_event = 1e9 * m.seconds / static_cast<double>(events);
  for (const auto& f : records) m.checksum += f.events * (f.state + 1);
  return m;
}

}  // namespace ehsim::bench
