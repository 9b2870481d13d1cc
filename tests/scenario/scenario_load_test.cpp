// Loading whole scenario files: the shipped scenarios, the round trip through the resolved
// document, whole-file problems (depth, size, missing file) and reporting every fault at once.

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "input/document.hpp"
#include "input/loader.hpp"
#include "scenario_test_support.hpp"

namespace ehsim {
namespace {

using testing::baseline_path;
using testing::has_diagnostic;
using testing::TempDir;

std::vector<std::filesystem::path> shipped_scenarios() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(testing::scenarios_dir())) {
    // A calibration's fit.json sits beside the calibrated scenario; it is not a scenario.
    if (entry.is_regular_file() && entry.path().extension() == ".json" &&
        entry.path().filename() != "fit.json") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(ScenarioLoad, EveryShippedScenarioLoadsWithoutDiagnostics) {
  const auto files = shipped_scenarios();
  // The baseline and at least one investment scenario: an empty walk must not pass silently.
  ASSERT_GE(files.size(), 2u);
  for (const auto& file : files) {
    const LoadResult result = load_scenario_file(file);
    EXPECT_TRUE(result.ok()) << file << ":\n" << result.diagnostics.format();
    EXPECT_FALSE(result.scenario.pathway.states.empty()) << file;
    EXPECT_FALSE(result.scenario.pathway.transitions.empty()) << file;
  }
}

// The fields that decide what the engine simulates; equal here means the same model.
void expect_same_pathway(const Pathway& a, const Pathway& b) {
  ASSERT_EQ(a.states.size(), b.states.size());
  for (std::size_t i = 0; i < a.states.size(); ++i) {
    SCOPED_TRACE(a.states[i].id);
    EXPECT_EQ(a.states[i].id, b.states[i].id);
    EXPECT_EQ(a.states[i].need_level, b.states[i].need_level);
    EXPECT_EQ(a.states[i].service_status, b.states[i].service_status);
    EXPECT_EQ(a.states[i].absorbing, b.states[i].absorbing);
    EXPECT_EQ(a.states[i].hidden_need, b.states[i].hidden_need);
    EXPECT_EQ(a.states[i].service, b.states[i].service);
  }
  ASSERT_EQ(a.transitions.size(), b.transitions.size());
  for (std::size_t i = 0; i < a.transitions.size(); ++i) {
    const Transition& x = a.transitions[i];
    const Transition& y = b.transitions[i];
    SCOPED_TRACE(x.id);
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.from, y.from);
    EXPECT_EQ(x.has_rate, y.has_rate);
    EXPECT_EQ(x.rate_per_year.value, y.rate_per_year.value);
    EXPECT_EQ(x.duration.kind, y.duration.kind);
    EXPECT_EQ(x.duration.median_days, y.duration.median_days);
    EXPECT_EQ(x.duration.sigma, y.duration.sigma);
    EXPECT_EQ(x.duration.bins.size(), y.duration.bins.size());
    EXPECT_EQ(x.hazard_ratio, y.hazard_ratio);
    EXPECT_EQ(x.risk_factor_hazard_ratio, y.risk_factor_hazard_ratio);
    EXPECT_EQ(x.age_band_hazard_ratio, y.age_band_hazard_ratio);
    EXPECT_EQ(x.events, y.events);
    ASSERT_EQ(x.outcomes.size(), y.outcomes.size());
    for (std::size_t o = 0; o < x.outcomes.size(); ++o) {
      EXPECT_EQ(x.outcomes[o].to, y.outcomes[o].to);
      EXPECT_EQ(x.outcomes[o].probability, y.outcomes[o].probability);
      EXPECT_EQ(x.outcomes[o].events, y.outcomes[o].events);
    }
  }
  EXPECT_EQ(a.entry_state, b.entry_state);
}

void expect_same_scenario(const Scenario& a, const Scenario& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.start_year, b.start_year);
  EXPECT_EQ(a.horizon_years, b.horizon_years);
  EXPECT_EQ(a.seed, b.seed);
  EXPECT_EQ(a.population.children, b.population.children);
  EXPECT_EQ(a.population.localities.size(), b.population.localities.size());
  EXPECT_EQ(a.population.risk_factors.size(), b.population.risk_factors.size());
  expect_same_pathway(a.pathway, b.pathway);
  ASSERT_EQ(a.services.size(), b.services.size());
  for (std::size_t i = 0; i < a.services.size(); ++i) {
    EXPECT_EQ(a.services[i].id, b.services[i].id);
    ASSERT_EQ(a.services[i].budget.size(), b.services[i].budget.size());
    for (std::size_t k = 0; k < a.services[i].budget.size(); ++k) {
      EXPECT_EQ(a.services[i].budget[k].budget_per_year, b.services[i].budget[k].budget_per_year);
    }
    EXPECT_EQ(a.services[i].fte, b.services[i].fte);
    EXPECT_EQ(a.services[i].caseload_per_fte, b.services[i].caseload_per_fte);
  }
  EXPECT_EQ(a.initial.size(), b.initial.size());
  EXPECT_EQ(a.quantities.size(), b.quantities.size());
  // The hash of the resolved JSON is the scenario's identity in run manifests.
  EXPECT_EQ(a.resolved_sha256, b.resolved_sha256);
}

