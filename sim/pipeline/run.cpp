#include "pipeline/run.hpp"

#include <algorithm>
#include <chrono>
#include <random>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "core/files.hpp"
#include "core/version.hpp"
#include "results/run_results.hpp"

namespace ehsim {

RunSettings run_settings_for(const Scenario& scenario, const std::optional<std::uint64_t>& seed,
                             const std::optional<int>& replications, int threads) {
  RunSettings settings;
  settings.monte_carlo.seed = seed.value_or(scenario.seed);
  settings.monte_carlo.replications = replications.value_or(scenario.replications);
  settings.monte_carlo.threads = threads > 0 ? threads : default_thread_count();
  return settings;
}

std::string new_run_id() {
  std::random_device entropy;
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return fmt::format("{:%Y%m%dT%H%M%SZ}-{:08x}", now, entropy());
}

ScenarioRun simulate(const PreparedScenario& scenario, const RunSettings& settings) {
  ScenarioRun run;
  run.settings = settings;
  run.started_utc = utc_now_iso8601();
  const auto start = std::chrono::steady_clock::now();
  run.tallies = run_monte_carlo(scenario.model(), settings.monte_carlo);
  run.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return run;
}

int capacity_limited_services(const Scenario& scenario) {
  return static_cast<int>(std::count_if(scenario.services.begin(), scenario.services.end(),
                                        [](const Service& s) { return s.capacity_limited; }));
}

void search_staffing(const PreparedScenario& scenario, ScenarioRun& run) {
  if (run.settings.staffing_replications <= 0 ||
      capacity_limited_services(scenario.scenario()) == 0) {
    return;
  }
  StaffingSearchOptions search;
  search.replications = run.settings.staffing_replications;
  search.target_share = run.settings.waiting_share;
  run.staffing = find_staffing_needs(scenario.scenario(), run.settings.monte_carlo, search);
}

double events_processed(const std::vector<ReplicationTally>& tallies) {
  double events = 0;
  for (const auto& t : tallies) events += static_cast<double>(t.events_processed);
  return events;
}

namespace {

FteForWaitingStandard staffing_found(const StaffingNeed& need, const Service& service) {
  const double staff_per_practitioner = 1.0 + service.management_ratio + service.admin_ratio;
  FteForWaitingStandard found = fte_found(need);
  found.basis = "practitioner FTE, as fte_needed_for_demand and practitioner_fte_funded_at_end";
  found.total_fte_with_management_and_admin = need.fte_needed * staff_per_practitioner;
  found.places_missing_target = need.places_missing;
  found.share_within_standard_at_places_missing = need.share_at_places_missing;
  found.replications_per_evaluation = need.replications;
  found.evaluations = need.evaluations;
  found.method =
      "smallest whole number of places (over the whole horizon, other services as funded) at "
      "which the share of referred families allocated within the waiting standard, pooled over "
      "replications with common random numbers, reaches the target; bracketed from the funded "
      "places, then bisection to one place or 1%; see docs/capacity.md";
  return found;
}

}  // namespace

RunSummary run_summary(const PreparedScenario& scenario, const ScenarioRun& run) {
  RunSummary summary = build_summary(scenario.model(), run.tallies);
  summary.seed = run.settings.monte_carlo.seed;
  if (!run.settings.run_id.empty()) summary.run_id = run.settings.run_id;
  summary.waiting_standard_share = run.settings.waiting_share;
  for (const auto& need : run.staffing) {
    const auto service = summary.services_over_horizon.find(need.service);
    const auto& services = scenario.scenario().services;
    const auto scenario_service = std::find_if(
        services.begin(), services.end(), [&](const Service& s) { return s.id == need.service; });
    if (service == summary.services_over_horizon.end() || scenario_service == services.end())
      continue;
    service->second.fte_needed_for_waiting_standard = staffing_found(need, *scenario_service);
  }
  return summary;
}

RunManifest run_manifest(const PreparedScenario& prepared, const ScenarioRun& run) {
  const Scenario& scenario = prepared.scenario();
  double families = 0;
  for (const auto& t : run.tallies)
    families += static_cast<double>(t.families_initial + t.families_arrived);
  const MonteCarloOptions& options = run.settings.monte_carlo;
  RunManifest manifest;
  manifest.schema_version = kOutputSchemaVersion;
  if (!run.settings.run_id.empty()) manifest.run_id = run.settings.run_id;
  manifest.ehsim_version = version();
  manifest.git_commit = git_commit();
  manifest.command = run.settings.command;
  manifest.scenario_path = scenario.file;
  manifest.scenario_name = scenario.name;
  manifest.scenario_sha256 = scenario.resolved_sha256;
  manifest.seed = options.seed;
  manifest.replications = options.replications;
  manifest.threads = options.threads;
  manifest.waiting_standard_share = run.settings.waiting_share;
  manifest.staffing_replications = run.settings.staffing_replications;
  manifest.started_utc = run.started_utc;
  manifest.finished_utc = utc_now_iso8601();
  manifest.wall_seconds = run.wall_seconds;
  manifest.warm_up_years = scenario.warm_up_years;
  manifest.calibration = scenario.calibration;
  manifest.warm_up_with =
      run.settings.warm_up_with.empty() ? "this scenario" : run.settings.warm_up_with;
  manifest.families_simulated = families;
  manifest.events_processed = events_processed(run.tallies);
  manifest.random_streams =
      "Philox4x32-10 (Random123); counter = (draw / 2, purpose, family, replication), two draws "
      "per block, key = seed";
  return manifest;
}

std::vector<std::pair<std::string, std::string>> run_output_files(const PreparedScenario& scenario,
                                                                  const ScenarioRun& run) {
  return {{"summary.json", nlohmann::json(run_summary(scenario, run)).dump(2) + "\n"},
          {"timeseries.csv", time_series_csv(build_time_series(scenario.model(), run.tallies))},
          {"manifest.json", nlohmann::json(run_manifest(scenario, run)).dump(2) + "\n"}};
}

}  // namespace ehsim
