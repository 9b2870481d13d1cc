#include "run_command.hpp"

#include <chrono>
#include <memory>

#include <fmt/format.h>

#include "engine/model.hpp"
#include "engine/monte_carlo.hpp"
#include "output/files.hpp"
#include "output/run_results.hpp"
#include "progress.hpp"
#include "scenario/loader.hpp"
#include "subcommand.hpp"

namespace ehsim::cli {

int run_command(const RunArgs& args) {
  const Scenario scenario = load_scenario(args.scenario);
  const CompiledModel model(scenario);
  MonteCarloOptions options;
  options.seed = args.seed.value_or(scenario.seed);
  options.replications = args.replications.value_or(scenario.replications);
  options.threads = args.threads > 0 ? args.threads : default_thread_count();
  options.cancel = &cancel_requested();
  std::atomic<int> completed{0};
  options.completed = &completed;

  const std::string started = utc_now_iso8601();
  const auto clock_start = std::chrono::steady_clock::now();
  std::vector<ReplicationTally> tallies;
  {
    ProgressBar bar(fmt::format("{}", scenario.name), options.replications, completed, !args.quiet);
    tallies = run_monte_carlo(model, options);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - clock_start).count();

  nlohmann::json summary = build_summary(model, tallies);
  summary["seed"] = options.seed;
  const auto series = build_time_series(model, tallies);

  double families = 0, events = 0;
  for (const auto& t : tallies) {
    families += static_cast<double>(t.families_initial + t.families_arrived);
    events += static_cast<double>(t.events_processed);
  }
  const nlohmann::json manifest = {
      {"schema_version", 1},
      {"ehsim_version", EHSIM_VERSION},
      {"git_commit", EHSIM_GIT_COMMIT},
      {"command", "run"},
      {"scenario_path", scenario.file},
      {"scenario_name", scenario.name},
      {"scenario_sha256", scenario.resolved_sha256},
      {"seed", options.seed},
      {"replications", options.replications},
      {"threads", options.threads},
      {"started_utc", started},
      {"finished_utc", utc_now_iso8601()},
      {"wall_seconds", seconds},
      {"families_simulated", families},
      {"events_processed", events},
      {"random_streams", "Philox4x32-10 (Random123); counter = (draw, purpose, family, replication), key = seed"}};
  write_files_atomically(args.out_dir, {{"summary.json", summary.dump(2) + "\n"},
                                        {"timeseries.csv", time_series_csv(series)},
                                        {"manifest.json", manifest.dump(2) + "\n"}});
  if (!args.quiet) {
    fmt::print("{}: {} replications in {:.1f}s ({:.3g} events/s); wrote {}/summary.json, "
               "timeseries.csv, manifest.json\n",
               scenario.name, options.replications, seconds, events / std::max(seconds, 1e-9),
               args.out_dir);
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
  return {cmd, [args] { return run_command(*args); }};
}

}  // namespace ehsim::cli
