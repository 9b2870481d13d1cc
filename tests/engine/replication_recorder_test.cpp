// Unit tests of ReplicationRecorder on its own: time-weighted days split at quarter ends, stocks
// at each quarter's end, team days, counted and derived events, the restart at the start date
// after a warm-up, and the snapshot the warm-up cache keeps.

#include <vector>

#include <gtest/gtest.h>

#include "engine/replication_recorder.hpp"
#include "engine_test_support.hpp"

namespace ehsim {
namespace {

using test::engine_data;
using test::LoadedModel;

// The M/M/c model: two states and two exits, one team, quarters from 1 April 2020. The tests use
// states by index; what the states mean does not matter to the recorder.
class Recorder : public ::testing::Test {
 protected:
  LoadedModel loaded{engine_data("mmc-queue.json")};
  const CompiledModel& model = loaded.model;
  ReplicationRecorder recorder{model, 0.0};
  std::vector<TeamState> teams = std::vector<TeamState>(1);
  const ReplicationTally& tally = recorder.tally();

  double quarter_end(int q) const {
    return model.calendar.quarters()[static_cast<std::size_t>(q)].end_day;
  }
  static Family family_in(int state, int children) {
    Family f;
    f.state = static_cast<std::int16_t>(state);
    f.children_present = static_cast<std::uint8_t>(children);
    f.children_total = static_cast<std::uint8_t>(children);
    return f;
  }
};

TEST_F(Recorder, IsSizedForTheModelsQuartersStatesAndTeams) {
  EXPECT_EQ(tally.quarters, static_cast<int>(model.calendar.quarters().size()));
  EXPECT_EQ(tally.states, static_cast<int>(model.scenario.pathway.states.size()));
  EXPECT_EQ(tally.event_kinds, kEventKindCount);
  EXPECT_EQ(tally.services, 1);
  EXPECT_EQ(recorder.quarter(), 0);
}

// A family present from day 10 to day q1 + 20 counts its days in each quarter it spent there,
// and is in the stock at the end of the first quarter but not of the second.
TEST_F(Recorder, SplitsFamilyAndChildDaysAtQuarterEnds) {
  const Family f = family_in(1, 2);
  const double q0 = quarter_end(0), q1 = quarter_end(1);
  recorder.enter_state(f, 10.0);
  EXPECT_EQ(recorder.families_in(1), 1.0);
  EXPECT_EQ(recorder.children_in(1), 2.0);
  recorder.advance_to(q0 + 5.0, teams);
  EXPECT_EQ(recorder.quarter(), 1);
  recorder.leave_state(f, q0 + 20.0);
  recorder.advance_to(q1, teams);  // a boundary closes the quarter that ends there
  EXPECT_EQ(recorder.quarter(), 2);

  EXPECT_DOUBLE_EQ(tally.family_days[tally.qs(0, 1)], q0 - 10.0);
  EXPECT_DOUBLE_EQ(tally.child_days[tally.qs(0, 1)], 2 * (q0 - 10.0));
  EXPECT_EQ(tally.families_at_end[tally.qs(0, 1)], 1.0);
  EXPECT_EQ(tally.children_at_end[tally.qs(0, 1)], 2.0);
  EXPECT_DOUBLE_EQ(tally.family_days[tally.qs(1, 1)], 20.0);
  EXPECT_EQ(tally.families_at_end[tally.qs(1, 1)], 0.0);
  EXPECT_EQ(tally.family_days[tally.qs(0, 0)], 0.0);  // nobody in the other state
}

// The last quarter is never closed by advance_to, however late the day: the run closes it at
// the horizon, so events up to the horizon count in it.
TEST_F(Recorder, TheLastQuarterClosesOnlyAtTheHorizon) {
  const int last = tally.quarters - 1;
  recorder.enter_state(family_in(0, 1), 0.0);
  recorder.advance_to(model.horizon_days + 100.0, teams);
  EXPECT_EQ(recorder.quarter(), last);
  EXPECT_EQ(tally.families_at_end[tally.qs(last, 0)], 0.0);
  recorder.close_last_quarter(teams);
  EXPECT_EQ(tally.families_at_end[tally.qs(last, 0)], 1.0);
  double days = 0;
  for (int q = 0; q < tally.quarters; ++q) days += tally.family_days[tally.qs(q, 0)];
  EXPECT_DOUBLE_EQ(days, model.horizon_days);
}

TEST_F(Recorder, TeamDaysWeighOccupancyWaitingAndPlacesByTime) {
  TeamState& team = teams[0];
  team.places = 10;
  team.occupied = 3;
  team.waiting = 2;
  recorder.accumulate_team(0, team, 40.0);
  team.occupied = 4;  // one more family from day 40
  recorder.advance_to(quarter_end(0), teams);
  const ServiceQuarter& q = tally.service[tally.qk(0, 0)];
  EXPECT_DOUBLE_EQ(q.occupied_family_days, 3 * 40.0 + 4 * (quarter_end(0) - 40.0));
  EXPECT_DOUBLE_EQ(q.waiting_family_days, 2 * quarter_end(0));
  EXPECT_DOUBLE_EQ(q.place_days, 10 * quarter_end(0));
  EXPECT_EQ(q.waiting_at_end, 2.0);
  EXPECT_EQ(team.last_update, quarter_end(0));
}

TEST_F(Recorder, ChildrenChangingWithinAStateCountFromTheDayTheyChange) {
  const Family f = family_in(0, 2);
  recorder.enter_state(f, 0.0);
  recorder.change_children(0, -1, 30.0);  // the eldest turns 18 on day 30
  recorder.advance_to(quarter_end(0), teams);
  EXPECT_DOUBLE_EQ(tally.child_days[tally.qs(0, 0)], 2 * 30.0 + 1 * (quarter_end(0) - 30.0));
  EXPECT_EQ(tally.children_at_end[tally.qs(0, 0)], 1.0);
}

TEST_F(Recorder, EntriesAndExitsCountInTheCurrentQuarter) {
  recorder.count_entry(1, 3);
  recorder.advance_to(quarter_end(0), teams);
  recorder.count_exit(1);
  EXPECT_EQ(tally.entries[tally.qs(0, 1)], 1.0);
  EXPECT_EQ(tally.entries_children[tally.qs(0, 1)], 3.0);
  EXPECT_EQ(tally.exits[tally.qs(0, 1)], 0.0);
  EXPECT_EQ(tally.exits[tally.qs(1, 1)], 1.0);
}

// A referral within 365 days of the family's previous one is also a re-referral; each event
// counts the family once and its children.
TEST_F(Recorder, AReferralWithinAYearOfTheLastIsAReReferral) {
  Family f = family_in(0, 2);
  const std::vector<EventKind> referral = {EventKind::referral};
  recorder.record_events(referral, f, 0.0);
  recorder.record_events(referral, f, 365.0);  // exactly a year: within the window
  recorder.record_events(referral, f, 731.0);  // 366 days after the last
  const auto referrals = tally.qe(0, static_cast<int>(EventKind::referral));
  const auto re_referrals = tally.qe(0, static_cast<int>(EventKind::re_referral));
  EXPECT_EQ(tally.events_families[referrals], 3.0);
  EXPECT_EQ(tally.events_children[referrals], 6.0);
  EXPECT_EQ(tally.events_families[re_referrals], 1.0);
  EXPECT_EQ(f.last_referral, 731.0);
}

// Derived events follow the states' attributes: episodes of need, steps up and down, child
// protection plans (a repeat for a family that has had one) and care entries.
TEST_F(Recorder, DerivesEventsFromTheStatesAttributes) {
  const auto state_with = [](ServiceStatus status, bool absorbing = false) {
    State s;
    s.service_status = status;
    s.absorbing = absorbing;
    return s;
  };
  const State none = state_with(ServiceStatus::none);
  const State early_help = state_with(ServiceStatus::targeted_early_help);
  const State in_need = state_with(ServiceStatus::child_in_need);
  const State protection = state_with(ServiceStatus::child_protection);
  const State care = state_with(ServiceStatus::looked_after);
  const State gone = state_with(ServiceStatus::child_protection, true);  // exits hold no status
  Family f = family_in(0, 1);
  recorder.count_derived_events(f, none, early_help);
  recorder.count_derived_events(f, early_help, in_need);     // step up, episode starts
  recorder.count_derived_events(f, in_need, protection);     // first plan
  recorder.count_derived_events(f, protection, early_help);  // plan ends, step down, episode ends
  recorder.count_derived_events(f, early_help, protection);  // step up, a repeat plan
  recorder.count_derived_events(f, protection, care);        // plan ends, care starts
  recorder.count_derived_events(f, care, gone);              // leaving from care: episode ends
  const auto count = [&](EventKind kind) {
    return tally.events_families[tally.qe(0, static_cast<int>(kind))];
  };
  EXPECT_EQ(count(EventKind::escalation_to_statutory), 2.0);
  EXPECT_EQ(count(EventKind::step_up), 2.0);
  EXPECT_EQ(count(EventKind::step_down), 1.0);
  EXPECT_EQ(count(EventKind::statutory_episode_end), 2.0);
  EXPECT_EQ(count(EventKind::child_protection_plan_start), 2.0);
  EXPECT_EQ(count(EventKind::child_protection_plan_repeat), 1.0);
  EXPECT_EQ(count(EventKind::child_protection_plan_end), 2.0);
  EXPECT_EQ(count(EventKind::care_entry), 1.0);
  EXPECT_TRUE(f.had_child_protection_plan);
}

// At the start date after a warm-up nothing before it counts, except the run's two event
// counters; the families alive then are the initial population.
TEST_F(Recorder, RestartsAtTheStartDateKeepingOnlyTheEventCounters) {
  ReplicationTally& t = recorder.tally();
  ReplicationRecorder warm_up(model, -100.0);
  warm_up.enter_state(family_in(0, 1), -100.0);
  warm_up.count_entry(0, 1);
  warm_up.tally().events_processed = 7;
  warm_up.tally().stale_events = 3;
  warm_up.tally().families_arrived = 5;
  std::vector<Family> families = {family_in(0, 1), family_in(1, 3), family_in(0, 2)};
  families[2].alive = false;
  warm_up.restart_at_start_date(families);
  const ReplicationTally& w = warm_up.tally();
  EXPECT_EQ(w.events_processed, 7u);
  EXPECT_EQ(w.stale_events, 3u);
  EXPECT_EQ(w.families_arrived, 0u);
  EXPECT_EQ(w.families_initial, 2u);
  EXPECT_EQ(w.children_initial, 4.0);
  EXPECT_EQ(w.entries[w.qs(0, 0)], 0.0);
  // The stock carries over, its clock restarted at day 0: no warm-up days are counted.
  warm_up.advance_to(quarter_end(0), teams);
  EXPECT_DOUBLE_EQ(w.family_days[w.qs(0, 0)], quarter_end(0));
  EXPECT_EQ(t.events_processed, 0u);  // the fixture's recorder is another
}

TEST_F(Recorder, ASnapshotRestoresStocksClocksQuarterAndCounters) {
  recorder.enter_state(family_in(1, 2), 5.0);
  recorder.advance_to(quarter_end(0), teams);
  recorder.tally().events_processed = 11;
  recorder.tally().stale_events = 4;
  ReplicationRecorder resumed(model, 0.0);
  resumed.restore(recorder.snapshot());
  EXPECT_EQ(resumed.quarter(), 1);
  EXPECT_EQ(resumed.families_in(1), 1.0);
  EXPECT_EQ(resumed.children_in(1), 2.0);
  EXPECT_EQ(resumed.tally().events_processed, 11u);
  EXPECT_EQ(resumed.tally().stale_events, 4u);
  // Both go on from the same clock.
  recorder.advance_to(quarter_end(1), teams);
  resumed.advance_to(quarter_end(1), teams);
  EXPECT_EQ(resumed.tally().family_days[resumed.tally().qs(1, 1)],
            tally.family_days[tally.qs(1, 1)]);
}

TEST_F(Recorder, CountsFamiliesPresentAndWaitingAtTheEnd) {
  std::vector<Family> families(4);
  families[1].alive = false;
  families[2].waiting_service = 0;
  families[3].waiting_service = 0;
  families[3].alive = false;  // a family that left is not counted as waiting
  recorder.count_families_at_end(families);
  EXPECT_EQ(tally.families_present_at_end, 2u);
  EXPECT_EQ(tally.families_waiting_at_end, 1u);
}

}  // namespace
}  // namespace ehsim
