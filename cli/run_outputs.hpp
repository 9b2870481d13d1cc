#pragma once
// What `run` and `compare` both write for a simulated scenario: summary.json, timeseries.csv
// and manifest.json, built in one place so the two commands cannot drift apart.

#include <atomic>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/model.hpp"
#include "engine/monte_carlo.hpp"
#include "engine/staffing_search.hpp"

namespace CLI {
class App;
}

namespace ehsim::cli {

// --staffing-replications, shared by run and compare.
void add_staffing_replications_option(CLI::App* command, int& replications);

// How a scenario was run, for its manifest.
struct RunRecord {
  std::string command;  // "run" or "compare"
  MonteCarloOptions options;
  std::string started_utc;
  double wall_seconds = 0;
};

// Options for run_monte_carlo from the command line's choices and the scenario's defaults.
MonteCarloOptions monte_carlo_options(const Scenario& scenario,
                                      const std::optional<std::uint64_t>& seed,
                                      const std::optional<int>& replications, int threads,
                                      std::atomic<int>* completed);

nlohmann::json run_manifest(const Scenario& scenario, const std::vector<ReplicationTally>& tallies,
                            const RunRecord& record);

// (file name, content) of summary.json, timeseries.csv and manifest.json. `staffing`, when
// searched for, adds each service's FTE needed for its waiting standard to summary.json.
std::vector<std::pair<std::string, std::string>> run_output_files(
    const CompiledModel& model, const std::vector<ReplicationTally>& tallies,
    const RunRecord& record, const std::vector<StaffingNeed>& staffing = {});

// The FTE search for every capacity-limited service, with a line on stderr unless quiet.
std::vector<StaffingNeed> search_staffing(const Scenario& scenario, const MonteCarloOptions& run,
                                          int replications, bool quiet);

double events_processed(const std::vector<ReplicationTally>& tallies);

}  // namespace ehsim::cli
