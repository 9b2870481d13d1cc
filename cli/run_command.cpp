#include "run_command.hpp"

#include <algorithm>
#include <chrono>
#include <memory>

#include <fmt/format.h>

#include "engine/model.hpp"
#include "engine/monte_carlo.hpp"
#include "core/files.hpp"
#include "progress.hpp"
#include "run_outputs.hpp"
#include "input/loader.hpp"
#include "subcommand.hpp"

namespace ehsim::cli {

namespace {

// One line per searched service: what its budget buys against what its standard needs.
void print_staffing_needs(const CompiledModel& model, const std::vector<StaffingNeed>& needs) {
  for (const auto& need : needs) {
    for (std::size_t k = 0; k < model.scenario.services.size(); ++k) {
      const Service& service = model.scenario.services[k];
      if (service.id != need.service) continue;
      const auto& steps = model.services[k].places;
      const double first = steps.front().practitioner_fte, last = steps.back().practitioner_fte;
      const std::string funded = first == last ? fmt::format("{:.1f}", first)
                                               : fmt::format("{:.1f} → {:.1f}", first, last);
      fmt::print(
          "  {}: {} practitioner FTE funded; {:.1f} needed for 90% of families to start "
          "within {:g} days\n",
          service.label.empty() ? service.id : service.label, funded, need.fte_needed,
          service.waiting_standard_days);
    }
  }
}

}  // namespace

int run_command(const RunArgs& args) {
  const Scenario scenario = load_scenario(args.scenario);
  const CompiledModel model(scenario);
  std::atomic<int> completed{0};
  RunRecord record{
      "run", monte_carlo_options(scenario, args.seed, args.replications, args.threads, &completed),
      utc_now_iso8601(), 0.0};
  const auto clock_start = std::chrono::steady_clock::now();
  std::vector<ReplicationTally> tallies;
  {
    ProgressBar bar(fmt::format("{}", scenario.name), record.options.replications, completed,
                    !args.quiet);
    tallies = run_monte_carlo(model, record.options);
  }
  record.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - clock_start).count();
  // After the timing: wall_seconds and events/s describe the main simulation alone.
  const auto staffing =
      search_staffing(scenario, record.options, args.staffing_replications, args.quiet);
  write_files_atomically(args.out_dir, run_output_files(model, tallies, record, staffing));
  if (!args.quiet) {
    const double events = events_processed(tallies);
    fmt::print(
        "{}: {} replications in {:.1f}s ({:.3g} events/s); wrote {}/summary.json, "
        "timeseries.csv, manifest.json\n",
        scenario.name, record.options.replications, record.wall_seconds,
        events / std::max(record.wall_seconds, 1e-9), args.out_dir);
    print_staffing_needs(model, staffing);
  }
  return 0;
}

Subcommand add_run_command(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  auto* cmd = app.add_subcommand(
      "run", "Simulate a scenario and write summary.json, timeseries.csv and manifest.json");
  cmd->add_option("scenario", args->scenario, "Scenario file (JSON)")->required();
  cmd->add_option("--replications,-n", args->replications,
                  "Monte Carlo replications (default: the scenario's)")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--seed", args->seed, "Master random seed (default: the scenario's)");
  cmd->add_option("--threads,-j", args->threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--out,-o", args->out_dir, "Output directory")->capture_default_str();
  cmd->add_flag("--quiet,-q", args->quiet, "No progress bar or closing line");
  add_staffing_replications_option(cmd, args->staffing_replications);
  return {cmd, [args] { return run_command(*args); }};
}

}  // namespace ehsim::cli
