#pragma once
// What one replication counts, without storing any event log. Arrays are indexed
// [period][state], [period][event kind] or [period][service], flattened row-major.

#include <cstdint>
#include <vector>

namespace ehsim {

// Per service and quarter.
struct ServiceQuarter {
  double occupied_family_days = 0;  // families held (time-weighted)
  double waiting_family_days = 0;   // families on the waiting list (time-weighted)
  double place_days = 0;            // places available (time-weighted)
  double joined_waiting_list = 0;
  double allocations = 0;  // families starting the service (from a wait or at once)
  double allocated_from_wait = 0;
  double allocated_within_standard = 0;  // of those from a wait (or at once), within the standard
  double wait_days_sum = 0;              // over allocations from a wait
  double dropped_out = 0;
  double escalated_while_waiting = 0;  // moved to a statutory state while waiting
  double left_while_waiting = 0;       // moved elsewhere, moved away or aged out while waiting
  double waiting_at_end = 0;           // families on the waiting list at the quarter's end
};

inline constexpr int kWaitHistogramDays = 730;  // one bin per day; the last bin holds longer waits

struct ReplicationTally {
  int quarters = 0, states = 0, event_kinds = 0, services = 0;

  std::vector<double> family_days;            // [q][s]
  std::vector<double> child_days;             // [q][s]
  std::vector<double> entries;                // [q][s] families entering the state
  std::vector<double> entries_children;       // [q][s] their children
  std::vector<double> exits;                  // [q][s] families leaving the state
  std::vector<double> families_at_end;        // [q][s] families in the state at the quarter's end
  std::vector<double> children_at_end;        // [q][s]
  std::vector<double> events_families;        // [q][e]
  std::vector<double> events_children;        // [q][e] (each family event counts its children)
  std::vector<ServiceQuarter> service;        // [q][k]
  std::vector<std::uint32_t> wait_histogram;  // [k][day], waits of families allocated from a wait
  std::vector<double> waiting_at_start;       // [k] families on the list at the start date

  std::uint64_t events_processed = 0;  // events that changed something
  std::uint64_t stale_events = 0;      // events made stale by an earlier state change
  std::uint64_t families_initial = 0;
  std::uint64_t families_arrived = 0;
  std::uint64_t families_exited = 0;
  std::uint64_t families_present_at_end = 0;
  std::uint64_t families_waiting_at_end = 0;  // counted family by family, to check the lists
  double children_initial = 0;

  void resize(int q, int s, int e, int k) {
    quarters = q, states = s, event_kinds = e, services = k;
    const auto qs = static_cast<std::size_t>(q * s);
    for (auto* v : {&family_days, &child_days, &entries, &entries_children, &exits,
                    &families_at_end, &children_at_end}) {
      v->assign(qs, 0.0);
    }
    events_families.assign(static_cast<std::size_t>(q * e), 0.0);
    events_children.assign(static_cast<std::size_t>(q * e), 0.0);
    service.assign(static_cast<std::size_t>(q * k), ServiceQuarter{});
    wait_histogram.assign(static_cast<std::size_t>(k * kWaitHistogramDays), 0u);
    waiting_at_start.assign(static_cast<std::size_t>(k), 0.0);
  }
  std::size_t qs(int q, int s) const { return static_cast<std::size_t>(q * states + s); }
  std::size_t qe(int q, int e) const { return static_cast<std::size_t>(q * event_kinds + e); }
  std::size_t qk(int q, int k) const { return static_cast<std::size_t>(q * services + k); }
};

}  // namespace ehsim
