// Each section reader of sim/input on its own: a minimal valid section and a bad input with
// its JSON pointer and message. The whole-file behaviour (every fault of a real scenario, in
// every file of an extends chain) is in scenario_catalogue_test.cpp and scenario_load_test.cpp.

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "input/dates.hpp"
#include "input/economics_section.hpp"
#include "input/header_section.hpp"
#include "input/initial_section.hpp"
#include "input/pathway_section.hpp"
#include "input/population_section.hpp"
#include "input/services_section.hpp"
#include "input/transitions_section.hpp"
#include "input/uncertainty_reader.hpp"
#include "scenario_test_support.hpp"

namespace ehsim {
namespace {

using nlohmann::json;
using testing::has_diagnostic;

constexpr const char* kFile = "section.json";

// A scenario document written in the test, read section by section the way the loader does.
class SectionHarness {
 public:
  explicit SectionHarness(json document) {
    document_.merged = std::move(document);
    document_.chain = {kFile};
    document_.own = {document_.merged};
    std::vector<std::string> keys;
    for (const auto& item : document_.merged.items()) keys.push_back(item.key());
    top_.emplace(checker_, &document_.merged, "", keys);
  }

  ObjectReader& top() { return *top_; }
  SectionContext& context() { return context_; }
  Scenario& scenario() { return scenario_; }
  Checker& checker() { return checker_; }
  const Diagnostics& diagnostics() const { return diagnostics_; }
  bool has(const std::string& pointer, const std::string& fragment) const {
    return has_diagnostic(diagnostics_, kFile, pointer, fragment);
  }

 private:
  ResolvedDocument document_;
  Diagnostics diagnostics_;
  Checker checker_{document_, diagnostics_};
  Scenario scenario_;
  SectionContext context_{checker_, scenario_};
  std::optional<ObjectReader> top_;
};

// Two states at need level "targeted", "support" provided by the service "key_workers".
json small_pathway() {
  return json::parse(R"({
    "need_levels": {"targeted": {"level": 2}, "acute": {"level": 4}},
    "states": {
      "hidden": {"need": "targeted", "hidden_need": true},
      "support": {"need": "targeted", "service_status": "targeted_early_help",
                  "provided_by": "key_workers"}
    },
    "transitions": {},
    "entry_state": "hidden"
  })");
}

json key_workers() {
  return json::parse(R"({"budget_per_year": 1000000, "cost_per_fte": {"salary": 40000},
                         "caseload_per_fte": 10})");
}

TEST(ScenarioHeaderSection, ReadsNameStartDateAndRunSettings) {
  SectionHarness h(json::parse(R"({"schema_version": 1, "name": "test", "start_date": "2019-07-01",
                                   "horizon_years": 5, "seed": 7})"));
  read_header(h.context(), h.top());
  EXPECT_TRUE(h.diagnostics().empty()) << h.diagnostics().format();
  EXPECT_EQ(h.scenario().name, "test");
  EXPECT_EQ(h.scenario().start_year, 2019);
  EXPECT_EQ(h.scenario().start_month, 7);
  EXPECT_EQ(h.scenario().horizon_years, 5);
  EXPECT_EQ(h.scenario().seed, 7u);
  EXPECT_EQ(h.scenario().replications, 100);
}

TEST(ScenarioHeaderSection, StartDateOffAQuarterIsReportedAtItsPointer) {
  SectionHarness h(json::parse(R"({"schema_version": 1, "name": "test", "start_date": "2019-05-01",
                                   "horizon_years": 5})"));
  read_header(h.context(), h.top());
  EXPECT_EQ(h.diagnostics().size(), 1u) << h.diagnostics().format();
  EXPECT_TRUE(
      h.has("/start_date", "is '2019-05-01'; expected the first day of a financial quarter"));
}

TEST(ScenarioPopulationSection, MinimalPopulationGetsOneAgeBandAndOneLocality) {
  SectionHarness h(json::parse(R"({"population": {"children": 1000,
                                   "children_per_family": [{"children": 2, "share": 1}]}})"));
  EXPECT_TRUE(read_population(h.context(), h.top()));
  EXPECT_TRUE(h.diagnostics().empty()) << h.diagnostics().format();
  const Population& p = h.scenario().population;
  EXPECT_EQ(p.children, 1000);
  ASSERT_EQ(p.children_per_family.size(), 1u);
  EXPECT_EQ(p.children_per_family[0].children, 2);
  ASSERT_EQ(p.age_bands.size(), 1u);
  EXPECT_EQ(p.age_bands[0].id, "0-17");
  ASSERT_EQ(p.localities.size(), 1u);
  EXPECT_EQ(p.localities[0].id, "all");
}

