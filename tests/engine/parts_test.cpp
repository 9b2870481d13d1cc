// Unit tests of the engine's parts on their own: the calendar event queue, waiting lists, hazards
// and competing risks, and population sampling. (A replication's recorder, service teams and
// families have tests of their own: replication_recorder_test.cpp, service_teams_test.cpp,
// families_in_test.cpp.)

#include <algorithm>
#include <cmath>
#include <queue>
#include <random>
#include <set>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "engine/event_queue.hpp"
#include "engine/hazards.hpp"
#include "engine/population.hpp"
#include "engine/waiting_list.hpp"
#include "engine_test_support.hpp"

namespace ehsim {
namespace {

// ---- calendar queue -----------------------------------------------------------------------

struct TestEvent {
  double time;
  std::uint64_t order;
};
struct TestLaterFirst {
  bool operator()(const TestEvent& a, const TestEvent& b) const {
    if (a.time != b.time) return a.time > b.time;
    return a.order > b.order;
  }
};

// The calendar queue must give exactly the order one binary heap gives, for events pushed
// while others are popped (never earlier than the last popped), with ties broken by order.
TEST(CalendarQueue, PopsInTheOrderOfASingleHeap) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> ahead(0.0, 40.0);
  CalendarQueue<TestEvent, TestLaterFirst> calendar(400.0);
  std::priority_queue<TestEvent, std::vector<TestEvent>, TestLaterFirst> heap;
  std::uint64_t sequence = 0;
  double now = 0;
  for (int i = 0; i < 2000; ++i) {
    // Some events at exactly the same time, to exercise the tie-break.
    const double t = (i % 7 == 0) ? std::floor(ahead(rng)) : ahead(rng);
    calendar.push({t, sequence});
    heap.push({t, sequence++});
  }
  std::size_t popped = 0;
  while (!heap.empty()) {
    const TestEvent expected = heap.top();
    heap.pop();
    const TestEvent got = calendar.pop([](const std::vector<TestEvent>&) {});
    ASSERT_EQ(got.time, expected.time) << "event " << popped;
    ASSERT_EQ(got.order, expected.order) << "event " << popped;
    ASSERT_GE(got.time, now);
    now = got.time;
    ++popped;
    if (popped % 3 == 0 && now < 390) {  // pushes during the run, some in the current bucket
      const double t = now + ahead(rng) * (popped % 2 == 0 ? 0.01 : 1.0);
      calendar.push({t, sequence});
      heap.push({t, sequence++});
    }
  }
  EXPECT_TRUE(calendar.empty());
  EXPECT_EQ(calendar.size(), 0u);
}

TEST(CalendarQueue, EventsBeyondTheLastBucketStillComeOutInOrder) {
  CalendarQueue<TestEvent, TestLaterFirst> calendar(10.0);
  calendar.push({25.0, 1});
  calendar.push({12.5, 2});
  calendar.push({3.0, 3});
  calendar.push({12.5, 0});
  std::vector<std::uint64_t> order;
  while (!calendar.empty()) order.push_back(calendar.pop([](const auto&) {}).order);
  EXPECT_EQ(order, (std::vector<std::uint64_t>{3, 0, 2, 1}));
}

TEST(CalendarQueue, OpensEachDayOnceWithItsEvents) {
  CalendarQueue<TestEvent, TestLaterFirst> calendar(10.0);
  for (std::uint64_t i = 0; i < 6; ++i) calendar.push({2.0 + 0.1 * static_cast<double>(i), i});
  calendar.push({5.5, 9});
  std::vector<std::size_t> opened;
  while (!calendar.empty()) {
    calendar.pop([&](const std::vector<TestEvent>& day) { opened.push_back(day.size()); });
  }
  // Days 1..5 are opened in turn; day 2 holds six events, day 5 one, the others none.
  EXPECT_EQ(opened, (std::vector<std::size_t>{0, 6, 0, 0, 1}));
}

TEST(CalendarQueue, DiscardingEventsLeavesTheOthersInTheirOrder) {
  CalendarQueue<TestEvent, TestLaterFirst> calendar(50.0);
  for (std::uint64_t i = 0; i < 40; ++i) calendar.push({0.7 * static_cast<double>(i), i});
  calendar.pop([](const auto&) {});  // day 0 open: its heap is among the events discarded from
  calendar.discard_if([](const TestEvent& e) { return e.order % 3 == 0; });
  std::vector<std::uint64_t> order;
  while (!calendar.empty()) order.push_back(calendar.pop([](const auto&) {}).order);
  std::vector<std::uint64_t> expected;
  for (std::uint64_t i = 1; i < 40; ++i)
    if (i % 3 != 0) expected.push_back(i);
  EXPECT_EQ(order, expected);
}

TEST(CalendarQueue, AReusedQueueBehavesAsANewOne) {
  CalendarQueue<TestEvent, TestLaterFirst> reused(400.0, 1.0, -100.0);
  for (std::uint64_t i = 0; i < 300; ++i) reused.push({static_cast<double>(i) - 99.5, i});
  for (int i = 0; i < 120; ++i) reused.pop([](const auto&) {});  // left part-way through
  reused.reset(30.0);                                            // a shorter span from day 0
  CalendarQueue<TestEvent, TestLaterFirst> fresh(30.0);
  EXPECT_TRUE(reused.empty());
  for (std::uint64_t i = 0; i < 50; ++i) {
    const double t = std::fmod(static_cast<double>(i) * 7.3, 45.0);  // some beyond the span
    reused.push({t, i});
    fresh.push({t, i});
  }
  while (!fresh.empty()) {
    ASSERT_FALSE(reused.empty());
    EXPECT_EQ(reused.pop([](const auto&) {}).order, fresh.pop([](const auto&) {}).order);
  }
  EXPECT_TRUE(reused.empty());
}

// Known answer on random input: a queue that starts before day 0 (a warm-up), with many ties,
// events beyond its last bucket, pushes into the day being processed and a discard part-way
// through, pops exactly what a sorted set of (time, order) gives.
TEST(CalendarQueue, PopsWhatASortedReferenceGivesAcrossAWarmUpAndADiscard) {
  std::mt19937_64 rng(20240);
  std::uniform_real_distribution<double> day(-200.0, 420.0);  // the horizon is 365
  std::uniform_real_distribution<double> ahead(0.0, 30.0);
  CalendarQueue<TestEvent, TestLaterFirst> calendar(365.0, 1.0, -200.0);
  std::set<std::pair<double, std::uint64_t>> reference;
  std::uint64_t sequence = 0;
  const auto push = [&](double t) {
    calendar.push({t, sequence});
    reference.emplace(t, sequence++);
  };
  for (int i = 0; i < 3000; ++i) {
    const double t = day(rng);
    push(i % 3 == 0 ? std::round(t * 4) / 4 : t);  // a third on a quarter-day grid: ties
  }
  double now = -200.0;
  bool discarded = false;
  while (!reference.empty()) {
    const auto expected = *reference.begin();
    reference.erase(reference.begin());
    const TestEvent got = calendar.pop([](const std::vector<TestEvent>&) {});
    ASSERT_EQ(got.time, expected.first);
    ASSERT_EQ(got.order, expected.second);
    now = got.time;
    if (got.order % 4 == 0) push(now + (got.order % 8 == 0 ? 0.0 : ahead(rng)));  // ties now too
    if (!discarded && now >= 0.0) {  // the start date: drop a fifth of what is pending
      discarded = true;
      const auto fifth = [](std::uint64_t order) { return order % 5 == 0; };
      calendar.discard_if([&](const TestEvent& e) { return fifth(e.order); });
      std::erase_if(reference, [&](const auto& e) { return fifth(e.second); });
      ASSERT_EQ(calendar.size(), reference.size());
    }
  }
  EXPECT_TRUE(discarded);
  EXPECT_TRUE(calendar.empty());
}

TEST(CalendarQueue, SameTimeEventsLeaveInTheirTieBreakOrderWhateverThePushOrder) {
  CalendarQueue<TestEvent, TestLaterFirst> calendar(10.0);
  for (const std::uint64_t order : {5u, 3u, 9u, 1u}) calendar.push({2.5, order});
  calendar.push({2.25, 7});
  std::vector<std::uint64_t> popped;
  while (!calendar.empty()) popped.push_back(calendar.pop([](const auto&) {}).order);
  EXPECT_EQ(popped, (std::vector<std::uint64_t>{7, 1, 3, 5, 9}));
}

// Days holding several chunks' worth of events (a chunk holds 32): popped in order, and a
// discard that keeps none, all, a chunk-aligned run or a scattering of a day's events.
TEST(CalendarQueue, CrowdedDaysPopAndDiscardInTheOrderOfASortedReference) {
  CalendarQueue<TestEvent, TestLaterFirst> calendar(20.0);
  std::set<std::pair<double, std::uint64_t>> reference;
  std::uint64_t sequence = 0;
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> within_day(0.0, 1.0);
  for (int day = 1; day <= 6; ++day) {
    for (int i = 0; i < 30 * day + 7; ++i) {  // 37 to 187 events a day
      const double t = day + within_day(rng);
      calendar.push({t, sequence});
      reference.emplace(t, sequence++);
    }
  }
  calendar.pop([](const auto&) {});  // day 1 opens; days 2-6 stay in their chunks
  reference.erase(reference.begin());
  const auto discarded = [](const TestEvent& e) {
    const int day = static_cast<int>(e.time);
    if (day == 2) return true;               // every event of the day
    if (day == 3) return false;              // none
    if (day == 4) return e.order % 97 < 32;  // about a chunk's worth
    return e.order % 3 == 0;                 // scattered
  };
  calendar.discard_if(discarded);
  std::erase_if(reference, [&](const auto& e) { return discarded({e.first, e.second}); });
  ASSERT_EQ(calendar.size(), reference.size());
  for (const auto& [time, order] : reference) {
    const TestEvent got = calendar.pop([](const auto&) {});
    ASSERT_EQ(got.time, time);
    ASSERT_EQ(got.order, order);
  }
  EXPECT_TRUE(calendar.empty());
}

// A replication files several events a family over fifteen years, but only about one a family is
// pending at a time: the queue's memory must follow what is pending. Here 2,000 events are
// pending throughout while 600,000 are filed; a queue that kept each day's peak would hold room
// for all of them. Run twice, as a reused workspace would: the second run takes no more memory.
TEST(CalendarQueue, HoldsMemoryForTheEventsPendingNotForEveryEventFiled) {
  constexpr double kHorizon = 3000.0;
  CalendarQueue<TestEvent, TestLaterFirst> calendar;
  std::size_t filed = 0;
  const auto run = [&] {
    calendar.reset(kHorizon);
    std::mt19937_64 rng(3);
    std::uniform_real_distribution<double> ahead(0.0, 20.0);
    std::uint64_t sequence = 0;
    for (int i = 0; i < 2000; ++i) calendar.push({ahead(rng), sequence++});
    while (!calendar.empty()) {
      const TestEvent e = calendar.pop([](const auto&) {});
      const double next = e.time + ahead(rng);
      if (next < kHorizon - 25.0) calendar.push({next, sequence++});
    }
    filed = sequence;
    return calendar.bytes();
  };
  const std::size_t first = run();
  const std::size_t second = run();
  ASSERT_GT(filed, 500'000u);
  EXPECT_LT(first, filed * sizeof(TestEvent) / 20) << "bytes held " << first;
  EXPECT_LE(second, first);
}

// ---- waiting lists ------------------------------------------------------------------------

TEST(WaitingList, FirstComeFirstServedSkippingFamiliesThatLeft) {
  TeamState team;
  team.places = 2;
  for (std::uint32_t f = 0; f < 5; ++f) team.queue.push({0.0, f, f, 1});
  std::vector<std::uint32_t> tickets = {1, 2, 1, 1, 1};  // family 1 left and rejoined later
  const auto current = [&](const WaitEntry& e) { return tickets[e.family] == e.ticket; };
  std::vector<std::uint32_t> served;
  WaitEntry entry{};
  while (next_waiting(team, current, entry)) served.push_back(entry.family);
  EXPECT_EQ(served, (std::vector<std::uint32_t>{0, 2, 3, 4}));
}

TEST(WaitingList, HighestNeedFirstThenFirstCome) {
  TeamState team;
  team.queue.push({2.0, 0, 10, 1});
  team.queue.push({3.0, 1, 11, 1});
  team.queue.push({2.0, 2, 12, 1});
  team.queue.push({3.0, 3, 13, 1});
  std::vector<std::uint32_t> served;
  WaitEntry entry{};
  while (next_waiting(
      team, [](const WaitEntry&) { return true; }, entry))
    served.push_back(entry.family);
  EXPECT_EQ(served, (std::vector<std::uint32_t>{11, 13, 10, 12}));
}

TEST(WaitingList, APlaceIsFreeOnlyBelowCapacityUnlessUncapped) {
  TeamState team;
  team.places = 3;
  team.occupied = 3;
  EXPECT_FALSE(team.has_free_place(true));
  EXPECT_TRUE(team.has_free_place(false));
  team.occupied = 2;
  EXPECT_TRUE(team.has_free_place(true));
}

// ---- hazards and competing risks -------------------------------------------------------------

TEST(Hazards, ConstantRateInvertsTheExponential) {
  const test::LoadedModel loaded(test::engine_data("ctmc.json"));
  const CompiledModel& m = loaded.model;
  const int t = 0;  // need_emerges, 0.8 a year
  Family f;
  f.children_total = 1;
  const double u = 0.3;
  const double expected = 10.0 - std::log(u) / (0.8 / kDaysPerYear);
  EXPECT_NEAR(sample_rate_time(m, f, m.transitions[t], 10.0, u), expected, 1e-9);
}

TEST(Hazards, AgeBandsIntegrateThePiecewiseHazardExactly) {
  const test::LoadedModel loaded(test::engine_data("age-band.json"));
  const CompiledModel& m = loaded.model;
  // Find a transition that varies by age and check the cumulative hazard at the sampled time.
  for (std::size_t ti = 0; ti < m.transitions.size(); ++ti) {
    const CompiledTransition& t = m.transitions[ti];
    if (!t.has_rate || !t.varies_by_age) continue;
    Family f;
    f.children_total = 1;
    f.first_birth = -8.0 * kDaysPerYear;  // crosses a band boundary soon for most bands
    for (double u : {0.9, 0.5, 0.1, 0.01}) {
      const double time = sample_rate_time(m, f, t, 0.0, u);
      if (time == kNever) continue;
      // Integrate the hazard day by day fractions from 0 to `time`.
      double cumulative = 0, day = 0;
      while (day < time) {
        const auto [band, until] = age_band_at(m, f, day);
        const double end = std::min(until, time);
        cumulative +=
            t.rate_per_day * t.age_band_ratio[static_cast<std::size_t>(band)] * (end - day);
        day = end;
      }
      EXPECT_NEAR(cumulative, -std::log(u), 1e-9) << "u = " << u;
    }
    return;
  }
  FAIL() << "age-band.json has no rate transition varying by age";
}

TEST(Hazards, RiskFactorRatiosMultiply) {
  CompiledTransition t;
  t.risk_factor_ratio = {2.0, 3.0, 5.0};
  t.locality_ratio = {1.0, 0.5};
  Family f;
  f.risk_mask = 0b101;
  f.locality = 1;
  EXPECT_DOUBLE_EQ(risk_and_locality_ratio(f, t), 2.0 * 5.0 * 0.5);
}

// With exponential competing risks, the earliest of the times is exponential with the summed
// rate and each transition wins in proportion to its rate: a closed form to test against.
TEST(Hazards, CompetingRisksPickTheEarliestInProportionToRates) {
  const test::LoadedModel loaded(test::engine_data("ctmc.json"));
  const CompiledModel& m = loaded.model;
  const int hidden = test::state(loaded.scenario, "hidden");  // 0.5 passes, 1.2 found
  constexpr int kFamilies = 20000;
  int passes = 0;
  double total_time = 0;
  for (std::uint32_t id = 0; id < kFamilies; ++id) {
    Family f;
    f.id = id;
    f.children_total = 1;
    f.state = static_cast<std::int16_t>(hidden);
    const NextTransition next = next_transition(m, f, 0.0, 99, 0);
    ASSERT_EQ(f.pathway_draws, 2u);  // one draw per competing transition
    const auto& id_of =
        loaded.scenario.pathway.transitions[static_cast<std::size_t>(next.transition)].id;
    passes += id_of == "need_passes" ? 1 : 0;
    total_time += next.time;
  }
  const double p = 0.5 / 1.7;
  const double se_share = std::sqrt(p * (1 - p) / kFamilies);
  EXPECT_NEAR(static_cast<double>(passes) / kFamilies, p, 4 * se_share);
  const double mean_days = kDaysPerYear / 1.7;
  EXPECT_NEAR(total_time / kFamilies, mean_days, 4 * mean_days / std::sqrt(kFamilies));
}

// ---- population -------------------------------------------------------------------------------

TEST(Population, RiskFactorsHaveTheirPrevalenceAndCoOccur) {
  const test::LoadedModel loaded(test::shipped_scenario("hertfordshire/baseline.json"));
  const CompiledModel& m = loaded.model;
  const PopulationSampler sampler(m);
  const auto& factors = loaded.scenario.population.risk_factors;
  ASSERT_GE(factors.size(), 2u);
  constexpr int kFamilies = 40000;
  std::vector<int> present(factors.size(), 0);
  int both = 0;
  for (std::uint32_t id = 0; id < kFamilies; ++id) {
    RandomStream demo(5, 0, id, StreamPurpose::demographics);
    const Family f = sampler.make_family(id, false, 0.0, demo);
    for (std::size_t k = 0; k < factors.size(); ++k) present[k] += (f.risk_mask >> k) & 1u;
    both += ((f.risk_mask & 0b11u) == 0b11u) ? 1 : 0;
  }
  for (std::size_t k = 0; k < factors.size(); ++k) {
    const double p = factors[k].prevalence;
    EXPECT_NEAR(present[k] / double(kFamilies), p, 4 * std::sqrt(p * (1 - p) / kFamilies))
        << factors[k].id;
  }
  // A shared latent vulnerability makes the first two factors co-occur more than chance.
  const double independent = factors[0].prevalence * factors[1].prevalence;
  EXPECT_GT(both / double(kFamilies), 1.5 * independent);
}

TEST(Population, ChildrenPresentFollowBirthsAndEighteenthBirthdays) {
  Family f;
  f.children_total = 3;
  f.first_birth = -17.0 * kDaysPerYear;
  const double spacing = 2.0 * kDaysPerYear;
  EXPECT_EQ(children_present_at(f, 0.0, spacing, kAdultAgeDays), 3);
  // Eldest turns 18 one year from now; the youngest was born 13 years ago.
  EXPECT_NEAR(next_children_change(f, 0.0, spacing, kAdultAgeDays), kDaysPerYear, 1e-9);
  EXPECT_EQ(children_present_at(f, kDaysPerYear + 1, spacing, kAdultAgeDays), 2);
  EXPECT_EQ(children_present_at(f, 6 * kDaysPerYear, spacing, kAdultAgeDays), 0);
}

}  // namespace
}  // namespace ehsim
