#pragma once
// Figures read from a replication's tally, as typed keys: a Metric (what is measured) and its
// subject (a state or a group of states, an event kind, a service or one of its locality
// teams), resolved against a compiled model once into a MetricRef, so that reading the figure
// for each replication and period compares no strings. The names ("group_children_at_end",
// key "children_in_need_dfe") are those of timeseries.csv; they are resolved from text only
// where text comes from outside: calibration targets, and the catalogue that names the rows.

#include <optional>
#include <string>
#include <vector>

#include "engine/model.hpp"
#include "engine/tally.hpp"
#include "results/periods.hpp"

namespace ehsim {

enum class Metric : int {
  // Of one state (key: the state id).
  children_average,
  families_average,
  children_at_end,
  families_at_end,
  entries,
  exits,
  // Of a group of states (key: a StateGroup name).
  group_children_average,
  group_families_average,
  group_children_at_end,
  group_families_at_end,
  group_entries_children,
  // Of an event kind (key: the event name).
  events_children,
  events_families,
  re_referral_share,  // re-referrals over referrals (key: "referral")
  // Of a service (key: its id) or of one of its locality teams (key: "service@locality").
  service_fte_funded,
  service_fte_needed_for_demand,
  service_places_average,
  service_occupied_families_average,
  service_caseload_per_fte,
  service_waiting_families_average,
  service_waiting_families_at_end,
  service_utilisation,
  service_joined_waiting_list,
  service_allocations,
  service_allocated_from_wait,
  service_mean_wait_days,
  service_share_allocated_within_standard,
  service_escalated_while_waiting,
  service_left_while_waiting,
  service_dropped_out,
  // Parts of the pooled ratios above, not reported as metrics of their own.
  service_wait_days_total,
  service_allocated_within_standard,
  service_referred,
  count_
};

// What a metric's key names.
enum class MetricSubject { state, state_group, event, service };
MetricSubject metric_subject(Metric metric);

const char* metric_name(Metric metric);  // "service_fte_funded"
std::optional<Metric> metric_from_name(const std::string& name);

// A set of states counted together: every state, those holding hidden need, those in early
// help, those DfE counts as children in need, or those with one service status.
struct StateGroup {
  enum class Kind { all, hidden_need, early_help, children_in_need_dfe, service_status };
  Kind kind = Kind::all;
  ServiceStatus status = ServiceStatus::none;  // for Kind::service_status

  static StateGroup with_status(ServiceStatus s) { return {Kind::service_status, s}; }
};
std::string state_group_name(const StateGroup& group);  // "children_in_need_dfe", "looked_after"
std::optional<StateGroup> state_group_from_name(const std::string& name);
// Every group, in the order of timeseries.csv.
std::vector<StateGroup> all_state_groups();

// The teams whose figures make up a service's: all of them, or one locality team.
struct TeamRange {
  int first = 0, count = 1;
};

// A metric with its subject resolved against one compiled model.
struct MetricRef {
  Metric metric = Metric::children_at_end;
  std::vector<int> states;  // state and group metrics: the states summed
  int event = -1;           // event metrics: the EventKind
  int service = -1;         // service metrics
  TeamRange teams;          // service metrics

  static MetricRef of_state(Metric metric, int state);
  static MetricRef of_group(const CompiledModel& model, Metric metric, const StateGroup& group);
  static MetricRef of_event(Metric metric, EventKind event);
  static MetricRef of_service(const CompiledModel& model, Metric metric, int service);
  static MetricRef of_team(const CompiledModel& model, Metric metric, int service, int locality);
  // The same subject measured by `other` (a metric about the same kind of subject).
  MetricRef with(Metric other) const;
};

// From names, as timeseries.csv writes them; throws std::invalid_argument naming an unknown
// metric or key.
MetricRef resolve_metric(const CompiledModel& model, const std::string& metric,
                         const std::string& key);

// One number per replication for a metric over a period; used by the series, the summary,
// calibration and the comparison of scenarios, so every figure is computed in one place.
double metric_value(const CompiledModel& model, const ReplicationTally& tally,
                    const PeriodRange& period, const MetricRef& ref);

}  // namespace ehsim
