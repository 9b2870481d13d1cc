// Metrics as typed keys (results/metric.hpp): every name of timeseries.csv resolves to the same
// figure as the typed key code uses, and a name that is not one is refused once, when it is
// resolved, not on every read.

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <string>

#include "engine_test_support.hpp"
#include "results/run_results.hpp"

namespace ehsim::test {
namespace {

TEST(Metrics, EveryMetricAndStateGroupNameRoundTrips) {
  std::set<std::string> names;
  for (int i = 0; i < static_cast<int>(Metric::count_); ++i) {
    const auto metric = static_cast<Metric>(i);
    EXPECT_TRUE(names.insert(metric_name(metric)).second) << metric_name(metric);
    EXPECT_EQ(metric_from_name(metric_name(metric)), metric);
  }
  EXPECT_FALSE(metric_from_name("service_").has_value());
  for (const StateGroup& group : all_state_groups()) {
    const auto back = state_group_from_name(state_group_name(group));
    ASSERT_TRUE(back.has_value()) << state_group_name(group);
    EXPECT_EQ(state_group_name(*back), state_group_name(group));
  }
  EXPECT_EQ(state_group_name(StateGroup::with_status(ServiceStatus::looked_after)), "looked_after");
}

class MetricsOnAModel : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Cambridgeshire's early help has one team per locality: keys "service@locality" exist.
    scenario_ =
        new Scenario(load_scenario(shipped_scenario("cambridgeshire/reduction-2014-16.json")));
    scenario_->horizon_years = 2;
    scenario_->warm_up_years = 0;
    model_ = new CompiledModel(*scenario_);  // holds a reference to the scenario
    tallies_ = new std::vector<ReplicationTally>(run(*model_, 2, 1));
  }
  static void TearDownTestSuite() {
    delete tallies_;
    delete model_;
    delete scenario_;
  }
  static const CompiledModel& model() { return *model_; }
  static const std::vector<ReplicationTally>& tallies() { return *tallies_; }
  static inline Scenario* scenario_ = nullptr;
  static inline CompiledModel* model_ = nullptr;
  static inline std::vector<ReplicationTally>* tallies_ = nullptr;
};

TEST_F(MetricsOnAModel, EveryCatalogueNameResolvesToTheCataloguesOwnKey) {
  const PeriodRange year = reporting_periods(model().calendar).back();
  for (const MetricKey& k : metric_catalogue(model())) {
    const MetricRef named = resolve_metric(model(), k.metric, k.key);
    for (const auto& t : tallies()) {
      ASSERT_EQ(metric_value(model(), t, year, named), metric_value(model(), t, year, k.ref))
          << k.metric << " " << k.key;
    }
  }
}

TEST_F(MetricsOnAModel, ALocalityTeamKeyNamesOneTeamAndTheServiceKeyAllOfThem) {
  int service = -1;
  for (std::size_t k = 0; k < model().services.size(); ++k) {
    if (model().services[k].locality_teams) service = static_cast<int>(k);
  }
  ASSERT_GE(service, 0);
  const std::string id = model().scenario.services[static_cast<std::size_t>(service)].id;
  const std::string locality = model().scenario.population.localities.back().id;
  const MetricRef whole = resolve_metric(model(), "service_allocations", id);
  const MetricRef team = resolve_metric(model(), "service_allocations", id + "@" + locality);
  EXPECT_EQ(whole.teams.count, model().services[static_cast<std::size_t>(service)].teams);
  EXPECT_EQ(team.teams.count, 1);
  EXPECT_EQ(team.service, service);
}

TEST_F(MetricsOnAModel, UnknownNamesAreRefusedWhenResolved) {
  const auto message = [&](const std::string& metric, const std::string& key) {
    try {
      resolve_metric(model(), metric, key);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message("children_at_the_end", "all"), "unknown metric: children_at_the_end");
  EXPECT_EQ(message("group_children_at_end", "everyone"), "unknown state group: everyone");
  EXPECT_EQ(message("events_children", "refferal"), "unknown metric key: refferal");
  EXPECT_EQ(message("service_allocations", "no_such_service"),
            "unknown metric key: no_such_service");
}

}  // namespace
}  // namespace ehsim::test
