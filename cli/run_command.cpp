#include "run_command.hpp"

#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "core/files.hpp"
#include "pipeline/run.hpp"
#include "progress.hpp"
#include "run_outputs.hpp"
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
          "  {}: {} practitioner FTE funded; {:.1f} practitioner FTE needed for {:.0f}% of "
          "families to start within {:g} days\n",
          service.label.empty() ? service.id : service.label, funded, need.fte_needed,
          100 * need.target_share, service.waiting_standard_days);
    }
  }
}

}  // namespace

int run_command(const RunArgs& args) {
  const PreparedScenario prepared = PreparedScenario::load(args.scenario);
  const Scenario& scenario = prepared.scenario();
  print_plausibility_warnings(scenario);
  // Before any simulation: an output directory that cannot be written, or holds results.
  check_output_directory_on_primary(args.out_dir, "--out", args.force);
  std::atomic<int> completed{0};
  RunSettings settings = command_run_settings(scenario, "run", args.seed, args.replications,
                                              args.threads, args.staffing_replications, &completed);
  settings.waiting_share = args.waiting_share;
  settings.run_id = new_run_id();
  ScenarioRun run;
  {
    ProgressBar bar(scenario.name, settings.monte_carlo.replications, completed, !args.quiet);
    run = simulate(prepared, settings);
  }
  // After the timing: wall_seconds and events/s describe the main simulation alone.
  search_staffing_verbosely(prepared, run, args.quiet);
  write_outputs(args.out_dir, run_output_files(prepared, run), args.force);
  if (!args.quiet) {
    fmt::print(
        "{}: {} replications in {:.1f}s ({:.3g} events/s); wrote {}/summary.json, "
        "timeseries.csv, manifest.json\n",
        scenario.name, settings.monte_carlo.replications, run.wall_seconds,
        events_processed(run.tallies) / std::max(run.wall_seconds, 1e-9), args.out_dir);
    print_staffing_needs(prepared.model(), run.staffing);
  }
  return 0;
}

Subcommand add_run_command(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  auto* cmd = app.add_subcommand(
      "run", "Simulate a scenario and write summary.json, timeseries.csv and manifest.json");
  cmd->add_option("scenario", args->scenario, "Scenario file (JSON)")
      ->required()
      ->type_name("FILE");
  cmd->add_option("--replications,-n", args->replications,
                  "Monte Carlo replications, 1 to 100,000 (default: the scenario's)")
      ->type_name("N")
      ->check(CLI::Range(1, 100000).description(""));
  cmd->add_option("--seed", args->seed, "Master random seed (default: the scenario's)")
      ->type_name("SEED");
  cmd->add_option("--threads,-j", args->threads, "Worker threads (default: all cores)")
      ->type_name("N")
      ->check(CLI::Range(1, 1024).description(""));
  add_output_options(cmd, args->out_dir, args->force);
  cmd->add_flag("--quiet,-q", args->quiet, "No progress bar or closing line");
  add_staffing_replications_option(cmd, args->staffing_replications);
  add_waiting_share_option(cmd, args->waiting_share);
  return {cmd, [args] { return run_command(*args); }};
}

}  // namespace ehsim::cli
