#include "run_outputs.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "core/files.hpp"
#include "core/version.hpp"
#include "results/run_results.hpp"
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
          {"ehsim_version", version()},
          {"git_commit", git_commit()},
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
           "Philox4x32-10 (Random123); counter = (draw / 2, purpose, family, "
           "replication), two draws per block, key = seed"}};
}

void add_staffing_replications_option(CLI::App* command, int& replications) {
  command
      ->add_option("--staffing-replications", replications,
                   "Replications per evaluation in the search for the FTE each "
                   "capacity-limited service needs to meet its waiting standard (0 skips it)")
      ->capture_default_str()
      ->check(CLI::Range(0, 100000));
}

namespace {

nlohmann::json staffing_json(const StaffingNeed& need) {
  return {{"fte", need.fte_needed},
          {"places", need.places},
          {"target_share_within_standard", need.target_share},
          {"share_within_standard_at_fte", need.share_within_standard},
          {"places_missing_target", need.places_missing},
          {"share_within_standard_at_places_missing", need.share_at_places_missing},
          {"replications_per_evaluation", need.replications},
          {"evaluations", need.evaluations},
          {"method",
           "smallest whole number of places (over the whole horizon, other services as "
           "funded) at which the share of referred families allocated within the waiting "
           "standard, pooled over replications with common random numbers, reaches the "
           "target; bracketed from the funded places, then bisection to one place or 1%; see "
           "docs/capacity.md"}};
}

}  // namespace

std::vector<StaffingNeed> search_staffing(const Scenario& scenario, const MonteCarloOptions& run,
                                          int replications, bool quiet) {
  const auto limited = std::count_if(scenario.services.begin(), scenario.services.end(),
                                     [](const Service& s) { return s.capacity_limited; });
  if (replications <= 0 || limited == 0) return {};
  if (!quiet) {
    fmt::print(stderr,
               "finding the FTE each of {} capacity-limited services needs to meet its waiting "
               "standard ({} replications per evaluation)...\n",
               limited, replications);
  }
  StaffingSearchOptions search;
  search.replications = replications;
  return find_staffing_needs(scenario, run, search);
}

std::vector<std::pair<std::string, std::string>> run_output_files(
    const CompiledModel& model, const std::vector<ReplicationTally>& tallies,
    const RunRecord& record, const std::vector<StaffingNeed>& staffing) {
  nlohmann::json summary = build_summary(model, tallies);
  summary["seed"] = record.options.seed;
  for (const auto& need : staffing) {
    summary["services_over_horizon"][need.service]["fte_needed_for_waiting_standard"] =
        staffing_json(need);
  }
  return {{"summary.json", summary.dump(2) + "\n"},
          {"timeseries.csv", time_series_csv(build_time_series(model, tallies))},
          {"manifest.json", run_manifest(model.scenario, tallies, record).dump(2) + "\n"}};
}

}  // namespace ehsim::cli