// The resolved (merged) document is itself a complete scenario: written out flat and read
// back it must give the same model. This is what a user gets from "flattening" an extends chain.
void expect_round_trip(const std::filesystem::path& file) {
  const LoadResult original = load_scenario_file(file);
  ASSERT_TRUE(original.ok()) << original.diagnostics.format();
  ASSERT_FALSE(original.document.merged.contains("extends"));

  TempDir dir;
  const auto flat = dir.write("flat.json", original.document.merged.dump(2));
  const LoadResult again = load_scenario_file(flat);
  ASSERT_TRUE(again.ok()) << again.diagnostics.format();
  EXPECT_EQ(again.document.chain.size(), 1u);
  EXPECT_EQ(again.document.merged, original.document.merged);
  expect_same_scenario(original.scenario, again.scenario);
}

TEST(ScenarioLoad, BaselineResolvedDocumentRoundTrips) {
  expect_round_trip(baseline_path());
}

TEST(ScenarioLoad, ExtendingScenarioFlattensToTheSameModel) {
  expect_round_trip(testing::families_first_path());
}

TEST(ScenarioLoad, OverrideChangesOnlyWhatItNames) {
  // Families First extends the calibrated baseline, not the model it was fitted from.
  const LoadResult base =
      load_scenario_file(testing::scenarios_dir() / "hertfordshire" / "baseline.json");
  const LoadResult ff = load_scenario_file(testing::families_first_path());
  ASSERT_TRUE(base.ok() && ff.ok());
  EXPECT_NE(base.scenario.resolved_sha256, ff.scenario.resolved_sha256);
  const auto& p = ff.scenario.pathway;
  ASSERT_EQ(p.states.size(), base.scenario.pathway.states.size());
  for (std::size_t i = 0; i < p.transitions.size(); ++i) {
    const auto& t = p.transitions[i];
    const double before = base.scenario.pathway.transitions[i].rate_per_year.value;
    if (t.id == "additional_need_identified") {
      EXPECT_DOUBLE_EQ(t.rate_per_year.value, 0.7);
    } else if (t.id == "complex_need_identified") {
      EXPECT_DOUBLE_EQ(t.rate_per_year.value, 1.0);
    } else {
      EXPECT_EQ(t.rate_per_year.value, before) << t.id;
    }
  }
}

TEST(ScenarioLoad, ThreeIndependentFaultsGiveThreeDiagnostics) {
  const auto file = testing::data_dir() / "broken" / "three_faults.json";
  const LoadResult result = load_scenario_file(file);
  // One pass must report every fault, not stop at the first.
  ASSERT_EQ(result.diagnostics.size(), 3u) << result.diagnostics.format();
  EXPECT_TRUE(has_diagnostic(result.diagnostics, file, "/horizon_yeras", "did you mean"));
  EXPECT_TRUE(has_diagnostic(result.diagnostics, file, "/start_date", "YYYY-MM-DD"));
  EXPECT_TRUE(has_diagnostic(result.diagnostics, file,
                             "/pathway/transitions/need_emerges/rate_per_year", "is -0.5"));
}

TEST(ScenarioLoad, FaultsInSeveralSectionsAreAllReported) {
  TempDir dir;
  nlohmann::json doc;
  {
    std::ifstream in(baseline_path());
    doc = nlohmann::json::parse(in);
  }
  doc["seed"] = "abc";
  doc["population"]["localities"]["watford"]["share"] = 0.5;
  doc["services"]["social_work"]["queue_order"] = "lottery";
  doc["pathway"]["states"]["universal"]["service_status"] = "nonee";
  doc["initial_caseloads"]["child_in_need"]["children"] = -1;
  const auto file = dir.write("five.json", doc.dump(1));
  const LoadResult result = load_scenario_file(file);
  EXPECT_EQ(result.diagnostics.size(), 5u) << result.diagnostics.format();
  EXPECT_TRUE(has_diagnostic(result.diagnostics, file, "/seed", "is a string"));
  EXPECT_TRUE(has_diagnostic(result.diagnostics, file, "/population/localities", "sum to 1.4"));
  EXPECT_TRUE(
      has_diagnostic(result.diagnostics, file, "/services/social_work/queue_order", "lottery"));
  EXPECT_TRUE(has_diagnostic(result.diagnostics, file, "/pathway/states/universal/service_status",
                             "did you mean 'none'"));
  EXPECT_TRUE(has_diagnostic(result.diagnostics, file, "/initial_caseloads/child_in_need/children",
                             "is -1"));
}

