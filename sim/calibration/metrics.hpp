#pragma once
// What the model says for a DfE measure: each target metric as a function of one replication's
// tally over one financial year, in children (DfE counts children), resolved once per run.

#include <optional>
#include <string>
#include <vector>

#include "calibration/targets.hpp"
#include "engine/model.hpp"
#include "engine/tally.hpp"
#include "results/run_results.hpp"

namespace ehsim {

// A target resolved against a compiled model: the reporting period it falls in and how to
// compute it, so evaluating it per replication does no lookup by name.
class SimulatedMetric {
 public:
  // nullopt when the target's year is not one of the run's financial years.
  static std::optional<SimulatedMetric> resolve(const CompiledModel& model,
                                                const ObservedTarget& target);
  double value(const CompiledModel& model, const ReplicationTally& tally) const;
  // The financial year label, "2017/18".
  const std::string& period_label() const { return period_.label; }

 private:
  PeriodRange period_;
  std::vector<MetricRef> numerator_;    // summed
  std::vector<MetricRef> denominator_;  // summed; empty for counts
};

// "2017-18" -> "2017/18", the label the calendar gives financial years.
std::string financial_year_label(const std::string& year);

}  // namespace ehsim
