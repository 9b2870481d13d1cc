#include "event_loop_floor.hpp"

#include <chrono>
#include <cmath>
#include <queue>
#include <vector>

#include "engine/event_queue.hpp"

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
  std::uint64_t order;  // insertion sequence: ties leave first in, first out, as in the simulator
  std::uint32_t family;
};

struct LaterFirst {
  bool operator()(const FloorEvent& a, const FloorEvent& b) const {
    if (a.time != b.time) return a.time > b.time;
    return a.order > b.order;
  }
};

constexpr double kRatePerDay = 1.0 / 365.25;

// The two pending sets behind one face: push, and pop the earliest.
class HeapPending {
 public:
  void push(const FloorEvent& e) { heap_.push(e); }
  FloorEvent pop() {
    const FloorEvent e = heap_.top();
    heap_.pop();
    return e;
  }

 private:
  std::priority_queue<FloorEvent, std::vector<FloorEvent>, LaterFirst> heap_;
};

class CalendarPending {
 public:
  explicit CalendarPending(double horizon_days) : queue_(horizon_days) {}
  void push(const FloorEvent& e) { queue_.push(e); }
  FloorEvent pop() {
    return queue_.pop([](const std::vector<FloorEvent>&) {});
  }

 private:
  CalendarQueue<FloorEvent, LaterFirst> queue_;
};

template <typename Pending>
FloorMeasurement run_loop(Pending& pending, std::vector<FloorFamily>& records, std::uint64_t events,
                          SplitMix64& random) {
  std::uint64_t order = 0;
  for (std::uint32_t i = 0; i < records.size(); ++i) {
    pending.push({-std::log(random.uniform()) / kRatePerDay, order++, i});
  }
  const auto start = std::chrono::steady_clock::now();
  for (std::uint64_t n = 0; n < events; ++n) {
    const FloorEvent event = pending.pop();
    FloorFamily& f = records[event.family];
    f.last_event = event.time;
    f.events += 1;
    f.state = (f.state + 1) & 7u;
    pending.push({event.time - std::log(random.uniform()) / kRatePerDay, order++, event.family});
  }
  FloorMeasurement m;
  m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  m.events = events;
  m.ns_per_event = 1e9 * m.seconds / static_cast<double>(events);
  for (const auto& f : records) m.checksum += f.events * (f.state + 1);
  return m;
}

}  // namespace

FloorMeasurement measure_event_loop_floor(PendingSet pending, std::uint32_t families,
                                          std::uint64_t events, std::uint64_t seed) {
  SplitMix64 random(seed);
  std::vector<FloorFamily> records(families);
  if (pending == PendingSet::binary_heap) {
    HeapPending heap;
    return run_loop(heap, records, events, random);
  }
  // Long enough that no event runs off the calendar's end: events per family over the rate.
  const double horizon_days =
      4.0 * static_cast<double>(events) / std::max<std::uint32_t>(families, 1) / kRatePerDay +
      3650.0;
  CalendarPending calendar(horizon_days);
  return run_loop(calendar, records, events, random);
}

}  // namespace ehsim::bench
