// Unit tests of where a replication's families come from: the initial population (drawn until it
// holds the county's children, placed in the caseloads) and arrivals (a Poisson process of
// births and families moving in).

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "engine/arrivals.hpp"
#include "engine/initial_population.hpp"
#include "engine_test_support.hpp"

namespace ehsim {
namespace {

using test::engine_data;
using test::LoadedModel;

bool same_family(const Family& a, const Family& b) {
  return a.id == b.id && a.first_birth == b.first_birth && a.state_entry == b.state_entry &&
         a.state == b.state && a.children_total == b.children_total &&
         a.children_present == b.children_present && a.locality == b.locality &&
         a.risk_mask == b.risk_mask && a.had_child_protection_plan == b.had_child_protection_plan;
}

class SmallCountyFamilies : public ::testing::Test {
 protected:
  static const LoadedModel& loaded() {
    static const LoadedModel model(engine_data("small-county.json"));
    return model;
  }
  const CompiledModel& model = loaded().model;
  const PopulationSampler sampler{model};
};

TEST_F(SmallCountyFamilies, TheInitialPopulationHoldsTheCountysChildren) {
  std::vector<Family> families;
  InitialPopulationScratch scratch;
  const double children = draw_initial_population(model, sampler, 2024, 3, 0.0, families, scratch);
  const double target = model.scenario.population.children;
  int largest = 0;
  double counted = 0;
  for (std::size_t i = 0; i < families.size(); ++i) {
    const Family& f = families[i];
    ASSERT_GE(f.children_present, 1) << "family " << i;
    if (i > 0) {
      ASSERT_GT(f.id, families[i - 1].id);  // ids in order; the childless skipped
    }
    ASSERT_LE(f.state_entry, 0.0);
    const State& state = model.scenario.pathway.states[static_cast<std::size_t>(f.state)];
    ASSERT_FALSE(state.absorbing);
    ASSERT_EQ(f.had_child_protection_plan, state.service_status == ServiceStatus::child_protection);
    ASSERT_TRUE(f.alive);
    ASSERT_EQ(f.waiting_service, -1);
    counted += f.children_present;
    largest = std::max<int>(largest, f.children_present);
  }
  EXPECT_EQ(children, counted);
  EXPECT_GE(children, target);            // drawn until the county's children are held
  EXPECT_LT(children - largest, target);  // ... and no further
  // The states are the caseload placement's, from the draws the scratch arrays keep.
  const std::vector<int> states = place_initial_caseloads(model, families, scratch.placement_draws);
  ASSERT_EQ(states.size(), families.size());
  int placed = 0;
  for (std::size_t i = 0; i < families.size(); ++i) {
    ASSERT_EQ(families[i].state, states[i]);
    placed += states[i] != model.scenario.pathway.entry_state ? 1 : 0;
  }
  EXPECT_GT(placed, 0);  // the county's caseloads are not empty
}

// A pure function of (model, seed, replication), whatever the arrays held before.
TEST_F(SmallCountyFamilies, TheInitialPopulationDependsOnlyOnSeedAndReplication) {
  std::vector<Family> first, again, other;
  InitialPopulationScratch scratch, reused;
  draw_initial_population(model, sampler, 2024, 3, -365.0, first, scratch);
  draw_initial_population(model, sampler, 2024, 4, -365.0, other, reused);  // leaves them full
  again = other;
  draw_initial_population(model, sampler, 2024, 3, -365.0, again, reused);
  ASSERT_EQ(again.size(), first.size());
  for (std::size_t i = 0; i < first.size(); ++i) ASSERT_TRUE(same_family(again[i], first[i]));
  bool differs = other.size() != first.size();
  for (std::size_t i = 0; !differs && i < first.size(); ++i)
    differs = !same_family(other[i], first[i]);
  EXPECT_TRUE(differs);
}

// Arrivals' ids follow on from the initial population's range, one per arrival whether or not
// the family has children under 18; the stream is a function of seed and replication.
TEST_F(SmallCountyFamilies, ArrivalsAreNumberedAfterTheInitialIdsAndRepeatable) {
  Arrivals arrivals(2024, 3), again(2024, 3);
  double day = 0, day_again = 0;
  for (std::uint32_t i = 0; i < 50; ++i) {
    day = arrivals.next_day(day, model.arrivals_per_day);
    day_again = again.next_day(day_again, model.arrivals_per_day);
    ASSERT_EQ(day, day_again);
    ASSERT_GT(day, 0.0);
    const Family f = arrivals.draw_family(day, model, sampler);
    const Family g = again.draw_family(day, model, sampler);
    ASSERT_EQ(f.id, kFirstArrivalId + i);
    ASSERT_TRUE(same_family(f, g));
  }
  EXPECT_EQ(arrivals.count(), 50u);
}

// Gaps are exponential with the model's rate, and the share of arrivals that are births (a
// family formed by its first child, born on the day) is the model's.
TEST_F(SmallCountyFamilies, ArrivalsArePoissonWithTheModelsShareOfBirths) {
  ASSERT_GT(model.arrivals_per_day, 0);
  Arrivals arrivals(99, 0);
  constexpr int kArrivals = 20000;
  double day = 0;
  int births = 0;
  for (int i = 0; i < kArrivals; ++i) {
    day = arrivals.next_day(day, model.arrivals_per_day);
    const Family f = arrivals.draw_family(day, model, sampler);
    births += f.first_birth == day ? 1 : 0;
  }
  const double mean_gap = day / kArrivals;
  EXPECT_NEAR(mean_gap * model.arrivals_per_day, 1.0, 4.0 / std::sqrt(kArrivals));
  const double p = model.birth_share_of_arrivals;
  EXPECT_NEAR(static_cast<double>(births) / kArrivals, p, 4.0 * std::sqrt(p * (1 - p) / kArrivals));
}

TEST(Arrivals, ANewGenerationMarksTheOldRatesArrivalsStale) {
  Arrivals arrivals(1, 1);
  EXPECT_EQ(arrivals.generation(), 0u);
  arrivals.new_generation();
  EXPECT_EQ(arrivals.generation(), 1u);
}

}  // namespace
}  // namespace ehsim
