// The uncertainty analyses in the business case's files beside comparison.json: the workbook has
// a sheet per analysis that ran, holding comparison.json's figures, and none of them when no
// analysis ran; comparison.csv's rows carry the same figures.

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "../support/xlsx_reader.hpp"
#include "economics/workbook.hpp"
#include "uncertainty/value_of_information.hpp"
#include "uncertainty_test_support.hpp"

namespace ehsim {
namespace {

using nlohmann::json;
using namespace test;

// A comparison with two uncertain unit costs, as `ehsim compare -n 4 --target 0 --psa 3
// --psa-replications 2 --one-way --one-way-replications 2 --switching-values 2` makes it: the
// assessment's cost can turn the NPV negative within its range, the foster care cost cannot.
struct Analysed {
  ComparisonResult comparison;
  json document;  // comparison.json with its "uncertainty"
};

const Analysed& analysed() {
  static const Analysed once = [] {
    const json uncertain{{kAssessment, uniform(0, 2e6)}, {kFosterCare, uniform(400, 500)}};
    RunSettings run;
    run.monte_carlo.seed = 11;
    run.monte_carlo.replications = 4;
    run.monte_carlo.threads = 2;
    run.staffing_replications = 0;
    ComparisonResult result = run_comparison(small_comparison(uncertain), run, {0.0, {}});
    const auto psa = run_psa(result.scenarios, 3, quick(2), 0.0);
    const auto one_way = run_one_way(result.scenarios, quick(2), 2, 0.0);
    json document = result.document;
    document["uncertainty"] = uncertainty_json(result.scenarios, psa, one_way);
    return Analysed{std::move(result), std::move(document)};
  }();
  return once;
}

const json& psa_of_first(const json& document) {
  return document.at("uncertainty").at("psa").at("alternatives").at(0);
}

void expect_close(double actual, double expected, const std::string& what) {
  EXPECT_NEAR(actual, expected, 1e-9 * std::max(1.0, std::abs(expected))) << what;
}

TEST(UncertaintyWorkbook, HasASheetPerAnalysisHoldingComparisonJsonsFigures) {
  const json& c = analysed().document;
  const auto names = workbook_sheet_names(c);
  const auto summary = std::find(names.begin(), names.end(), "Summary");
  ASSERT_NE(summary, names.end());
  EXPECT_EQ(
      std::vector<std::string>(summary + 1, summary + 7),
      (std::vector<std::string>{"Parameter uncertainty", "Acceptability curve",
                                "Value of information", "Tornado", "Switching values", "Demand"}));
  const std::string xlsx = comparison_workbook(c);
  const json& psa = psa_of_first(c);
  const json& headline = c.at("alternatives").at(0).at("headline");

  const auto pooled = sheet_cells(xlsx, "Parameter uncertainty");
  const int npv = row_with(pooled, "A", "Net present value (NPV) of the net saving");
  ASSERT_GT(npv, 0);
  expect_close(number_in(pooled, fmt::format("B{}", npv)), psa.at("npv").at("mean"), "PSA NPV");
  expect_close(number_in(pooled, fmt::format("C{}", npv)), psa.at("npv").at("p05"), "PSA p05");
  expect_close(number_in(pooled, fmt::format("F{}", npv)), headline.at("net_saving_npv").at("mean"),
               "chance alone's NPV");
  const int positive = row_with(pooled, "A", "Chance the NPV is positive");
  expect_close(number_in(pooled, fmt::format("B{}", positive)), psa.at("probability_npv_positive"),
               "chance of a positive NPV");
  const int share = row_with(pooled, "A", "Share of the NPV's variance from the uncertain numbers");
  expect_close(number_in(pooled, fmt::format("B{}", share)) +
                   number_in(pooled, fmt::format("B{}", share + 1)),
               1.0, "parameters and chance make the whole variance");
  // The draws: set 1's value of the first uncertain number and its mean NPV.
  const int sets = row_with(pooled, "A", "Parameter set");
  ASSERT_GT(sets, 0);
  const json& draws = c.at("uncertainty").at("psa").at("draws");
  expect_close(number_in(pooled, fmt::format("B{}", sets + 1)), draws.at(0).at(0), "a draw");
  expect_close(number_in(pooled, fmt::format("D{}", sets + 3)), psa.at("npv_by_set").at(2),
               "set 3's mean NPV");

  const auto curve = sheet_cells(xlsx, "Acceptability curve");
  const int one_pound = row_with(curve, "A", "1");
  ASSERT_GT(one_pound, 0);
  expect_close(number_in(curve, fmt::format("B{}", one_pound)),
               psa.at("acceptability_curve").at(10).at("probability"), "chance at £1");
  expect_close(number_in(curve, fmt::format("B{}", one_pound)), psa.at("probability_npv_positive"),
               "at £1 the curve is the chance of a positive NPV");

  const auto tornado = sheet_cells(xlsx, "Tornado");
  const json& bar = c.at("uncertainty").at("one_way").at("tornado").at(0);  // largest swing
  const int top = row_with(tornado, "A", "1");
  ASSERT_GT(top, 0);
  EXPECT_EQ(tornado.at(fmt::format("C{}", top)), bar.at("pointer").get<std::string>());
  expect_close(number_in(tornado, fmt::format("E{}", top)), bar.at("low_value"), "low value");
  expect_close(number_in(tornado, fmt::format("G{}", top)), bar.at("npv_low").at(0), "NPV low");
  expect_close(number_in(tornado, fmt::format("H{}", top)), bar.at("npv_high").at(0), "NPV high");
  expect_close(number_in(tornado, fmt::format("I{}", top)), bar.at("npv_swing"), "swing");

  const auto switching = sheet_cells(xlsx, "Switching values");
  const json& values = c.at("uncertainty").at("one_way").at("switching_values");
  // A row per question and number, in comparison.json's order, below the header (row 4).
  for (std::size_t i = 0; i < values.size(); ++i) {
    const json& sv = values[i];
    const int row = 5 + static_cast<int>(i);
    EXPECT_EQ(switching.at(fmt::format("D{}", row)), sv.at("pointer").get<std::string>());
    EXPECT_EQ(switching.at(fmt::format("A{}", row)), sv.at("criterion") == "npv_zero"
                                                         ? "NPV becomes £0"
                                                         : "Savings target missed (2021/22)");
    if (sv.at("value").is_number()) {
      expect_close(number_in(switching, fmt::format("H{}", row)), sv.at("value"),
                   "switching value");
      EXPECT_EQ(switching.at(fmt::format("K{}", row)), "yes");
    } else {
      EXPECT_EQ(switching.at(fmt::format("H{}", row)), "none");
      EXPECT_EQ(switching.at(fmt::format("K{}", row)), "not within the plausible range");
    }
  }
  const auto entry = [&](const std::string& pointer, const std::string& criterion) {
    for (const auto& s : values)
      if (s.at("pointer") == pointer && s.at("criterion") == criterion) return s;
    return json();
  };
  EXPECT_TRUE(entry(kAssessment, "npv_zero").at("value").is_number());
  EXPECT_TRUE(entry(kFosterCare, "npv_zero").at("value").is_null());
  // The target's question, with its year and amount, for both numbers.
  EXPECT_EQ(entry(kAssessment, "target_missed").at("financial_year"), "2021/22");
  EXPECT_EQ(entry(kFosterCare, "target_missed").at("target"), 0.0);

  // The value of information: the decision by name, the EVPI and each number's EVPPI, by label.
  const auto information = sheet_cells(xlsx, "Value of information");
  const json& voi = c.at("uncertainty").at("psa").at("value_of_information");
  const int evpi = row_with(information, "B",
                            "Expected value of perfect information (EVPI): every uncertain "
                            "number known");
  ASSERT_GT(evpi, 0);
  expect_close(number_in(information, fmt::format("D{}", evpi)), voi.at("evpi"), "EVPI");
  EXPECT_EQ(information.at(fmt::format("D{}", evpi - 1)),
            voi.at("decision") == c.at("baseline").at("slug") ? c.at("baseline").at("name")
                                                              : c.at("alternatives")[0].at("name"));
  const int first = row_with(information, "A", "1");
  ASSERT_GT(first, 0);
  EXPECT_EQ(information.at(fmt::format("C{}", first)),
            voi.at("evppi")[0].at("pointer").get<std::string>());
  expect_close(number_in(information, fmt::format("D{}", first)), voi.at("evppi")[0].at("evppi"),
               "the largest EVPPI");
  // Numbers are named by the scenario's labels, as in the report.
  EXPECT_EQ(information.at(fmt::format("B{}", row_with(information, "C", kFosterCare))),
            "Foster care placements (unit cost)");
  EXPECT_NE(information.at("A2").find("On what is known now the best choice is"), std::string::npos)
      << information.at("A2");
}

TEST(UncertaintyWorkbook, HasNoneOfTheSheetsWhenNoAnalysisRan) {
  json c = analysed().document;
  const auto with_one_way_only = [&] {
    json j = c;
    j["uncertainty"].erase("psa");
    return j;
  }();
  c.erase("uncertainty");
  for (const auto& [document, absent] :
       {std::pair{c, std::vector<std::string>{"Parameter uncertainty", "Acceptability curve",
                                              "Tornado", "Switching values"}},
        std::pair{with_one_way_only,
                  std::vector<std::string>{"Parameter uncertainty", "Acceptability curve"}}}) {
    const auto names = workbook_sheet_names(document);
    const std::string book = zip_member(comparison_workbook(document), "xl/workbook.xml");
    for (const auto& name : absent) {
      EXPECT_EQ(std::find(names.begin(), names.end(), name), names.end()) << name;
      EXPECT_EQ(book.find("name=\"" + name + "\""), std::string::npos) << name;
    }
  }
  const auto about = sheet_cells(comparison_workbook(c), "About");
  for (const auto& [ref, text] : about)
    EXPECT_EQ(text.find("How sure are we?"), std::string::npos) << ref;
}

// comparison.csv's fields of the row for this metric and key, or none.
std::vector<std::string> csv_fields(const std::string& csv, const std::string& metric,
                                    const std::string& key, const std::string& period = "horizon") {
  std::istringstream lines(csv);
  for (std::string line; std::getline(lines, line);) {
    std::vector<std::string> fields;
    std::stringstream cells(line);
    for (std::string f; std::getline(cells, f, ',');) fields.push_back(f);
    if (line.back() == ',') fields.emplace_back();
    EXPECT_EQ(fields.size(), 12u) << line;
    if (fields.size() == 12 && fields[2] == period && fields[5] == metric && fields[6] == key)
      return fields;
  }
  return {};
}

TEST(UncertaintyCsv, RowsCarryComparisonJsonsFiguresInItsShape) {
  const Analysed& a = analysed();
  const json& u = a.document.at("uncertainty");
  const std::string csv = uncertainty_csv_rows(a.comparison.scenarios, u, 0.0);
  const std::string slug = a.comparison.scenarios[1].slug;
  const json& psa = psa_of_first(a.document);
  const auto mean_of = [&](const std::string& metric, const std::string& key) {
    const auto fields = csv_fields(csv, metric, key);
    EXPECT_EQ(fields.size(), 12u) << metric << " " << key;
    if (fields.size() != 12) return std::string("missing");
    EXPECT_EQ(fields[0], slug);
    EXPECT_EQ(fields[1], "horizon");
    return fields[8];
  };
  const auto text = [](const json& v) { return fmt::format("{:.10g}", v.get<double>()); };
  EXPECT_EQ(mean_of("psa_net_saving_npv", "all"), text(psa.at("npv").at("mean")));
  EXPECT_EQ(csv_fields(csv, "psa_net_saving_npv", "all")[9], text(psa.at("npv").at("p05")));
  EXPECT_EQ(mean_of("psa_probability_npv_positive", "all"),
            text(psa.at("probability_npv_positive")));
  EXPECT_EQ(mean_of("psa_acceptability", "return_per_pound_above_1"),
            text(psa.at("acceptability_curve").at(10).at("probability")));
  const json& bar = u.at("one_way").at("tornado").at(0);
  EXPECT_EQ(mean_of("one_way_npv_at_low", bar.at("pointer").get<std::string>()),
            text(bar.at("npv_low").at(0)));
  EXPECT_EQ(mean_of("one_way_high_value", bar.at("pointer").get<std::string>()),
            text(bar.at("high_value")));
  EXPECT_EQ(mean_of("switching_value_within_plausible_range", kAssessment), "1");
  EXPECT_EQ(mean_of("switching_value_within_plausible_range", kFosterCare), "0");
  EXPECT_EQ(mean_of("switching_value", kFosterCare), "") << "no value: the field is empty";
  // Where the target is missed: in the target year's own row.
  for (const auto& sv : u.at("one_way").at("switching_values")) {
    if (sv.at("criterion") != "target_missed") continue;
    const std::string pointer = sv.at("pointer");
    const auto row = csv_fields(csv, "target_switching_value", pointer, "2021/22");
    ASSERT_EQ(row.size(), 12u) << pointer;
    EXPECT_EQ(row[8], sv.at("value").is_number() ? text(sv.at("value")) : "") << pointer;
    EXPECT_EQ(
        csv_fields(csv, "target_switching_value_within_plausible_range", pointer, "2021/22")[8],
        sv.at("value").is_number() ? "1" : "0");
  }
  // The PSA's chance of meeting the target, in each financial year's own row.
  const json& years = a.document.at("alternatives").at(0).at("by_year");
  const auto first_year =
      csv_fields(csv, "psa_probability_target_met", "net_cashable_saving_at_least_0",
                 years.at(0).at("financial_year").get<std::string>());
  ASSERT_EQ(first_year.size(), 12u);
  EXPECT_EQ(first_year[1], "financial_year");
  EXPECT_EQ(first_year[8], text(psa.at("probability_target_met_by_year").at(0)));

  EXPECT_EQ(uncertainty_csv_rows(a.comparison.scenarios, json(), 0.0), "")
      << "no analysis, no rows: comparison.csv stays as it was";
}

// The value of information is that of the sets comparison.json shows: EVPI recomputed from their
// mean NPVs, one EVPPI per uncertain number, none above the EVPI by more than the regression's
// noise, the decision the option with the higher mean.
TEST(UncertaintyJson, ValueOfInformationIsThatOfTheSetsShown) {
  const json& psa = analysed().document.at("uncertainty").at("psa");
  const json& voi = psa.at("value_of_information");
  std::vector<std::vector<double>> net_benefit;
  double mean = 0;
  for (const double npv : psa_of_first(analysed().document).at("npv_by_set")) {
    net_benefit.push_back({0.0, npv});
    mean += npv / 3;
  }
  expect_close(voi.at("evpi").get<double>(),
               expected_value_of_perfect_information(net_benefit).evpi, "evpi");
  EXPECT_EQ(voi.at("decision"), mean > 0 ? analysed().comparison.scenarios[1].slug
                                         : analysed().comparison.scenarios[0].slug);
  ASSERT_EQ(voi.at("evppi").size(), 2u);
  for (const auto& entry : voi.at("evppi")) EXPECT_GE(entry.at("evppi").get<double>(), 0.0);
  EXPECT_GE(voi.at("evppi").at(0).at("evppi").get<double>(),
            voi.at("evppi").at(1).at("evppi").get<double>());
}

}  // namespace
}  // namespace ehsim
