// The reference workload of docs/performance.md: the shipped Hertfordshire baseline (its
// five-year warm-up and ten-year horizon), N replications on T threads. Prints wall time,
// events per second, nanoseconds per event per core and peak memory; then, in the same process,
// the floor (a bare heap-driven event loop over as many families and events) and the ratio to
// it; with --scaling, time against county size and against threads. A program rather than a
// timed test: its figures are measurements, not pass/fail.
//
//   ehsim_bench [SCENARIO] [--replications N] [--threads T] [--seed S] [--scaling]

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "engine/model.hpp"
#include "engine/monte_carlo.hpp"
#include "event_loop_floor.hpp"
#include "input/parameters.hpp"
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

// Processor time of the whole process (all threads), user and system: on a shared machine it
// moves less than wall time when other work competes for the cores.
double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_usec);
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

struct Workload {
  double seconds = 0;
  double cpu_seconds = 0;
  double families_per_replication = 0;
  double events_per_replication = 0;
  double stale_per_replication = 0;  // popped, but drawn before the family's state changed
};

Workload simulate(const ehsim::CompiledModel& model, const ehsim::MonteCarloOptions& options,
                  std::vector<ehsim::ReplicationTally>* kept = nullptr) {
  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = cpu_seconds();
  auto tallies = ehsim::run_monte_carlo(model, options);
  Workload w;
  w.seconds = seconds_since(start);
  w.cpu_seconds = cpu_seconds() - cpu_start;
  for (const auto& t : tallies) {
    w.events_per_replication += static_cast<double>(t.events_processed + t.stale_events);
    w.stale_per_replication += static_cast<double>(t.stale_events);
    w.families_per_replication += static_cast<double>(t.families_initial + t.families_arrived);
  }
  w.events_per_replication /= options.replications;
  w.stale_per_replication /= options.replications;
  w.families_per_replication /= options.replications;
  if (kept != nullptr) *kept = std::move(tallies);
  return w;
}

double ns_per_event_per_core(const Workload& w, int threads, int replications) {
  return 1e9 * w.seconds * threads / (w.events_per_replication * replications);
}

// The same county scaled by `factor`: its children, births and moves in, its starting caseloads
// and its services' budgets (so places per family, and so waiting, stay as they are).
ehsim::PreparedScenario scaled(const ehsim::PreparedScenario& prepared, double factor) {
  const nlohmann::json& doc = prepared.document().merged;
  ehsim::ParameterSet parameters;
  parameters.origin = "benchmark scaling";
  const auto scale = [&](const std::string& pointer, bool whole) {
    const double value = factor * ehsim::number_at(prepared.document(), pointer);
    parameters.set(pointer, whole ? std::round(value) : value);
  };
  scale("/population/children", true);
  for (const char* flow : {"births_per_year", "families_moving_in_per_year"}) {
    if (doc["population"].contains(flow)) scale(std::string("/population/") + flow, false);
  }
  const auto caseloads = doc.value("initial_caseloads", nlohmann::json::object());
  for (const auto& [state, caseload] : caseloads.items()) {
    for (const char* unit : {"children", "families"}) {
      if (caseload.contains(unit)) scale("/initial_caseloads/" + state + "/" + unit, true);
    }
  }
  for (const auto& [service, spec] : doc.value("services", nlohmann::json::object()).items()) {
    if (spec.contains("budget_per_year")) scale("/services/" + service + "/budget_per_year", false);
  }
  return prepared.with_parameters(parameters);
}

void print_floor(const Workload& w, int threads, int replications) {
  const double simulator = ns_per_event_per_core(w, threads, replications);
  fmt::print("floor: a bare event loop over {:.0f} families and {:.0f} events, one core\n",
             w.families_per_replication, w.events_per_replication);
  fmt::print("  simulator         {:.1f} ns per event per core\n", simulator);
  for (const auto& [pending, name] :
       {std::pair{ehsim::bench::PendingSet::binary_heap, "binary heap"},
        std::pair{ehsim::bench::PendingSet::calendar_queue, "calendar queue"}}) {
    // Repeated, the fastest run kept: the least an event can cost.
    ehsim::bench::FloorMeasurement best;
    for (int i = 0; i < 3; ++i) {
      const auto m = ehsim::bench::measure_event_loop_floor(
          pending, static_cast<std::uint32_t>(w.families_per_replication),
          static_cast<std::uint64_t>(w.events_per_replication), 20180401u + i);
      if (i == 0 || m.ns_per_event < best.ns_per_event) best = m;
    }
    fmt::print("  {:<17} {:.1f} ns per event; simulator / floor {:.1f}x (checksum {})\n", name,
               best.ns_per_event, simulator / best.ns_per_event, best.checksum);
  }
}

