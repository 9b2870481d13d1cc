// The warm-up and the start: stocks placed exactly, time already spent in a state drawn from its
// steady-state law, a warm-up that leaves the chain where theory says, and alternatives that
// start from the baseline's county.

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/durations.hpp"
#include "engine/population.hpp"
#include "engine_test_support.hpp"
#include "stats/summary.hpp"

namespace ehsim::test {
namespace {

// ---- placement at the start --------------------------------------------------------------

TEST(InitialCaseloads, EveryStatedStockIsMetExactly) {
  const LoadedModel loaded(shipped_scenario("hertfordshire/baseline.json"));
  const CompiledModel& m = loaded.model;
  const PopulationSampler sampler(m);
  std::vector<Family> families;
  std::vector<PlacementDraws> draws;
  double children = 0;
  for (std::uint32_t id = 0; children < loaded.scenario.population.children; ++id) {
    RandomStream demo(3, 0, id, StreamPurpose::demographics);
    Family f = sampler.make_family(id, false, 0.0, demo);
    if (f.children_present == 0) continue;
    children += f.children_present;
    families.push_back(f);
    draws.push_back({demo.uniform(), demo.uniform()});
  }
  const std::vector<int> states = place_initial_caseloads(m, families, draws);
  ASSERT_FALSE(m.initial_targets.empty());
  for (const auto& target : m.initial_targets) {
    double placed = 0;
    for (std::size_t i = 0; i < families.size(); ++i) {
      if (states[i] == target.state)
        placed += target.in_children ? families[i].children_present : 1;
    }
    const double wanted =
        target.in_children ? target.amount : target.amount * static_cast<double>(families.size());
    // Within half of the largest family's children (in children) or of one family.
    EXPECT_LE(std::abs(placed - wanted), target.in_children ? 2.0 : 0.5)
        << loaded.scenario.pathway.states[static_cast<std::size_t>(target.state)].id;
  }
  // Families with more risk factors are more likely to start in a caseload.
  double risk_in = 0, n_in = 0, risk_out = 0, n_out = 0;
  for (std::size_t i = 0; i < families.size(); ++i) {
    const double r = std::popcount(families[i].risk_mask);
    if (states[i] == loaded.scenario.pathway.entry_state) {
      risk_out += r, n_out += 1;
    } else {
      risk_in += r, n_in += 1;
    }
  }
  EXPECT_GT(risk_in / n_in, 1.5 * risk_out / n_out);
}

// ---- time already spent in a state ----------------------------------------------------------

TEST(ResidualLife, AnExponentialClockIsMemoryless) {
  DurationDistribution d;
  d.kind = DistributionKind::exponential;
  d.mean_days = 200;
  const auto q = residual_life_quantiles(d);
  for (double p : {0.1, 0.5, 0.9}) {
    EXPECT_NEAR(sample_from_quantiles(q, p), -200 * std::log1p(-p), 0.5) << p;
  }
}

TEST(ResidualLife, MeanElapsedIsTheLengthBiasedHalf) {
  // For a lognormal T, E[elapsed] = E[T^2] / (2 E[T]) = median * exp(1.5 sigma^2) / 2.
  DurationDistribution d;
  d.kind = DistributionKind::lognormal;
  d.median_days = 470;
  d.sigma = 1.0;
  const auto q = residual_life_quantiles(d);
  double mean = 0;
  constexpr int kPoints = 100000;
  for (int i = 0; i < kPoints; ++i) mean += sample_from_quantiles(q, (i + 0.5) / kPoints);
  mean /= kPoints;
  const double exact = 470 * std::exp(1.5) / 2;
  EXPECT_NEAR(mean, exact, 0.01 * exact);
}

// ---- the warm-up ----------------------------------------------------------------------------

constexpr int kStates = 4;
using Distribution = std::array<double, kStates>;

// ctmc.json's chain (rates per year), solved by uniformisation from everyone well at time 0.
Distribution ctmc_at(double t_days) {
  const double y = kDaysPerYear;
  double q[kStates][kStates] = {};
  const auto rate = [&](int from, int to, double per_year) {
    q[from][to] += per_year / y;
    q[from][from] -= per_year / y;
  };
  rate(0, 1, 0.8);
  rate(1, 0, 0.5);
  rate(1, 2, 1.2 * 0.6);
  rate(1, 3, 1.2 * 0.4);
  rate(2, 0, 2.0);
  rate(3, 0, 0.7);
  double lambda = 0;
  for (int i = 0; i < kStates; ++i) lambda = std::max(lambda, -q[i][i]);
  Distribution p = {1, 0, 0, 0}, result{};
  const double mean = lambda * t_days;
  double weight = std::exp(-mean);
  for (int k = 0; k < 20000 && (k < mean || weight > 1e-18); ++k) {
    for (int i = 0; i < kStates; ++i) result[i] += weight * p[i];
    Distribution next{};
    for (int i = 0; i < kStates; ++i)
      for (int j = 0; j < kStates; ++j) next[j] += p[i] * ((i == j ? 1.0 : 0.0) + q[i][j] / lambda);
    p = next;
    weight *= mean / (k + 1);
  }
  return result;
}

TEST(WarmUp, TheReportedYearsContinueTheChainFromTheEndOfTheWarmUp) {
  const LoadedModel loaded(engine_data("ctmc-warm-up.json"));
  const double warm_up_days = loaded.model.calendar.warm_up_days();
  ASSERT_EQ(warm_up_days, 731.0);  // 1 April 2018 to 1 April 2020, with 29 February 2020
  const auto tallies = run(loaded.model, 40, 0);
  const std::vector<int> ids = {state(loaded.scenario, "well"), state(loaded.scenario, "hidden"),
                                state(loaded.scenario, "supported"),
                                state(loaded.scenario, "statutory")};
  for (int q : {0, 3, 11}) {
    const double t = loaded.model.calendar.quarters()[static_cast<std::size_t>(q)].end_day;
    const Distribution exact = ctmc_at(warm_up_days + t);
    const Distribution without_warm_up = ctmc_at(t);
    for (int s = 0; s < kStates; ++s) {
      std::vector<double> shares;
      for (const auto& tally : tallies) {
        shares.push_back(tally.families_at_end[tally.qs(q, ids[s])] /
                         families_present(loaded.scenario, tally, q));
      }
      const Summary mc = summarise(shares);
      ASSERT_LT(mc.se, 0.003);
      EXPECT_NEAR(mc.mean, exact[s], 4 * mc.se) << "quarter " << q << " state " << s;
      if (q == 0 && s == 0) {  // the warm-up must matter: from everyone well, the first
        EXPECT_GT(std::abs(without_warm_up[s] - exact[s]), 10 * mc.se);  // quarter differs
      }
    }
  }
}

TEST(WarmUp, NothingBeforeTheStartIsCountedAndFamiliesAreConserved) {
  const LoadedModel loaded(engine_data("small-county-warm-up.json"));
  const auto tallies = run(loaded.model, 4, 2);
  for (const auto& t : tallies) {
    EXPECT_EQ(t.families_initial + t.families_arrived - t.families_exited,
              t.families_present_at_end);
    EXPECT_GT(t.families_initial, 0u);
    // A quarter's referrals are a quarter's, not a warm-up year's plus a quarter's.
    const double referrals_q0 = t.events_families[t.qe(0, static_cast<int>(EventKind::referral))];
    const double referrals_q1 = t.events_families[t.qe(1, static_cast<int>(EventKind::referral))];
    EXPECT_LT(referrals_q0, 2.0 * referrals_q1 + 20);
  }
}

TEST(WarmUp, AnAlternativeStartsFromTheBaselinesCounty) {
  const LoadedModel base(engine_data("small-county-warm-up.json"));
  const LoadedModel alt(engine_data("small-county-warm-up-invest.json"));
  check_warm_up_compatible(base.scenario, alt.scenario);  // does not throw
  MonteCarloOptions options;
  options.seed = 5;
  options.replications = 3;
  options.threads = 2;
  const auto base_tallies = run_monte_carlo(base.model, options);
  options.warm_up_model = &base.model;
  const auto alt_as_baseline = run_monte_carlo(alt.model, options);
  options.warm_up_model = nullptr;
  const auto alt_own = run_monte_carlo(alt.model, options);
  int own_differs = 0;
  for (std::size_t r = 0; r < base_tallies.size(); ++r) {
    EXPECT_EQ(alt_as_baseline[r].families_initial, base_tallies[r].families_initial);
    EXPECT_EQ(alt_as_baseline[r].children_initial, base_tallies[r].children_initial);
    own_differs += alt_own[r].children_initial != base_tallies[r].children_initial ? 1 : 0;
  }
  EXPECT_GT(own_differs, 0);  // warming up with the alternative's own numbers is another county
}

TEST(WarmUp, ABaselineWarmedUpAsItselfIsTheSameRun) {
  const LoadedModel base(engine_data("small-county-warm-up.json"));
  MonteCarloOptions options;
  options.seed = 9;
  options.replications = 2;
  options.threads = 1;
  const auto own = run_monte_carlo(base.model, options);
  options.warm_up_model = &base.model;
  options.threads = 2;
  const auto explicit_model = run_monte_carlo(base.model, options);
  for (std::size_t r = 0; r < own.size(); ++r) {
    EXPECT_EQ(own[r].family_days, explicit_model[r].family_days);
    EXPECT_EQ(own[r].events_children, explicit_model[r].events_children);
  }
}

// Every count a replication makes, field by field: a resumed run must equal a simulated one.
void expect_same_tally(const ReplicationTally& a, const ReplicationTally& b) {
  EXPECT_EQ(a.family_days, b.family_days);
  EXPECT_EQ(a.child_days, b.child_days);
  EXPECT_EQ(a.entries, b.entries);
  EXPECT_EQ(a.entries_children, b.entries_children);
  EXPECT_EQ(a.exits, b.exits);
  EXPECT_EQ(a.families_at_end, b.families_at_end);
  EXPECT_EQ(a.children_at_end, b.children_at_end);
  EXPECT_EQ(a.events_families, b.events_families);
  EXPECT_EQ(a.events_children, b.events_children);
  EXPECT_EQ(a.wait_histogram, b.wait_histogram);
  EXPECT_EQ(a.waiting_at_start, b.waiting_at_start);
  ASSERT_EQ(a.service.size(), b.service.size());
  for (std::size_t i = 0; i < a.service.size(); ++i) {
    const ServiceQuarter &x = a.service[i], &y = b.service[i];
    EXPECT_EQ(x.occupied_family_days, y.occupied_family_days);
    EXPECT_EQ(x.waiting_family_days, y.waiting_family_days);
    EXPECT_EQ(x.place_days, y.place_days);
    EXPECT_EQ(x.allocations, y.allocations);
    EXPECT_EQ(x.wait_days_sum, y.wait_days_sum);
    EXPECT_EQ(x.dropped_out, y.dropped_out);
    EXPECT_EQ(x.waiting_at_end, y.waiting_at_end);
  }
  EXPECT_EQ(a.events_processed, b.events_processed);
  EXPECT_EQ(a.families_initial, b.families_initial);
  EXPECT_EQ(a.families_arrived, b.families_arrived);
  EXPECT_EQ(a.families_exited, b.families_exited);
  EXPECT_EQ(a.families_present_at_end, b.families_present_at_end);
  EXPECT_EQ(a.families_waiting_at_end, b.families_waiting_at_end);
  EXPECT_EQ(a.children_initial, b.children_initial);
}

// The baseline's run fills the cache; the alternative, warmed up as the baseline, resumes from
// it. Both equal the runs that simulate their warm-up, on one thread or two.
TEST(WarmUpCache, ARunResumedAtTheStartDateIsTheRunThatSimulatedItsWarmUp) {
  const LoadedModel base(engine_data("small-county-warm-up.json"));
  const LoadedModel alt(engine_data("small-county-warm-up-invest.json"));
  MonteCarloOptions options;
  options.seed = 5;
  options.replications = 3;
  options.threads = 2;
  const auto base_simulated = run_monte_carlo(base.model, options);
  options.warm_up_model = &base.model;
  const auto alt_simulated = run_monte_carlo(alt.model, options);

  WarmUpCache cache(base.model, options.seed, std::size_t{1} << 30);
  options.warm_up_cache = &cache;
  options.warm_up_model = nullptr;
  const auto base_filling = run_monte_carlo(base.model, options);
  EXPECT_EQ(cache.counties(), 3u);
  const std::size_t bytes = cache.bytes();
  EXPECT_GT(bytes, 0u);
  options.warm_up_model = &base.model;
  options.threads = 1;
  const auto alt_resumed = run_monte_carlo(alt.model, options);
  const auto base_resumed = run_monte_carlo(base.model, options);
  EXPECT_EQ(cache.bytes(), bytes);  // nothing kept twice
  for (std::size_t r = 0; r < 3; ++r) {
    SCOPED_TRACE("replication " + std::to_string(r));
    expect_same_tally(base_filling[r], base_simulated[r]);
    expect_same_tally(base_resumed[r], base_simulated[r]);
    expect_same_tally(alt_resumed[r], alt_simulated[r]);
  }
}

TEST(WarmUpCache, KeepsNoMoreThanItsMemoryAllows) {
  const LoadedModel base(engine_data("small-county-warm-up.json"));
  MonteCarloOptions options;
  options.seed = 5;
  options.replications = 2;
  WarmUpCache unlimited(base.model, options.seed, std::size_t{1} << 30);
  options.warm_up_cache = &unlimited;
  run_monte_carlo(base.model, options);
  const std::size_t one_county = unlimited.bytes() / 2;
  WarmUpCache room_for_one(base.model, options.seed, one_county + one_county / 2);
  options.warm_up_cache = &room_for_one;
  options.replications = 4;
  run_monte_carlo(base.model, options);
  EXPECT_EQ(room_for_one.counties(), 1u);
  EXPECT_LE(room_for_one.bytes(), one_county + one_county / 2);
}

TEST(WarmUpCache, RefusesAnotherWarmUpModelOrSeed) {
  const LoadedModel base(engine_data("small-county-warm-up.json"));
  const LoadedModel alt(engine_data("small-county-warm-up-invest.json"));
  WarmUpCache cache(base.model, 5, std::size_t{1} << 30);
  MonteCarloOptions options;
  options.replications = 1;
  options.warm_up_cache = &cache;
  options.seed = 6;
  EXPECT_THROW(run_monte_carlo(base.model, options), std::logic_error);
  options.seed = 5;
  EXPECT_THROW(run_monte_carlo(alt.model, options), std::logic_error);  // warms up as itself
}

TEST(WarmUp, AnAlternativeWithOtherStatesCannotWarmUpAsTheBaseline) {
  const LoadedModel base(engine_data("small-county-warm-up.json"));
  const LoadedModel other(engine_data("ctmc-warm-up.json"));
  EXPECT_THROW(check_warm_up_compatible(base.scenario, other.scenario), InputError);
}

}  // namespace
}  // namespace ehsim::test