TEST(ScenarioPopulationSection, AgeBandsOutOfOrderAreReportedAtTheLaterBand) {
  SectionHarness h(json::parse(R"({"population": {"children": 1000,
      "children_per_family": [{"children": 1, "share": 1}],
      "age_bands": [{"id": "young", "from_years": 0}, {"id": "old", "from_years": 0}]}})"));
  read_population(h.context(), h.top());
  EXPECT_EQ(h.diagnostics().size(), 1u) << h.diagnostics().format();
  EXPECT_TRUE(
      h.has("/population/age_bands/1/from_years",
            "is 0; age bands must start at increasing ages (the previous one starts at 0)"));
}

TEST(ScenarioPopulationSection, MissingPopulationIsReportedAndSaysSo) {
  SectionHarness h(json::parse(R"({"name": "no population"})"));
  EXPECT_FALSE(read_population(h.context(), h.top()));
  EXPECT_TRUE(h.has("/population", "is missing; expected an object describing the council's"));
}

TEST(ScenarioPathwaySection, ReadsStatesAddsTheBuiltInExitsAndLeavesTransitionsForLater) {
  SectionHarness h(json{{"pathway", small_pathway()}});
  const PathwayLinks links = read_pathway(h.context(), h.top());
  EXPECT_TRUE(h.diagnostics().empty()) << h.diagnostics().format();
  const Pathway& p = h.scenario().pathway;
  ASSERT_EQ(p.states.size(), 4u);  // hidden, support, moved_away, aged_out
  EXPECT_EQ(p.states[1].id, "support");
  EXPECT_EQ(p.states[1].service_status, ServiceStatus::targeted_early_help);
  EXPECT_EQ(p.states[0].need_level, 0);  // need levels sorted by level: targeted first
  EXPECT_EQ(p.entry_state, 0);
  EXPECT_EQ(p.moved_away_state, 2);
  EXPECT_EQ(p.aged_out_state, 3);
  ASSERT_NE(links.transitions, nullptr);
  ASSERT_EQ(links.provided_by.size(), 4u);
  EXPECT_TRUE(links.provided_by[1].given);
  EXPECT_EQ(links.provided_by[1].service, "key_workers");
  EXPECT_EQ(links.provided_by[1].pointer, "/pathway/states/support/provided_by");
}

TEST(ScenarioPathwaySection, MisspeltNeedLevelGetsADidYouMean) {
  json pathway = small_pathway();
  pathway["states"]["hidden"]["need"] = "targetted";
  SectionHarness h(json{{"pathway", pathway}});
  read_pathway(h.context(), h.top());
  EXPECT_EQ(h.diagnostics().size(), 1u) << h.diagnostics().format();
  EXPECT_TRUE(h.has("/pathway/states/hidden/need",
                    "unknown need level 'targetted'; did you mean 'targeted'?"));
}

TEST(ScenarioServicesSection, ReadsABudgetedServiceAndLinksTheStatesItProvides) {
  SectionHarness h(
      json{{"pathway", small_pathway()}, {"services", {{"key_workers", key_workers()}}}});
  const PathwayLinks links = read_pathway(h.context(), h.top());
  read_services(h.context(), h.top(), links.provided_by);
  EXPECT_TRUE(h.diagnostics().empty()) << h.diagnostics().format();
  ASSERT_EQ(h.scenario().services.size(), 1u);
  const Service& sv = h.scenario().services[0];
  ASSERT_EQ(sv.budget.size(), 1u);
  EXPECT_EQ(sv.budget[0].budget_per_year, 1e6);
  EXPECT_EQ(sv.cost_per_fte.salary, 40000);
  EXPECT_EQ(sv.waiting_standard_days, 28);  // the default
  EXPECT_EQ(h.scenario().pathway.states[1].service, 0);
  EXPECT_EQ(h.scenario().pathway.states[0].service, -1);
}

TEST(ScenarioServicesSection, BudgetAndFteTogetherAreReportedAtTheService) {
  json service = key_workers();
  service["fte"] = 12;
  SectionHarness h(json{{"pathway", small_pathway()}, {"services", {{"key_workers", service}}}});
  const PathwayLinks links = read_pathway(h.context(), h.top());
  read_services(h.context(), h.top(), links.provided_by);
  EXPECT_EQ(h.diagnostics().size(), 1u) << h.diagnostics().format();
  EXPECT_TRUE(h.has("/services/key_workers",
                    "give exactly one of \"budget_per_year\" (£ a year) or \"fte\""));
}

TEST(ScenarioServicesSection, AStateProvidedByAnUnknownServiceIsReportedAtProvidedBy) {
  SectionHarness h(
      json{{"pathway", small_pathway()}, {"services", {{"keyworkers", key_workers()}}}});
  const PathwayLinks links = read_pathway(h.context(), h.top());
  read_services(h.context(), h.top(), links.provided_by);
  EXPECT_TRUE(h.has("/pathway/states/support/provided_by",
                    "unknown service 'key_workers'; did you mean 'keyworkers'?"));
}

