// The pipeline in one process: a comparison with parameters overridden by JSON pointer equals
// one read from a file carrying the same values; overrides get a file's checks.

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "pipeline/compare.hpp"

namespace ehsim {
namespace {

std::filesystem::path economics_data(const std::string& name) {
  return std::filesystem::path(EHSIM_SOURCE_DIR) / "tests/economics/data" / name;
}

RunSettings quick_run(int replications = 4) {
  RunSettings run;
  run.monte_carlo.seed = 11;
  run.monte_carlo.replications = replications;
  run.monte_carlo.threads = 2;
  run.staffing_replications = 0;
  return run;
}

// What the comparison found, without the parts that name files or list the scenarios'
// differing assumptions (which differ by construction: one is a file, one an override).
nlohmann::json findings(const nlohmann::json& alternative) {
  nlohmann::json f = alternative;
  for (const char* key : {"name", "path", "sha256", "slug", "assumptions_differing"}) f.erase(key);
  return f;
}

ComparisonResult compare_in_memory(PreparedScenario baseline, PreparedScenario alternative) {
  std::vector<std::pair<std::string, PreparedScenario>> scenarios;
  scenarios.emplace_back("baseline", std::move(baseline));
  scenarios.emplace_back("alternative", std::move(alternative));
  return run_comparison(prepare_comparison(std::move(scenarios)), quick_run(), {2e5, {}});
}

TEST(Pipeline, OverriddenComparisonEqualsTheFileThatCarriesTheValues) {
  const PreparedScenario base = PreparedScenario::load(economics_data("small.json"));
  // small-invest.json changes exactly these three numbers (and the name).
  ParameterSet invest;
  invest.set("/services/families_first_key_workers/budget_per_year", 300000)
      .set("/pathway/transitions/complex_need_identified/rate_per_year", 1.0)
      .set("/economics/optimism_bias", 0.1);
  const ComparisonResult overridden = compare_in_memory(
      PreparedScenario::load(economics_data("small.json")), base.with_parameters(invest));
  const ComparisonResult from_file =
      compare_in_memory(PreparedScenario::load(economics_data("small.json")),
                        PreparedScenario::load(economics_data("small-invest.json")));

  const auto& alt_overridden = overridden.document.at("alternatives").at(0);
  const auto& alt_file = from_file.document.at("alternatives").at(0);
  EXPECT_EQ(findings(alt_overridden), findings(alt_file));
  EXPECT_EQ(overridden.document.at("per_scenario").at(1).at("over_horizon"),
            from_file.document.at("per_scenario").at(1).at("over_horizon"));

  // The net saving, read as a number: an investment that doubles key work changes it.
  const double net_saving = alt_overridden.at("headline").at("net_saving").at("p50").get<double>();
  EXPECT_NE(net_saving, 0.0);
  EXPECT_EQ(net_saving, alt_file.at("headline").at("net_saving").at("p50").get<double>());
}

TEST(Pipeline, AnEmptyParameterSetChangesNothing) {
  const PreparedScenario base = PreparedScenario::load(economics_data("small.json"));
  const PreparedScenario same = base.with_parameters({});
  EXPECT_EQ(same.scenario().resolved_sha256, base.scenario().resolved_sha256);
  const ScenarioRun a = simulate(base, quick_run(2));
  const ScenarioRun b = simulate(same, quick_run(2));
  EXPECT_EQ(run_summary(base, a), run_summary(same, b));
}

TEST(Pipeline, AnOverrideMovesTheResultAndTheHash) {
  const PreparedScenario base = PreparedScenario::load(economics_data("small.json"));
  ParameterSet faster;
  faster.set("/pathway/transitions/complex_need_identified/rate_per_year", 2.0);
  const PreparedScenario changed = base.with_parameters(faster);
  EXPECT_NE(changed.scenario().resolved_sha256, base.scenario().resolved_sha256);
  EXPECT_DOUBLE_EQ(
      number_at(changed.document(), "/pathway/transitions/complex_need_identified/rate_per_year"),
      2.0);
  const int t = [&] {
    const auto& ts = changed.scenario().pathway.transitions;
    for (std::size_t i = 0; i < ts.size(); ++i)
      if (ts[i].id == "complex_need_identified") return static_cast<int>(i);
    return -1;
  }();
  ASSERT_GE(t, 0);
  EXPECT_DOUBLE_EQ(changed.scenario().pathway.transitions[t].rate_per_year.value, 2.0);
  EXPECT_DOUBLE_EQ(changed.model().transitions[t].rate_per_day, 2.0 / 365.25);
}

// Runs `parameters` against small.json and returns the one problem reported.
Diagnostic only_problem(const ParameterSet& parameters) {
  const PreparedScenario base = PreparedScenario::load(economics_data("small.json"));
  try {
    (void)base.with_parameters(parameters);
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().size(), 1u) << e.diagnostics().format();
    if (!e.diagnostics().empty()) return e.diagnostics().items().front();
  }
  ADD_FAILURE() << "expected an input error";
  return {};
}

TEST(Pipeline, AnOverrideOutOfRangeIsAnInputErrorNamingItsPointer) {
  ParameterSet negative;
  negative.origin = "calibration draw 3";
  negative.set("/pathway/transitions/complex_need_identified/rate_per_year", -0.5);
  const Diagnostic d = only_problem(negative);
  EXPECT_EQ(d.pointer, "/pathway/transitions/complex_need_identified/rate_per_year/value");
  EXPECT_EQ(d.file, "calibration draw 3") << d.format();
  EXPECT_NE(d.message.find("is -0.5; expected a rate per year"), std::string::npos) << d.message;
}

TEST(Pipeline, AnOverrideOfNothingOrOfTextIsRefused) {
  ParameterSet missing;
  missing.set("/pathway/transitions/no_such_transition/rate_per_year", 0.5);
  EXPECT_NE(only_problem(missing).message.find("names nothing"), std::string::npos);

  ParameterSet text;
  text.set("/name", 3);
  EXPECT_NE(only_problem(text).message.find("not a number"), std::string::npos);

  ParameterSet malformed;
  malformed.set("pathway/transitions", 1);
  EXPECT_NE(only_problem(malformed).message.find("not a JSON pointer"), std::string::npos);

  ParameterSet infinite;
  infinite.set("/economics/optimism_bias", std::numeric_limits<double>::infinity());
  EXPECT_NE(only_problem(infinite).message.find("finite"), std::string::npos);
}

TEST(Pipeline, ADefaultCanBeMadeExplicitButAnUnknownKeyIsStillRefused) {
  const PreparedScenario base = PreparedScenario::load(economics_data("small.json"));
  ParameterSet ratio;
  ratio.set("/pathway/transitions/complex_need_identified/hazard_ratio", 1.5);
  const PreparedScenario changed = base.with_parameters(ratio);
  const auto& ts = changed.scenario().pathway.transitions;
  const auto it = std::find_if(
      ts.begin(), ts.end(), [](const Transition& t) { return t.id == "complex_need_identified"; });
  ASSERT_NE(it, ts.end());
  EXPECT_DOUBLE_EQ(it->hazard_ratio, 1.5);

  ParameterSet typo;
  typo.set("/pathway/transitions/complex_need_identified/hazard_ration", 1.5);
  const Diagnostic d = only_problem(typo);
  EXPECT_NE(d.message.find("hazard_ratio"), std::string::npos) << d.message;  // did you mean
}

}  // namespace
}  // namespace ehsim
