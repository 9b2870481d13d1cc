#pragma once
// A team's places and waiting list. Families wait in the service's order (first come, or
// highest need first and then first come); a family that leaves the list without a place
// leaves its entry behind, to be skipped when it reaches the front (cheap cancellation by
// ticket: the family's current ticket must match the entry's).

#include <cstdint>
#include <limits>
#include <queue>

namespace ehsim {

struct WaitEntry {
  double priority;  // higher first (need level), then first come
  std::uint64_t sequence;
  std::uint32_t family;
  std::uint32_t ticket;
  bool operator<(const WaitEntry& other) const {
    if (priority != other.priority) return priority < other.priority;
    return sequence > other.sequence;
  }
};

struct TeamState {
  int occupied = 0;
  int waiting = 0;  // families on the list now (stale entries excluded)
  int places = std::numeric_limits<int>::max();
  double last_update = 0;
  std::priority_queue<WaitEntry> queue;

  bool has_free_place(bool capacity_limited) const {
    return !capacity_limited || occupied < places;
  }
};

// The next family to take a free place: pops entries until one is still valid (`is_current`
// says whether the family still waits with that ticket). Returns false when the list is empty.
template <typename IsCurrent>
bool next_waiting(TeamState& team, IsCurrent&& is_current, WaitEntry& out) {
  while (!team.queue.empty()) {
    const WaitEntry entry = team.queue.top();
    team.queue.pop();
    if (is_current(entry)) {
      out = entry;
      return true;
    }
  }
  return false;
}

}  // namespace ehsim
