#pragma once
// The results of a comparison (comparison.json) as types, written by the comparison and read by
// the report, the workbook and `ehsim compare`'s printout: one definition of each part's keys,
// with to_json/from_json (nlohmann ADL, so `json j = results;` and `j.get<ComparisonResults>()`
// work). The comparison fills these structs (compare_scenarios, scenario_costs,
// comparison_results in sim/pipeline) and writes them through to_json; a reader turns the file
// into them once, at its boundary, and reads fields, not keys.
//
// Everything but the `uncertainty` section is typed: that section (`ehsim compare --psa
// --one-way`) is added to the JSON afterwards and read by key by its own readers (the report's
// "How sure are we?", the workbook's uncertainty sheets).
//
// Reading is strict about what a reader relies on: a required member that is missing or of the
// wrong type throws ResultsFormatError naming its JSON pointer (core/results_json.hpp). A member
// added to schema version 1 after files were first written (the present values, the cashable
// saving, the per-10,000 rates, the cost items and activity of per_scenario, ...) is optional
// on reading, since files of the same version may lack it; the writer always writes it. The
// required members are those of the oldest schema-1 file the project keeps
// (tests/report/data/comparison).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/results_json.hpp"
#include "economics/assumptions.hpp"
#include "results/run_summary.hpp"
#include "scenario/scenario.hpp"

