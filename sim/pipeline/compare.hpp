#pragma once
// Compare alternatives with a baseline: the compare half of the pipeline. Every scenario runs
// with the baseline's seed and replication count (common random numbers), then the economics
// layer values each run and pairs each alternative's replications with the baseline's.

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "economics/comparison.hpp"
#include "pipeline/run.hpp"

namespace ehsim {

// A short, unique, file-name-safe name for a scenario's results folder.
std::string scenario_slug(const std::string& path, const std::vector<std::string>& taken);

// One scenario of a comparison: where it came from, the scenario itself and, once simulated,
// its run files and its valued results.
struct ComparedScenario {
  std::string path, slug;
  PreparedScenario prepared;
  ScenarioRun run;  // settings, timings and staffing; tallies moved out
  std::vector<std::pair<std::string, std::string>> run_files;  // summary, time series, manifest
  std::unique_ptr<ScenarioResults> results;                    // costs per replication and period
};

// Loads every scenario (the first is the baseline) and checks they can be compared before
// anything runs, so bad input costs no simulation time. Throws InputError with every problem.
std::vector<ComparedScenario> load_for_comparison(const std::vector<std::string>& paths);
// The same for scenarios already in memory (e.g. with parameters overridden).
std::vector<ComparedScenario> prepare_comparison(
    std::vector<std::pair<std::string, PreparedScenario>> scenarios);

// The settings for scenario `index` of a comparison: every scenario warms up as the baseline
// (the first), so that all start from the same county and differ only from the start date.
RunSettings settings_in_comparison(const std::vector<ComparedScenario>& scenarios,
                                   std::size_t index, RunSettings settings);

// Keeps a simulated run: its files are made, then its tallies are valued.
void add_run(ComparedScenario& scenario, ScenarioRun run);

struct ComparisonSettings {
  std::optional<double> target;  // net cashable saving a year to test, £
  // Reasons the comparison may not have priced what changes (unpriced_*), written into
  // comparison.json's "warnings" and shown on the report's first screen.
  std::vector<std::string> warnings;
};

// comparison.json (without its uncertainty section) and comparison.csv, from scenarios that
// have all been run. comparison_document is the same results as JSON.
ComparisonResults comparison_results(const std::vector<ComparedScenario>& scenarios,
                                     const ComparisonSettings& settings);
nlohmann::json comparison_document(const std::vector<ComparedScenario>& scenarios,
                                   const ComparisonSettings& settings);
std::string comparison_csv(const std::vector<ComparedScenario>& scenarios,
                           const ComparisonSettings& settings = {});

// Why a comparison would report savings (or costs) it never priced; empty when it prices what
// changes. Before running: a scenario with no late-intervention cost item at all. After
// running: a statutory state whose children rise in an alternative (paired, beyond three
// standard errors) while no cost item prices time in it or entries to it. `compare` refuses
// such a comparison unless told to go on, and then says so in its outputs and on the report's
// first screen.
std::vector<std::string> unpriced_before_running(const std::vector<ComparedScenario>& scenarios);
std::vector<std::string> unpriced_after_running(const std::vector<ComparedScenario>& scenarios);

// Everything in one call, in memory: simulate each scenario with `run` (its seed and
// replications for all) and compare. No staffing search unless `run` asks for it.
struct ComparisonResult {
  std::vector<ComparedScenario> scenarios;
  nlohmann::json document;
};
ComparisonResult run_comparison(std::vector<ComparedScenario> scenarios, const RunSettings& run,
                                const ComparisonSettings& settings);

}  // namespace ehsim
