#pragma once
// Reading a results directory for the report: either one `ehsim run` directory (summary.json,
// timeseries.csv, manifest.json) or one `ehsim compare` directory (comparison.json and
// scenarios/<slug>/ with a run's three files each). Anything absent is left empty so the report
// can omit the sections it would have fed; anything unreadable is an InputError. summary.json,
// manifest.json and comparison.json are turned into their types (RunSummary, RunManifest,
// ComparisonResults) here, once.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "economics/comparison_results.hpp"
#include "results/run_summary.hpp"

namespace ehsim::viz {

// A figure with its spread across replications (comparison.json's "S" and summary.json's
// summaries share these fields).
struct Stat {
  double mean = 0, p05 = 0, p50 = 0, p95 = 0;
};
inline Stat stat_of(const Estimate& e) {
  return {e.mean, e.p05, e.p50, e.p95};
}
inline Stat stat_of(const Summary& s) {
  return {s.mean, s.p05, s.p50, s.p95};
}
template <typename E>
std::optional<Stat> stat_of(const std::optional<E>& e) {
  return e ? std::optional<Stat>(stat_of(*e)) : std::nullopt;
}
// The Stat at j[key], if j is an object holding one.
std::optional<Stat> stat_at(const nlohmann::json& j, const std::string& key);

struct SeriesPoint {
  std::string period_type, period, metric, key, unit;
  double mean = 0, p05 = 0, p50 = 0, p95 = 0;
};

struct ScenarioResults {
  std::string name, slug;
  std::filesystem::path dir;
  std::optional<RunSummary> summary;    // none when the directory has no summary.json
  std::optional<RunManifest> manifest;  // none when it has no manifest.json
  std::vector<SeriesPoint> series;      // empty when it has no timeseries.csv
};

struct ResultsInput {
  std::filesystem::path dir;
  nlohmann::json comparison;  // null for a single run
  // comparison.json read once, here (empty for a single run). Only its `uncertainty` section
  // is read by key, from `comparison`.
  ComparisonResults results;
  std::vector<ScenarioResults> scenarios;  // the baseline first
  bool is_comparison() const { return !comparison.is_null(); }
};

// Throws InputError naming the file when the directory is missing, holds neither
// comparison.json nor summary.json, or a file in it cannot be read or parsed; for a member of
// comparison.json, summary.json or manifest.json that is missing or of the wrong type, naming
// its JSON pointer.
ResultsInput load_results(const std::filesystem::path& dir);

// One results file (goal-seek.json, say): an object of this program's schema version, else an
// InputError naming the file and what is wrong.
nlohmann::json read_results_file(const std::filesystem::path& file);

}  // namespace ehsim::viz
