// The reference workload of docs/performance.md: a county the size of Hertfordshire (the
// shipped baseline, 269,296 children), its ten-year horizon, N replications on T threads.
// Prints wall time for the simulation and for the summaries, events per second and peak
// memory. A program rather than a timed test: its figures are measurements, not pass/fail.
//
//   ehsim_bench [SCENARIO] [--replications N] [--threads T] [--seed S]

#include <sys/resource.h>

#include <chrono>
#include <string>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "engine/model.hpp"
#include "engine/monte_carlo.hpp"
#include "pipeline/prepared.hpp"
#include "results/run_results.hpp"

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double peak_resident_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ehsim reference workload benchmark"};
  std::string scenario_path = EHSIM_SOURCE_DIR "/scenarios/hertfordshire/baseline.json";
  ehsim::MonteCarloOptions options;
  options.replications = 1000;
  options.seed = 20180401;
  app.add_option("scenario", scenario_path, "Scenario file")->capture_default_str();
  app.add_option("--replications,-n", options.replications, "Replications")->capture_default_str();
  app.add_option("--threads,-j", options.threads, "Threads (0: all cores)")->capture_default_str();
  app.add_option("--seed", options.seed, "Seed")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  const ehsim::PreparedScenario prepared = ehsim::PreparedScenario::load(scenario_path);
  const ehsim::Scenario& scenario = prepared.scenario();
  const ehsim::CompiledModel& model = prepared.model();
  const int threads = options.threads > 0 ? options.threads : ehsim::default_thread_count();

  const auto start = std::chrono::steady_clock::now();
  const auto tallies = ehsim::run_monte_carlo(model, options);
  const double simulate_seconds = seconds_since(start);

  const auto summary_start = std::chrono::steady_clock::now();
  const auto series = ehsim::build_time_series(model, tallies);
  const auto summary = ehsim::build_summary(model, tallies);
  const double summary_seconds = seconds_since(summary_start);

  double events = 0, families = 0;
  for (const auto& t : tallies) {
    events += static_cast<double>(t.events_processed + t.stale_events);
    families += static_cast<double>(t.families_initial + t.families_arrived);
  }
  fmt::print("scenario            {}\n", scenario.name);
  fmt::print("children at start   {:.0f}\n", scenario.population.children);
  fmt::print("horizon             {:.0f} years\n", scenario.horizon_years);
  fmt::print("replications        {}\n", options.replications);
  fmt::print("threads             {}\n", threads);
  fmt::print("families simulated  {:.0f} ({:.0f} per replication)\n", families,
             families / options.replications);
  fmt::print("events              {:.0f} ({:.0f} per replication)\n", events,
             events / options.replications);
  fmt::print("simulation wall     {:.2f} s\n", simulate_seconds);
  fmt::print("summaries wall      {:.2f} s ({} series rows)\n", summary_seconds, series.size());
  fmt::print("total wall          {:.2f} s\n", simulate_seconds + summary_seconds);
  fmt::print("events per second   {:.3g}\n", events / simulate_seconds);
  fmt::print("peak memory         {:.0f} MiB\n", peak_resident_mib());
  // What calibration and PSA pay per parameter set before simulating: override one number by
  // JSON pointer, read the scenario again from memory with every check, and compile it.
  constexpr int kRecompiles = 20;
  const auto recompile_start = std::chrono::steady_clock::now();
  for (int i = 0; i < kRecompiles; ++i) {
    ehsim::ParameterSet parameters;
    parameters.set("/horizon_years", scenario.horizon_years);
    const auto changed = prepared.with_parameters(parameters);
    if (changed.model().transitions.size() != model.transitions.size()) return 1;
  }
  const double recompile_ms = 1e3 * seconds_since(recompile_start) / kRecompiles;
  const double replication_ms = 1e3 * simulate_seconds * threads / options.replications;
  fmt::print("override + compile  {:.2f} ms per parameter set (one replication: {:.1f} ms of "
             "one core)\n",
             recompile_ms, replication_ms);
  return summary.empty() ? 1 : 0;
}
