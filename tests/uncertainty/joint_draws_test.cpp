// Numbers drawn together: a Dirichlet for the shares of one outcome and a Gaussian copula for
// correlated numbers that keep their own distributions, checked against closed forms (the
// Dirichlet's means and variances, the copula's normal-score correlation and each marginal's
// mean) with tolerances from the sample size, and the groups a scenario may not have refused
// at their pointers.

#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <boost/math/distributions/normal.hpp>

#include "input/document.hpp"
#include "input/loader.hpp"
#include "input/parameters.hpp"
#include "random/parameter_distribution.hpp"
#include "random/stream.hpp"
#include "uncertainty/parameters.hpp"
#include "uncertainty/sensitivity.hpp"
#include "uncertainty_test_support.hpp"

namespace ehsim {
namespace {

using nlohmann::json;
using namespace test;

constexpr const char* kKeyWorkEnds = "/pathway/transitions/key_work_ends/outcomes";

std::string share(int i) {
  return std::string(kKeyWorkEnds) + "/" + std::to_string(i) + "/probability";
}

json dirichlet_group(double concentration) {
  return {{"distribution", "dirichlet"},
          {"numbers", {share(0), share(1), share(2)}},
          {"concentration", concentration},
          {"assumption", "test"}};
}

json copula_group(const json& correlation) {
  return {{"distribution", "gaussian_copula"},
          {"numbers", {kFosterCare, kAssessment}},
          {"correlation", correlation},
          {"assumption", "test"}};
}

const json kTwoUncertainCosts{
    {kFosterCare, uniform(300, 600)},
    {kAssessment, {{"distribution", "gamma"}, {"sd", 150}, {"assumption", "test"}}}};

// The small county with the given uncertainties and "uncertainty_groups".
PreparedScenario county_with_groups(const std::string& file, const json& uncertainties,
                                    const json& groups) {
  return edited_county(file, [&](json& merged) {
    strip_uncertainty(merged);
    for (const auto& [pointer, uncertainty] : uncertainties.items()) {
      json& number = merged[json::json_pointer(pointer)];
      const double value =
          number.is_object() ? number.at("value").get<double>() : number.get<double>();
      number = {{"value", value}, {"assumption", "test"}, {"uncertainty", uncertainty}};
    }
    merged["uncertainty_groups"] = groups;
  });
}

// The problems the loader finds in the small county with these groups.
Diagnostics problems_with(const json& uncertainties, const json& groups) {
  Diagnostics diagnostics;
  ResolvedDocument document = resolve_scenario_file(economics_data("small.json"), diagnostics);
  EXPECT_TRUE(diagnostics.empty());
  document.merged.erase("calibration");
  strip_uncertainty(document.merged);
  for (const auto& [pointer, uncertainty] : uncertainties.items()) {
    json& number = document.merged[json::json_pointer(pointer)];
    const double value =
        number.is_object() ? number.at("value").get<double>() : number.get<double>();
    number = {{"value", value}, {"assumption", "test"}, {"uncertainty", uncertainty}};
  }
  document.merged["uncertainty_groups"] = groups;
  build_scenario(document, diagnostics, {});
  return diagnostics;
}

bool reported_at(const Diagnostics& d, const std::string& pointer, const std::string& words) {
  for (const auto& item : d.items()) {
    if (item.pointer == pointer && item.message.find(words) != std::string::npos) return true;
  }
  return false;
}

// --- Dirichlet ---------------------------------------------------------------------------------

// Dirichlet(alpha): E[p_i] = alpha_i / alpha_0 and Var[p_i] = alpha_i (alpha_0 - alpha_i) /
// (alpha_0^2 (alpha_0 + 1)). With n draws the sample mean is within 4 standard errors
// (sqrt(Var / n)) and the sample variance within 4 of its own (sqrt((m4 - s^4) / n)).
TEST(Dirichlet, SampleMeansAndVariancesAreTheClosedForms) {
  const std::vector<double> alpha{2.0, 3.0, 5.0, 0.5};
  double alpha0 = 0;
  for (double a : alpha) alpha0 += a;
  const int n = 20000;
  std::vector<std::vector<double>> draws;
  for (int k = 0; k < n; ++k) {
    RandomStream stream(5, static_cast<std::uint32_t>(k), 77, StreamPurpose::parameters);
    std::vector<double> u;
    for (std::size_t i = 0; i < alpha.size(); ++i) u.push_back(stream.uniform());
    draws.push_back(dirichlet_shares(alpha, u));
    double total = 0;
    for (double p : draws.back()) {
      EXPECT_GE(p, 0.0);
      total += p;
    }
    EXPECT_NEAR(total, 1.0, 1e-12);
  }
  for (std::size_t i = 0; i < alpha.size(); ++i) {
    const double mean = alpha[i] / alpha0;
    const double variance = alpha[i] * (alpha0 - alpha[i]) / (alpha0 * alpha0 * (alpha0 + 1));
    double m1 = 0;
    for (const auto& d : draws) m1 += d[i];
    m1 /= n;
    double m2 = 0, m4 = 0;
    for (const auto& d : draws) {
      const double e = d[i] - m1;
      m2 += e * e;
      m4 += e * e * e * e;
    }
    m2 /= n - 1;
    m4 /= n;
    EXPECT_NEAR(m1, mean, 4 * std::sqrt(variance / n)) << "share " << i;
    EXPECT_NEAR(m2, variance, 4 * std::sqrt((m4 - m2 * m2) / n)) << "share " << i;
  }
}

// A scenario's group: every share of key_work_ends drawn, summing to 1, each from a stream of
// its own, and the drawn scenario accepted by the loader's own check that outcomes sum to 1.
TEST(Dirichlet, AGroupDrawsEveryShareOfTheOutcomeAndTheLoaderAcceptsThem) {
  const PreparedScenario s =
      county_with_groups("small.json", json::object(), {{"key_work", dirichlet_group(50)}});
  ASSERT_EQ(s.scenario().uncertainty_groups.size(), 1u);
  const auto& group = s.scenario().uncertainty_groups[0];
  EXPECT_EQ(group.pointer, "/uncertainty_groups/key_work");
  double alpha0 = 0;
  for (double a : group.alpha) alpha0 += a;
  EXPECT_NEAR(alpha0, 50.0, 1e-9);
  EXPECT_NEAR(group.alpha[0], 50 * number_at(s.document(), share(0)), 1e-9);
  const auto groups = uncertainty_groups({&s.scenario()});
  for (std::uint32_t k = 0; k < 10; ++k) {
    const ParameterDraw draw = draw_parameters(3, k, {}, std::nullopt, groups);
    const ParameterSet set = parameters_under(s, s, {}, std::nullopt, draw);
    ASSERT_EQ(set.values.size(), 3u);
    double total = 0;
    for (std::size_t i = 0; i < 3; ++i) {
      EXPECT_EQ(set.values[i].pointer, share(static_cast<int>(i)));
      total += set.values[i].value;
    }
    EXPECT_NEAR(total, 1.0, 1e-12);
    // The same draw again gives the same shares; the drawn scenario loads.
    EXPECT_EQ(parameters_under(s, s, {}, std::nullopt, draw).values[1].value, set.values[1].value);
    EXPECT_NO_THROW(s.with_parameters(set));
  }
}

// --- Gaussian copula ---------------------------------------------------------------------------

// Two unit costs correlated at 0.6: their draws' normal scores have that correlation (within 4
// standard errors, (1 - rho^2) / sqrt(n)), each keeps its own distribution's mean (within 4
// standard errors), and a number outside the group keeps its own stream's draws.
TEST(GaussianCopula, NormalScoresHaveTheCorrelationAndEachMarginalItsMean) {
  json uncertain = kTwoUncertainCosts;
  const std::string other = "/economics/optimism_bias";
  uncertain[other] = {
      {"distribution", "triangular"}, {"low", 0}, {"high", 0.4}, {"assumption", "test"}};
  const double rho = 0.6;
  const PreparedScenario s =
      county_with_groups("small.json", uncertain, {{"costs", copula_group(rho)}});
  const auto numbers = uncertain_numbers({&s.scenario()});
  const auto groups = uncertainty_groups({&s.scenario()});
  ASSERT_EQ(numbers.size(), 3u);
  ASSERT_EQ(groups.size(), 1u);
  std::size_t foster = 0, assessment = 0, bias = 0;
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    if (numbers[i].pointer == kFosterCare) foster = i;
    if (numbers[i].pointer == kAssessment) assessment = i;
    if (numbers[i].pointer == other) bias = i;
  }
  const boost::math::normal_distribution<double> standard;
  const int n = 20000;
  double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, mean_foster = 0, mean_assessment = 0;
  for (int k = 0; k < n; ++k) {
    const auto draw =
        draw_parameters(9, static_cast<std::uint32_t>(k), numbers, std::nullopt, groups);
    const auto alone = draw_parameters(9, static_cast<std::uint32_t>(k), numbers, std::nullopt);
    ASSERT_EQ(draw.u[bias], alone.u[bias]);
    if (k < 5) {
      EXPECT_NE(draw.u[foster], alone.u[foster]);
    }
    const double x = boost::math::quantile(standard, draw.u[foster]);
    const double y = boost::math::quantile(standard, draw.u[assessment]);
    sx += x, sy += y, sxx += x * x, syy += y * y, sxy += x * y;
    mean_foster += parameter_quantile(numbers[foster].uncertainty.distribution, draw.u[foster]);
    mean_assessment +=
        parameter_quantile(numbers[assessment].uncertainty.distribution, draw.u[assessment]);
  }
  const double cov = sxy / n - (sx / n) * (sy / n);
  const double r =
      cov / std::sqrt((sxx / n - (sx / n) * (sx / n)) * (syy / n - (sy / n) * (sy / n)));
  EXPECT_NEAR(r, rho, 4 * (1 - rho * rho) / std::sqrt(n));
  // Uniform(300, 600): mean 450, sd 300 / sqrt(12). Gamma: mean the value, sd 150.
  EXPECT_NEAR(mean_foster / n, 450.0, 4 * (300 / std::sqrt(12.0)) / std::sqrt(n));
  EXPECT_NEAR(mean_assessment / n, number_at(s.document(), kAssessment), 4 * 150 / std::sqrt(n));
}

// A matrix in place of the common correlation; the Cholesky factor reproduces it.
TEST(GaussianCopula, AMatrixIsFactorisedAndASingularOneRefused) {
  const auto lower = cholesky_lower({1, 0.5, 0.2, 0.5, 1, 0.3, 0.2, 0.3, 1}, 3);
  ASSERT_TRUE(lower.has_value());
  const std::vector<double> a{1, 0.5, 0.2, 0.5, 1, 0.3, 0.2, 0.3, 1};
  for (std::size_t i = 0; i < 3; ++i) {
    for (std::size_t j = 0; j < 3; ++j) {
      double sum = 0;
      for (std::size_t k = 0; k < 3; ++k) sum += (*lower)[i * 3 + k] * (*lower)[j * 3 + k];
      EXPECT_NEAR(sum, a[i * 3 + j], 1e-12);
    }
  }
  EXPECT_FALSE(cholesky_lower({1, 1, 1, 1}, 2).has_value());  // perfectly correlated: singular
  const PreparedScenario s =
      county_with_groups("small.json", kTwoUncertainCosts,
                         {{"costs", copula_group(json::array({{1, -0.3}, {-0.3, 1}}))}});
  ASSERT_EQ(s.scenario().uncertainty_groups.size(), 1u);
  EXPECT_NEAR(s.scenario().uncertainty_groups[0].cholesky[2], -0.3, 1e-12);
}

// --- refused groups ----------------------------------------------------------------------------

TEST(UncertaintyGroups, BadGroupsAreRefusedAtTheirPointers) {
  const std::string g = "/uncertainty_groups/g";
  // Three numbers whose correlations cannot hold together.
  json three = kTwoUncertainCosts;
  three["/economics/optimism_bias"] = {
      {"distribution", "triangular"}, {"low", 0}, {"high", 0.4}, {"assumption", "test"}};
  json not_definite = copula_group(json::array({{1, 0.9, -0.9}, {0.9, 1, 0.9}, {-0.9, 0.9, 1}}));
  not_definite["numbers"].push_back("/economics/optimism_bias");
  EXPECT_TRUE(reported_at(problems_with(three, {{"g", not_definite}}), g + "/correlation",
                          "not positive definite"));
  EXPECT_TRUE(reported_at(problems_with(kTwoUncertainCosts, {{"g", copula_group(-1.0)}}),
                          g + "/correlation", "strictly between -1 and 1"));
  json asymmetric = copula_group(json::array({{1, 0.2}, {0.3, 1}}));
  EXPECT_TRUE(reported_at(problems_with(kTwoUncertainCosts, {{"g", asymmetric}}),
                          g + "/correlation/1/0", "symmetric"));

  // Shares that do not sum to 1: two of key_work_ends' three outcomes.
  json two_shares = dirichlet_group(40);
  two_shares["numbers"] = {share(0), share(1)};
  EXPECT_TRUE(reported_at(problems_with({}, {{"g", two_shares}}), g + "/numbers", "sum to 1"));

  // A pointer to nothing.
  json unknown = dirichlet_group(40);
  unknown["numbers"][1] = "/pathway/transitions/key_work_endz/outcomes/1/probability";
  EXPECT_TRUE(
      reported_at(problems_with({}, {{"g", unknown}}), g + "/numbers/1", "names no number"));

  // A concentration (or a sample size) that is not positive.
  EXPECT_TRUE(
      reported_at(problems_with({}, {{"g", dirichlet_group(0)}}), g + "/concentration", "> 0"));
  json sample = dirichlet_group(1);
  sample.erase("concentration");
  sample["sample_size"] = -5;
  EXPECT_TRUE(reported_at(problems_with({}, {{"g", sample}}), g + "/sample_size", "> 0"));

  // A share with its own uncertainty, and a correlated number without one.
  EXPECT_TRUE(reported_at(
      problems_with({{share(2), {{"distribution", "beta"}, {"sd", 0.05}, {"assumption", "test"}}}},
                    {{"g", dirichlet_group(40)}}),
      g + "/numbers/2", "of its own"));
  EXPECT_TRUE(
      reported_at(problems_with({{kFosterCare, uniform(300, 600)}}, {{"g", copula_group(0.5)}}),
                  g + "/numbers/1", "has no \"uncertainty\""));
  // A number in two groups; an unknown distribution.
  EXPECT_TRUE(
      reported_at(problems_with({}, {{"a", dirichlet_group(10)}, {"b", dirichlet_group(20)}}),
                  "/uncertainty_groups/b/numbers/0", "already drawn by the group 'a'"));
  json wishart = dirichlet_group(10);
  wishart["distribution"] = "wishart";
  EXPECT_TRUE(
      reported_at(problems_with({}, {{"g", wishart}}), g + "/distribution", "expected dirichlet"));
  // A well-formed group of each kind is accepted.
  EXPECT_TRUE(
      problems_with(kTwoUncertainCosts, {{"c", copula_group(0.5)}, {"d", dirichlet_group(40)}})
          .empty());
}

// --- in a PSA ----------------------------------------------------------------------------------

std::vector<ComparedScenario> grouped_comparison() {
  const json groups{{"costs", copula_group(0.7)}, {"key_work", dirichlet_group(30)}};
  std::vector<std::pair<std::string, PreparedScenario>> scenarios;
  scenarios.emplace_back("baseline", county_with_groups("small.json", kTwoUncertainCosts, groups));
  scenarios.emplace_back("invest",
                         county_with_groups("small-invest.json", kTwoUncertainCosts, groups));
  return prepare_comparison(std::move(scenarios));
}

TEST(Psa, AJointGroupGivesTheSameResultsOnOneAndTwoThreads) {
  const auto one = grouped_comparison();
  const auto two = grouped_comparison();
  const auto a = run_psa(one, 3, quick(2, 1), 0.0);
  const auto b = run_psa(two, 3, quick(2, 2), 0.0);
  EXPECT_EQ(uncertainty_json(one, a, std::nullopt).dump(),
            uncertainty_json(two, b, std::nullopt).dump());
  // The Dirichlet moved the outcome: the PSA differs from the one without the group.
  std::vector<std::pair<std::string, PreparedScenario>> plain;
  plain.emplace_back("baseline", county_with_groups("small.json", kTwoUncertainCosts,
                                                    {{"costs", copula_group(0.7)}}));
  plain.emplace_back("invest", county_with_groups("small-invest.json", kTwoUncertainCosts,
                                                  {{"costs", copula_group(0.7)}}));
  const auto without = prepare_comparison(std::move(plain));
  const auto c = run_psa(without, 3, quick(2, 2), 0.0);
  EXPECT_EQ(c.draws, a.draws);  // the copula's draws do not depend on the Dirichlet
  EXPECT_NE(c.alternatives[0].npv.mean, a.alternatives[0].npv.mean);
}

}  // namespace
}  // namespace ehsim
