// Properties of the Monte Carlo runner: conservation of families, bit-identical results on any
// number of threads, common random numbers across scenarios, and a zero-effect intervention.

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <vector>

#include "core/files.hpp"
#include "engine/replication.hpp"
#include "engine_test_support.hpp"
#include "results/run_results.hpp"
#include "stats/summary.hpp"

namespace ehsim::test {
namespace {

bool same_tally(const ReplicationTally& a, const ReplicationTally& b) {
  return a.family_days == b.family_days && a.child_days == b.child_days && a.entries == b.entries &&
         a.exits == b.exits && a.families_at_end == b.families_at_end &&
         a.children_at_end == b.children_at_end && a.events_families == b.events_families &&
         a.events_children == b.events_children && a.wait_histogram == b.wait_histogram &&
         a.events_processed == b.events_processed && a.families_arrived == b.families_arrived &&
         a.families_exited == b.families_exited;
}

// The full-featured small county: arrivals, moves, ageing out, capacity limits and waiting.
class SmallCounty : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { loaded_ = new LoadedModel(engine_data("small-county.json")); }
  static void TearDownTestSuite() {
    delete loaded_;
    loaded_ = nullptr;
  }
  static LoadedModel* loaded_;
};
LoadedModel* SmallCounty::loaded_ = nullptr;

TEST_F(SmallCounty, FamiliesAreConserved) {
  const auto tallies = run(loaded_->model, 3, 0);
  for (const auto& t : tallies) {
    ASSERT_GT(t.families_arrived, 0u);
    ASSERT_GT(t.families_exited, 0u);
    EXPECT_EQ(t.families_initial + t.families_arrived,
              t.families_exited + t.families_present_at_end);
    const int last = t.quarters - 1;
    EXPECT_EQ(families_present(loaded_->scenario, t, last),
              static_cast<double>(t.families_present_at_end));
    // Quarter by quarter: stock at the end = stock at the previous end + entries - exits, and
    // the stocks implied at the start add up to the initial population.
    double implied_initial = 0;
    for (int s = 0; s < t.states; ++s) {
      if (loaded_->scenario.pathway.states[static_cast<std::size_t>(s)].absorbing) continue;
      implied_initial +=
          t.families_at_end[t.qs(0, s)] - t.entries[t.qs(0, s)] + t.exits[t.qs(0, s)];
      for (int q = 1; q < t.quarters; ++q) {
        EXPECT_EQ(t.families_at_end[t.qs(q, s)],
                  t.families_at_end[t.qs(q - 1, s)] + t.entries[t.qs(q, s)] - t.exits[t.qs(q, s)])
            << "state " << s << " quarter " << q;
      }
    }
    EXPECT_EQ(implied_initial, static_cast<double>(t.families_initial));
  }
}

TEST_F(SmallCounty, WaitingListsFormWhenPlacesRunOut) {
  // Guards the premise of the capacity tests: the cut budgets do create waits.
  const auto tallies = run(loaded_->model, 1, 1);
  double joined = 0;
  for (const auto& q : tallies[0].service) joined += q.joined_waiting_list;
  EXPECT_GT(joined, 0);
}

TEST_F(SmallCounty, SameSeedIsBitIdenticalOnOneAndTwoThreads) {
  const auto one = run(loaded_->model, 4, 1);
  const auto two = run(loaded_->model, 4, 2);
  ASSERT_EQ(one.size(), two.size());
  for (std::size_t r = 0; r < one.size(); ++r)
    EXPECT_TRUE(same_tally(one[r], two[r])) << "replication " << r;
  EXPECT_EQ(nlohmann::json(build_summary(loaded_->model, one)).dump(),
            nlohmann::json(build_summary(loaded_->model, two)).dump());
  EXPECT_EQ(time_series_csv(build_time_series(loaded_->model, one)),
            time_series_csv(build_time_series(loaded_->model, two)));
}

// A workspace keeps only memory between replications: a replication run after others in the
// same workspace (here after a larger run of another seed) equals one run in a fresh workspace.
TEST_F(SmallCounty, AReusedWorkspaceCarriesNoStateBetweenReplications) {
  const ReplicationPlan plan(loaded_->model);
  ReplicationWorkspace used;
  run_replication(plan, 99, 5, used);
  run_replication(plan, 99, 6, used);
  const ReplicationTally after_others = run_replication(plan, 1, 0, used);
  ReplicationWorkspace fresh;
  EXPECT_TRUE(same_tally(after_others, run_replication(plan, 1, 0, fresh)));
}

TEST_F(SmallCounty, AnotherSeedGivesDifferentResults) {
  const auto a = run(loaded_->model, 2, 0, 1);
  const auto b = run(loaded_->model, 2, 0, 2);
  EXPECT_FALSE(same_tally(a[0], b[0]));
  EXPECT_NE(nlohmann::json(build_summary(loaded_->model, a)).dump(),
            nlohmann::json(build_summary(loaded_->model, b)).dump());
}

TEST_F(SmallCounty, ReplicationsDiffer) {
  const auto tallies = run(loaded_->model, 2, 0);
  EXPECT_FALSE(same_tally(tallies[0], tallies[1]));
}

// Families entering `state` in each quarter, per replication.
std::vector<double> entries_path(const ReplicationTally& t, int state) {
  std::vector<double> path;
  for (int q = 0; q < t.quarters; ++q) path.push_back(t.entries[t.qs(q, state)]);
  return path;
}

TEST(CommonRandomNumbers, ScenariosShareFamiliesAndTheirLuck) {
  const LoadedModel base(engine_data("ctmc.json"));
  const LoadedModel changed(engine_data("ctmc-slower-plans.json"));
  const auto a = run(base.model, 20, 0);
  const auto b = run(changed.model, 20, 0);
  const int aged_out = base.scenario.pathway.aged_out_state;
  for (std::size_t r = 0; r < a.size(); ++r) {
    // Demographics come from their own streams: the same families, ageing out on the same days.
    EXPECT_EQ(a[r].families_initial, b[r].families_initial);
    EXPECT_EQ(a[r].children_initial, b[r].children_initial);
    const auto aged_out_a = entries_path(a[r], aged_out);
    ASSERT_GT(std::accumulate(aged_out_a.begin(), aged_out_a.end(), 0.0), 0.0);
    EXPECT_EQ(aged_out_a, entries_path(b[r], aged_out));
  }
  // The pathway streams are shared too, so the difference between the scenarios is far less
  // noisy than the difference between independent runs.
  const int statutory = state(base.scenario, "statutory");
  const auto independent = run(changed.model, 20, 0, 99);
  std::vector<double> paired, unpaired;
  const int q = a[0].quarters - 1;
  for (std::size_t r = 0; r < a.size(); ++r) {
    paired.push_back(b[r].families_at_end[b[r].qs(q, statutory)] -
                     a[r].families_at_end[a[r].qs(q, statutory)]);
    unpaired.push_back(independent[r].families_at_end[independent[r].qs(q, statutory)] -
                       a[r].families_at_end[a[r].qs(q, statutory)]);
  }
  const Summary crn = summarise(paired), indep = summarise(unpaired);
  EXPECT_GT(crn.mean, 0) << "longer plans must leave more families on plans";
  EXPECT_LT(crn.sd, 0.5 * indep.sd) << "common random numbers should cut the noise of a difference";
}

TEST(ZeroEffect, AnInterventionWithNoEffectChangesNothing) {
  const LoadedModel base(engine_data("ctmc.json"));
  const LoadedModel zero(engine_data("ctmc-zero-effect.json"));
  const auto a = run(base.model, 5, 0);
  const auto b = run(zero.model, 5, 0);
  for (std::size_t r = 0; r < a.size(); ++r)
    EXPECT_TRUE(same_tally(a[r], b[r])) << "replication " << r;
  EXPECT_EQ(time_series_csv(build_time_series(base.model, a)),
            time_series_csv(build_time_series(zero.model, b)));
}

TEST(ZeroEffect, MoreMoneyForAnUncappedServiceChangesNoFamily) {
  // Social work in the baseline is not capacity-limited: its staffing changes no family's path.
  const LoadedModel base(engine_data("small-county.json"));
  Scenario richer = base.scenario;
  for (auto& service : richer.services) {
    if (!service.capacity_limited && service.fte) *service.fte *= 2;
  }
  const CompiledModel richer_model(richer);
  const auto a = run(base.model, 2, 0);
  const auto b = run(richer_model, 2, 0);
  for (std::size_t r = 0; r < a.size(); ++r) {
    EXPECT_EQ(a[r].families_at_end, b[r].families_at_end);
    EXPECT_EQ(a[r].events_families, b[r].events_families);
  }
}

}  // namespace
}  // namespace ehsim::test
