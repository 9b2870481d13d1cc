// Known answers for the arithmetic the reports rest on: budget to staff to places, and the
// summaries of Monte Carlo outputs.

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "engine/calendar.hpp"
#include "engine/model.hpp"
#include "stats/chain.hpp"
#include "stats/summary.hpp"

namespace ehsim {
namespace {

Service key_work_service() {
  Service s;
  s.cost_per_fte = {30000, 0.28, 0.15};
  s.caseload_per_fte = 15;
  s.management_ratio = 0.125;
  s.admin_ratio = 0.1;
  return s;
}

TEST(Staffing, BudgetBuysPractitionersManagersAndPlaces) {
  // £4.3m / (£30,000 x 1.43 per FTE x 1.225 staff per practitioner) = 81.85 practitioners.
  const PlacesStep step = places_from_budget(key_work_service(), 4300000, 0);
  EXPECT_NEAR(step.practitioner_fte, 4300000 / (42900 * 1.225), 1e-9);
  EXPECT_NEAR(step.total_fte, step.practitioner_fte * 1.225, 1e-9);
  EXPECT_EQ(step.places, 1227);  // floor(81.826 x 15)
}

TEST(Staffing, GivenFteOverridesBudget) {
  Service s = key_work_service();
  s.fte = 10;
  const PlacesStep step = places_from_budget(s, 1e9, 0);
  EXPECT_DOUBLE_EQ(step.practitioner_fte, 10);
  EXPECT_EQ(step.places, 150);
}

TEST(Staffing, ZeroBudgetMeansNoPlaces) {
  EXPECT_EQ(places_from_budget(key_work_service(), 0, 0).places, 0);
}

TEST(Summary, QuantilesFollowHyndmanFanType7) {
  const std::vector<double> v = {1, 2, 3, 4};
  EXPECT_DOUBLE_EQ(quantile_sorted(v, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(quantile_sorted(v, 0.05), 1.15);
  EXPECT_DOUBLE_EQ(quantile_sorted(v, 0.95), 3.85);
  EXPECT_DOUBLE_EQ(quantile_sorted(v, 0.0), 1);
  EXPECT_DOUBLE_EQ(quantile_sorted(v, 1.0), 4);
  EXPECT_DOUBLE_EQ(quantile_sorted({7}, 0.3), 7);
}

TEST(Summary, MeanSdAndStandardError) {
  const Summary s = summarise({4, 1, 3, 2});  // unsorted on purpose
  EXPECT_EQ(s.n, 4);
  EXPECT_DOUBLE_EQ(s.mean, 2.5);
  EXPECT_NEAR(s.sd, std::sqrt(5.0 / 3.0), 1e-12);
  EXPECT_NEAR(s.se, std::sqrt(5.0 / 3.0) / 2.0, 1e-12);
  EXPECT_DOUBLE_EQ(s.p50, 2.5);
}

TEST(Summary, SingleValueHasNoSpread) {
  const Summary s = summarise({5});
  EXPECT_EQ(s.n, 1);
  EXPECT_DOUBLE_EQ(s.mean, 5);
  EXPECT_DOUBLE_EQ(s.sd, 0);
  EXPECT_DOUBLE_EQ(s.p05, 5);
}

}  // namespace
}  // namespace ehsim

namespace ehsim {
namespace {

// ---- effective sample size of a chain ------------------------------------------------------

// A first-order autoregressive chain x[t] = phi x[t-1] + e[t] has autocorrelations phi^k, so its
// effective sample size is n (1 - phi) / (1 + phi): the known answer.
std::vector<double> autoregressive_chain(double phi, std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0.0, 1.0);
  std::vector<double> x(n);
  double previous = 0;
  for (double& v : x) v = previous = phi * previous + noise(rng);
  return x;
}

TEST(EffectiveSampleSize, AnAutoregressiveChainHasTheClosedFormValue) {
  constexpr std::size_t n = 200'000;
  for (const double phi : {0.5, 0.9, 0.98}) {
    const double expected = n * (1 - phi) / (1 + phi);
    EXPECT_NEAR(effective_sample_size(autoregressive_chain(phi, n, 7)), expected, 0.1 * expected)
        << "phi " << phi;
  }
}

TEST(EffectiveSampleSize, IndependentDrawsCountInFull) {
  constexpr std::size_t n = 100'000;
  EXPECT_NEAR(effective_sample_size(autoregressive_chain(0.0, n, 11)), n, 0.1 * n);
}

// A walk's plausible set holds each point for the steps it stayed there: a chain that stays long
// at each of a few points is worth few draws, whatever its length.
TEST(EffectiveSampleSize, AChainHeldAtEachPointForLongIsWorthFewDraws) {
  std::vector<double> held;
  for (int point = 0; point < 20; ++point) held.insert(held.end(), 50, point % 2 == 0 ? 1.0 : -1.0);
  const double ess = effective_sample_size(held);
  EXPECT_LT(ess, 40.0);
  EXPECT_GE(ess, 1.0);
}

TEST(EffectiveSampleSize, AChainThatNeverMovesIsOneDrawAndAnEmptyOneNone) {
  EXPECT_EQ(effective_sample_size(std::vector<double>(300, 2.5)), 1.0);
  EXPECT_EQ(effective_sample_size({}), 0.0);
  EXPECT_EQ(effective_sample_size({4.0}), 1.0);
}

TEST(Calendar, QuartersAndFinancialYearsFromAnAprilStart) {
  Scenario s;
  s.start_year = 2018;
  s.start_month = 4;
  s.horizon_years = 2;
  const Calendar c(s);
  ASSERT_EQ(c.quarters().size(), 8u);
  ASSERT_EQ(c.years().size(), 2u);
  EXPECT_EQ(c.quarters()[0].label, "2018/19 Q1");
  EXPECT_EQ(c.quarters()[0].end_day, 91);  // April, May, June
  EXPECT_EQ(c.quarters()[3].label, "2018/19 Q4");
  EXPECT_EQ(c.years()[0].label, "2018/19");
  EXPECT_EQ(c.years()[0].end_day, 365);
  EXPECT_EQ(c.years()[1].end_day, 365 + 366);  // 2019/20 holds 29 February 2020
  EXPECT_EQ(c.horizon_days(), 731);
  EXPECT_EQ(c.quarter_of(90.999), 0);
  EXPECT_EQ(c.quarter_of(91), 1);
}

TEST(Calendar, AJanuaryStartBeginsInTheFourthQuarter) {
  Scenario s;
  s.start_year = 2019;
  s.start_month = 1;
  s.horizon_years = 1;
  const Calendar c(s);
  EXPECT_EQ(c.quarters()[0].label, "2018/19 Q4");
  EXPECT_EQ(c.quarters()[1].label, "2019/20 Q1");
  ASSERT_EQ(c.years().size(), 2u);
  EXPECT_EQ(c.years()[0].days(), 90);  // a part year: January to March
}

}  // namespace
}  // namespace ehsim
