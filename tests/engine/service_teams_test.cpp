// Unit tests of ServiceTeams on its own: places and waiting lists. Allocation in the service's
// order, stale entries of families that moved on, leaving a list with a reason, budget steps
// freeing places for waiting families, and conservation of the families that joined a list.

#include <memory>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "engine/service_teams.hpp"
#include "engine_test_support.hpp"

namespace ehsim {
namespace {

using test::engine_data;
using test::LoadedModel;

PlacesStep places_from(double day, int places) {
  PlacesStep step;
  step.from_day = day;
  step.places = places;
  step.team_places = {places};
  return step;
}

// The M/M/c model's one team (service 0, providing state "supported"), with 2 places until day 50
// and 4 from then on, and a dozen families in state "well" who may be referred to it.
class OneTeam : public ::testing::Test {
 protected:
  static constexpr int kService = 0, kTeam = 0;

  OneTeam() {
    model.services[kService].places = {places_from(0.0, 2), places_from(50.0, 4)};
    families.resize(12);
    for (std::uint32_t i = 0; i < families.size(); ++i) {
      families[i].id = i;
      families[i].state = well;
      families[i].children_present = 1;
    }
    teams.set_first_places();
  }

  // What the simulation does with a family given a place: it moves into the service's state.
  void start(std::size_t index, int target, double now) {
    started.push_back(index);
    families[index].state = static_cast<std::int16_t>(target);
    teams.occupy_place(families[index], now);
  }
  auto starter(double now) {
    return [this, now](std::size_t index, int target) { start(index, target, now); };
  }

  // A referral to the team, as the simulation's fire(): a free place is taken at once,
  // otherwise the family waits.
  void refer(std::size_t index, double now) {
    if (teams.has_free_place(kTeam)) {
      teams.record_allocation(kTeam, 0.0, false);
      start(index, supported, now);
    } else {
      teams.join_waiting_list(index, kService, supported, now, sequence++);
    }
  }

  // The family's support ends: it leaves the service, and its place goes to the list.
  void finish(std::size_t index, double now) {
    teams.free_place(families[index], now);
    families[index].state = well;
    teams.allocate_waiting(kTeam, now, starter(now));
  }

  const ServiceQuarter& quarter0() const { return recorder.tally().service[0]; }

