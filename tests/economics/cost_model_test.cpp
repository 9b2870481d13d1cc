// The cost model: unit costs from tallies, price restatement, budgets spread over periods,
// and discounting.
#include <cmath>

#include <gtest/gtest.h>

#include "economics/cost_model.hpp"
#include "economics_test_support.hpp"

namespace ehsim::test {
namespace {

TEST(CostModel, DiscountFactorsFollowTheGreenBook) {
  const Scenario scenario = load_scenario(economics_data("small.json"));
  const CompiledModel model(scenario);
  const CostModel costs(model);
  // 3.5% a year, year 0 = the first financial year: hand-computed.
  EXPECT_DOUBLE_EQ(costs.discount_factor(0), 1.0);
  EXPECT_NEAR(costs.discount_factor(1), 0.966183574879227, 1e-15);
  EXPECT_NEAR(costs.discount_factor(2), 0.933510700366403, 1e-15);
  EXPECT_NEAR(costs.discount_factor(9), 0.733730972189614, 1e-14);
}

TEST(CostModel, RestatesPricesToTheBaseYearWithTheIndex) {
  const Scenario scenario = load_scenario(economics_data("small.json"));
  const CompiledModel model(scenario);
  const CostModel costs(model);
  bool checked = false;
  for (const auto& priced : costs.items()) {
    if (priced.item->id != "section_47_enquiry") continue;
    // 2013/14 prices (index 94.2) to 2017/18 (index 100).
    EXPECT_DOUBLE_EQ(priced.price_factor, 100.0 / 94.2);
    EXPECT_DOUBLE_EQ(priced.amount_at_base_prices, priced.item->amount.value * 100.0 / 94.2);
    checked = true;
  }
  EXPECT_TRUE(checked);
}

TEST(CostModel, RefusesAPriceYearMissingFromTheIndex) {
  const Scenario scenario = load_scenario(economics_data("small-bad-price-year.json"));
  const CompiledModel model(scenario);
  try {
    CostModel costs(model);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(e.diagnostics().format().find("/economics/cost_items/foster_care/amount/price_year"),
              std::string::npos);
  }
}

TEST(CostModel, SpreadsABudgetChangeOverTheDaysOfEachPeriod) {
  const std::vector<BudgetStep> steps = {{0, 365.25}, {100, 730.5}};
  EXPECT_DOUBLE_EQ(spend_between(steps, 0, 100), 100.0);
  EXPECT_DOUBLE_EQ(spend_between(steps, 50, 150), 50.0 + 100.0);
  EXPECT_DOUBLE_EQ(spend_between(steps, 100, 200), 200.0);
}

TEST(CostModel, CostsAServiceGivenAsFteWithItsManagersAndAdmin) {
  Service service;
  service.fte = 10;
  service.cost_per_fte = {30000, 0.2, 0.1};
  service.management_ratio = 0.125;
  service.admin_ratio = 0.1;
  const auto steps = spending_steps(service);
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_DOUBLE_EQ(steps[0].budget_per_year, 10 * 30000 * 1.3 * 1.225);
}

TEST(CostModel, DoublingEveryUnitCostDoublesEveryCost) {
  Scenario doubled = load_scenario(economics_data("small.json"));
  const Scenario original = doubled;
  for (auto& item : doubled.economics.cost_items) item.amount.value *= 2;
  const CompiledModel model(original), model_doubled(doubled);
  MonteCarloOptions options;
  options.replications = 2;
  options.threads = 1;
  const auto tallies = run_monte_carlo(model, options);
  const CostModel costs(model), costs_doubled(model_doubled);
  for (const auto& tally : tallies) {
    const CostLedger ledger = compute_ledger(costs, tally);
    const CostLedger ledger_doubled = compute_ledger(costs_doubled, tally);
    double total = 0;
    for (std::size_t i = 0; i < ledger.item_cost.size(); ++i) {
      for (std::size_t q = 0; q < ledger.item_cost[i].size(); ++q) {
        EXPECT_DOUBLE_EQ(ledger_doubled.item_cost[i][q], 2 * ledger.item_cost[i][q]);
        total += ledger.item_cost[i][q];
      }
    }
    EXPECT_GT(total, 0);
  }
}

TEST(CostModel, YearAccountsAddUpToTheHorizon) {
  const auto sim = simulate("small.json", 2);
  const auto& results = *sim->results;
  for (int r = 0; r < results.replications(); ++r) {
    double early = 0, late = 0;
    for (int p : results.financial_year_periods()) {
      early += results.account(r, p).early_help();
      late += results.account(r, p).late_total(false);
    }
    EXPECT_NEAR(early, results.account(r, results.horizon_period()).early_help(), 1e-6);
    EXPECT_NEAR(late, results.account(r, results.horizon_period()).late_total(false), 1e-4);
  }
}

}  // namespace
}  // namespace ehsim::test
