#pragma once
// Observed figures a baseline must reproduce: calibration/targets/<area>-<year>.json, generated
// from DfE statistics by calibration/extract_targets.py (calibration/README.md), plus any the
// calibration file adds itself (figures from other sources, or stated assumptions).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/diagnostics.hpp"

namespace ehsim {

enum class TargetKind { flow, stock, share };

struct ObservedTarget {
  std::string id;      // e.g. referrals_2017_18
  std::string metric;  // the DfE measure, one of target_metrics()
  std::string year;    // financial year, "2017-18"
  TargetKind kind = TargetKind::flow;
  double observed = 0;
  double standard_error = 0;  // how far the real figure moves from year to year
  std::string uncertainty_reason;
  bool holdout = false;     // not fitted: forecast and shown against the observation
  std::string source;       // publication, table and cell; or the assumption
  bool assumption = false;  // the figure is a stated assumption, not a statistic
  std::string unit;
};

struct PopulationPoint {
  std::string year;
  double children = 0;
};

struct TargetSet {
  std::string file;
  std::string area;
  std::string publication;  // "DfE, Characteristics of children in need: 2017 to 2018, ..."
  std::vector<ObservedTarget> targets;
  std::vector<PopulationPoint> population;
  double population_trend_per_year = 0;
};

// The metrics a target may name, each simulated by the engine: the names of the one table in
// calibration/metrics.cpp, which also says how each is computed.
const std::vector<std::string>& target_metrics();

// Reads a target file. Problems (missing keys, unknown metrics, negative uncertainty) go to
// `diagnostics` with the file and pointer.
TargetSet read_target_file(const std::filesystem::path& path, Diagnostics& diagnostics);

// One target written in a calibration file (same keys as in a target file, with "source" or
// "assumption" as text). `pointer` locates it for messages.
ObservedTarget read_target(const nlohmann::json& value, const std::string& file,
                           const std::string& pointer, Diagnostics& diagnostics);

// "2017-18" -> 2017 (the calendar year the financial year starts in); nullopt when malformed.
std::optional<int> financial_year_start(const std::string& year);

}  // namespace ehsim