namespace ehsim {

// A figure across replications: comparison.json's summary "S" {mean, p05, p50, p95, se}.
struct Estimate {
  double mean = 0, p05 = 0, p50 = 0, p95 = 0, se = 0;
  bool operator==(const Estimate&) const = default;
};
void to_json(nlohmann::json& j, const Estimate& e);
void from_json(const nlohmann::json& j, Estimate& e);

// A paired difference (alternative minus baseline, or baseline minus alternative for things
// avoided) with the unpaired 90% range beside it.
struct Difference : Estimate {
  double unpaired_p05 = 0, unpaired_p95 = 0;
  bool operator==(const Difference&) const = default;
};
void to_json(nlohmann::json& j, const Difference& d);
void from_json(const nlohmann::json& j, Difference& d);

struct Payback {
  std::optional<std::string> median_year;  // "2021/22"; none when fewer than half pay back
  double share_paying_back = 0;
  bool operator==(const Payback&) const = default;
};
void to_json(nlohmann::json& j, const Payback& p);
void from_json(const nlohmann::json& j, Payback& p);

// An alternative's figures over the horizon (comparison.json's alternatives[i].headline).
// Money in £ at the price base year; ratios in £ per £1.
struct ComparisonHeadline {
  Difference extra_investment;
  std::optional<Difference> extra_investment_pv;  // optional on reading (an addition)
  Difference cost_avoided;
  std::optional<Difference> cost_avoided_pv;             // optional on reading (an addition)
  std::optional<Difference> cashable_saving;             // optional on reading
  std::optional<Difference> value_avoided_all_types;     // optional on reading
  std::optional<Difference> value_avoided_all_types_pv;  // optional on reading (an addition)
  Difference net_saving;
  Difference net_saving_npv;
  // Null (written as null) when a return per £1 is not defined; then the reason says why.
  std::optional<Estimate> benefit_cost_ratio, fiscal_return_per_pound, social_return_per_pound;
  std::optional<std::string> returns_undefined_reason;
  Payback payback;
  Difference cin_avoided_final_year, cp_avoided_final_year, lac_avoided_final_year;
  bool operator==(const ComparisonHeadline&) const = default;
};
void to_json(nlohmann::json& j, const ComparisonHeadline& h);
void from_json(const nlohmann::json& j, ComparisonHeadline& h);

// One financial year of an alternative against the baseline (alternatives[i].by_year[t]).
struct YearFlows {
  std::string financial_year;  // "2018/19"
  Difference extra_investment, cost_avoided, net_saving;
  std::optional<Difference> net_cashable_saving;  // optional on reading
  Difference cumulative_net_saving_discounted;
  std::optional<double> discount_factor;  // optional on reading
  Difference cin_avoided, cp_avoided, lac_avoided;
  // Per 10,000 children of the baseline population; optional on reading.
  std::optional<Difference> cin_avoided_per_10000, cp_avoided_per_10000, lac_avoided_per_10000;
  // The share of replications meeting the savings target; null (written as null) without one.
  std::optional<double> probability_target_met;
  bool operator==(const YearFlows&) const = default;
};
void to_json(nlohmann::json& j, const YearFlows& y);
void from_json(const nlohmann::json& j, YearFlows& y);

// Fiscal cost avoided over the horizon in one cost category (alternatives[i].by_category[k]).
struct CategoryAvoided {
  std::string category;
  Difference cost_avoided;
  bool operator==(const CategoryAvoided&) const = default;
};
void to_json(nlohmann::json& j, const CategoryAvoided& c);
void from_json(const nlohmann::json& j, CategoryAvoided& c);

// Fiscal cost avoided over the horizon for one payer, and its cashable part (by_payer[k]).
struct PayerAvoided {
  std::string payer;
  Difference cost_avoided, cashable;
  bool operator==(const PayerAvoided&) const = default;
};
void to_json(nlohmann::json& j, const PayerAvoided& p);
void from_json(const nlohmann::json& j, PayerAvoided& p);

// Practitioners funded at a financial year's end and needed for its demand, in both scenarios
// (alternatives[i].staffing[k].by_year[t]).
struct StaffingComparedYear {
  std::string financial_year;
  Estimate fte_funded_baseline, fte_funded_alternative, fte_needed_baseline, fte_needed_alternative;
  bool operator==(const StaffingComparedYear&) const = default;
};
void to_json(nlohmann::json& j, const StaffingComparedYear& y);
void from_json(const nlohmann::json& j, StaffingComparedYear& y);

// A service's staff in both scenarios (alternatives[i].staffing[k]): practitioner FTE funded at
// the end of the horizon and needed for its demand, and all staff funded.
struct ServiceStaffing {
  std::string service, label;
  Estimate fte_funded_baseline, fte_funded_alternative;
  Difference difference;  // funded, alternative minus baseline
  // Optional on reading (additions):
  std::optional<Estimate> fte_needed_baseline, fte_needed_alternative;
  std::optional<Difference> fte_needed_difference;
  std::optional<std::string> basis;
  std::optional<double> staff_funded_with_management_and_admin_baseline,
      staff_funded_with_management_and_admin_alternative;
  std::vector<StaffingComparedYear> by_year;  // empty when the file has none
  bool operator==(const ServiceStaffing&) const = default;
};
void to_json(nlohmann::json& j, const ServiceStaffing& s);
void from_json(const nlohmann::json& j, ServiceStaffing& s);

// The appraisal settings that apply to an alternative: optimism bias, deadweight and
// attribution are the alternative's (they describe its intervention); the price base and the
// discount rate must agree between the scenarios (alternatives[i].adjustments).
struct Adjustments {
  double optimism_bias = 0;
  double deadweight = 0;
  double attribution = 1;
  bool operator==(const Adjustments&) const = default;
};
void to_json(nlohmann::json& j, const Adjustments& a);
void from_json(const nlohmann::json& j, Adjustments& a);

// A scenario of the comparison as comparison.json names it (baseline, alternatives[i]).
struct ScenarioIdentity {
  std::string name, path, sha256, slug;
  std::optional<CalibrationRecord> calibration;  // written as null when none
  bool operator==(const ScenarioIdentity&) const = default;
};
void to_json(nlohmann::json& j, const ScenarioIdentity& s);
void from_json(const nlohmann::json& j, ScenarioIdentity& s);

// An alternative against the baseline: its identity and every part of its results
// (compare_scenarios fills all but the identity and the assumptions that differ).
struct AlternativeResults {
  ScenarioIdentity scenario;  // in the same object as the results
  ComparisonHeadline headline;
  std::vector<YearFlows> by_year;  // one per financial year, in order
  std::vector<CategoryAvoided> by_category;
  std::vector<PayerAvoided> by_payer;
  std::vector<ServiceStaffing> staffing;   // the baseline's services first
  std::optional<Adjustments> adjustments;  // optional on reading
  std::vector<DifferingAssumption> assumptions_differing;
  bool operator==(const AlternativeResults&) const = default;
};
void to_json(nlohmann::json& j, const AlternativeResults& a);
void from_json(const nlohmann::json& j, AlternativeResults& a);

// ---- per_scenario: each scenario's own costs, with what the workbook recomputes them from ----

// A scenario's fiscal late-intervention cost (and the economic and social value beside it).
struct LateCosts {
  Estimate total;
  std::map<std::string, Estimate> by_category;
  std::map<std::string, Estimate> by_payer;           // empty when the file has none
  std::optional<Estimate> economic_and_social_value;  // optional on reading
  bool operator==(const LateCosts&) const = default;
};
struct LateCostYear : LateCosts {
  std::string financial_year;
  bool operator==(const LateCostYear&) const = default;
};
void to_json(nlohmann::json& j, const LateCostYear& y);
void from_json(const nlohmann::json& j, LateCostYear& y);

struct EarlyHelpCostYear {
  std::string financial_year;
  Estimate total;
  bool operator==(const EarlyHelpCostYear&) const = default;
};
void to_json(nlohmann::json& j, const EarlyHelpCostYear& y);
void from_json(const nlohmann::json& j, EarlyHelpCostYear& y);

// Over the whole horizon: the late-intervention costs and the early help spend.
struct HorizonCosts : LateCosts {
  Estimate early_help;
  bool operator==(const HorizonCosts&) const = default;
};
void to_json(nlohmann::json& j, const HorizonCosts& h);
void from_json(const nlohmann::json& j, HorizonCosts& h);

struct PriceIndexEntry {
  std::string financial_year;
  double index = 0;
  bool operator==(const PriceIndexEntry&) const = default;
};
void to_json(nlohmann::json& j, const PriceIndexEntry& p);
void from_json(const nlohmann::json& j, PriceIndexEntry& p);

// A scenario's appraisal settings: its adjustments, the price base, discounting, price index.
struct Appraisal : Adjustments {
  std::string price_base_year;
  double discount_rate = 0;
  std::vector<PriceIndexEntry> price_index;
  bool operator==(const Appraisal&) const = default;
};
void to_json(nlohmann::json& j, const Appraisal& a);
void from_json(const nlohmann::json& j, Appraisal& a);

// A unit cost as the scenario gives it and restated to the price base year, with what it is
// charged on and how far to trust it. Null members (written as null) are ones it does not have.
struct UnitCost {
  std::string id, category, payer, value_type;  // value_type: "fiscal_cashable", ...
  bool per_child = true;
  std::string units;
  std::vector<std::string> per_week_in_states;
  std::optional<std::string> per_event, per_entry_to_state;
  double amount = 0;
  std::optional<std::string> price_year;
  double price_factor = 1, amount_at_base_prices = 0;
  std::optional<std::string> source, assumption;
  int evidence_grade = 5;  // 1 (best) to 5
  std::string evidence_grade_reason;
  bool operator==(const UnitCost&) const = default;
};
void to_json(nlohmann::json& j, const UnitCost& u);
void from_json(const nlohmann::json& j, UnitCost& u);

struct LabelledService {
  std::string id, label;
  bool operator==(const LabelledService&) const = default;
};
void to_json(nlohmann::json& j, const LabelledService& s);
void from_json(const nlohmann::json& j, LabelledService& s);

// Mean units of every cost item and mean spending of every early help service in a year.
struct ActivityYear {
  std::string financial_year;
  std::map<std::string, double> item_units;                // by cost item id
  std::map<std::string, double> early_help_service_spend;  // by service id, £
  bool operator==(const ActivityYear&) const = default;
};
void to_json(nlohmann::json& j, const ActivityYear& a);
void from_json(const nlohmann::json& j, ActivityYear& a);

// A scenario's own costs (comparison.json's per_scenario[i]), with what the workbook needs to
// recompute them. Every member after the cost lists is optional on reading (additions); a list
// or map a file lacks reads as empty.
struct ScenarioCosts {
  std::string name, slug;
  std::vector<LateCostYear> late_intervention_cost_by_year;
  std::vector<EarlyHelpCostYear> early_help_cost_by_year;
  std::optional<HorizonCosts> over_horizon;
  std::optional<Appraisal> appraisal;
  std::vector<UnitCost> unit_costs;
  std::vector<LabelledService> early_help_services;
  std::map<std::string, std::string> state_labels;  // by state id
  std::vector<ActivityYear> activity_by_year;
  // The staffing search's answers by service; empty when it did not run.
  std::map<std::string, FteForWaitingStandard> fte_needed_for_waiting_standard;
  bool operator==(const ScenarioCosts&) const = default;
};
void to_json(nlohmann::json& j, const ScenarioCosts& s);
void from_json(const nlohmann::json& j, ScenarioCosts& s);

// comparison.json without its `uncertainty` section.
struct ComparisonResults {
  int schema_version = 0;
  std::optional<std::string> run_id;  // left out by a comparison made in memory
  std::string ehsim_version, git_commit;
  std::optional<std::string> created_utc;  // optional on reading
  std::uint64_t seed = 0;
  int replications = 0, threads = 0;
  std::string price_base_year;  // "2017/18"
  double discount_rate = 0;
  std::optional<std::string> money;  // what the money figures are; optional on reading
  std::optional<double> target;      // net cashable saving a year, £; null without one
  ScenarioIdentity baseline;
  std::vector<AlternativeResults> alternatives;
  std::vector<ScenarioCosts> per_scenario;  // the baseline first
  // Why the comparison may not have priced what changes; left out when there is no reason.
  std::vector<std::string> warnings;
  bool operator==(const ComparisonResults&) const = default;
};
void to_json(nlohmann::json& j, const ComparisonResults& c);
// Does not check schema_version against this program's: the reader of the file does that first.
void from_json(const nlohmann::json& j, ComparisonResults& c);

}  // namespace ehsim
