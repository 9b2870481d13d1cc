// The comparison: paired differences under common random numbers, returns, payback, and the
// assumptions that differ between scenarios.
#include <cmath>

#include <gtest/gtest.h>

#include "economics/assumptions.hpp"
#include "economics/comparison.hpp"
#include "economics_test_support.hpp"

namespace ehsim::test {
namespace {

using nlohmann::json;

// Every number in a summary of a difference (mean, percentiles, unpaired interval) is exactly 0.
void expect_exactly_zero(const json& s, const std::string& what) {
  for (const char* key : {"mean", "p05", "p50", "p95"}) {
    EXPECT_EQ(s.at(key).get<double>(), 0.0) << what << " " << key;
  }
}

TEST(Comparison, AScenarioComparedWithItselfDiffersByExactlyZero) {
  const auto base = simulate("small.json");
  const auto same = simulate("small.json");
  const json c = compare_scenarios(*base->results, *same->results, {});
  const json& h = c.at("headline");
  for (const char* key : {"extra_investment", "cost_avoided", "net_saving", "net_saving_npv",
                          "value_avoided_all_types", "cin_avoided_final_year",
                          "cp_avoided_final_year", "lac_avoided_final_year"}) {
    expect_exactly_zero(h.at(key), key);
  }
  for (const auto& year : c.at("by_year")) {
    for (const char* key :
         {"extra_investment", "cost_avoided", "net_saving", "cumulative_net_saving_discounted",
          "cin_avoided", "cp_avoided", "lac_avoided"}) {
      expect_exactly_zero(year.at(key), key);
    }
  }
  for (const auto& category : c.at("by_category"))
    expect_exactly_zero(category.at("cost_avoided"), "category");
}

TEST(Comparison, AZeroEffectInterventionAvoidsNothingAndHasNoReturn) {
  const auto base = simulate("small.json");
  const auto alt = simulate("small-zero-effect.json");
  const json c = compare_scenarios(*base->results, *alt->results, {});
  const json& h = c.at("headline");
  expect_exactly_zero(h.at("cost_avoided"), "cost avoided");
  expect_exactly_zero(h.at("extra_investment"), "extra investment");
  // Returns per £1 are null with a reason, never infinity or NaN.
  EXPECT_TRUE(h.at("benefit_cost_ratio").is_null());
  EXPECT_TRUE(h.at("fiscal_return_per_pound").is_null());
  EXPECT_TRUE(h.at("social_return_per_pound").is_null());
  EXPECT_TRUE(h.at("returns_undefined_reason").is_string());
  EXPECT_TRUE(h.at("payback").at("median_year").is_null());
  // A NaN or infinity would be written as null and not survive a round trip.
  EXPECT_EQ(json::parse(c.dump()), c);
}

TEST(Comparison, AnInvestmentHasAPositiveCostWithOptimismBiasAndFiniteReturns) {
  const auto base = simulate("small.json");
  const auto alt = simulate("small-invest.json");
  const json c = compare_scenarios(*base->results, *alt->results, {1.0});
  const json& h = c.at("headline");
  // £150,000 a year more for four years, raised by 10% optimism bias, plus the cost of any
  // change in early help assessments (small, and of either sign).
  const double expected = 4 * 150000 * 1.1;
  EXPECT_NEAR(h.at("extra_investment").at("mean").get<double>(), expected, 0.02 * expected);
  EXPECT_GT(h.at("extra_investment").at("p05").get<double>(), 0.9 * expected);
  EXPECT_TRUE(h.at("fiscal_return_per_pound").is_object());
  EXPECT_TRUE(std::isfinite(h.at("fiscal_return_per_pound").at("mean").get<double>()));
  EXPECT_TRUE(h.at("returns_undefined_reason").is_null());
  EXPECT_EQ(c.at("by_year").size(), 4u);
  EXPECT_TRUE(c.at("by_year")[0].at("probability_target_met").is_number());
  // Common random numbers: the paired interval is no wider than the unpaired one.
  const json& net = h.at("net_saving");
  EXPECT_LE(net.at("p95").get<double>() - net.at("p05").get<double>(),
            net.at("unpaired_p95").get<double>() - net.at("unpaired_p05").get<double>());
}

TEST(Comparison, OptimismBiasDeadweightAndAttributionScaleTheFlows) {
  PeriodAccount base, alt;
  base.early_help_services = 100;
  alt.early_help_services = 300;
  base.late[{"childrens_social_care", "council", ValueType::fiscal_cashable}] = 1000;
  alt.late[{"childrens_social_care", "council", ValueType::fiscal_cashable}] = 600;
  base.late[{"mental_health", "families", ValueType::social}] = 500;
  const PeriodFlows f = period_flows(base, alt, {}, {}, {0.2, 0.25, 0.8});
  EXPECT_DOUBLE_EQ(f.investment, 200 * 1.2);
  EXPECT_DOUBLE_EQ(f.fiscal, 400 * 0.75 * 0.8);
  EXPECT_DOUBLE_EQ(f.cashable, 400 * 0.75 * 0.8);
  EXPECT_DOUBLE_EQ(f.all_value, 900 * 0.75 * 0.8);
  EXPECT_DOUBLE_EQ(f.by_payer.at("council"), 240);
  EXPECT_NEAR(f.net_saving(), 0.0, 1e-9);
}

TEST(Payback, FirstYearTheCumulativeDiscountedNetSavingReachesZero) {
  const std::vector<double> discount = {1.0, 1 / 1.035, 1 / (1.035 * 1.035)};
  // -100, then -100 + 50/1.035 = -51.69, then + 60/1.035^2 = +4.32: pays back in year 2.
  EXPECT_EQ(payback_year({-100, 50, 60}, discount), 2);
  // Undiscounted this pays back in year 2 (+3.5); discounted it only reaches -1.75.
  EXPECT_EQ(payback_year({-100, 50, 53.5}, discount), std::nullopt);
  EXPECT_EQ(payback_year({10, -5, -5}, discount), 0);
  EXPECT_EQ(payback_year({-100, 0, 0}, discount), std::nullopt);
}

TEST(Payback, MedianYearNeedsHalfOfTheReplicationsToPayBack) {
  EXPECT_EQ(median_payback_year({1, 2, 3, std::nullopt}), 2);
  EXPECT_EQ(median_payback_year({1, std::nullopt, std::nullopt}), std::nullopt);
  EXPECT_EQ(median_payback_year({3, 1, 2}), 2);
}

TEST(Returns, UndefinedWithoutInvestmentInEveryReplication) {
  EXPECT_EQ(why_returns_undefined({1000, 2000}), std::nullopt);
  EXPECT_TRUE(why_returns_undefined({0, 0}).has_value());
  EXPECT_TRUE(why_returns_undefined({-500, -600}).has_value());
  EXPECT_TRUE(why_returns_undefined({1000, -1}).has_value());
}

TEST(Assumptions, ListsValuesThatDifferWithTheirSource) {
  const json base = {{"name", "a"},
                     {"x", {{"value", 1}, {"source", "old"}}},
                     {"y", {{"z", 2}, {"same", 3}}},
                     {"list", {1, 2}}};
  const json alt = {{"name", "b"},
                    {"x", {{"value", 5}, {"assumption", "new"}}},
                    {"y", {{"z", 2}, {"same", 3}, {"added", true}}},
                    {"list", {1, 4}}};
  const auto d = differing_assumptions(base, alt);
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].pointer, "/list/1");
  EXPECT_EQ(d[1].pointer, "/x");
  EXPECT_EQ(d[1].baseline, 1);
  EXPECT_EQ(d[1].alternative, 5);
  EXPECT_EQ(d[1].source, "assumption: new");
  EXPECT_EQ(d[2].pointer, "/y/added");
  EXPECT_TRUE(d[2].baseline.is_null());
  // A reworded source with the same value is not a different assumption.
  const json reworded = {{"x", {{"value", 1}, {"source", "reworded"}}}};
  EXPECT_TRUE(differing_assumptions({{"x", {{"value", 1}, {"source", "old"}}}}, reworded).empty());
}

}  // namespace
}  // namespace ehsim::test
