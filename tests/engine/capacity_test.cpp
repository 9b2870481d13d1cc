// Capacity and waiting lists: queueing theory (Erlang C for an M/M/c queue), capacity that
// never binds, budget cuts and waits, and the bookkeeping of the lists.

#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <vector>

#include "engine/staffing_search.hpp"
#include "engine_test_support.hpp"
#include "stats/summary.hpp"

namespace ehsim::test {
namespace {

// Probability that an arrival must wait in an M/M/c queue with offered load a = lambda / mu.
double erlang_c(int c, double a) {
  double term = 1, below_c = 0;  // term = a^k / k!
  for (int k = 0; k < c; ++k) {
    below_c += term;
    term *= a / (k + 1);
  }
  const double top = term * c / (c - a);
  return top / (below_c + top);
}

struct QueueFigures {
  Summary share_waiting, mean_wait_days, utilisation;
};

// Per replication, from `first_quarter` on (the warm-up from an empty service is left out).
QueueFigures queue_figures(const std::vector<ReplicationTally>& tallies, int service,
                           int first_quarter) {
  std::vector<double> waiting, wait, utilisation;
  for (const auto& t : tallies) {
    double allocations = 0, from_wait = 0, wait_days = 0, occupied = 0, places = 0;
    for (int q = first_quarter; q < t.quarters; ++q) {
      const ServiceQuarter& s = t.service[t.qk(q, service)];
      allocations += s.allocations;
      from_wait += s.allocated_from_wait;
      wait_days += s.wait_days_sum;
      occupied += s.occupied_family_days;
      places += s.place_days;
    }
    waiting.push_back(from_wait / allocations);
    wait.push_back(wait_days / allocations);
    utilisation.push_back(occupied / places);
  }
  return {summarise(waiting), summarise(wait), summarise(utilisation)};
}

TEST(Capacity, WaitsMatchErlangCForAnMMcQueue) {
  // mmc-queue.json: 10 places, arrivals 97.4 a year (40,000 families x 0.002435), support lasting
  // 30 days on average (rate 12.175 a year): offered load 8, utilisation 0.8. The model is an
  // M/M/10 queue up to two small departures from theory: the population is finite (arrivals
  // fall by about 0.05% per family in the system) and a family can age out during support
  // (about 0.5% of episodes end that way).
  const LoadedModel loaded(engine_data("mmc-queue.json"));
  const auto tallies = run(loaded.model, 80, 0);
  const double lambda = 40000 * 0.002435 / kDaysPerYear, mu = 12.175 / kDaysPerYear;
  const int c = 10;
  const double a = lambda / mu;
  const double p_wait = erlang_c(c, a);
  const double mean_wait = p_wait / (c * mu - lambda);
  const QueueFigures mc = queue_figures(tallies, 0, 4);
  std::cout << "M/M/10: P(wait) " << mc.share_waiting.mean << " (Erlang C " << p_wait
            << "), mean wait " << mc.mean_wait_days.mean << " days (theory " << mean_wait
            << "), utilisation " << mc.utilisation.mean << " (theory " << a / c << ")\n";
  EXPECT_NEAR(mc.share_waiting.mean, p_wait, 4 * mc.share_waiting.se) << "Erlang C " << p_wait;
  EXPECT_NEAR(mc.mean_wait_days.mean, mean_wait, 4 * mc.mean_wait_days.se)
      << "theory " << mean_wait;
  EXPECT_NEAR(mc.utilisation.mean, a / c, 4 * mc.utilisation.se);
  // The comparison has power: standard errors well under a tenth of the quantities.
  EXPECT_LT(mc.share_waiting.se, 0.1 * p_wait);
  EXPECT_LT(mc.mean_wait_days.se, 0.1 * mean_wait);
}

TEST(Capacity, ErlangCFormulaKnownValues) {
  EXPECT_NEAR(erlang_c(1, 0.5), 0.5, 1e-12);  // M/M/1: P(wait) = rho
  EXPECT_NEAR(erlang_c(2, 1.0), 1.0 / 3.0, 1e-12);
}

Scenario with_services(const Scenario& base, bool capacity_limited, double budget_factor) {
  Scenario s = base;
  for (auto& service : s.services) {
    service.capacity_limited = service.capacity_limited && capacity_limited;
    for (auto& step : service.budget) step.budget_per_year *= budget_factor;
  }
  return s;
}

TEST(Capacity, PlacesFarAboveDemandGiveTheUnconstrainedRun) {
  const LoadedModel loaded(engine_data("small-county.json"));
  const Scenario roomy = with_services(loaded.scenario, true, 1000.0);
  const Scenario unlimited = with_services(loaded.scenario, false, 1.0);
  const CompiledModel roomy_model(roomy), unlimited_model(unlimited);
  const auto a = run(roomy_model, 2, 0);
  const auto b = run(unlimited_model, 2, 0);
  for (std::size_t r = 0; r < a.size(); ++r) {
    EXPECT_EQ(a[r].families_at_end, b[r].families_at_end);
    EXPECT_EQ(a[r].events_families, b[r].events_families);
    EXPECT_EQ(a[r].family_days, b[r].family_days);
    for (const auto& q : a[r].service) EXPECT_EQ(q.joined_waiting_list, 0);
  }
}

double mean_wait_over_run(const std::vector<ReplicationTally>& tallies, int service) {
  double days = 0, allocations = 0;
  for (const auto& t : tallies) {
    for (int q = 0; q < t.quarters; ++q) {
      days += t.service[t.qk(q, service)].wait_days_sum;
      allocations += t.service[t.qk(q, service)].allocations;
    }
  }
  return days / allocations;
}

double mean_waiting_over_run(const std::vector<ReplicationTally>& tallies, int service) {
  double family_days = 0;
  for (const auto& t : tallies)
    for (int q = 0; q < t.quarters; ++q)
      family_days += t.service[t.qk(q, service)].waiting_family_days;
  return family_days / static_cast<double>(tallies.size());
}

// Fewer places never shorten the queue. (The mean wait of the families who are allocated is not
// monotone: when the list is long, families escalate or give up while they wait, and those left
// to be served have waited less than the ones who left.)
TEST(Capacity, ABudgetCutNeverShortensTheQueue) {
  const LoadedModel loaded(engine_data("small-county.json"));
  double previous = -1;
  for (double factor : {2.0, 1.0, 0.7, 0.4}) {
    const Scenario s = with_services(loaded.scenario, true, factor);
    const CompiledModel model(s);
    const auto tallies = run(model, 3, 0);
    const double waiting = mean_waiting_over_run(tallies, 0);
    EXPECT_GE(waiting, previous) << "budget x" << factor;
    EXPECT_GT(mean_wait_over_run(tallies, 0), 0) << "budget x" << factor;
    previous = waiting;
  }
  EXPECT_GT(previous, 0);
}

TEST(Capacity, WaitingListsAgreeWithTheFamiliesOnThem) {
  // The lists' counters, quarter by quarter, follow joins and departures; at the end they hold
  // exactly the families marked as waiting (a family waits for one service at a time).
  const LoadedModel loaded(engine_data("small-county.json"));
  const auto tallies = run(loaded.model, 3, 0);
  for (const auto& t : tallies) {
    double on_lists = 0;
    for (int k = 0; k < t.services; ++k) {
      double previous = t.waiting_at_start[static_cast<std::size_t>(k)];  // after the warm-up
      for (int q = 0; q < t.quarters; ++q) {
        const ServiceQuarter& s = t.service[t.qk(q, k)];
        EXPECT_EQ(s.waiting_at_end, previous + s.joined_waiting_list - s.allocated_from_wait -
                                        s.dropped_out - s.left_while_waiting);
        previous = s.waiting_at_end;
      }
      on_lists += previous;
    }
    EXPECT_EQ(on_lists, static_cast<double>(t.families_waiting_at_end));
  }
}

}  // namespace
}  // namespace ehsim::test