TEST(ScenarioLoad, LoadScenarioThrowsInputErrorNamingTheFile) {
  const auto file = testing::data_dir() / "broken" / "negative_rate.json";
  try {
    (void)load_scenario(file);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().size(), 1u);
    EXPECT_NE(std::string(e.what()).find("negative_rate.json"), std::string::npos) << e.what();
  }
}

class ScenarioLoadDeepNesting : public ::testing::TestWithParam<bool> {};

// 100,000 levels would overflow the stack of a recursive reader or destructor; the reader must
// refuse it with a diagnostic, quickly, whether the nesting is of arrays or of objects.
TEST_P(ScenarioLoadDeepNesting, HundredThousandLevelsAreRefused) {
  TempDir dir;
  const std::string text =
      GetParam() ? testing::deeply_nested_objects(100000) : testing::deeply_nested_arrays(100000);
  const auto file = dir.write("deep.json", text);
  const LoadResult result = load_scenario_file(file);
  ASSERT_EQ(result.diagnostics.size(), 1u) << result.diagnostics.format();
  const Diagnostic& d = result.diagnostics.items().front();
  EXPECT_TRUE(testing::same_file(d.file, file));
  EXPECT_EQ(d.pointer, "");
  EXPECT_NE(d.message.find("nested more than 64 levels"), std::string::npos) << d.message;
}

std::string nesting_name(const ::testing::TestParamInfo<bool>& param) {
  return param.param ? "Objects" : "Arrays";
}

INSTANTIATE_TEST_SUITE_P(ArraysAndObjects, ScenarioLoadDeepNesting, ::testing::Bool(),
                         nesting_name);

TEST(ScenarioLoad, NestingWithinTheLimitIsNotRefused) {
  // The limit must not bite on ordinary depth: 60 levels parse, then fail only for shape.
  Diagnostics diags;
  nlohmann::json out;
  EXPECT_TRUE(parse_json_text(testing::deeply_nested_arrays(60), "ok.json", out, diags))
      << diags.format();
  EXPECT_TRUE(diags.empty());
}

// The limit counts objects and arrays, the top level being level 1: kMaxJsonDepth levels parse
// and one more is refused, whether the innermost level is empty or holds a value.
struct NestingEdge {
  const char* kind;
  std::string (*make)(int);
};

class ScenarioLoadNestingEdge : public ::testing::TestWithParam<NestingEdge> {};

TEST_P(ScenarioLoadNestingEdge, LimitLevelsParseAndOneMoreIsRefused) {
  Diagnostics at_limit, over_limit;
  nlohmann::json out;
  EXPECT_TRUE(parse_json_text(GetParam().make(kMaxJsonDepth), "edge.json", out, at_limit))
      << at_limit.format();
  EXPECT_FALSE(parse_json_text(GetParam().make(kMaxJsonDepth + 1), "edge.json", out, over_limit));
  ASSERT_EQ(over_limit.size(), 1u) << over_limit.format();
  EXPECT_NE(over_limit.items().front().message.find("nested more than 64 levels"),
            std::string::npos)
      << over_limit.format();
}

std::string edge_name(const ::testing::TestParamInfo<NestingEdge>& param) {
  return param.param.kind;
}

INSTANTIATE_TEST_SUITE_P(
    Kinds, ScenarioLoadNestingEdge,
    ::testing::Values(NestingEdge{"EmptyArrays", testing::deeply_nested_arrays},
                      NestingEdge{"ArraysWithAValue", testing::deeply_nested_arrays_with_value},
                      NestingEdge{"ObjectsWithAValue", testing::deeply_nested_objects}),
    edge_name);

TEST(ScenarioLoad, SyntaxErrorColumnCountsCharactersNotBytes) {
  Diagnostics diags;
  nlohmann::json out;
  // "é" is two bytes and "€" three in UTF-8; each is one column.
  EXPECT_FALSE(parse_json_text("{\"é€\": 1 x}", "mem.json", out, diags));
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_NE(diags.items().front().message.find("line 1, column 10"), std::string::npos)
      << diags.format();
}