// The pathway with one transition, read with its population and services as the loader does.
struct TransitionsRead {
  explicit TransitionsRead(const json& transition) {
    json pathway = small_pathway();
    pathway["transitions"]["found"] = transition;
    harness.emplace(json{{"pathway", pathway},
                         {"services", {{"key_workers", key_workers()}}},
                         {"population", json::parse(R"({"children": 100,
                             "children_per_family": [{"children": 1, "share": 1}]})")}});
    SectionContext& context = harness->context();
    const bool population = read_population(context, harness->top());
    const PathwayLinks links = read_pathway(context, harness->top());
    read_services(context, harness->top(), links.provided_by);
    read_transitions(context, links, population);
    check_eligible_need_levels(context, links);
  }
  std::optional<SectionHarness> harness;
};

TEST(ScenarioTransitionsSection, RemainderOutcomeTakesOneLessTheOthers) {
  TransitionsRead read(json::parse(R"({"from": "hidden", "rate_per_year": 0.5,
      "outcomes": [{"to": "support", "probability": 0.25, "events": ["identification"]},
                   {"to": "moved_away", "probability": "remainder"}]})"));
  const auto& transitions = read.harness->scenario().pathway.transitions;
  ASSERT_EQ(transitions.size(), 1u);
  const Transition& t = transitions[0];
  EXPECT_EQ(t.from, 0);
  EXPECT_TRUE(t.has_rate);
  EXPECT_EQ(t.rate_per_year.value, 0.5);
  ASSERT_EQ(t.outcomes.size(), 2u);
  EXPECT_EQ(t.outcomes[1].probability, 0.75);
  ASSERT_EQ(t.outcomes[0].events.size(), 1u);
  EXPECT_EQ(t.outcomes[0].events[0], EventKind::identification);
  // No hazard ratios given: one of 1 per age band, risk factor and locality of the population.
  EXPECT_EQ(t.age_band_hazard_ratio, std::vector<double>{1.0});
}

TEST(ScenarioTransitionsSection, AParameterOfAnotherDistributionIsReportedAtItsKey) {
  TransitionsRead read(json::parse(R"({"from": "hidden", "to": "support",
      "duration": {"distribution": "weibull", "shape": 1.5, "scale_days": 90, "mean_days": 60}})"));
  EXPECT_TRUE(read.harness->has("/pathway/transitions/found/duration/mean_days",
                                "is a parameter of the exponential distribution, not of weibull; "
                                "a weibull duration takes shape, scale_days"));
}

TEST(ScenarioTransitionsSection, AnIneligibleEntryIsReportedAtTheTransitionsTo) {
  TransitionsRead read(json::parse(R"({"from": "hidden", "to": "support", "rate_per_year": 1})"));
  EXPECT_TRUE(read.harness->diagnostics().empty()) << read.harness->diagnostics().format();

  json pathway = small_pathway();
  pathway["states"]["hidden"]["need"] = "acute";
  json service = key_workers();
  service["eligible_need_levels"] = {"targeted"};
  pathway["transitions"]["found"] = {{"from", "hidden"}, {"to", "support"}, {"rate_per_year", 1}};
  SectionHarness h(json{{"pathway", pathway}, {"services", {{"key_workers", service}}}});
  const PathwayLinks links = read_pathway(h.context(), h.top());
  read_services(h.context(), h.top(), links.provided_by);
  read_transitions(h.context(), links, false);
  check_eligible_need_levels(h.context(), links);
  EXPECT_TRUE(h.has("/pathway/transitions/found/to",
                    "transition 'found' moves families from 'hidden' (need level 'acute') into "
                    "'support', provided by 'key_workers'"));
}

TEST(ScenarioInitialSection, ReadsChildrenAndSharesByState) {
  SectionHarness h(
      json{{"pathway", small_pathway()},
           {"initial_caseloads",
            {{"support", {{"children", 10}}}, {"hidden", {{"share_of_families", 0.1}}}}}});
  read_pathway(h.context(), h.top());
  read_initial_caseloads(h.context(), h.top());
  EXPECT_TRUE(h.diagnostics().empty()) << h.diagnostics().format();
  const auto& initial = h.scenario().initial;
  ASSERT_EQ(initial.size(), 2u);  // in the order of the JSON object's keys
  EXPECT_EQ(initial[0].state, 0);
  EXPECT_EQ(initial[0].share_of_families, 0.1);
  EXPECT_EQ(initial[1].state, 1);
  EXPECT_EQ(initial[1].children, 10);
  EXPECT_EQ(initial[1].share_of_families, -1);  // not given
}

TEST(ScenarioInitialSection, FamiliesCannotStartInAnExit) {
  SectionHarness h(json{{"pathway", small_pathway()},
                        {"initial_caseloads", {{"moved_away", {{"children", 1}}}}}});
  read_pathway(h.context(), h.top());
  read_initial_caseloads(h.context(), h.top());
  EXPECT_EQ(h.diagnostics().size(), 1u) << h.diagnostics().format();
  EXPECT_TRUE(h.has("/initial_caseloads/moved_away",
                    "'moved_away' is an exit state; families cannot start there"));
}

json one_cost_item(const json& item) {
  return json{{"pathway", small_pathway()},
              {"economics", {{"price_base_year", "2018/19"}, {"cost_items", {{"week", item}}}}}};
}

TEST(ScenarioEconomicsSection, ReadsACostPerWeekInAState) {
  SectionHarness h(one_cost_item(json::parse(R"({"category": "early_help", "payer": "council",
      "per": "week_in_state", "states": ["support"],
      "amount": {"value": 120, "source": "unit costs 2018", "price_year": "2017/18"}})")));
  read_pathway(h.context(), h.top());
  read_economics(h.context(), h.top());
  EXPECT_TRUE(h.diagnostics().empty()) << h.diagnostics().format();
  const Economics& e = h.scenario().economics;
  EXPECT_EQ(e.price_base_year, "2018/19");
  EXPECT_EQ(e.discount_rate, 0.035);  // the Green Book's default
  ASSERT_EQ(e.cost_items.size(), 1u);
  const CostItem& c = e.cost_items[0];
  EXPECT_EQ(c.amount.value, 120);
  EXPECT_EQ(c.price_year, "2017/18");
  EXPECT_EQ(c.per_week_in_states, std::vector<int>{1});
  EXPECT_EQ(c.value_type, ValueType::fiscal_cashable);
}

TEST(ScenarioEconomicsSection, MisspeltCategoryGetsADidYouMean) {
  SectionHarness h(one_cost_item(json::parse(R"({"category": "early-help", "payer": "council",
      "per": "event", "event": "referral", "amount": 50})")));
  read_pathway(h.context(), h.top());
  read_economics(h.context(), h.top());
  EXPECT_EQ(h.diagnostics().size(), 1u) << h.diagnostics().format();
  EXPECT_TRUE(h.has("/economics/cost_items/week/category",
                    "unknown cost category 'early-help'; did you mean 'early_help'?"));
}

TEST(ScenarioUncertaintyReader, BetaBySdMatchesTheMeanAndVariance) {
  SectionHarness h(json::object());
  const json u = json::parse(R"({"distribution": "beta", "sd": 0.1, "assumption": "judgement"})");
  const auto read = read_uncertainty(h.checker(), u, "/x/uncertainty", 0.3, kShare);
  EXPECT_TRUE(h.diagnostics().empty()) << h.diagnostics().format();
  ASSERT_TRUE(read.has_value());
  EXPECT_TRUE(read->assumption);
  EXPECT_EQ(read->source, "judgement");
  const double a = read->distribution.p1, b = read->distribution.p2;
  EXPECT_NEAR(a / (a + b), 0.3, 1e-12);
  EXPECT_NEAR(a * b / ((a + b) * (a + b) * (a + b + 1)), 0.01, 1e-12);
}

TEST(ScenarioUncertaintyReader, TriangularBoundsMustBracketTheValue) {
  SectionHarness h(json::object());
  const json u = json::parse(
      R"({"distribution": "triangular", "low": 0.4, "high": 0.6, "source": "a study"})");
  EXPECT_FALSE(read_uncertainty(h.checker(), u, "/x/uncertainty", 0.3, kShare).has_value());
  EXPECT_EQ(h.diagnostics().size(), 1u) << h.diagnostics().format();
  EXPECT_TRUE(h.has("/x/uncertainty", "low 0.4 and high 0.6 must bracket the value 0.3"));
}

TEST(ScenarioDates, DatesAndFinancialYearsMustBeWrittenExactlyAndExist) {
  std::chrono::year_month_day ymd{};
  EXPECT_TRUE(parse_date("2020-02-29", ymd));
  EXPECT_EQ(static_cast<unsigned>(ymd.day()), 29u);
  EXPECT_FALSE(parse_date("2019-02-29", ymd));
  EXPECT_FALSE(parse_date("2019-2-28", ymd));
  EXPECT_TRUE(is_financial_year("2017/18"));
  EXPECT_TRUE(is_financial_year("1999/00"));
  EXPECT_FALSE(is_financial_year("2017/19"));
  EXPECT_FALSE(is_financial_year("2017-18"));
}

}  // namespace
}  // namespace ehsim
