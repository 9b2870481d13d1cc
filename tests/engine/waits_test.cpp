// Wait figures pooled over replications and teams: the mean wait is total wait days over total
// families allocated from a wait, not an average of each replication's (or team's) own mean in
// which a replication where nobody waited counts as 0; so a service's figure is the weighted
// average of its locality teams'.

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>

#include "engine_test_support.hpp"
#include "results/run_results.hpp"

namespace ehsim::test {
namespace {

TEST(Waits, ARatioIsPooledAndReplicationsWithoutADenominatorAreLeftOut) {
  // Replication 1: 10 wait days over 2 families; replication 2: nobody waited; replication 3:
  // 30 days over 3. Pooled: 40 / 5 = 8 days (the average of per-replication means counting the
  // empty one as 0 would be 5).
  const Summary s = pooled_ratio({{10, 2}, {0, 0}, {30, 3}});
  EXPECT_DOUBLE_EQ(s.mean, 8.0);
  EXPECT_EQ(s.n, 2);  // percentiles over the replications in which someone waited
  EXPECT_DOUBLE_EQ(s.p50, 7.5);
  EXPECT_GT(s.se, 0.0);
  const Summary none = pooled_ratio({{0, 0}, {0, 0}});
  EXPECT_EQ(none.n, 0);
  EXPECT_EQ(none.mean, 0.0);
}

TEST(Waits, AServicesMeanWaitIsTheWeightedAverageOfItsLocalityTeams) {
  // Cambridgeshire's early help is one team per locality; two years are enough for waits.
  Scenario scenario = load_scenario(shipped_scenario("cambridgeshire/reduction-2014-16.json"));
  scenario.horizon_years = 3;
  scenario.warm_up_years = 0;
  const CompiledModel model(scenario);
  const auto tallies = run(model, 3, 2);
  std::string service;
  for (std::size_t k = 0; k < scenario.services.size(); ++k) {
    if (model.services[k].locality_teams && scenario.services[k].capacity_limited) {
      service = scenario.services[k].id;
    }
  }
  ASSERT_FALSE(service.empty());
  // summary.json: total wait days over total allocations from a wait, from the tallies.
  const RunSummary summary = build_summary(model, tallies);
  const Summary& wait = summary.services_over_horizon.at(service).mean_wait_days;
  PeriodRange whole{"horizon", "horizon", 0, static_cast<int>(model.calendar.quarters().size()) - 1,
                    model.horizon_days};
  const MetricRef wait_days = resolve_metric(model, "service_wait_days_total", service);
  const MetricRef allocated_from_wait = wait_days.with(Metric::service_allocated_from_wait);
  double days = 0, waited = 0;
  for (const auto& t : tallies) {
    days += metric_value(model, t, whole, wait_days);
    waited += metric_value(model, t, whole, allocated_from_wait);
  }
  ASSERT_GT(waited, 0);
  EXPECT_NEAR(wait.mean, days / waited, 1e-9 * days / waited);
  // timeseries.csv, every financial year: the county's mean wait x its allocations from a wait
  // equals the sum over its locality teams of the same.
  const auto rows = build_time_series(model, tallies);
  std::map<std::string, double> county_days, team_days;
  std::map<std::pair<std::string, std::string>, double> mean_wait, from_wait;
  for (const auto& r : rows) {
    if (r.period_type != "financial_year" || r.key.rfind(service, 0) != 0) continue;
    if (r.metric == "service_mean_wait_days") mean_wait[{r.period, r.key}] = r.summary.mean;
    if (r.metric == "service_allocated_from_wait") from_wait[{r.period, r.key}] = r.summary.mean;
  }
  int teams_with_waits = 0;
  for (const auto& [key, mean] : mean_wait) {
    const double weighted = mean * from_wait.at(key);
    if (key.second == service) {
      county_days[key.first] += weighted;
    } else {
      team_days[key.first] += weighted;
      teams_with_waits += from_wait.at(key) > 0 ? 1 : 0;
    }
  }
  EXPECT_GT(teams_with_waits, 0);
  for (const auto& [year, total] : county_days) {
    EXPECT_NEAR(team_days.at(year), total, 1e-6 * std::max(1.0, total)) << year;
  }
}

}  // namespace
}  // namespace ehsim::test