TEST(ScenarioLoad, NumberTooLargeIsReportedAtItsPointerInsideArrays) {
  Diagnostics diags;
  nlohmann::json out;
  EXPECT_FALSE(parse_json_text("{\"a\": [1, {\"b\": [0, -2e999]}]}", "mem.json", out, diags));
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags.items().front().pointer, "/a/1/b/1") << diags.format();
  EXPECT_NE(diags.items().front().message.find("-2e999"), std::string::npos) << diags.format();
}

TEST(ScenarioLoad, EveryRepeatedKeyInAFileIsReported) {
  Diagnostics diags;
  nlohmann::json out;
  const std::string text = R"({"a": 1, "b": {"c": 1, "c": 2}, "a": 3, "d": [{"e": 1}, {"e": 2}]})";
  EXPECT_FALSE(parse_json_text(text, "mem.json", out, diags));
  ASSERT_EQ(diags.size(), 2u) << diags.format();
  EXPECT_EQ(diags.items()[0].pointer, "/b/c");
  EXPECT_EQ(diags.items()[1].pointer, "/a");
}

nlohmann::json baseline_json() {
  std::ifstream in(baseline_path());
  return nlohmann::json::parse(in);
}

TEST(ScenarioLoad, LimitsOfRiskFactorsAndLocalitiesAreAccepted) {
  TempDir dir;
  nlohmann::json doc = baseline_json();
  auto& factors = doc["population"]["risk_factors"];
  for (std::size_t i = factors.size(); i < kMaxRiskFactors; ++i) {
    factors["extra_" + std::to_string(i)] = {{"prevalence", 0.01}};
  }
  auto& localities = doc["population"]["localities"];
  for (auto& [id, locality] : localities.items()) locality = {{"share", 0.5 / 256}};
  for (std::size_t i = localities.size(); i < kMaxLocalities; ++i) {
    localities["extra_" + std::to_string(i)] = {{"share", 0.5 / 256}};
  }
  localities.begin().value() = {{"share", 0.5 + 0.5 / 256}};
  const LoadResult result = load_scenario_file(dir.write("limits.json", doc.dump(1)));
  ASSERT_TRUE(result.ok()) << result.diagnostics.format();
  EXPECT_EQ(result.scenario.population.risk_factors.size(), kMaxRiskFactors);
  EXPECT_EQ(result.scenario.population.localities.size(), kMaxLocalities);
}

TEST(ScenarioLoad, InitialChildrenEqualToThePopulationAreAccepted) {
  TempDir dir;
  nlohmann::json doc = baseline_json();
  const auto value = [](const nlohmann::json& q) { return q.is_object() ? q.at("value") : q; };
  const double population = value(doc["population"]["children"]).get<double>();
  const double others =
      value(doc["initial_caseloads"]["child_protection"]["children"]).get<double>() +
      value(doc["initial_caseloads"]["looked_after"]["children"]).get<double>();
  doc["initial_caseloads"]["child_in_need"]["children"] = population - others;
  const LoadResult result = load_scenario_file(dir.write("full.json", doc.dump(1)));
  EXPECT_TRUE(result.ok()) << result.diagnostics.format();
}

TEST(ScenarioLoad, ServiceLocalityTeamsAndEligibleNeedLevelsAreRead) {
  TempDir dir;
  nlohmann::json doc = baseline_json();
  auto& key_work = doc["services"]["families_first_key_workers"];
  key_work["locality_teams"] = true;
  key_work["eligible_need_levels"] = {"specialist", "intensive", "universal", "additional"};
  const LoadResult result = load_scenario_file(dir.write("teams.json", doc.dump(1)));
  ASSERT_TRUE(result.ok()) << result.diagnostics.format();
  const auto& services = result.scenario.services;
  const auto it = std::find_if(services.begin(), services.end(), [](const Service& s) {
    return s.id == "families_first_key_workers";
  });
  ASSERT_NE(it, services.end());
  EXPECT_TRUE(it->locality_teams);
  const auto& levels = result.scenario.pathway.need_levels;
  ASSERT_EQ(it->eligible_need_levels.size(), 4u);
  EXPECT_EQ(levels[static_cast<std::size_t>(it->eligible_need_levels[0])].id, "specialist");
  EXPECT_EQ(levels[static_cast<std::size_t>(it->eligible_need_levels[1])].id, "intensive");
  EXPECT_EQ(levels[static_cast<std::size_t>(it->eligible_need_levels[2])].id, "universal");
  for (const auto& s : services) {
    if (s.id != it->id) {
      EXPECT_FALSE(s.locality_teams) << s.id;
      EXPECT_TRUE(s.eligible_need_levels.empty()) << s.id;
    }
  }
}

