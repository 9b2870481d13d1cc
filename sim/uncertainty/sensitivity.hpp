#pragma once
// How sure are we? Probabilistic sensitivity analysis (K parameter sets, R replications each,
// every scenario seeing the same draw and the same families' luck), one-way sensitivity (each
// uncertain number at its 5th and 95th percentiles, the others central, common random numbers)
// and switching values (the value of a number at which the NPV crosses zero, by bisection on
// the simulation). docs/uncertainty.md has the method.

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pipeline/compare.hpp"
#include "stats/summary.hpp"
#include "uncertainty/parameters.hpp"

namespace ehsim {

struct SensitivitySettings {
  std::uint64_t seed = 1;
  int replications = 8;  // per parameter set, or per sensitivity run
  int threads = 0;
  const std::atomic<bool>* cancel = nullptr;
  std::function<void(int done, int total)> progress;  // after each comparison run
};

// A point of the acceptability curve: the chance that every £1 of extra investment brings back
// more than `return_per_pound` of cost avoided (both at present value).
struct AcceptabilityPoint {
  double return_per_pound = 0;
  double probability = 0;
};

// The acceptability curve of a health economist's cost-effectiveness acceptability curve, with
// the willingness to pay read as the return a council requires per £1: for each required return
// λ, the share of replications whose cost avoided (PV) exceeds λ times their extra investment
// (PV). At λ = £1 it is the chance the NPV is positive; at £0, the chance anything is avoided.
// λ runs from £0 in steps of 10p to the largest return of any replication rounded up to the next
// 50p (at least £2, at most £10). Empty when some replication does not invest (more than £1 PV):
// a return per £1 is then not defined (why_returns_undefined).
std::vector<AcceptabilityPoint> acceptability_curve(
    const std::vector<ReplicationOutcome>& outcomes);

// One alternative's figures over every replication of every parameter set, pooled, with how
// much of their variance is parameter uncertainty (the variance of the sets' means, less the
// chance in them) rather than chance (the mean variance within a set): the law of total variance.
struct PooledOutcome {
  Summary npv, net_saving, extra_investment_pv, cost_avoided_pv;
  Summary return_per_pound;  // fiscal, per replication where it invests (n may be smaller)
  double probability_npv_positive = 0;
  double npv_parameter_share = 0;  // share of Var(NPV) from parameter uncertainty (NaN: R = 1)
  std::vector<double> probability_target_by_year;  // net cashable saving >= target
  std::vector<double> set_mean_npv;                // per parameter set
  std::vector<AcceptabilityPoint> acceptability;   // empty when a replication does not invest
  std::optional<std::string> acceptability_undefined_reason;
};

struct PsaResult {
  int sets = 0, replications_per_set = 0;
  std::vector<UncertainNumber> numbers;
  std::string plausible_set;               // the file drawn from, or empty
  std::vector<std::vector<double>> draws;  // per set: each number's value in the baseline
  std::vector<int> plausible_points;       // per set: the row drawn
  std::vector<PooledOutcome> alternatives;
};

PsaResult run_psa(const std::vector<ComparedScenario>& scenarios, int sets,
                  const SensitivitySettings& settings, std::optional<double> target);

struct TornadoBar {
  std::string pointer;
  double low_value = 0, high_value = 0;  // the number at its 5th and 95th percentiles
  double central_value = 0;
  // Per alternative, the mean NPV, net saving and fiscal return per £1 at the low and high values.
  std::vector<double> npv_low, npv_high, net_low, net_high, return_low, return_high;
  double swing = 0;  // |npv_high - npv_low| of the first alternative: the sort key
};

struct SwitchingValue {
  std::string pointer;
  int alternative = 0;
  std::optional<double> value;  // where the mean NPV crosses zero, if it does in the range
  double searched_low = 0, searched_high = 0;  // the 0.1st to 99.9th percentiles
  bool within_90 = false;                      // between the 5th and 95th percentiles
  std::string note;
  int evaluations = 0;
};

struct OneWayResult {
  std::vector<double> central_npv, central_net, central_return;  // per alternative
  std::vector<TornadoBar> bars;                                  // largest swing first
  std::vector<SwitchingValue> switching;
};

// One-way sensitivity for every uncertain number, then switching values for the `switching`
// numbers with the largest swings.
OneWayResult run_one_way(const std::vector<ComparedScenario>& scenarios,
                         const SensitivitySettings& settings, int switching);

// comparison.json's "uncertainty" section.
nlohmann::json uncertainty_json(const std::vector<ComparedScenario>& scenarios,
                                const std::optional<PsaResult>& psa,
                                const std::optional<OneWayResult>& one_way);

// comparison.csv's rows of the same results, read from that section so the two agree
// (uncertainty/csv_rows.cpp; docs/outputs.md lists the metrics): per alternative, over the
// horizon, the PSA's pooled figures, chances and acceptability curve (psa_*), the tornado's
// ends (one_way_*) and the switching values (switching_value*); per financial year, the PSA's
// chance of meeting `target`. The scenarios give the periods' dates.
std::string uncertainty_csv_rows(const std::vector<ComparedScenario>& scenarios,
                                 const nlohmann::json& uncertainty, std::optional<double> target);

}  // namespace ehsim
