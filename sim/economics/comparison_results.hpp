#pragma once
// The results of a comparison (comparison.json) as types, written by the comparison and read by
// the report: one definition of each part's keys, with to_json/from_json (nlohmann ADL, so
// `json j = headline;` and `j.get<ComparisonHeadline>()` work). The writer fills these structs
// and writes them through to_json; a reader turns the file into them once, at its boundary, and
// reads fields, not keys.
//
// Typed so far: each alternative's headline and its financial years (`headline`, `by_year`),
// and the few top-level fields the report's first screen reads. The rest of comparison.json
// (by_category, by_payer, staffing, per_scenario, uncertainty) is still JSON built and read by
// key.
//
// Reading is strict about what a reader relies on: a required member that is missing or of the
// wrong type throws ResultsFormatError naming its JSON pointer. A member added to schema version
// 1 after files were first written (the present values, the cashable saving, the per-10,000
// rates, ...) is optional on reading, since files of the same version may lack it; the writer
// always writes it.

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ehsim {

// A member of a results file that is missing or of the wrong type: its JSON pointer within the
// file and what is wrong. The reader of the file adds the file's name (InputError, exit 2).
class ResultsFormatError : public std::runtime_error {
 public:
  ResultsFormatError(std::string pointer, std::string problem);
  const std::string& pointer() const { return pointer_; }
  const std::string& problem() const { return problem_; }
  // The same error seen from the value holding this one under `token` (a key or an index).
  ResultsFormatError within(const std::string& token) const;

 private:
  std::string pointer_, problem_;
};

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

// A scenario of the comparison as comparison.json names it (baseline, alternatives[i]).
struct ScenarioIdentity {
  std::string name, path, sha256, slug;
  bool operator==(const ScenarioIdentity&) const = default;
};
void from_json(const nlohmann::json& j, ScenarioIdentity& s);

// An alternative: its identity and the typed parts of its results.
struct AlternativeResults {
  ScenarioIdentity scenario;
  ComparisonHeadline headline;
  std::vector<YearFlows> by_year;  // one per financial year, in order
  bool operator==(const AlternativeResults&) const = default;
};
void from_json(const nlohmann::json& j, AlternativeResults& a);

// comparison.json, the parts typed so far (reading only: the file is still assembled as JSON by
// comparison_document, with the typed parts written through their to_json).
struct ComparisonResults {
  int schema_version = 0;
  std::string price_base_year;  // "2017/18"
  double discount_rate = 0;
  std::optional<double> target;  // net cashable saving a year, £; null without one
  ScenarioIdentity baseline;
  std::vector<AlternativeResults> alternatives;
  bool operator==(const ComparisonResults&) const = default;
};
// Does not check schema_version against this program's: the reader of the file does that first.
void from_json(const nlohmann::json& j, ComparisonResults& c);

}  // namespace ehsim
