#pragma once
// What `run` and `compare` share on the command line: the staffing-search option, the run
// settings with Ctrl-C and progress wired in, and the staffing search with its line on stderr;
// and, with goal-seek, how outputs and the page after them are written.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/run.hpp"

namespace CLI {
class App;
}

namespace ehsim::cli {

// --staffing-replications, shared by run and compare.
void add_staffing_replications_option(CLI::App* command, int& replications);
// --waiting-share: the share of families the staffing search's FTE must start within the
// waiting standard.
void add_waiting_share_option(CLI::App* command, double& share);
// --out and --force.
void add_output_options(CLI::App* command, std::string& out_dir, bool& force);

// Plausibility warnings about a scenario, on stderr (never an error).
void print_plausibility_warnings(const Scenario& scenario);

// check_output_directory (core/files.hpp) made once for every process of an MPI job, by the
// primary: each would otherwise create and remove the same trial directory while the others
// look at it. Alone, it is check_output_directory.
void check_output_directory_on_primary(const std::filesystem::path& dir, const std::string& option,
                                       bool force);

// Writes a command's outputs into `out` all together (every temporary file before any rename),
// then, when forced, removes the results of other runs that were there. Only the primary
// process of an MPI job writes; the others hold the same results and write nothing.
void write_outputs(const std::filesystem::path& out,
                   const std::vector<std::pair<std::string, std::string>>& files, bool force);

// A command's HTML page, written last from the files on disk by `write(file)` (into
// out/report.html) on the primary process. The results are complete without it: when the chart
// libraries are missing (viz::MissingAssets) `command` says so on stderr, with how to write it
// later, and the exit code is 1 (kExitInternal); otherwise 0.
int write_page_last(const char* command, const std::filesystem::path& out, bool quiet,
                    const std::function<void(const std::filesystem::path& file)>& write);

// The scenario's seed and replications unless given; Ctrl-C cancels; `completed` counts
// finished replications for the progress bar.
RunSettings command_run_settings(const Scenario& scenario, const char* command,
                                 const std::optional<std::uint64_t>& seed,
                                 const std::optional<int>& replications, int threads,
                                 int staffing_replications, std::atomic<int>* completed);

// The FTE search for every capacity-limited service, with a line on stderr unless quiet.
void search_staffing_verbosely(const PreparedScenario& scenario, ScenarioRun& run, bool quiet);

}  // namespace ehsim::cli
