#include "run_outputs.hpp"

#include "output/files.hpp"
#include "output/run_results.hpp"
#include "progress.hpp"

namespace ehsim::cli {

MonteCarloOptions monte_carlo_options(const Scenario& scenario,
                                      const std::optional<std::uint64_t>& seed,
                                      const std::optional<int>& replications, int threads,
                                      std::atomic<int>* completed) {
  MonteCarloOptions options;
  options.seed = seed.value_or(scenario.seed);
  options.replications = replications.value_or(scenario.replications);
  options.threads = threads > 0 ? threads : default_thread_count();
  options.cancel = &cancel_requested();
  options.completed = completed;
  return options;
}

double events_processed(const std::vector<ReplicationTally>& tallies) {
  double events = 0;
  for (const auto& t : tallies) events += static_cast<double>(t.events_processed);
  return events;
}

nlohmann::json run_manifest(const Scenario& scenario, const std::vector<ReplicationTally>& tallies,
                            const RunRecord& record) {
  double families = 0;
  for (const auto& t : tallies)
    families += static_cast<double>(t.families_initial + t.families_arrived);
  return {{"schema_version", 1},
          {"ehsim_version", EHSIM_VERSION},
          {"git_commit", EHSIM_GIT_COMMIT},
          {"command", record.command},
          {"scenario_path", scenario.file},
          {"scenario_name", scenario.name},
          {"scenario_sha256", scenario.resolved_sha256},
          {"seed", record.options.seed},
          {"replications", record.options.replications},
          {"threads", record.options.threads},
          {"started_utc", record.started_utc},
          {"finished_utc", utc_now_iso8601()},
          {"wall_seconds", record.wall_seconds},
          {"families_simulated", families},
          {"events_processed", events_processed(tallies)},
          {"random_streams",
           "Philox4x32-10 (Random123); counter = (draw, purpose, family, "
           "replication), key = seed"}};
}

std::vector<std::pair<std::string, std::string>> run_output_files(
    const CompiledModel& model, const std::vector<ReplicationTally>& tallies,
    const RunRecord& record) {
  nlohmann::json summary = build_summary(model, tallies);
  summary["seed"] = record.options.seed;
  return {{"summary.json", summary.dump(2) + "\n"},
          {"timeseries.csv", time_series_csv(build_time_series(model, tallies))},
          {"manifest.json", run_manifest(model.scenario, tallies, record).dump(2) + "\n"}};
}

}  // namespace ehsim::cli
