#pragma once
// Simulate a prepared scenario and summarise it: the run half of the pipeline, shared by
// `ehsim run`, `ehsim compare` and everything that runs a scenario many times in one process.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/monte_carlo.hpp"
#include "engine/staffing_search.hpp"
#include "pipeline/prepared.hpp"
#include "results/run_summary.hpp"

namespace ehsim {

// How a scenario is run: the Monte Carlo options and the staffing search.
struct RunSettings {
  MonteCarloOptions monte_carlo;
  int staffing_replications = 20;  // per evaluation of the FTE search; 0 skips it
  std::string command = "run";     // what asked for the run, for the manifest
  std::string warm_up_with;        // the scenario file the warm-up ran, when not this one
  double waiting_share = 0.9;      // the staffing search's target share within the standard
  std::string run_id;  // what wrote the outputs; the command line sets one, empty leaves it out
};

// A new identifier for one invocation's outputs: the UTC time and random hex, e.g.
// "20260101T120000Z-3f9a1c2b". Every file of one `ehsim run` or `ehsim compare` carries it, so
// files from different runs cannot be mixed up unnoticed.
std::string new_run_id();

// The scenario's own seed and replication count unless given.
RunSettings run_settings_for(const Scenario& scenario, const std::optional<std::uint64_t>& seed,
                             const std::optional<int>& replications, int threads);

// A scenario's Monte Carlo results: one tally per replication, in replication order.
struct ScenarioRun {
  std::vector<ReplicationTally> tallies;
  std::vector<StaffingNeed> staffing;  // empty when not searched for
  RunSettings settings;
  std::string started_utc;
  double wall_seconds = 0;  // the main simulation, without the staffing search
};

// Runs the replications (throws Cancelled when asked to stop). The staffing search is a
// separate step: it re-runs the scenario many times.
ScenarioRun simulate(const PreparedScenario& scenario, const RunSettings& settings);

// Adds the FTE each capacity-limited service needs for its waiting standard.
void search_staffing(const PreparedScenario& scenario, ScenarioRun& run);
int capacity_limited_services(const Scenario& scenario);

double events_processed(const std::vector<ReplicationTally>& tallies);

// The run's files: summary.json, timeseries.csv and manifest.json, as (name, content).
RunSummary run_summary(const PreparedScenario& scenario, const ScenarioRun& run);
RunManifest run_manifest(const PreparedScenario& scenario, const ScenarioRun& run);
std::vector<std::pair<std::string, std::string>> run_output_files(const PreparedScenario& scenario,
                                                                  const ScenarioRun& run);

}  // namespace ehsim