namespace ehsim::test {
namespace {

// P(wait > t) in an M/M/c queue: C(c, a) exp(-(c mu - lambda) t).
double share_waiting_longer_than(int c, double lambda, double mu, double t) {
  return erlang_c(c, lambda / mu) * std::exp(-(c * mu - lambda) * t);
}

TEST(StaffingSearch, FindsThePlacesQueueingTheorySays) {
  // mmc-queue.json with a 28-day standard: theory says 9 places leave about a quarter of
  // families waiting longer, 10 places about 6%, so 10 places (1.0 FTE at 10 families each)
  // is the least staffing that allocates 90% within the standard.
  const LoadedModel loaded(engine_data("mmc-queue.json"));
  const double lambda = 40000 * 0.002435 / kDaysPerYear, mu = 12.175 / kDaysPerYear;
  ASSERT_GT(share_waiting_longer_than(9, lambda, mu, 28), 0.15);
  ASSERT_LT(share_waiting_longer_than(10, lambda, mu, 28), 0.08);
  MonteCarloOptions options;
  options.seed = 5;
  const StaffingNeed need = find_fte_needed(loaded.scenario, 0, options, {0.9, 10});
  EXPECT_EQ(need.places, 10);
  EXPECT_DOUBLE_EQ(need.fte_needed, 1.0);
  EXPECT_GE(need.share_within_standard, 0.9);
  EXPECT_EQ(need.places_missing, 9);
  EXPECT_LT(need.share_at_places_missing, 0.9);
  EXPECT_LE(need.evaluations, 10);
}

}  // namespace
}  // namespace ehsim::test
