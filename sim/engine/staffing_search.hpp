#pragma once
// How many practitioners a service needs so that 90% of families are allocated within its
// waiting standard, found by simulation: the queue, the families' evolving need while they
// wait and the other services stay in the model, only the service's staffing varies.

#include "engine/model.hpp"
#include "engine/monte_carlo.hpp"

namespace ehsim {

struct StaffingNeed {
  std::string service;
  double fte_needed = 0;  // practitioner FTE: the smallest staffing found to meet the target
  int places = 0;         // the places that staffing gives
  double share_within_standard = 0;  // achieved at fte_needed (pooled over replications)
  int places_missing = 0;            // the most places found to miss the target (0 when none tried)
  double share_at_places_missing = 0;  // achieved there (shows the target binds)
  double target_share = 0;             // the share of referred families the search aimed for
  int replications = 0;                // per evaluation
  int evaluations = 0;                 // Monte Carlo runs the search took
};

struct StaffingSearchOptions {
  double target_share = 0.9;  // of allocations within the service's waiting standard
  int replications = 20;      // per evaluation; every evaluation uses the same seed (CRN)
};

// Share of the service's allocations over the horizon made within its waiting standard, pooled
// over replications.
double share_within_standard(const std::vector<ReplicationTally>& tallies, int service);

// Searches over whole places, starting from the places the service is funded for: steps of a
// quarter up (or a fifth down) until the target is bracketed, then bisection until the bracket
// is one place wide or within 1% of the places, whichever is wider. The share rises with places
// in expectation; common random numbers keep the steps comparable.
StaffingNeed find_fte_needed(const Scenario& scenario, int service, const MonteCarloOptions& run,
                             const StaffingSearchOptions& search = {});

// The search for every capacity-limited service, one service at a time (the others as funded).
std::vector<StaffingNeed> find_staffing_needs(const Scenario& scenario,
                                              const MonteCarloOptions& run,
                                              const StaffingSearchOptions& search = {});

}  // namespace ehsim
