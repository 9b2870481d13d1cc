#pragma once
// How sure are we? Probabilistic sensitivity analysis (K parameter sets, R replications each,
// every scenario seeing the same draw and the same families' luck), one-way sensitivity (each
// uncertain number at its 5th and 95th percentiles, the others central, common random numbers)
// and switching values (the value of a number at which the NPV crosses zero, the savings target
// is missed or the preferred option changes, by regula falsi on the simulation).
// docs/uncertainty.md has the method.

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

// The three questions of the Green Book (5.59-5.61) a switching value answers, each as a margin
// of the mean outcomes that is positive where the answer is as at the central values' and
// crosses zero where it changes.
enum class SwitchingCriterion {
  npv_zero,       // the alternative's mean NPV (£0 is the switch)
  target_missed,  // its mean net cashable saving in the target year, less the savings target
  // The preferred option's mean NPV less the best other option's (the baseline's being £0): the
  // option with the highest mean NPV at the central values stops being the highest.
  preferred_option_changes,
};
const char* switching_criterion_name(SwitchingCriterion c);  // "npv_zero", ...

struct SwitchingValue {
  std::string pointer;
  SwitchingCriterion criterion = SwitchingCriterion::npv_zero;
  // The scenario whose figure is searched (its index in the comparison, 0 the baseline): the
  // alternative, or for preferred_option_changes the option preferred at the central values.
  std::size_t scenario = 1;
  std::optional<double> value;  // where the margin crosses zero nearest the central value
  double searched_low = 0, searched_high = 0;  // the 0.1st to 99.9th percentiles
  double margin_low = 0, margin_high = 0;      // the margin at each end of the range
  std::optional<bool> negative_below;          // with a value: the margin is negative below it
  std::optional<std::size_t> overtaken_by;     // preferred_option_changes: the option best past it
  bool within_90 = false;                      // between the 5th and 95th percentiles
  std::string note;
  int evaluations = 0;
};

struct OneWayResult {
  std::vector<double> central_npv, central_net, central_return;  // per alternative
  std::vector<TornadoBar> bars;                                  // largest swing first
  std::vector<SwitchingValue> switching;
  std::optional<double> target;  // the savings target of the target_missed switching values
  std::string target_year;       // the financial year it is tested in: the horizon's last
};

// One-way sensitivity for every uncertain number, then switching values for the `switching`
// numbers with the largest swings: for each, where each alternative's NPV crosses zero, where
// its net cashable saving in the horizon's last financial year falls to `target` (with a
// target), and where the preferred option changes (with two or more alternatives).
OneWayResult run_one_way(const std::vector<ComparedScenario>& scenarios,
                         const SensitivitySettings& settings, int switching,
                         std::optional<double> target = std::nullopt);

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
