// Sampling: the random streams and each duration distribution against its known moments.

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <vector>

#include "engine/durations.hpp"
#include "random/distributions.hpp"
#include "random/stream.hpp"
#include "stats/summary.hpp"

namespace ehsim {
namespace {

constexpr int kDraws = 200000;

std::vector<double> draw_durations(const DurationDistribution& d, double hazard_ratio = 1.0,
                                   double elapsed = 0.0) {
  RandomStream stream(7, 0, 1, StreamPurpose::pathway);
  std::vector<double> values;
  values.reserve(kDraws);
  for (int i = 0; i < kDraws; ++i)
    values.push_back(sample_duration(d, hazard_ratio, elapsed, stream.uniform()));
  return values;
}

double variance(const std::vector<double>& v, double mean) {
  double sum = 0;
  for (double x : v) sum += (x - mean) * (x - mean);
  return sum / static_cast<double>(v.size() - 1);
}

TEST(RandomStream, IsAPureFunctionOfSeedReplicationEntityPurposeAndDraw) {
  RandomStream a(42, 3, 17, StreamPurpose::pathway);
  std::vector<double> first;
  for (int i = 0; i < 10; ++i) first.push_back(a.uniform());
  RandomStream resumed(42, 3, 17, StreamPurpose::pathway, 5);  // start at draw 5
  for (int i = 5; i < 10; ++i) EXPECT_EQ(resumed.uniform(), first[static_cast<std::size_t>(i)]);
  // Changing any coordinate gives a different stream.
  EXPECT_NE(RandomStream(43, 3, 17, StreamPurpose::pathway).uniform(), first[0]);
  EXPECT_NE(RandomStream(42, 4, 17, StreamPurpose::pathway).uniform(), first[0]);
  EXPECT_NE(RandomStream(42, 3, 18, StreamPurpose::pathway).uniform(), first[0]);
  EXPECT_NE(RandomStream(42, 3, 17, StreamPurpose::service).uniform(), first[0]);
}

TEST(RandomStream, UniformsAreInTheOpenUnitIntervalWithTheRightMoments) {
  RandomStream s(1, 0, 0, StreamPurpose::arrivals);
  double sum = 0, sum_sq = 0;
  std::set<double> distinct;
  for (int i = 0; i < kDraws; ++i) {
    const double u = s.uniform();
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    sum_sq += u * u;
    if (i < 1000) distinct.insert(u);
  }
  const double mean = sum / kDraws;
  EXPECT_NEAR(mean, 0.5, 4 * std::sqrt(1.0 / 12 / kDraws));
  EXPECT_NEAR(sum_sq / kDraws - mean * mean, 1.0 / 12, 0.002);
  EXPECT_EQ(distinct.size(), 1000u);
}

// Mean within 4 standard errors, variance within 4% (200,000 draws make its error ~1% for
// these light-tailed shapes).
void expect_moments(const std::vector<double>& values, double mean, double var) {
  const Summary s = summarise(values);
  EXPECT_NEAR(s.mean, mean, 4 * std::sqrt(var / kDraws));
  EXPECT_NEAR(variance(values, s.mean) / var, 1.0, 0.04);
}

TEST(Durations, ExponentialMatchesMoments) {
  DurationDistribution d;
  d.kind = DistributionKind::exponential;
  d.mean_days = 90;
  expect_moments(draw_durations(d), 90, 90.0 * 90.0);
}

TEST(Durations, WeibullMatchesMoments) {
  DurationDistribution d;
  d.kind = DistributionKind::weibull;
  d.shape = 1.7;
  d.scale_days = 200;
  const double g1 = std::tgamma(1 + 1 / d.shape), g2 = std::tgamma(1 + 2 / d.shape);
  expect_moments(draw_durations(d), 200 * g1, 200.0 * 200.0 * (g2 - g1 * g1));
  EXPECT_NEAR(duration_mean(d), 200 * g1, 1e-9);
}

TEST(Durations, LognormalMatchesMoments) {
  DurationDistribution d;
  d.kind = DistributionKind::lognormal;
  d.median_days = 120;
  d.sigma = 0.5;
  const double s2 = d.sigma * d.sigma;
  const double mean = 120 * std::exp(s2 / 2), var = (std::exp(s2) - 1) * 120 * 120 * std::exp(s2);
  const auto values = draw_durations(d);
  expect_moments(values, mean, var);
  const Summary s = summarise(values);
  EXPECT_NEAR(s.p50, 120, 1.0);
}

TEST(Durations, EmpiricalTableReproducesItsShares) {
  DurationDistribution d;
  d.kind = DistributionKind::empirical;
  d.bins = {{30, 0.2}, {90, 0.5}, {365, 0.3}};
  const auto values = draw_durations(d);
  int first = 0, second = 0;
  for (double v : values) {
    ASSERT_GE(v, 0);
    ASSERT_LE(v, 365);
    first += v <= 30 ? 1 : 0;
    second += (v > 30 && v <= 90) ? 1 : 0;
  }
  EXPECT_NEAR(first / double(kDraws), 0.2, 4 * std::sqrt(0.2 * 0.8 / kDraws));
  EXPECT_NEAR(second / double(kDraws), 0.5, 4 * std::sqrt(0.25 / kDraws));
  EXPECT_NEAR(summarise(values).mean, duration_mean(d), 1.0);
}

TEST(Durations, HazardRatioScalesAnExponentialMean) {
  DurationDistribution d;
  d.kind = DistributionKind::exponential;
  d.mean_days = 100;
  expect_moments(draw_durations(d, 2.0), 50, 50.0 * 50.0);
  EXPECT_TRUE(std::isinf(sample_duration(d, 0.0, 0.0, 0.5)));
}

TEST(Durations, ConditionalOnElapsedTimeFollowsTheResidualSurvival) {
  // A family already 150 days into a Weibull episode: P(T > t | T > 150) = S(t) / S(150).
  DurationDistribution d;
  d.kind = DistributionKind::weibull;
  d.shape = 2.0;
  d.scale_days = 200;
  const auto values = draw_durations(d, 1.0, 150);
  for (double t : {160.0, 200.0, 300.0}) {
    double above = 0;
    for (double v : values) {
      ASSERT_GE(v, 150);
      above += v > t ? 1 : 0;
    }
    const double expected = duration_survival(d, t) / duration_survival(d, 150);
    EXPECT_NEAR(above / kDraws, expected, 4 * std::sqrt(expected * (1 - expected) / kDraws)) << t;
  }
}

TEST(Durations, QuantileInvertsSurvival) {
  for (auto kind :
       {DistributionKind::exponential, DistributionKind::weibull, DistributionKind::lognormal}) {
    DurationDistribution d;
    d.kind = kind;
    d.mean_days = 80;
    d.shape = 0.8;
    d.scale_days = 60;
    d.median_days = 40;
    d.sigma = 1.1;
    for (double p : {0.01, 0.3, 0.5, 0.9, 0.999}) {
      EXPECT_NEAR(1 - duration_survival(d, duration_quantile(d, p)), p, 1e-9);
    }
  }
}

TEST(NormalQuantile, KnownValues) {
  EXPECT_NEAR(standard_normal_quantile(0.5), 0.0, 1e-15);
  EXPECT_NEAR(standard_normal_quantile(0.975), 1.959963984540054, 1e-12);
  EXPECT_NEAR(standard_normal_quantile(0.05), -1.6448536269514722, 1e-12);
}

}  // namespace
}  // namespace ehsim

namespace ehsim {
namespace {

TEST(Durations, AnEpisodeAlreadyPastTheLastBinEndsAtOnce) {
  DurationDistribution d;
  d.kind = DistributionKind::empirical;
  d.bins = {{30, 0.5}, {90, 0.5}};
  EXPECT_EQ(sample_duration(d, 1.0, 120.0, 0.3), 120.0);
  EXPECT_LE(sample_duration(d, 1.0, 60.0, 0.3), 90.0);
}

}  // namespace
}  // namespace ehsim
