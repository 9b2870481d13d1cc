#include "run_outputs.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "progress.hpp"

namespace ehsim::cli {

void add_staffing_replications_option(CLI::App* command, int& replications) {
  command
      ->add_option("--staffing-replications", replications,
                   "Replications per evaluation in the search for the FTE each "
                   "capacity-limited service needs to meet its waiting standard (0 skips it)")
      ->capture_default_str()
      ->check(CLI::Range(0, 100000));
}

RunSettings command_run_settings(const Scenario& scenario, const char* command,
                                 const std::optional<std::uint64_t>& seed,
                                 const std::optional<int>& replications, int threads,
                                 int staffing_replications, std::atomic<int>* completed) {
  RunSettings settings = run_settings_for(scenario, seed, replications, threads);
  settings.command = command;
  settings.staffing_replications = staffing_replications;
  settings.monte_carlo.cancel = &cancel_requested();
  settings.monte_carlo.completed = completed;
  return settings;
}

void search_staffing_verbosely(const PreparedScenario& scenario, ScenarioRun& run, bool quiet) {
  const int limited = capacity_limited_services(scenario.scenario());
  if (!quiet && run.settings.staffing_replications > 0 && limited > 0) {
    fmt::print(stderr,
               "finding the FTE each of {} capacity-limited services needs to meet its waiting "
               "standard ({} replications per evaluation)...\n",
               limited, run.settings.staffing_replications);
  }
  // The progress counter belongs to the main run's bar, which has closed.
  run.settings.monte_carlo.completed = nullptr;
  search_staffing(scenario, run);
}

}  // namespace ehsim::cli