  LoadedModel loaded{engine_data("mmc-queue.json")};
  CompiledModel& model = loaded.model;
  const std::int16_t well = static_cast<std::int16_t>(test::state(loaded.scenario, "well"));
  const std::int16_t supported =
      static_cast<std::int16_t>(test::state(loaded.scenario, "supported"));
  std::vector<Family> families;
  ReplicationRecorder recorder{model, 0.0};
  ServiceTeams teams{model, 0.0, recorder, families};
  std::vector<std::size_t> started;
  std::uint64_t sequence = 0;
};

TEST_F(OneTeam, TakesTheFirstBudgetStepsPlaces) {
  EXPECT_EQ(teams.size(), 1);
  EXPECT_EQ(teams.state(kTeam).places, 2);
  EXPECT_TRUE(teams.has_free_place(kTeam));
  EXPECT_EQ(teams.team_of(kService, families[0]), kTeam);
}

TEST_F(OneTeam, FamiliesWaitWhenThePlacesAreFullAndStartFirstComeFirstServed) {
  for (std::size_t i = 0; i < 6; ++i) refer(i, static_cast<double>(i));
  EXPECT_EQ(started, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(teams.state(kTeam).occupied, 2);
  EXPECT_EQ(teams.state(kTeam).waiting, 4);
  EXPECT_FALSE(teams.has_free_place(kTeam));
  for (std::size_t i = 2; i < 6; ++i) {
    EXPECT_EQ(families[i].waiting_service, kService);
    EXPECT_EQ(families[i].waiting_target, supported);
    EXPECT_EQ(families[i].wait_start, static_cast<double>(i));
  }
  finish(1, 10.0);
  finish(0, 11.0);
  finish(2, 12.0);
  EXPECT_EQ(started, (std::vector<std::size_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(families[2].waiting_service, -1);
  EXPECT_EQ(teams.state(kTeam).waiting, 1);
  EXPECT_EQ(quarter0().joined_waiting_list, 4.0);
  EXPECT_EQ(quarter0().allocations, 5.0);  // two at once, three from the list
  EXPECT_EQ(quarter0().allocated_from_wait, 3.0);
  EXPECT_DOUBLE_EQ(quarter0().wait_days_sum, (10.0 - 2) + (11.0 - 3) + (12.0 - 4));
}

// Highest need first, then first come. The M/M/c pathway's families in "well" all have the
// same need, so the test adds a second referring state with more (it is never entered by the
// simulation; ServiceTeams reads only its need level).
TEST_F(OneTeam, AServiceByNeedServesTheHighestNeedFirstThenFirstCome) {
  auto& pathway = loaded.scenario.pathway;
  State needier = pathway.states[well];
  needier.id = "well_with_more_need";
  needier.need_level = pathway.states[supported].need_level;
  ASSERT_GT(pathway.need_levels[static_cast<std::size_t>(needier.need_level)].level,
            pathway.need_levels[static_cast<std::size_t>(pathway.states[well].need_level)].level);
  pathway.states.push_back(needier);
  const auto needier_state = static_cast<std::int16_t>(pathway.states.size() - 1);
  model.services[kService].by_need = true;
  refer(0, 0.0);
  refer(1, 0.0);
  families[3].state = needier_state;
  families[5].state = needier_state;
  for (std::size_t i = 2; i < 6; ++i) refer(i, static_cast<double>(i));
  finish(0, 10.0);
  finish(1, 10.0);
  finish(3, 11.0);
  finish(5, 11.0);
  EXPECT_EQ(started, (std::vector<std::size_t>{0, 1, 3, 5, 2, 4}));
}

// A family that leaves the list leaves its entry behind; when the entry reaches the front it is
// skipped, and a family that joined again waits from its new place in the list.
TEST_F(OneTeam, EntriesOfFamiliesThatMovedOnAreSkipped) {
  refer(0, 0.0);
  refer(1, 0.0);
  for (std::size_t i = 2; i < 7; ++i) refer(i, static_cast<double>(i));
  teams.leave_waiting_list(families[2], 7.0, WaitExit::moved_on);  // referred elsewhere
  teams.leave_waiting_list(families[3], 7.0, WaitExit::dropped_out);
  refer(2, 8.0);              // back again: behind 4, 5 and 6
  families[4].alive = false;  // left the area while waiting (already off the list)
  teams.leave_waiting_list(families[4], 8.0, WaitExit::moved_on);
  EXPECT_EQ(teams.state(kTeam).waiting, 3);
  finish(0, 9.0);  // the stale entries of 2, 3 and 4 are passed over: 5 starts
  finish(1, 9.0);
  finish(5, 10.0);
  finish(6, 10.0);
  EXPECT_EQ(started, (std::vector<std::size_t>{0, 1, 5, 6, 2}));
  EXPECT_DOUBLE_EQ(families[2].wait_start, 8.0);
  EXPECT_EQ(teams.state(kTeam).waiting, 0);
  EXPECT_EQ(teams.state(kTeam).queue.size(), 0u);  // the stale entries were dropped on the way
}

TEST_F(OneTeam, LeavingAListRecordsWhy) {
  refer(0, 0.0);
  refer(1, 0.0);
  for (std::size_t i = 2; i < 5; ++i) refer(i, 1.0);
  teams.leave_waiting_list(families[2], 3.0, WaitExit::dropped_out);
  teams.leave_waiting_list(families[3], 3.0, WaitExit::moved_on);
  teams.leave_waiting_list(families[4], 3.0, WaitExit::escalated);
  EXPECT_EQ(quarter0().dropped_out, 1.0);
  EXPECT_EQ(quarter0().left_while_waiting, 2.0);  // moved on, escalated among them
  EXPECT_EQ(quarter0().escalated_while_waiting, 1.0);
  EXPECT_EQ(teams.state(kTeam).waiting, 0);
  for (std::size_t i = 2; i < 5; ++i) {
    EXPECT_EQ(families[i].waiting_service, -1);
    EXPECT_EQ(families[i].waiting_target, -1);
  }
  recorder.advance_to(model.calendar.quarters()[0].end_day, teams.states());
  EXPECT_DOUBLE_EQ(quarter0().waiting_family_days, 3 * (3.0 - 1.0));
}

// A budget step that adds places lets waiting families start on its day; a step not yet in
// force changes nothing.
TEST_F(OneTeam, ABudgetStepAddingPlacesLetsWaitingFamiliesStart) {
  std::vector<std::pair<double, std::uint32_t>> scheduled;
  teams.schedule_capacity_changes([&](double day, std::uint32_t step, std::int32_t k) {
    EXPECT_EQ(k, kService);
    scheduled.emplace_back(day, step);
  });
  EXPECT_EQ(scheduled, (std::vector<std::pair<double, std::uint32_t>>{{50.0, 1}}));
  for (std::size_t i = 0; i < 5; ++i) refer(i, 10.0 + static_cast<double>(i));
  teams.change_places(kService, 30.0, starter(30.0));
  EXPECT_EQ(started.size(), 2u);
  teams.change_places(kService, 50.0, starter(50.0));
  EXPECT_EQ(teams.state(kTeam).places, 4);
  EXPECT_EQ(started, (std::vector<std::size_t>{0, 1, 2, 3}));
  EXPECT_EQ(teams.state(kTeam).waiting, 1);
  // Waits of 38 and 37 days: beyond the 28-day standard, one day bin each.
  EXPECT_EQ(quarter0().allocated_within_standard, 2.0);  // the two placed at once
  const auto& histogram = recorder.tally().wait_histogram;
  EXPECT_EQ(histogram[38], 1u);
  EXPECT_EQ(histogram[37], 1u);
  // Place days: 2 places to day 50, then 4.
  recorder.advance_to(model.calendar.quarters()[0].end_day, teams.states());
  EXPECT_DOUBLE_EQ(quarter0().place_days,
                   2 * 50.0 + 4 * (model.calendar.quarters()[0].end_day - 50.0));
}

// Whatever happens, every family that joined a list was allocated from it, left it, or is on
// it still; and the list's count is the families waiting.
TEST_F(OneTeam, FamiliesOnTheListAreConserved) {
  std::mt19937_64 rng(2024);
  std::uniform_int_distribution<std::size_t> pick(0, families.size() - 1);
  std::uniform_int_distribution<int> action(0, 5);
  double now = 0;
  for (int step = 0; step < 5000; ++step) {
    now += 0.01;
    const std::size_t i = pick(rng);
    Family& f = families[i];
    switch (action(rng)) {
      case 0:
      case 1:
        if (f.state == well && f.waiting_service < 0) refer(i, now);
        break;
      case 2:
        if (f.state == supported) finish(i, now);
        break;
      case 3:
        if (f.waiting_service >= 0) teams.leave_waiting_list(f, now, WaitExit::dropped_out);
        break;
      case 4:
        if (f.waiting_service >= 0) teams.leave_waiting_list(f, now, WaitExit::escalated);
        break;
      case 5:
        teams.change_places(kService, now, starter(now));
        break;
    }
    ASSERT_LE(teams.state(kTeam).occupied, teams.state(kTeam).places);
  }
  int waiting = 0;
  for (const Family& f : families) waiting += f.waiting_service >= 0 ? 1 : 0;
  const ServiceQuarter& q = quarter0();
  EXPECT_GT(q.allocated_from_wait, 50.0);  // every path was taken, many times
  EXPECT_GT(q.dropped_out, 50.0);
  EXPECT_GT(q.left_while_waiting, 50.0);
  EXPECT_EQ(teams.state(kTeam).waiting, waiting);
  EXPECT_EQ(q.joined_waiting_list,
            q.allocated_from_wait + q.dropped_out + q.left_while_waiting + waiting);
}

}  // namespace
}  // namespace ehsim
