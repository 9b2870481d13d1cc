#pragma once
// From per-replication tallies to the figures people read: a tidy time series (one row per
// period x metric x key) and the headline summary, each with mean, standard error and the 5th,
// 50th and 95th percentiles across replications.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/model.hpp"
#include "engine/staffing_search.hpp"
#include "engine/tally.hpp"
#include "results/metric.hpp"
#include "results/periods.hpp"
#include "results/run_summary.hpp"
#include "stats/summary.hpp"

namespace ehsim {

struct SeriesRow {
  std::string period_type;  // "quarter" or "financial_year"
  std::string period;       // "2018/19 Q1" or "2018/19"
  std::string metric;       // e.g. "children_at_end"
  std::string key;          // the state, event, service status or service the metric is about
  std::string unit;         // "children", "families", "events", "days", "FTE", "share"
  Summary summary;
};

// Wait figures are ratios (wait days over families allocated from a wait; families allocated
// within the standard over families referred) that some replications cannot have (nobody
// waited). Their across-replication figure is pooled: the total numerator over the total
// denominator of all replications and teams, not an average of each replication's own ratio.
// Returns (numerator, denominator) for such a metric, nullopt for any other metric.
std::optional<std::pair<double, double>> ratio_parts(const CompiledModel& model,
                                                     const ReplicationTally& tally,
                                                     const PeriodRange& period,
                                                     const MetricRef& ref);

// The pooled summary of a ratio metric: mean = sum of numerators / sum of denominators (with a
// ratio-estimator standard error); sd, percentiles and n over the replications whose
// denominator is positive. Every field 0 (n = 0) when no replication has one.
Summary pooled_ratio(const std::vector<std::pair<double, double>>& parts);

// The metric catalogue: the rows of timeseries.csv for every period, each with its names and
// unit as written and the metric resolved against the model.
struct MetricKey {
  std::string metric, key, unit;
  MetricRef ref;
};
std::vector<MetricKey> metric_catalogue(const CompiledModel& model);

std::vector<SeriesRow> build_time_series(const CompiledModel& model,
                                         const std::vector<ReplicationTally>& tallies);

// timeseries.csv: one row per period x metric x key.
std::string time_series_csv(const std::vector<SeriesRow>& rows);

// Headline figures (summary.json without what only a run knows: its seed, id and staffing
// search): demand by financial year, totals over the horizon, services, conservation.
RunSummary build_summary(const CompiledModel& model, const std::vector<ReplicationTally>& tallies);

// What the staffing search found a service needs: the FTE, its places and the shares within the
// waiting standard (the members comparison.json's per_scenario gives; summary.json adds more).
FteForWaitingStandard fte_found(const StaffingNeed& need);

// The p-quantile of a replication's waits for a service, over all its teams (days).
double wait_quantile(const CompiledModel& model, const ReplicationTally& tally, int service,
                     double p);
// The same over every wait of every replication pooled.
double pooled_wait_quantile(const CompiledModel& model,
                            const std::vector<ReplicationTally>& tallies, int service, double p);

}  // namespace ehsim
