#include "run_outputs.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "core/files.hpp"
#include "engine/process_group.hpp"
#include "progress.hpp"
#include "scenario/plausibility.hpp"
#include "subcommand.hpp"
#include "viz/external.hpp"

namespace ehsim::cli {

void add_staffing_replications_option(CLI::App* command, int& replications) {
  command
      ->add_option("--staffing-replications", replications,
                   fmt::format("Replications per evaluation in the search for the FTE each "
                               "capacity-limited service needs to meet its waiting standard; 0 "
                               "skips the search (default: {})",
                               replications))
      ->type_name("N")
      ->check(CLI::Range(0, 100000).description(""));
}

void add_waiting_share_option(CLI::App* command, double& share) {
  command
      ->add_option("--waiting-share", share,
                   fmt::format("Share of referred families the staffing search's FTE must start "
                               "within each service's waiting standard, above 0 and at most 1 "
                               "(default: {:g})",
                               share))
      ->type_name("SHARE")
      ->check(CLI::Range(1e-9, 1.0).description(""));
}

void add_output_options(CLI::App* command, std::string& out_dir, bool& force) {
  command
      ->add_option("--out,-o", out_dir,
                   fmt::format("Output directory; refused if it already holds results, unless "
                               "--force (default: {})",
                               out_dir))
      ->type_name("DIR");
  command->add_flag("--force", force,
                    "Replace the results already in the output directory (they are removed "
                    "once the new ones are written)");
}

void print_plausibility_warnings(const Scenario& scenario) {
  fmt::print(stderr, "{}", format_warnings(scenario.file, plausibility_warnings(scenario)));
}

void check_output_directory_on_primary(const std::filesystem::path& dir, const std::string& option,
                                       bool force) {
  decide_on_primary([&] { check_output_directory(dir, option, force); });
}

void write_outputs(const std::filesystem::path& out,
                   const std::vector<std::pair<std::string, std::string>>& files, bool force) {
  if (!is_primary_process()) return;
  write_files_atomically(out, files);
  if (!force) return;
  std::vector<std::string> written;
  for (const auto& [name, _] : files) written.push_back(name);
  remove_other_results(out, written);
}

int write_page_last(const char* command, const std::filesystem::path& out, bool quiet,
                    const std::function<void(const std::filesystem::path& file)>& write) {
  if (!is_primary_process()) return kExitOk;  // the primary process of an MPI job writes it
  try {
    write(out / "report.html");
  } catch (const viz::MissingAssets& e) {
    fmt::print(stderr,
               "ehsim {}: the results are written but report.html is not: {}\n"
               "  (once that is fixed: ehsim report {})\n",
               command, e.what(), out.string());
    return kExitInternal;
  }
  if (!quiet) fmt::print("wrote {}/report.html\n", out.string());
  return kExitOk;
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
