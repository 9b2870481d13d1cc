// comparison.csv's rows of the uncertainty analyses, from comparison.json's "uncertainty" section
// (so the CSV and the JSON cannot disagree), in comparison.csv's own shape: tidy long, one row
// per alternative x period x metric x key, one number in `mean` where the figure is not a
// summary over replications (a chance, a value found by a search).

#include <algorithm>

#include <fmt/format.h>

#include "core/json_reading.hpp"
#include "uncertainty/sensitivity.hpp"

namespace ehsim {

using nlohmann::json;
using namespace json_reading;

namespace {

// One number as the `mean` of a row (null stays empty).
json single(const json& value) {
  return {{"mean", value}};
}
json flag(bool yes) {
  return single(yes ? 1 : 0);
}

struct Rows {
  std::string& out;
  const std::string& alternative;
  void add(const CsvPeriod& period, const std::string& metric, const std::string& key,
           const std::string& unit, const json& summary) const {
    csv_row(out, alternative, period, metric, key, unit, summary);
  }
};

const json& psa_alternative(const json& uncertainty, const std::string& slug) {
  for (const auto& p : member(member(uncertainty, "psa"), "alternatives"))
    if (text_of(p, "slug") == slug) return p;
  return null_json();
}

void psa_rows(const Rows& rows, const json& psa_alt, const CsvPeriod& horizon,
              const std::vector<CsvPeriod>& years, std::optional<double> target) {
  if (!psa_alt.is_object()) return;
  for (const auto& [metric, key, unit] :
       {std::tuple{"psa_net_saving_npv", "npv", "GBP"},
        std::tuple{"psa_net_saving", "net_saving", "GBP"},
        std::tuple{"psa_extra_investment_pv", "extra_investment_pv", "GBP"},
        std::tuple{"psa_cost_avoided_pv", "cost_avoided_pv", "GBP"},
        std::tuple{"psa_fiscal_return_per_pound", "fiscal_return_per_pound", "GBP per GBP"}}) {
    rows.add(horizon, metric, "all", unit, member(psa_alt, key));
  }
  rows.add(horizon, "psa_probability_npv_positive", "all", "share",
           single(member(psa_alt, "probability_npv_positive")));
  rows.add(horizon, "psa_npv_variance_share_from_parameters", "all", "share",
           single(member(psa_alt, "npv_variance_share_from_parameters")));
  for (const auto& point : member(psa_alt, "acceptability_curve")) {
    rows.add(
        horizon, "psa_acceptability",
        fmt::format("return_per_pound_above_{:.10g}", point.at("return_per_pound").get<double>()),
        "share", single(point.at("probability")));
  }
  if (!target) return;
  const json& by_year = member(psa_alt, "probability_target_met_by_year");
  for (std::size_t y = 0; y < years.size(); ++y) {
    rows.add(years[y], "psa_probability_target_met",
             fmt::format("net_cashable_saving_at_least_{:.10g}", *target), "share",
             single(nth(by_year, y)));
  }
}

// The tornado's ends for alternative `a` (its index among the alternatives), one key per number.
void tornado_rows(const Rows& rows, const json& one_way, std::size_t a, const CsvPeriod& horizon) {
  rows.add(horizon, "one_way_central_npv", "all", "GBP",
           single(nth(member(one_way, "central_npv"), a)));
  rows.add(horizon, "one_way_central_return_per_pound", "all", "GBP per GBP",
           single(nth(member(one_way, "central_return_per_pound"), a)));
  for (const auto& bar : member(one_way, "tornado")) {
    const std::string pointer = text_of(bar, "pointer");
    rows.add(horizon, "one_way_low_value", pointer, "number", single(member(bar, "low_value")));
    rows.add(horizon, "one_way_high_value", pointer, "number", single(member(bar, "high_value")));
    for (const auto& [metric, field, unit] :
         {std::tuple{"one_way_npv_at_low", "npv_low", "GBP"},
          std::tuple{"one_way_npv_at_high", "npv_high", "GBP"},
          std::tuple{"one_way_net_saving_at_low", "net_saving_low", "GBP"},
          std::tuple{"one_way_net_saving_at_high", "net_saving_high", "GBP"},
          std::tuple{"one_way_return_per_pound_at_low", "return_per_pound_low", "GBP per GBP"},
          std::tuple{"one_way_return_per_pound_at_high", "return_per_pound_high", "GBP per GBP"}}) {
      rows.add(horizon, metric, pointer, unit, single(nth(member(bar, field), a)));
    }
  }
}

// The rows' metric names of each question: "switching_value" (where the NPV crosses zero),
// "target_switching_value", "preferred_option_switching_value", each with its range and flags.
std::string switching_metric(const json& sv) {
  const std::string criterion = text_of(sv, "criterion");
  if (criterion == "target_missed") return "target_switching_value";
  if (criterion == "preferred_option_changes") return "preferred_option_switching_value";
  return "switching_value";  // npv_zero, and files from before the other questions
}

// The switching values of the scenario `rows` is for: over the horizon, or for a target missed in
// its financial year.
void switching_rows(const Rows& rows, const json& one_way, const CsvPeriod& horizon,
                    const std::vector<CsvPeriod>& years) {
  for (const auto& sv : member(one_way, "switching_values")) {
    if (text_of(sv, "alternative") != rows.alternative) continue;
    const std::string pointer = text_of(sv, "pointer");
    const std::string metric = switching_metric(sv);
    const std::string year = text_of(sv, "financial_year");
    const auto in_year = std::find_if(years.begin(), years.end(),
                                      [&](const CsvPeriod& p) { return p.label == year; });
    const CsvPeriod& period = in_year == years.end() ? horizon : *in_year;
    const json& value = member(sv, "value");
    rows.add(period, metric, pointer, "number", single(value));
    rows.add(period, metric + "_searched_from", pointer, "number",
             single(nth(member(sv, "searched"), 0)));
    rows.add(period, metric + "_searched_to", pointer, "number",
             single(nth(member(sv, "searched"), 1)));
    rows.add(period, metric + "_within_plausible_range", pointer, "flag", flag(value.is_number()));
    rows.add(period, metric + "_within_90_percent_range", pointer, "flag",
             flag(member(sv, "within_90_percent_range") == json(true)));
  }
}

}  // namespace

std::string uncertainty_csv_rows(const std::vector<ComparedScenario>& scenarios,
                                 const json& uncertainty, std::optional<double> target) {
  std::string out;
  if (!uncertainty.is_object() || scenarios.empty()) return out;
  const ScenarioResults& baseline = *scenarios.front().results;
  const CsvPeriod horizon =
      csv_period(baseline, baseline.periods()[static_cast<std::size_t>(baseline.horizon_period())]);
  std::vector<CsvPeriod> years;
  for (int p : baseline.financial_year_periods())
    years.push_back(csv_period(baseline, baseline.periods()[static_cast<std::size_t>(p)]));
  const json& one_way = member(uncertainty, "one_way");
  for (std::size_t a = 1; a < scenarios.size(); ++a) {
    const Rows rows{out, scenarios[a].slug};
    psa_rows(rows, psa_alternative(uncertainty, scenarios[a].slug), horizon, years, target);
    if (!one_way.is_object()) continue;
    tornado_rows(rows, one_way, a - 1, horizon);
    switching_rows(rows, one_way, horizon, years);
  }
  // Where the baseline is the preferred option, the question of its being overtaken is its own.
  if (one_way.is_object())
    switching_rows(Rows{out, scenarios.front().slug}, one_way, horizon, years);
  return out;
}

}  // namespace ehsim