void print_scaling(const ehsim::PreparedScenario& prepared, const Workload& reference,
                   const ehsim::MonteCarloOptions& options) {
  const int threads = options.threads > 0 ? options.threads : ehsim::default_thread_count();
  fmt::print("\nscaling: {} replications each, {} threads\n", options.replications, threads);
  fmt::print("  {:>12} {:>12} {:>14} {:>10} {:>14}\n", "families", "children", "events/rep",
             "wall s", "ns/event/core");
  for (const double families : {50e3, 100e3, 300e3, 1e6}) {
    const double factor = families / reference.families_per_replication;
    const auto county = scaled(prepared, factor);
    const Workload w = simulate(county.model(), options);
    fmt::print("  {:>12.0f} {:>12.0f} {:>14.0f} {:>10.2f} {:>14.1f}\n", w.families_per_replication,
               county.scenario().population.children, w.events_per_replication, w.seconds,
               ns_per_event_per_core(w, threads, options.replications));
  }
  fmt::print("\nthreads: the reference county, {} replications\n", options.replications);
  fmt::print("  {:>8} {:>10} {:>14}\n", "threads", "wall s", "speed-up");
  double one_thread = 0;
  for (const int t : {1, 2}) {
    ehsim::MonteCarloOptions o = options;
    o.threads = t;
    const Workload w = simulate(prepared.model(), o);
    if (t == 1) one_thread = w.seconds;
    fmt::print("  {:>8} {:>10.2f} {:>14.2f}\n", t, w.seconds, one_thread / w.seconds);
  }
}

void print_recompile_cost(const ehsim::PreparedScenario& prepared, double replication_ms) {
  // What calibration and PSA pay per parameter set before simulating: override one number by
  // JSON pointer, read the scenario again from memory with every check, and compile it.
  constexpr int kRecompiles = 20;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kRecompiles; ++i) {
    ehsim::ParameterSet parameters;
    parameters.set("/horizon_years", prepared.scenario().horizon_years);
    const auto changed = prepared.with_parameters(parameters);
    if (changed.model().transitions.size() != prepared.model().transitions.size()) return;
  }
  fmt::print(
      "override + compile  {:.2f} ms per parameter set (one replication: {:.1f} ms of "
      "one core)\n",
      1e3 * seconds_since(start) / kRecompiles, replication_ms);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ehsim reference workload benchmark"};
  std::string scenario_path = EHSIM_SOURCE_DIR "/scenarios/hertfordshire/baseline.json";
  ehsim::MonteCarloOptions options;
  options.replications = 1000;
  options.seed = 20180401;
  bool scaling = false;
  int scaling_replications = 10;
  app.add_option("scenario", scenario_path, "Scenario file")->capture_default_str();
  app.add_option("--replications,-n", options.replications, "Replications")->capture_default_str();
  app.add_option("--threads,-j", options.threads, "Threads (0: all cores)")->capture_default_str();
  app.add_option("--seed", options.seed, "Seed")->capture_default_str();
  app.add_flag("--scaling", scaling, "Also time 50k-1m families and 1 and 2 threads");
  app.add_option("--scaling-replications", scaling_replications, "Replications per scaling run")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  const ehsim::PreparedScenario prepared = ehsim::PreparedScenario::load(scenario_path);
  const ehsim::Scenario& scenario = prepared.scenario();
  const ehsim::CompiledModel& model = prepared.model();
  const int threads = options.threads > 0 ? options.threads : ehsim::default_thread_count();

  std::vector<ehsim::ReplicationTally> tallies;
  const Workload w = simulate(model, options, &tallies);
  const auto summary_start = std::chrono::steady_clock::now();
  const auto series = ehsim::build_time_series(model, tallies);
  const auto summary = ehsim::build_summary(model, tallies);
  const double summary_seconds = seconds_since(summary_start);
  const double peak_mib = peak_resident_mib();  // before the floor and scaling runs add theirs

  fmt::print("scenario            {}\n", scenario.name);
  fmt::print("children at start   {:.0f}\n", scenario.population.children);
  fmt::print("years simulated     {} warm-up + {:.0f}\n", scenario.warm_up_years,
             scenario.horizon_years);
  fmt::print("replications        {}\n", options.replications);
  fmt::print("threads             {}\n", threads);
  fmt::print("families simulated  {:.0f} per replication\n", w.families_per_replication);
  fmt::print("events              {:.0f} per replication ({:.0f} of them stale)\n",
             w.events_per_replication, w.stale_per_replication);
  fmt::print("simulation wall     {:.2f} s\n", w.seconds);
  fmt::print("simulation cpu      {:.2f} s (all threads)\n", w.cpu_seconds);
  fmt::print("summaries wall      {:.2f} s ({} series rows)\n", summary_seconds, series.size());
  fmt::print("total wall          {:.2f} s\n", w.seconds + summary_seconds);
  fmt::print("events per second   {:.3g}\n",
             w.events_per_replication * options.replications / w.seconds);
  fmt::print("ns per event        {:.1f} per core\n",
             ns_per_event_per_core(w, threads, options.replications));
  fmt::print("peak memory         {:.0f} MiB\n", peak_mib);
  print_recompile_cost(prepared, 1e3 * w.seconds * threads / options.replications);
  print_floor(w, threads, options.replications);
  if (scaling) {
    ehsim::MonteCarloOptions o = options;
    o.replications = scaling_replications;
    print_scaling(prepared, w, o);
  }
  return summary.by_financial_year.empty() ? 1 : 0;
}
