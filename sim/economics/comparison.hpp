#pragma once
// An alternative against the baseline, replication by replication. With common random numbers
// replication r of both scenarios met the same luck, so the paired difference alt_r - base_r
// measures the policy; the unpaired difference (alt_r - base_(r+1) mod N) is reported beside it
// to show how much the pairing tightens the interval. Formulas and the JSON contract:
// docs/economics.md.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "economics/comparison_results.hpp"
#include "economics/cost_model.hpp"

namespace ehsim {

// Children at the end of a period, for demand avoided.
struct DemandAtEnd {
  double children_in_need = 0;  // DfE definition: every statutory state (CIN, CP, looked after)
  double child_protection = 0;
  double looked_after = 0;
  double population = 0;  // children in any state
};

// One scenario's Monte Carlo results with its costs, per replication and reporting period.
class ScenarioResults {
 public:
  // Keeps a reference to `model`; takes the tallies.
  ScenarioResults(const CompiledModel& model, std::vector<ReplicationTally> tallies);

  const CompiledModel& model() const { return costs_.model(); }
  const CostModel& costs() const { return costs_; }
  const std::vector<ReplicationTally>& tallies() const { return tallies_; }
  int replications() const { return static_cast<int>(tallies_.size()); }
  // Quarters, then financial years, then the whole horizon.
  const std::vector<PeriodRange>& periods() const { return periods_; }
  std::vector<int> financial_year_periods() const;
  int horizon_period() const { return static_cast<int>(periods_.size()) - 1; }
  const PeriodAccount& account(int replication, int period) const;
  const DemandAtEnd& demand(int replication, int period) const;

 private:
  CostModel costs_;
  std::vector<ReplicationTally> tallies_;
  std::vector<PeriodRange> periods_;
  std::vector<std::vector<PeriodAccount>> accounts_;  // [replication][period]
  std::vector<std::vector<DemandAtEnd>> demand_;      // [replication][period]
};

// The alternative against the baseline in one period of one pairing of replications. Money in
// £ at the price base year, undiscounted; benefits after deadweight and attribution, investment
// after optimism bias.
struct PeriodFlows {
  double investment = 0;  // extra early help spending
  double fiscal = 0;      // late-intervention cost avoided: fiscal cashable + non-cashable
  double cashable = 0;    // of which cashable
  double all_value = 0;   // fiscal, economic and social value avoided
  std::map<std::string, double> by_category;        // fiscal, by EIF category
  std::map<std::string, double> by_payer;           // fiscal, by payer
  std::map<std::string, double> cashable_by_payer;  // cashable, by payer
  DemandAtEnd demand_avoided;                       // baseline minus alternative
  double baseline_population = 0;                   // children, for rates per 10,000
  double net_saving() const { return fiscal - investment; }
  double net_cashable_saving() const { return cashable - investment; }
};

// The appraisal settings that apply to an alternative (Adjustments, comparison_results.hpp).
Adjustments adjustments_of(const Scenario& alternative);

PeriodFlows period_flows(const PeriodAccount& base, const PeriodAccount& alt,
                         const DemandAtEnd& base_demand, const DemandAtEnd& alt_demand,
                         const Adjustments& adjust);

// Throws InputError when the two scenarios cannot be appraised together (different price base
// year or discount rate).
void check_comparable(const Scenario& baseline, const Scenario& alternative);

// Per payback: the first financial year (index) in which the cumulative discounted net saving
// reaches zero, or nullopt if it never does within the horizon.
std::optional<int> payback_year(const std::vector<double>& net_saving_by_year,
                                const std::vector<double>& discount_factors);

// The year by which at least half of the replications have paid back (nullopt when fewer than
// half ever do), from per-replication payback years.
std::optional<int> median_payback_year(const std::vector<std::optional<int>>& years);

// A return per £1 is only defined when every replication invests more than the baseline.
// Returns the reason it is not, or nullopt when it is.
std::optional<std::string> why_returns_undefined(const std::vector<double>& investment_pv);

struct ComparisonOptions {
  std::optional<double> target;  // net cashable saving a year, £
};

// Everything about one alternative against the baseline: `headline`, `by_year`,
// `by_category`, `by_payer`, `staffing` and `adjustments` of the comparison.json contract (the
// scenario's identity and the assumptions that differ are the caller's to fill).
AlternativeResults compare_scenarios(const ScenarioResults& baseline,
                                     const ScenarioResults& alternative,
                                     const ComparisonOptions& options);

// How much to trust a unit cost, on the New Economy model's scale from 1 (best evidence) to 5
// (weakest). The scenario format has no grade of its own yet, so the default is read from the
// amount's provenance: no provenance 5, an assumption 4, a source 3, a source that says "high
// confidence" 2 (and "low confidence" 4). Grade 1 (independently audited local data) is never
// given by default. The workbook turns grades into a haircut on benefits.
struct EvidenceGrade {
  int grade = 5;
  std::string reason;
};
EvidenceGrade default_evidence_grade(const CostItem& item);

// The haircut on benefits for each grade, 1 to 5: ehsim's default, an assumption (the workbook
// lets the user replace it).
inline constexpr double kConfidenceHaircut[5] = {0.0, 0.1, 0.2, 0.3, 0.4};

// One replication's appraisal of the alternative against the baseline (replication r of each,
// which met the same luck): what probabilistic and one-way sensitivity analysis pool.
struct ReplicationOutcome {
  double extra_investment = 0;     // over the horizon, after optimism bias, undiscounted
  double cost_avoided = 0;         // fiscal, after deadweight and attribution, undiscounted
  double net_saving = 0;           // cost avoided less extra investment
  double extra_investment_pv = 0;  // discounted
  double cost_avoided_pv = 0;
  double npv = 0;                            // cost_avoided_pv - extra_investment_pv
  double cashable_saving = 0;                // council-cashable part of cost avoided, undiscounted
  std::vector<double> net_cashable_by_year;  // for the chance of meeting a savings target
};
std::vector<ReplicationOutcome> replication_outcomes(const ScenarioResults& baseline,
                                                     const ScenarioResults& alternative);

// A scenario's own costs by financial year (the `per_scenario` entry, without its name, slug
// and the staffing search's answers), with what the workbook needs to recompute them: the
// appraisal settings, the unit costs, and the mean simulated activity and early help spending
// per financial year.
ScenarioCosts scenario_costs(const ScenarioResults& results);

// comparison.csv rows for one alternative: every period (quarters, financial years, horizon).
std::string comparison_csv_header();
// A period as comparison.csv names it: its type, label and first and last days.
struct CsvPeriod {
  std::string type, label, start, end;
};
CsvPeriod csv_period(const ScenarioResults& results, const PeriodRange& period);
// One comparison.csv row from a summary S of comparison.json (null, or a statistic it does not
// have: that value empty), for other layers' rows (the uncertainty analyses').
void csv_row(std::string& out, const std::string& alternative, const CsvPeriod& period,
             const std::string& metric, const std::string& key, const std::string& unit,
             const nlohmann::json& s);
// `options.target` adds each financial year's chance of meeting it.
std::string comparison_csv_rows(const std::string& alternative, const ScenarioResults& baseline,
                                const ScenarioResults& alt, const ComparisonOptions& options = {});

}  // namespace ehsim
