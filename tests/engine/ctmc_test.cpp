// Verification against known answers: the continuous-time Markov chain the CTMC test scenario
// describes, solved exactly by uniformisation, and a model whose hazard depends on the child's
// age band, solved in closed form per age and integrated.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "engine_test_support.hpp"
#include "stats/summary.hpp"

namespace ehsim::test {
namespace {

constexpr int kStates = 4;  // well, hidden, supported, statutory
using Distribution = std::array<double, kStates>;
using Generator = std::array<std::array<double, kStates>, kStates>;

// The generator of the test scenario's chain, rates per day (ctmc.json).
Generator ctmc_generator(double plan_ends_ratio = 1.0) {
  const double y = kDaysPerYear;
  Generator q{};
  auto rate = [&](int from, int to, double per_year) {
    q[from][to] += per_year / y;
    q[from][from] -= per_year / y;
  };
  rate(0, 1, 0.8);                    // need_emerges
  rate(1, 0, 0.5);                    // need_passes
  rate(1, 2, 1.2 * 0.6);              // need_found -> supported
  rate(1, 3, 1.2 * 0.4);              // need_found -> statutory
  rate(2, 0, 2.0);                    // support_ends
  rate(3, 0, 0.7 * plan_ends_ratio);  // plan_ends
  return q;
}

// p(t) = p(0) exp(Qt) by uniformisation: a Poisson mixture of powers of P = I + Q / lambda.
// Exact up to the truncation of the Poisson series (here below 1e-15).
Distribution transient_distribution(const Generator& q, Distribution p, double t) {
  double lambda = 0;
  for (int i = 0; i < kStates; ++i) lambda = std::max(lambda, -q[i][i]);
  const double mean = lambda * t;
  Distribution result{};
  double weight = std::exp(-mean);
  for (int k = 0; k < 10000 && (k < mean || weight > 1e-18); ++k) {
    for (int i = 0; i < kStates; ++i) result[i] += weight * p[i];
    Distribution next{};
    for (int i = 0; i < kStates; ++i) {
      for (int j = 0; j < kStates; ++j) next[j] += p[i] * ((i == j ? 1.0 : 0.0) + q[i][j] / lambda);
    }
    p = next;
    weight *= mean / (k + 1);
  }
  return result;
}

// The share of present families in each state at each quarter end, per replication.
struct Observed {
  std::vector<Summary> share;  // [quarter * kStates + state]
};

Observed observe_shares(const LoadedModel& loaded, const std::vector<ReplicationTally>& tallies,
                        const std::vector<int>& state_ids, const std::vector<int>& quarters) {
  Observed observed;
  for (int q : quarters) {
    for (int s : state_ids) {
      std::vector<double> values;
      for (const auto& t : tallies) {
        values.push_back(t.families_at_end[t.qs(q, s)] / families_present(loaded.scenario, t, q));
      }
      observed.share.push_back(summarise(values));
    }
  }
  return observed;
}

// Within four Monte Carlo standard errors: chosen before running, so a correct engine fails one
// comparison in about 10,000 (t distribution with 39 degrees of freedom).
constexpr double kStandardErrors = 4.0;

TEST(CtmcVerification, OccupancyMatchesExactMarkovChainSolution) {
  const LoadedModel loaded(engine_data("ctmc.json"));
  const auto tallies = run(loaded.model, 40, 0);
  const std::vector<int> ids = {state(loaded.scenario, "well"), state(loaded.scenario, "hidden"),
                                state(loaded.scenario, "supported"),
                                state(loaded.scenario, "statutory")};
  const std::vector<int> quarters = {0, 1, 3, 7, 11};
  const Observed observed = observe_shares(loaded, tallies, ids, quarters);
  const auto& calendar = loaded.model.calendar.quarters();
  std::size_t i = 0;
  for (int q : quarters) {
    const double t = calendar[static_cast<std::size_t>(q)].end_day;
    const Distribution exact = transient_distribution(ctmc_generator(), {1, 0, 0, 0}, t);
    for (int s = 0; s < kStates; ++s, ++i) {
      const Summary& mc = observed.share[i];
      // The test must have power: the estimate is precise to well under a percentage point.
      ASSERT_LT(mc.se, 0.003) << "quarter " << q << " state " << s;
      EXPECT_NEAR(mc.mean, exact[s], kStandardErrors * mc.se)
          << "quarter " << q << " (day " << t << ") state " << s;
    }
  }
}

TEST(CtmcVerification, DetectsATenPercentChangeInOneRate) {
  // The same comparison against a chain whose plan_ends rate is 10% lower must fail somewhere:
  // evidence that the verification above would notice a modest error in the engine.
  const LoadedModel loaded(engine_data("ctmc.json"));
  const auto tallies = run(loaded.model, 40, 0);
  const int statutory = state(loaded.scenario, "statutory");
  int detected = 0;
  for (int q : {3, 7, 11}) {
    const double t = loaded.model.calendar.quarters()[static_cast<std::size_t>(q)].end_day;
    const Distribution wrong = transient_distribution(ctmc_generator(0.9), {1, 0, 0, 0}, t);
    const auto mc = observe_shares(loaded, tallies, {statutory}, {q}).share.front();
    detected += std::abs(mc.mean - wrong[3]) > kStandardErrors * mc.se ? 1 : 0;
  }
  EXPECT_GT(detected, 0);
}

TEST(CtmcVerification, UniformisationAgreesWithStationaryDistribution) {
  // Check the reference solver itself: after a long time p(t) is the stationary distribution,
  // which solves pQ = 0 (here computed by balance for this chain's structure).
  const Generator q = ctmc_generator();
  const Distribution late = transient_distribution(q, {1, 0, 0, 0}, 20000.0);
  for (int j = 0; j < kStates; ++j) {
    double flow = 0;
    for (int i = 0; i < kStates; ++i) flow += late[i] * q[i][j];
    EXPECT_NEAR(flow, 0.0, 1e-12);
  }
  double total = 0;
  for (double p : late) total += p;
  EXPECT_NEAR(total, 1.0, 1e-12);
}

// age-band.json: need emerges at rate lambda only while the (only) child is 10 or older; it
// passes at rate mu. A family whose child is aged a at the start is, at time t, in "hidden"
// with probability lambda/(lambda+mu) * (1 - exp(-(lambda+mu) * exposure)), where exposure is
// the time since the child turned 10 (or since the start), and is still present while a+t<18.
double expected_hidden_share(double t_days) {
  const double y = kDaysPerYear;
  const double lambda = 0.9 / y, mu = 0.6 / y;
  const double ten = 10 * y, adult = 18 * y;
  const int steps = 200000;  // midpoint rule over the starting age; smooth integrand
  const double upper = adult - t_days;
  double sum = 0;
  for (int k = 0; k < steps; ++k) {
    const double age = (k + 0.5) * upper / steps;
    const double exposure = std::max(0.0, age + t_days - std::max(age, ten));
    sum += lambda / (lambda + mu) * (1 - std::exp(-(lambda + mu) * exposure));
  }
  return sum / steps;
}

TEST(AgeBands, HazardSwitchesOnExactlyAtTheBandBoundary) {
  const LoadedModel loaded(engine_data("age-band.json"));
  const auto tallies = run(loaded.model, 40, 0);
  const int hidden = state(loaded.scenario, "hidden");
  const std::vector<int> quarters = {0, 2, 5, 11};
  const Observed observed = observe_shares(loaded, tallies, {hidden}, quarters);
  for (std::size_t i = 0; i < quarters.size(); ++i) {
    const double t =
        loaded.model.calendar.quarters()[static_cast<std::size_t>(quarters[i])].end_day;
    const double exact = expected_hidden_share(t);
    const Summary& mc = observed.share[i];
    ASSERT_LT(mc.se, 0.003);
    EXPECT_NEAR(mc.mean, exact, kStandardErrors * mc.se) << "day " << t;
    // Ignoring the age band would put the share near lambda/(lambda+mu) * (1 - e^{-1.5t}).
    const double no_bands = 0.6 * (1 - std::exp(-1.5 * t / kDaysPerYear));
    EXPECT_GT(std::abs(no_bands - exact), 10 * mc.se);
  }
}

}  // namespace
}  // namespace ehsim::test
