// The results files as types: summary.json (RunSummary), manifest.json (RunManifest) and
// comparison.json (ComparisonResults, all but its uncertainty section) read from a real run and
// written again give the same text, byte for byte, and the same structs; a member a reader relies
// on that is missing or of the wrong type is named by its JSON pointer; members added after files
// were first written may be absent.

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "core/version.hpp"
#include "economics/comparison_results.hpp"
#include "pipeline/compare.hpp"

namespace ehsim {
namespace {

using nlohmann::json;

std::filesystem::path economics_data(const std::string& name) {
  return std::filesystem::path(EHSIM_SOURCE_DIR) / "tests/economics/data" / name;
}

// A small run with the staffing search, so that every optional part of summary.json is there.
struct SmallRun {
  PreparedScenario scenario = PreparedScenario::load(economics_data("small.json"));
  ScenarioRun run;
  SmallRun() {
    RunSettings settings;
    settings.monte_carlo.seed = 11;
    settings.monte_carlo.replications = 3;
    settings.monte_carlo.threads = 2;
    settings.staffing_replications = 2;
    settings.run_id = "20260101T000000Z-00000000";
    run = simulate(scenario, settings);
    search_staffing(scenario, run);
  }
};

const SmallRun& small_run() {
  static const SmallRun run;
  return run;
}

// The text of the small run's file `name` ("summary.json", "manifest.json").
std::string small_run_file(const std::string& name) {
  for (const auto& [file, content] : run_output_files(small_run().scenario, small_run().run)) {
    if (file == name) return content;
  }
  ADD_FAILURE() << "the run writes no " << name;
  return "";
}

// A comparison of small.json with small-invest.json in memory, with a target and a warning.
const ComparisonResult& small_comparison() {
  static const ComparisonResult result = [] {
    std::vector<std::pair<std::string, PreparedScenario>> scenarios;
    scenarios.emplace_back("small.json", PreparedScenario::load(economics_data("small.json")));
    scenarios.emplace_back("small-invest.json",
                           PreparedScenario::load(economics_data("small-invest.json")));
    RunSettings run;
    run.monte_carlo.seed = 11;
    run.monte_carlo.replications = 4;
    run.monte_carlo.threads = 2;
    run.staffing_replications = 2;
    return run_comparison(prepare_comparison(std::move(scenarios)), run,
                          {2e5, {"a reason the comparison may not price what changes"}});
  }();
  return result;
}

// The error reading `document` as T gives ("pointer: problem"), or "no error".
template <typename T>
std::string problem(const json& document) {
  try {
    (void)document.get<T>();
  } catch (const ResultsFormatError& e) {
    return e.pointer() + ": " + e.problem();
  }
  return "no error";
}

// `document` without the member at `pointer`, or with `value` there.
json without(json document, const std::string& pointer) {
  const json::json_pointer at(pointer);
  document.at(at.parent_pointer()).erase(at.back());
  return document;
}

json with(json document, const std::string& pointer, const json& value) {
  document[json::json_pointer(pointer)] = value;
  return document;
}

// from_json(to_json(x)) == x, and the JSON written again is the same text.
template <typename T>
void expect_round_trip(const T& value) {
  const json written = value;
  EXPECT_EQ(written.get<T>(), value);
  EXPECT_EQ(json(written.get<T>()).dump(2), written.dump(2));
}

TEST(RunSummary, ReadFromItsFileAndWrittenAgainIsTheSameText) {
  const SmallRun& small = small_run();
  const std::string file = small_run_file("summary.json");
  const RunSummary summary = json::parse(file).get<RunSummary>();
  EXPECT_EQ(json(summary).dump(2) + "\n", file);
  EXPECT_EQ(summary, run_summary(small.scenario, small.run));

  // What the run and the staffing search put in, as fields.
  EXPECT_EQ(summary.schema_version, kOutputSchemaVersion);
  EXPECT_EQ(summary.seed, 11u);
  EXPECT_EQ(summary.run_id, "20260101T000000Z-00000000");
  EXPECT_EQ(summary.replications, 3);
  ASSERT_FALSE(summary.by_financial_year.empty());
  EXPECT_FALSE(summary.periods.empty());
  EXPECT_TRUE(summary.conservation.holds_in_every_replication);
  bool searched = false;
  for (const auto& [id, service] : summary.services_over_horizon) {
    EXPECT_FALSE(service.budget_to_places.empty()) << id;
    EXPECT_TRUE(service.median_wait_days.pooled.has_value()) << id;
    if (const auto& need = service.fte_needed_for_waiting_standard) {
      searched = true;
      EXPECT_TRUE(need->method && need->evaluations && need->replications_per_evaluation) << id;
      EXPECT_EQ(need->replications_per_evaluation, 2) << id;
    }
  }
  EXPECT_TRUE(searched) << "small.json has a capacity-limited service";
}

TEST(RunSummary, EachPartRoundTrips) {
  const RunSummary summary = run_summary(small_run().scenario, small_run().run);
  expect_round_trip(summary);
  expect_round_trip(summary.by_financial_year.front());
  expect_round_trip(summary.periods.front());
  expect_round_trip(summary.conservation);
  expect_round_trip(summary.events_processed);
  for (const auto& [id, service] : summary.services_over_horizon) {
    expect_round_trip(service);
    expect_round_trip(service.budget_to_places.front());
    expect_round_trip(service.p90_wait_days);
    expect_round_trip(service.by_financial_year.front());
    if (service.fte_needed_for_waiting_standard)
      expect_round_trip(*service.fte_needed_for_waiting_standard);
  }
  // What a run leaves out, and what files of schema version 1 may lack, stays out.
  RunSummary bare = summary;
  bare.seed.reset();
  bare.run_id.reset();
  bare.waiting_standard_share.reset();
  bare.periods.clear();
  for (auto& [id, service] : bare.services_over_horizon) {
    ServiceSummary first_written;  // the members every file of schema version 1 has
    first_written.label = service.label;
    first_written.waiting_standard_days = 28;
    service = first_written;
  }
  expect_round_trip(bare);
  const json written = bare;
  EXPECT_FALSE(written.contains("seed") || written.contains("run_id"));
  EXPECT_TRUE(written.at("periods").empty());
}

TEST(RunSummary, AMissingOrMistypedMemberIsNamedByItsPointer) {
  const json summary = run_summary(small_run().scenario, small_run().run);
  const std::string service = summary.at("services_over_horizon").begin().key();
  const std::string in_service = "/services_over_horizon/" + service;
  EXPECT_EQ(problem<RunSummary>(without(summary, in_service + "/mean_wait_days")),
            in_service + "/mean_wait_days: is missing");
  EXPECT_EQ(problem<RunSummary>(with(summary, "/by_financial_year/1/referrals/p50", "many")),
            "/by_financial_year/1/referrals/p50: expected a number, found \"many\"");
  EXPECT_EQ(problem<RunSummary>(with(summary, "/conservation/holds_in_every_replication", 1)),
            "/conservation/holds_in_every_replication: expected true or false, found 1");
  EXPECT_EQ(problem<RunSummary>(with(summary, in_service + "/budget_to_places/0/places", 2.5)),
            in_service + "/budget_to_places/0/places: expected an integer, found 2.5");
  EXPECT_EQ(problem<RunSummary>(with(summary, "/seed", -1)),
            "/seed: expected a whole number of at least 0, found -1");
  EXPECT_EQ(problem<RunSummary>(with(summary, "/services_over_horizon", json::array())),
            "/services_over_horizon: expected an object, found []");
  EXPECT_EQ(problem<RunSummary>(without(summary, "/by_financial_year")),
            "/by_financial_year: is missing");
  // Members added after files were first written may be absent (the periods, a service's
  // utilisation, FTE basis and staffing by year, the pooled wait quantiles, the run's seed).
  json old = without(summary, "/periods");
  for (const char* key : {"seed", "run_id", "waiting_standard_share"}) old.erase(key);
  for (auto& [id, s] : old.at("services_over_horizon").items()) {
    for (const char* key : {"utilisation", "fte_basis", "practitioner_fte_funded_at_end",
                            "management_and_admin_fte_funded_at_end", "by_financial_year",
                            "fte_needed_for_waiting_standard"}) {
      s.erase(key);
    }
    s.at("median_wait_days").erase("pooled");
  }
  EXPECT_EQ(problem<RunSummary>(old), "no error");
  EXPECT_TRUE(old.get<RunSummary>().periods.empty());
}

TEST(RunManifest, ReadFromItsFileAndWrittenAgainIsTheSameText) {
  const SmallRun& small = small_run();
  const std::string file = small_run_file("manifest.json");
  const RunManifest manifest = json::parse(file).get<RunManifest>();
  EXPECT_EQ(json(manifest).dump(2) + "\n", file);
  EXPECT_EQ(manifest.schema_version, kOutputSchemaVersion);
  EXPECT_EQ(manifest.run_id, "20260101T000000Z-00000000");
  EXPECT_EQ(manifest.command, "run");
  EXPECT_EQ(manifest.seed, 11u);
  EXPECT_EQ(manifest.replications, 3);
  EXPECT_EQ(manifest.staffing_replications, 2);
  EXPECT_EQ(manifest.warm_up_with, "this scenario");
  EXPECT_EQ(manifest.scenario_name, small.scenario.scenario().name);
  EXPECT_GT(manifest.families_simulated, 0);
  expect_round_trip(manifest);
  RunManifest calibrated = manifest;
  calibrated.calibration = CalibrationRecord{"calibration/x.json", "2017-18", "2026-12-01"};
  expect_round_trip(calibrated);
  calibrated.run_id.reset();
  EXPECT_FALSE(json(calibrated).contains("run_id"));
}

TEST(RunManifest, AMissingOrMistypedMemberIsNamedByItsPointer) {
  json manifest = run_manifest(small_run().scenario, small_run().run);
  manifest["calibration"] = {{"file", "c.json"}, {"fit_year", "2017-18"}, {"date", "today"}};
  EXPECT_EQ(problem<RunManifest>(without(manifest, "/scenario_path")),
            "/scenario_path: is missing");
  EXPECT_EQ(problem<RunManifest>(with(manifest, "/calibration/fit_year", 2018)),
            "/calibration/fit_year: expected a string, found 2018");
  EXPECT_EQ(problem<RunManifest>(with(manifest, "/replications", "3")),
            "/replications: expected an integer, found \"3\"");
  // What files first written under schema version 1 lack may be absent.
  json old = manifest;
  for (const char* key : {"run_id", "waiting_standard_share", "staffing_replications",
                          "warm_up_years", "calibration", "warm_up_with"}) {
    old.erase(key);
  }
  EXPECT_EQ(problem<RunManifest>(old), "no error");
  EXPECT_FALSE(old.get<RunManifest>().calibration.has_value());
}

TEST(ComparisonResults, ReadFromItsFileAndWrittenAgainIsTheSameText) {
  const json& document = small_comparison().document;
  // As a file is read: from its text.
  const auto typed = json::parse(document.dump(2)).get<ComparisonResults>();
  EXPECT_EQ(json(typed).dump(2), document.dump(2));
  EXPECT_EQ(document.get<ComparisonResults>(), typed);
  EXPECT_EQ(typed.schema_version, kOutputSchemaVersion);
  EXPECT_EQ(typed.target, 2e5);
  EXPECT_EQ(typed.warnings.size(), 1u);
  ASSERT_EQ(typed.alternatives.size(), 1u);
  ASSERT_EQ(typed.per_scenario.size(), 2u);
  const AlternativeResults& alt = typed.alternatives[0];
  EXPECT_EQ(alt.scenario.path, "small-invest.json");
  ASSERT_FALSE(alt.by_year.empty());
  EXPECT_TRUE(alt.headline.extra_investment_pv && alt.headline.cost_avoided_pv &&
              alt.headline.cashable_saving && alt.by_year[0].net_cashable_saving &&
              alt.by_year[0].discount_factor && alt.by_year[0].probability_target_met);
  EXPECT_TRUE(alt.headline.fiscal_return_per_pound.has_value());
  EXPECT_NE(alt.headline.net_saving.p50, 0.0);
  EXPECT_FALSE(alt.by_category.empty());
  EXPECT_FALSE(alt.by_payer.empty());
  ASSERT_FALSE(alt.staffing.empty());
  EXPECT_FALSE(alt.staffing.front().by_year.empty());
  EXPECT_FALSE(alt.assumptions_differing.empty());
  ASSERT_TRUE(alt.adjustments.has_value());
  const ScenarioCosts& base = typed.per_scenario[0];
  EXPECT_EQ(base.slug, typed.baseline.slug);
  EXPECT_TRUE(base.over_horizon && base.appraisal);
  EXPECT_FALSE(base.unit_costs.empty());
  EXPECT_FALSE(base.activity_by_year.empty());
  EXPECT_FALSE(base.fte_needed_for_waiting_standard.empty());
  // The baseline's late-intervention cost by year adds up to that over the horizon.
  double by_year = 0;
  for (const auto& y : base.late_intervention_cost_by_year) by_year += y.total.mean;
  EXPECT_NEAR(by_year, base.over_horizon->total.mean, 1e-6 * std::abs(by_year));
}

TEST(ComparisonResults, EachPartRoundTrips) {
  const ComparisonResults c = comparison_results(
      small_comparison().scenarios, {2e5, {"a reason the comparison may not price what changes"}});
  expect_round_trip(c);
  expect_round_trip(c.baseline);
  const AlternativeResults& alt = c.alternatives.at(0);
  expect_round_trip(alt);
  expect_round_trip(alt.headline);
  expect_round_trip(alt.by_year.front());
  expect_round_trip(alt.by_category.front());
  expect_round_trip(alt.by_payer.front());
  expect_round_trip(alt.staffing.front());
  expect_round_trip(alt.staffing.front().by_year.front());
  expect_round_trip(*alt.adjustments);
  expect_round_trip(alt.assumptions_differing.front());
  for (const ScenarioCosts& s : c.per_scenario) {
    expect_round_trip(s);
    expect_round_trip(s.late_intervention_cost_by_year.front());
    expect_round_trip(s.early_help_cost_by_year.front());
    expect_round_trip(*s.over_horizon);
    expect_round_trip(*s.appraisal);
    expect_round_trip(s.unit_costs.front());
    expect_round_trip(s.activity_by_year.front());
    for (const auto& [id, need] : s.fte_needed_for_waiting_standard) expect_round_trip(need);
  }
  // Null members are written as null and read back as none; a calibration is written whole.
  UnitCost unpriced = c.per_scenario.front().unit_costs.front();
  unpriced.per_event.reset();
  unpriced.per_entry_to_state.reset();
  unpriced.price_year.reset();
  unpriced.source.reset();
  unpriced.assumption = "a guess";
  expect_round_trip(unpriced);
  EXPECT_TRUE(json(unpriced).at("source").is_null());
  ScenarioIdentity calibrated = c.baseline;
  calibrated.calibration = CalibrationRecord{"calibration/x.json", "2017-18", "2026-12-01"};
  expect_round_trip(calibrated);
  // Without warnings or a run id they are left out, as before.
  ComparisonResults quiet = c;
  quiet.warnings.clear();
  quiet.run_id.reset();
  expect_round_trip(quiet);
  EXPECT_FALSE(json(quiet).contains("warnings") || json(quiet).contains("run_id"));
}

TEST(ComparisonResults, AMissingOrMistypedMemberIsNamedByItsPointer) {
  const json& document = small_comparison().document;
  using C = ComparisonResults;
  EXPECT_EQ(problem<C>(without(document, "/alternatives/0/by_year/0/net_saving")),
            "/alternatives/0/by_year/0/net_saving: is missing");
  EXPECT_EQ(problem<C>(with(document, "/alternatives/0/headline/payback/share_paying_back", "all")),
            "/alternatives/0/headline/payback/share_paying_back: expected a number, found \"all\"");
  EXPECT_EQ(problem<C>(with(document, "/alternatives/0/headline/cp_avoided_final_year", nullptr)),
            "/alternatives/0/headline/cp_avoided_final_year: expected an object, found null");
  EXPECT_EQ(problem<C>(without(document, "/baseline/slug")), "/baseline/slug: is missing");
  EXPECT_EQ(problem<C>(without(document, "/per_scenario/1/late_intervention_cost_by_year/0/total")),
            "/per_scenario/1/late_intervention_cost_by_year/0/total: is missing");
  EXPECT_EQ(problem<C>(with(document, "/alternatives/0/staffing/0/difference/p95", "high")),
            "/alternatives/0/staffing/0/difference/p95: expected a number, found \"high\"");
  EXPECT_EQ(problem<C>(without(document, "/alternatives/0/by_payer/0/cashable")),
            "/alternatives/0/by_payer/0/cashable: is missing");
  EXPECT_EQ(problem<C>(with(document, "/alternatives/0/by_category", json::object())),
            "/alternatives/0/by_category: expected an array, found {}");
  EXPECT_EQ(problem<C>(with(document, "/per_scenario/0/unit_costs/0/evidence_grade", 2.5)),
            "/per_scenario/0/unit_costs/0/evidence_grade: expected an integer, found 2.5");
  EXPECT_EQ(problem<C>(with(document, "/per_scenario/0/state_labels/x", 3)),
            "/per_scenario/0/state_labels/x: expected a string, found 3");
  EXPECT_EQ(problem<C>(with(document, "/warnings/0", 3)),
            "/warnings/0: expected a string, found 3");
  EXPECT_EQ(problem<C>(without(document, "/per_scenario")), "/per_scenario: is missing");
  // Optional members may be absent or null; the returns are null when undefined.
  json old = without(document, "/alternatives/0/headline/cost_avoided_pv");
  old["alternatives"][0]["headline"]["fiscal_return_per_pound"] = nullptr;
  old["alternatives"][0].erase("adjustments");
  old["alternatives"][0]["staffing"][0].erase("by_year");
  for (auto& s : old["per_scenario"]) {
    for (const char* key :
         {"over_horizon", "appraisal", "unit_costs", "early_help_services", "state_labels",
          "activity_by_year", "fte_needed_for_waiting_standard"}) {
      s.erase(key);
    }
  }
  EXPECT_EQ(problem<C>(old), "no error");
  const C read = old.get<C>();
  EXPECT_TRUE(read.per_scenario[0].unit_costs.empty());
  EXPECT_FALSE(read.alternatives[0].adjustments.has_value());
}

}  // namespace
}  // namespace ehsim
