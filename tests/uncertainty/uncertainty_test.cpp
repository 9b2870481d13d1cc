// How sure are we: parameter distributions, draws, probabilistic sensitivity analysis, one-way
// sensitivity and switching values, checked against answers known without the simulation (a
// distribution's own quantiles, an analysis without uncertain numbers equal to the ordinary
// comparison, a net present value that is linear in a unit cost and so has a closed-form root).

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "input/document.hpp"
#include "pipeline/compare.hpp"
#include "random/parameter_distribution.hpp"
#include "uncertainty/sensitivity.hpp"
#include "uncertainty_test_support.hpp"

namespace ehsim {
namespace {

using nlohmann::json;
using namespace test;

// --- distributions -----------------------------------------------------------------------------

TEST(ParameterDistribution, QuantilesAreTheDistributionsOwn) {
  ParameterDistribution u{ParameterDistributionKind::uniform, 2, 6};
  EXPECT_DOUBLE_EQ(parameter_quantile(u, 0.25), 3.0);
  EXPECT_DOUBLE_EQ(parameter_mean(u), 4.0);

  // Triangular (0, 1, 4): F(1) = 1/4; below the mode x = sqrt(u * 4 * 1).
  ParameterDistribution t{ParameterDistributionKind::triangular, 0, 1, 4};
  EXPECT_NEAR(parameter_quantile(t, 0.25), 1.0, 1e-12);
  EXPECT_NEAR(parameter_quantile(t, 0.0625), 0.5, 1e-12);
  EXPECT_NEAR(parameter_mean(t), 5.0 / 3.0, 1e-12);

  ParameterDistribution n{ParameterDistributionKind::normal, 10, 2};
  EXPECT_NEAR(parameter_quantile(n, 0.5), 10.0, 1e-12);
  EXPECT_NEAR(parameter_quantile(n, 0.975), 10 + 2 * 1.959963984540054, 1e-9);

  // Truncated to [9, inf): every quantile at or above 9, and the median of what is left.
  ParameterDistribution tn = n;
  tn.lower = 9;
  EXPECT_GE(parameter_quantile(tn, 1e-9), 9.0);
  // The conditional median: Phi(z) = Phi(-0.5) + (1 - Phi(-0.5)) / 2, z = 0.3968712.
  EXPECT_NEAR(parameter_quantile(tn, 0.5), 10 + 2 * 0.3968712, 1e-6);

  ParameterDistribution ln{ParameterDistributionKind::lognormal, std::log(100.0), 0.5};
  EXPECT_NEAR(parameter_quantile(ln, 0.5), 100.0, 1e-9);
  EXPECT_NEAR(parameter_mean(ln), 100.0 * std::exp(0.125), 1e-9);

  ParameterDistribution b{ParameterDistributionKind::beta, 2, 6};
  EXPECT_NEAR(parameter_mean(b), 0.25, 1e-12);
  ParameterDistribution g{ParameterDistributionKind::gamma, 4, 0.5};
  EXPECT_NEAR(parameter_mean(g), 2.0, 1e-12);
}

// The forms written in a scenario resolve to distributions centred as documented: lognormal
// by its 90% interval, beta and gamma by mean (the value) and sd, triangular with the value
// as its mode.
TEST(ParameterDistribution, ScenarioFormsResolveAsDocumented) {
  const PreparedScenario s = small_county(
      "small.json",
      {{kFosterCare,
        {{"distribution", "lognormal"}, {"low", 380}, {"high", 580}, {"assumption", "test"}}},
       {kAssessment, {{"distribution", "gamma"}, {"sd", 100}, {"assumption", "test"}}},
       {"/economics/optimism_bias",
        {{"distribution", "triangular"}, {"low", 0}, {"high", 0.4}, {"assumption", "test"}}},
       {"/economics/discount_rate",
        {{"distribution", "normal"}, {"sd", 0.02}, {"low", 0.0}, {"assumption", "test"}}}});
  const auto& foster = uncertainty_at(s.scenario(), kFosterCare)->distribution;
  EXPECT_NEAR(parameter_quantile(foster, 0.05), 380, 1e-6);
  EXPECT_NEAR(parameter_quantile(foster, 0.95), 580, 1e-6);
  EXPECT_NEAR(parameter_mean(uncertainty_at(s.scenario(), kAssessment)->distribution),
              number_at(s.document(), kAssessment), 1e-9);
  const auto& bias = uncertainty_at(s.scenario(), "/economics/optimism_bias")->distribution;
  EXPECT_EQ(bias.kind, ParameterDistributionKind::triangular);
  EXPECT_DOUBLE_EQ(bias.p2, number_at(s.document(), "/economics/optimism_bias"));
  // A normal truncated at 0: the mean is the value, the lower tail cut off.
  const auto& rate = uncertainty_at(s.scenario(), "/economics/discount_rate")->distribution;
  EXPECT_DOUBLE_EQ(rate.p1, 0.035);
  EXPECT_DOUBLE_EQ(rate.lower, 0.0);
  EXPECT_GE(parameter_quantile(rate, 1e-6), 0.0);
  EXPECT_EQ(uncertainty_at(s.scenario(), "/economics/deadweight"), nullptr);
}

// --- draws -------------------------------------------------------------------------------------

TEST(ParameterDraws, EachNumberHasItsOwnStream) {
  const auto scenarios =
      small_comparison({{kFosterCare, uniform(300, 600)}, {kAssessment, uniform(100, 900)}});
  const auto numbers = uncertain_numbers({&scenarios[0].prepared.scenario()});
  ASSERT_EQ(numbers.size(), 2u);
  const std::vector<UncertainNumber> first_only{numbers[0]}, second_only{numbers[1]};
  for (std::uint32_t k = 0; k < 20; ++k) {
    const auto both = draw_parameters(7, k, numbers, std::nullopt);
    // Dropping a number leaves the other's draws as they were.
    EXPECT_EQ(both.u[0], draw_parameters(7, k, first_only, std::nullopt).u[0]);
    EXPECT_EQ(both.u[1], draw_parameters(7, k, second_only, std::nullopt).u[0]);
    EXPECT_NE(both.u[0], both.u[1]);
    EXPECT_GT(both.u[0], 0.0);
    EXPECT_LT(both.u[0], 1.0);
    EXPECT_NE(both.u[0], draw_parameters(8, k, numbers, std::nullopt).u[0]);  // another seed
  }
}

// A calibrated baseline's plausible point is written wherever a scenario keeps the baseline's
// fitted value; an alternative that changes a fitted number keeps its own (its policy).
TEST(ParameterDraws, PlausiblePointsReplaceFittedValuesExceptAPolicysOwn) {
  const auto scenarios = small_comparison();
  const std::string shared = "/pathway/transitions/need_emerges/rate_per_year";
  const std::string policy = "/pathway/transitions/complex_need_identified/rate_per_year";
  PlausibleSet plausible;
  plausible.names = {"emerges", "identified"};
  plausible.pointers = {{shared}, {policy}};
  plausible.points = {{0.011, 0.22}, {0.013, 0.33}};
  plausible.cumulative_weight = {0.5, 1.0};
  ParameterDraw draw;
  draw.plausible_point = 1;
  const auto in_baseline =
      parameters_under(scenarios[0].prepared, scenarios[0].prepared, {}, plausible, draw);
  const auto in_alternative =
      parameters_under(scenarios[1].prepared, scenarios[0].prepared, {}, plausible, draw);
  ASSERT_EQ(in_baseline.values.size(), 2u);
  EXPECT_EQ(in_baseline.values[0].pointer, shared);
  EXPECT_DOUBLE_EQ(in_baseline.values[0].value, 0.013);
  EXPECT_DOUBLE_EQ(in_baseline.values[1].value, 0.33);
  ASSERT_EQ(in_alternative.values.size(), 1u);  // small-invest sets its own identification rate
  EXPECT_EQ(in_alternative.values[0].pointer, shared);
}

// --- probabilistic sensitivity analysis --------------------------------------------------------

// With nothing uncertain, K sets of R replications are replications 0 .. KR-1 of the ordinary
// comparison: the pooled NPV is the comparison's, and all of its variance is chance.
TEST(Psa, WithoutUncertainNumbersItIsTheOrdinaryComparison) {
  const int sets = 3, per_set = 2;
  const PsaResult psa = run_psa(small_comparison(), sets, quick(per_set), std::nullopt);
  ASSERT_EQ(psa.alternatives.size(), 1u);
  EXPECT_TRUE(psa.numbers.empty());

  RunSettings run;
  run.monte_carlo.seed = 11;
  run.monte_carlo.replications = sets * per_set;
  run.monte_carlo.threads = 2;
  run.staffing_replications = 0;
  const ComparisonResult ordinary = run_comparison(small_comparison(), run, {});
  const json& headline = ordinary.document.at("alternatives").at(0).at("headline");
  const double npv = headline.at("net_saving_npv").at("mean").get<double>();
  EXPECT_EQ(psa.alternatives[0].npv.mean, npv);  // bit for bit: the same sums in the same order
  EXPECT_EQ(psa.alternatives[0].npv.n, sets * per_set);
  // The sets differ only by chance here, so the estimate of the parameters' share of the
  // variance (its expectation is 0) is small; with one replication a set it is not made.
  EXPECT_LT(psa.alternatives[0].npv_parameter_share, 0.5);
  EXPECT_TRUE(std::isnan(
      run_psa(small_comparison(), 2, quick(1), std::nullopt).alternatives[0].npv_parameter_share));
}

TEST(Psa, SameSeedSameResultsOnOneAndTwoThreads) {
  const json uncertain{
      {kFosterCare, uniform(300, 600)},
      {"/pathway/transitions/complex_need_identified/rate_per_year",
       {{"distribution", "lognormal"}, {"low", 0.8}, {"high", 1.25}, {"assumption", "test"}}}};
  const auto one = small_comparison(uncertain);
  const auto two = small_comparison(uncertain);
  const auto a = run_psa(one, 3, quick(2, 1), 0.0);
  const auto b = run_psa(two, 3, quick(2, 2), 0.0);
  EXPECT_EQ(uncertainty_json(one, a, std::nullopt).dump(),
            uncertainty_json(two, b, std::nullopt).dump());
  // The draws are the distribution's: within the uniform's bounds.
  const auto foster =
      std::find_if(a.numbers.begin(), a.numbers.end(),
                   [](const UncertainNumber& n) { return n.pointer == kFosterCare; });
  ASSERT_NE(foster, a.numbers.end());
  const auto column = static_cast<std::size_t>(foster - a.numbers.begin());
  for (const auto& draw : a.draws) {
    EXPECT_GE(draw[column], 300.0);
    EXPECT_LE(draw[column], 600.0);
  }
}

// Parameter uncertainty widens the range: with the largest late-intervention unit cost
// uncertain, the sets' means spread more than chance alone spreads them.
TEST(Psa, AnUncertainUnitCostWidensTheRangeBeyondChance) {
  // With the strong key-work effect the alternative avoids enough care for its unit cost to
  // matter.
  const auto with = run_psa(small_comparison({{kFosterCare, uniform(100, 10000)}}, true), 8,
                            quick(2), std::nullopt);
  const auto without = run_psa(small_comparison({}, true), 8, quick(2), std::nullopt);
  EXPECT_GT(with.alternatives[0].npv.sd, without.alternatives[0].npv.sd);
  // (Chance is multiplied by the unit cost too, so the share stays well below 1 here.)
  EXPECT_GT(with.alternatives[0].npv_parameter_share,
            without.alternatives[0].npv_parameter_share + 0.1);
}

// --- one-way sensitivity and switching values --------------------------------------------------

// The NPV is linear in a unit cost (the simulation does not depend on it, and is reused), so the
// central NPV lies on the line through the tornado's ends, and the switching value is that
// line's root.
TEST(OneWay, ANetPresentValueLinearInAUnitCostHasItsClosedFormRoot) {
  const double low = 0, high = 2e6;
  const auto scenarios = small_comparison({{kAssessment, uniform(low, high)}});
  const OneWayResult one_way = run_one_way(scenarios, quick(4), 1);
  ASSERT_EQ(one_way.bars.size(), 1u);
  const TornadoBar& bar = one_way.bars[0];
  EXPECT_DOUBLE_EQ(bar.low_value, low + 0.05 * (high - low));
  EXPECT_DOUBLE_EQ(bar.high_value, low + 0.95 * (high - low));
  const double slope = (bar.npv_high[0] - bar.npv_low[0]) / (bar.high_value - bar.low_value);
  const double central = number_at(scenarios[0].prepared.document(), kAssessment);
  EXPECT_NEAR(one_way.central_npv[0], bar.npv_low[0] + slope * (central - bar.low_value),
              1e-6 * std::abs(one_way.central_npv[0]));
  ASSERT_LT(slope, 0) << "the alternative makes more early help assessments";
  ASSERT_EQ(one_way.switching.size(), 1u);
  const SwitchingValue& sv = one_way.switching[0];
  ASSERT_TRUE(sv.value.has_value()) << sv.note;
  const double root = bar.low_value - bar.npv_low[0] / slope;
  EXPECT_NEAR(*sv.value, root, 0.005 * root);
  EXPECT_EQ(sv.within_90, root >= bar.low_value && root <= bar.high_value);
}

TEST(OneWay, ANumberThatCannotTurnTheNpvHasNoSwitchingValue) {
  const auto scenarios = small_comparison({{kFosterCare, uniform(400, 500)}});
  const OneWayResult one_way = run_one_way(scenarios, quick(2), 1);
  ASSERT_EQ(one_way.switching.size(), 1u);
  EXPECT_FALSE(one_way.switching[0].value.has_value());
  EXPECT_NE(one_way.switching[0].note.find("stays positive"), std::string::npos)
      << one_way.switching[0].note;
}

constexpr const char* kPlacements = "/economics/cost_items/other_placements/amount";

// The ordinary comparison (the pipeline's own path) with the number at `value` in every
// scenario, over the one-way analysis's families (seed 11, replications 0 and 1).
ComparisonResult compared_at(std::vector<ComparedScenario> scenarios, const std::string& pointer,
                             double value) {
  ParameterSet set;
  set.set(pointer, value);
  std::vector<std::pair<std::string, PreparedScenario>> changed;
  for (auto& s : scenarios) changed.emplace_back(s.path, s.prepared.with_parameters(set));
  RunSettings run;
  run.monte_carlo.seed = 11;
  run.monte_carlo.replications = 2;
  run.monte_carlo.threads = 2;
  run.staffing_replications = 0;
  return run_comparison(prepare_comparison(std::move(changed)), run, {});
}

// The first alternative's mean net cashable saving in the last financial year.
double last_year_net_cashable(const ComparisonResult& r) {
  return r.document.at("alternatives")
      .at(0)
      .at("by_year")
      .back()
      .at("net_cashable_saving")
      .at("mean");
}

const SwitchingValue& only(const OneWayResult& one_way, SwitchingCriterion criterion) {
  const auto n = std::count_if(one_way.switching.begin(), one_way.switching.end(),
                               [&](const SwitchingValue& s) { return s.criterion == criterion; });
  EXPECT_EQ(n, 1) << switching_criterion_name(criterion);
  return *std::find_if(one_way.switching.begin(), one_way.switching.end(),
                       [&](const SwitchingValue& s) { return s.criterion == criterion; });
}

// A council-cashable unit cost leaves the simulation as it is, so the net cashable saving in the
// last year is linear in it: f(x) = f(a) + (f(b) - f(a)) (x - a) / (b - a) between the range's ends
// a and b, measured on ordinary comparisons. With the target at (f(a) + f(b)) / 2 the target is
// missed exactly at the middle of the range, (a + b) / 2.
TEST(OneWay, ATargetMissedLinearInAUnitCostIsMissedWhereTheLineSays) {
  const double low = 0, high = 20000;
  const json uncertain = {{kPlacements, uniform(low, high)}};
  const double a = low + 0.001 * (high - low), b = low + 0.999 * (high - low);
  const double f_a =
      last_year_net_cashable(compared_at(small_comparison(uncertain, true), kPlacements, a));
  const double f_b =
      last_year_net_cashable(compared_at(small_comparison(uncertain, true), kPlacements, b));
  ASSERT_GT(std::abs(f_b - f_a), 1000.0) << "the alternative avoids placements in the last year";
  const double target = 0.5 * (f_a + f_b);
  const auto scenarios = small_comparison(uncertain, true);
  const OneWayResult one_way = run_one_way(scenarios, quick(2), 1, target);
  EXPECT_EQ(one_way.target, target);
  EXPECT_EQ(one_way.target_year, "2021/22") << "the small county's last financial year";
  const SwitchingValue& sv = only(one_way, SwitchingCriterion::target_missed);
  EXPECT_EQ(sv.scenario, 1u);
  EXPECT_EQ(sv.pointer, kPlacements);
  ASSERT_TRUE(sv.value.has_value()) << sv.note;
  EXPECT_NEAR(*sv.value, 0.5 * (a + b), 0.005 * 0.5 * (a + b));
  EXPECT_NEAR(sv.margin_low, f_a - target, 1e-6 * std::abs(f_a));
  EXPECT_NEAR(sv.margin_high, f_b - target, 1e-6 * std::abs(f_b));
  ASSERT_TRUE(sv.negative_below.has_value());
  EXPECT_EQ(*sv.negative_below, f_b > f_a) << "missed on the side where the saving is smaller";
  EXPECT_TRUE(sv.within_90);
  // With one alternative there is no other option to prefer; the NPV's question is still asked.
  only(one_way, SwitchingCriterion::npv_zero);
  EXPECT_EQ(std::count_if(one_way.switching.begin(), one_way.switching.end(),
                          [](const SwitchingValue& s) {
                            return s.criterion == SwitchingCriterion::preferred_option_changes;
                          }),
            0);
  // A target no value in the range reaches is "not within the plausible range", stays below.
  const OneWayResult out_of_reach = run_one_way(scenarios, quick(2), 1, std::max(f_a, f_b) + 1e9);
  const SwitchingValue& never = only(out_of_reach, SwitchingCriterion::target_missed);
  EXPECT_FALSE(never.value.has_value());
  EXPECT_NE(never.note.find("stays below the target"), std::string::npos) << never.note;
}

// Three options whose NPVs are each linear in the assessment's unit cost: the investment, whose
// faster identification makes many more assessments, and a smaller key-work budget alone, which
// pays less but makes few. The tornado's ends give each line; the preferred option (the
// investment) changes where its line meets the highest of the others (the baseline's being £0),
// found here by bisection on the lines themselves: the smaller budget overtakes it.
TEST(OneWay, ThePreferredOptionChangesWhereTheNpvLinesCross) {
  const json uncertain = {{kAssessment, uniform(0, 2e6)}};
  std::vector<std::pair<std::string, PreparedScenario>> options;
  options.emplace_back("baseline", small_county("small.json", uncertain));
  options.emplace_back("invest", small_county("small-invest.json", uncertain));
  options.emplace_back(
      "smaller", small_county_edited("small.json", uncertain, false, [](json& merged) {
        merged["services"]["families_first_key_workers"]["budget_per_year"] = 225000;
      }));
  const auto scenarios = prepare_comparison(std::move(options));
  const OneWayResult one_way = run_one_way(scenarios, quick(2), 1);
  ASSERT_EQ(one_way.bars.size(), 1u);
  const TornadoBar& bar = one_way.bars[0];
  // Option d's NPV at x, from its line (the baseline's is 0).
  const auto npv = [&](std::size_t d, double x) {
    if (d == 0) return 0.0;
    const double slope =
        (bar.npv_high[d - 1] - bar.npv_low[d - 1]) / (bar.high_value - bar.low_value);
    return bar.npv_low[d - 1] + slope * (x - bar.low_value);
  };
  std::size_t preferred = 0;
  for (std::size_t d = 1; d <= 2; ++d)
    if (one_way.central_npv[d - 1] > (preferred == 0 ? 0.0 : one_way.central_npv[preferred - 1]))
      preferred = d;
  ASSERT_NE(preferred, 0u) << "an investment pays at the central assessment cost";
  const auto best_other = [&](double x) {
    std::size_t best = preferred == 0 ? 1 : 0;
    for (std::size_t d = 0; d <= 2; ++d)
      if (d != preferred && npv(d, x) > npv(best, x)) best = d;
    return best;
  };
  const auto margin = [&](double x) { return npv(preferred, x) - npv(best_other(x), x); };
  const SwitchingValue& sv = only(one_way, SwitchingCriterion::preferred_option_changes);
  EXPECT_EQ(sv.scenario, preferred);
  double lo = sv.searched_low, hi = sv.searched_high;
  ASSERT_GT(margin(lo), 0);
  ASSERT_LT(margin(hi), 0);
  for (int i = 0; i < 200; ++i) (margin(0.5 * (lo + hi)) > 0 ? lo : hi) = 0.5 * (lo + hi);
  ASSERT_TRUE(sv.value.has_value()) << sv.note;
  EXPECT_NEAR(*sv.value, lo, 0.005 * lo);
  EXPECT_EQ(sv.overtaken_by, best_other(hi));
  EXPECT_EQ(best_other(hi), 2u) << "overtaken by the other investment, not by doing nothing";
  EXPECT_EQ(sv.negative_below, false) << "the preferred option loses as assessments cost more";
  // In comparison.json: the question, the option overtaken and the one that overtakes it.
  const json u = uncertainty_json(scenarios, std::nullopt, one_way);
  const auto entry =
      std::find_if(u["one_way"]["switching_values"].begin(), u["one_way"]["switching_values"].end(),
                   [](const json& e) { return e["criterion"] == "preferred_option_changes"; });
  ASSERT_NE(entry, u["one_way"]["switching_values"].end());
  EXPECT_EQ((*entry)["alternative"], scenarios[preferred].slug);
  EXPECT_EQ((*entry)["overtaken_by"], scenarios[best_other(hi)].slug);
  EXPECT_EQ((*entry)["value"].get<double>(), *sv.value);
}

// --- the acceptability curve -------------------------------------------------------------------

// Replications with a known return each: £1,000 invested (PV), k x £500 avoided for k = 1..8, so
// returns of £0.50, £1.00, ..., £4.00. The chance of more than £x back is the share above x.
TEST(Acceptability, EachRequiredReturnGivesTheShareOfReplicationsThatBeatIt) {
  std::vector<ReplicationOutcome> outcomes;
  for (int k = 1; k <= 8; ++k) {
    ReplicationOutcome o;
    o.extra_investment_pv = 1000;
    o.cost_avoided_pv = 500.0 * k;
    o.npv = o.cost_avoided_pv - o.extra_investment_pv;
    outcomes.push_back(o);
  }
  const auto curve = acceptability_curve(outcomes);
  ASSERT_EQ(curve.size(), 41u) << "10p steps from £0 to the largest return, £4.00";
  for (std::size_t i = 0; i < curve.size(); ++i) {
    const double required = static_cast<double>(i) / 10.0;
    EXPECT_DOUBLE_EQ(curve[i].return_per_pound, required);
    const auto above =
        static_cast<double>(std::count_if(outcomes.begin(), outcomes.end(), [&](const auto& o) {
          return o.cost_avoided_pv / o.extra_investment_pv > required + 1e-12;
        }));
    EXPECT_DOUBLE_EQ(curve[i].probability, above / 8.0) << "at £" << required;
  }
  EXPECT_DOUBLE_EQ(curve[10].probability, 6.0 / 8.0) << "at £1: the NPV is positive in 6 of 8";
  EXPECT_DOUBLE_EQ(curve.back().probability, 0.0);
}

TEST(Acceptability, TheCurveRunsToAtLeastTwoPoundsAndIsUndefinedWithoutInvestment) {
  ReplicationOutcome low;
  low.extra_investment_pv = 1000;
  low.cost_avoided_pv = 300;
  EXPECT_EQ(acceptability_curve({low, low}).size(), 21u) << "£0 to £2.00";
  ReplicationOutcome none = low;
  none.extra_investment_pv = 0;
  EXPECT_TRUE(acceptability_curve({low, none}).empty());
}

// With nothing uncertain the PSA is the ordinary comparison, so its curve is the curve of the
// ordinary comparison's replications, and at £1 it is the chance the NPV is positive.
TEST(Psa, ItsAcceptabilityCurveIsTheOrdinaryComparisonsWithoutUncertainNumbers) {
  const int sets = 3, per_set = 2;
  const PsaResult psa = run_psa(small_comparison({}, true), sets, quick(per_set), std::nullopt);
  RunSettings run;
  run.monte_carlo.seed = 11;
  run.monte_carlo.replications = sets * per_set;
  run.monte_carlo.threads = 2;
  run.staffing_replications = 0;
  const ComparisonResult ordinary = run_comparison(small_comparison({}, true), run, {});
  const auto outcomes =
      replication_outcomes(*ordinary.scenarios[0].results, *ordinary.scenarios[1].results);
  const auto& curve = psa.alternatives[0].acceptability;
  const auto expected = acceptability_curve(outcomes);
  ASSERT_FALSE(curve.empty());
  ASSERT_EQ(curve.size(), expected.size());
  for (std::size_t i = 0; i < curve.size(); ++i)
    EXPECT_EQ(curve[i].probability, expected[i].probability) << i;
  EXPECT_EQ(curve[10].probability, psa.alternatives[0].probability_npv_positive);
}

}  // namespace
}  // namespace ehsim