TEST(ScenarioLoad, IneligibleEntriesAreReportedAtToAndAtEachOutcome) {
  TempDir dir;
  nlohmann::json doc = baseline_json();
  doc["services"]["intensive_family_support"]["eligible_need_levels"] = {"specialist"};
  const auto file = dir.write("ineligible.json", doc.dump(1));
  const LoadResult result = load_scenario_file(file);
  // From intensive_unidentified ("to") and intensive_family_support's step-up back to itself
  // (no further action, outcome 0; not in need with no service, outcome 1), all at need level
  // 'intensive'.
  EXPECT_EQ(result.diagnostics.size(), 3u) << result.diagnostics.format();
  EXPECT_TRUE(has_diagnostic(result.diagnostics, file,
                             "/pathway/transitions/complex_need_to_intensive_support/to",
                             "from 'intensive_unidentified' (need level 'intensive')"));
  EXPECT_TRUE(has_diagnostic(result.diagnostics, file,
                             "/pathway/transitions/intensive_support_step_up/outcomes/0",
                             "eligible_need_levels: specialist"));
  EXPECT_TRUE(has_diagnostic(result.diagnostics, file,
                             "/pathway/transitions/intensive_support_step_up/outcomes/1",
                             "eligible_need_levels: specialist"));
}

TEST(ScenarioLoad, EachDistributionAcceptsItsOwnParameters) {
  TempDir dir;
  nlohmann::json doc = baseline_json();
  auto& duration = doc["pathway"]["transitions"]["single_agency_support_ends"]["duration"];
  duration = {{"distribution", "exponential"},
              {"mean_days", 90},
              {"bins", nlohmann::json::array()},
              {"sigma", 1}};
  const auto file = dir.write("mixed.json", doc.dump(1));
  const LoadResult result = load_scenario_file(file);
  EXPECT_EQ(result.diagnostics.size(), 2u) << result.diagnostics.format();
  const std::string at = "/pathway/transitions/single_agency_support_ends/duration/";
  EXPECT_TRUE(has_diagnostic(result.diagnostics, file, at + "bins",
                             "a parameter of the empirical distribution, not of exponential; an "
                             "exponential duration takes mean_days"));
  EXPECT_TRUE(has_diagnostic(result.diagnostics, file, at + "sigma", "of the lognormal"));
}

TEST(ScenarioLoad, SyntaxErrorGivesLineAndColumn) {
  Diagnostics diags;
  nlohmann::json out;
  EXPECT_FALSE(parse_json_text("{\n  \"a\": 1,\n\n    ]\n}", "mem.json", out, diags));
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags.items().front().file, "mem.json");
  EXPECT_NE(diags.items().front().message.find("line 4, column 5"), std::string::npos)
      << diags.items().front().message;
}

TEST(ScenarioLoad, OversizedFileIsRefusedBeforeReading) {
  TempDir dir;
  std::string text = "{";
  text.append(static_cast<std::size_t>(kMaxScenarioBytes), ' ');
  text += "}";
  const auto file = dir.write("huge.json", text);
  const LoadResult result = load_scenario_file(file);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_NE(result.diagnostics.items().front().message.find("must be under"), std::string::npos)
      << result.diagnostics.format();
}

TEST(ScenarioLoad, MissingFileIsADiagnosticNotAnException) {
  const auto file = testing::data_dir() / "broken" / "does_not_exist.json";
  const LoadResult result = load_scenario_file(file);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_TRUE(has_diagnostic(result.diagnostics, file, "", "no such file"));
}

TEST(ScenarioLoad, RequireSourcesFlagsOnlyBareNumbers) {
  const auto file = testing::data_dir() / "merge" / "two_family_sizes.json";
  EXPECT_TRUE(load_scenario_file(baseline_path(), {true}).ok());
  EXPECT_TRUE(load_scenario_file(file).ok());
  const LoadResult strict = load_scenario_file(file, {true});
  // The override writes its two shares as bare numbers; everything else is sourced.
  EXPECT_EQ(strict.diagnostics.size(), 2u) << strict.diagnostics.format();
  EXPECT_TRUE(has_diagnostic(strict.diagnostics, file, "/population/children_per_family/0/share",
                             "has no source"));
}

}  // namespace
}  // namespace ehsim
