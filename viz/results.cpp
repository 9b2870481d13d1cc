#include "results.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include <fmt/ranges.h>

#include "core/csv.hpp"
#include "core/diagnostics.hpp"
#include "core/version.hpp"
#include "input/document.hpp"

namespace ehsim::viz {
namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const fs::path& file, const std::string& message) {
  Diagnostics diags;
  diags.add(file.string(), "", message);
  throw InputError(std::move(diags));
}

nlohmann::json read_json(const fs::path& file) {
  nlohmann::json out;
  Diagnostics diags;
  if (!parse_json_file(file, out, diags)) throw InputError(std::move(diags));
  if (!out.is_object()) fail(file, "expected a JSON object at the top level");
  // Files from another version of the outputs, or with no version (not written by ehsim, or by
  // one older than the versioned outputs), are refused rather than half understood.
  const auto written = out.find("schema_version");
  if (written == out.end()) {
    diags.add(file.string(), "/schema_version",
              fmt::format("is missing; ehsim writes it in every result file and this ehsim reads "
                          "schema version {}; re-run the simulation with this version",
                          kOutputSchemaVersion));
    throw InputError(std::move(diags));
  }
  if (!(written->is_number_integer() && written->get<int>() == kOutputSchemaVersion)) {
    diags.add(file.string(), "/schema_version",
              fmt::format("is {}; this ehsim reads results of schema version {} (written by "
                          "ehsim {}); re-run the simulation with this version",
                          written->dump(), kOutputSchemaVersion, ehsim::version()));
    throw InputError(std::move(diags));
  }
  return out;
}

nlohmann::json read_json_if_present(const fs::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return nullptr;
  return read_json(file);
}

double parse_number(const fs::path& file, int line_no, const std::string& text) {
  try {
    std::size_t used = 0;
    const double v = std::stod(text, &used);
    if (used != text.size()) throw std::invalid_argument(text);
    return v;
  } catch (const std::exception&) {
    fail(file, fmt::format("line {}: expected a number, found \"{}\"", line_no, text));
  }
}

std::vector<SeriesPoint> read_series(const fs::path& file) {
  std::vector<SeriesPoint> rows;
  std::error_code ec;
  if (!fs::exists(file, ec)) return rows;
  std::ifstream in(file, std::ios::binary);
  if (!in) fail(file, "cannot be opened for reading");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  std::vector<std::vector<std::string>> records;
  try {
    records = parse_csv(text);  // RFC 4180: ids with commas or quotes arrive quoted
  } catch (const std::invalid_argument& e) {
    fail(file, e.what());
  }
  if (records.empty()) fail(file, "is empty; expected a header line");
  const std::vector<std::string> expected = {"period_type", "period", "metric", "key", "unit",
                                             "mean",        "se",     "p05",    "p50", "p95"};
  if (records.front() != expected) {
    fail(file, fmt::format("line 1: expected the header \"{}\"", fmt::join(expected, ",")));
  }
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& f = records[r];
    const int line_no = static_cast<int>(r) + 1;
    if (f.size() == 1 && f[0].empty()) continue;
    if (f.size() != 10) {
      fail(file, fmt::format("record {}: expected 10 comma-separated fields, found {}", line_no,
                             f.size()));
    }
    rows.push_back({f[0], f[1], f[2], f[3], f[4], parse_number(file, line_no, f[5]),
                    parse_number(file, line_no, f[7]), parse_number(file, line_no, f[8]),
                    parse_number(file, line_no, f[9])});
  }
  return rows;
}

// The file's JSON as its type; a member missing or of the wrong type is an InputError naming
// the file and the member's JSON pointer.
template <typename T>
T typed(const nlohmann::json& j, const fs::path& file) {
  try {
    return j.get<T>();
  } catch (const ResultsFormatError& e) {
    Diagnostics diags;
    diags.add(file.string(), e.pointer(), e.problem());
    throw InputError(std::move(diags));
  }
}

ScenarioResults read_scenario_dir(const fs::path& dir, std::string name, std::string slug) {
  ScenarioResults s;
  s.dir = dir;
  const fs::path summary_file = dir / "summary.json";
  if (const auto summary = read_json_if_present(summary_file); !summary.is_null()) {
    s.summary = typed<RunSummary>(summary, summary_file);
  }
  const fs::path manifest_file = dir / "manifest.json";
  if (const auto manifest = read_json_if_present(manifest_file); !manifest.is_null()) {
    s.manifest = typed<RunManifest>(manifest, manifest_file);
  }
  s.series = read_series(dir / "timeseries.csv");
  if (name.empty()) {
    if (s.manifest) name = s.manifest->scenario_name;
    if (name.empty() && s.summary) name = s.summary->scenario;
    if (name.empty()) name = dir.filename().string();
  }
  s.name = std::move(name);
  s.slug = slug.empty() ? dir.filename().string() : std::move(slug);
  return s;
}

}  // namespace

std::optional<Stat> stat_at(const nlohmann::json& j, const std::string& key) {
  if (!j.is_object() || !j.contains(key)) return std::nullopt;
  const auto& s = j.at(key);
  if (!s.is_object()) return std::nullopt;
  for (const char* field : {"mean", "p05", "p50", "p95"}) {
    if (!s.contains(field) || !s.at(field).is_number()) return std::nullopt;
  }
  return Stat{s.at("mean").get<double>(), s.at("p05").get<double>(), s.at("p50").get<double>(),
              s.at("p95").get<double>()};
}

ResultsInput load_results(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) fail(dir, "no such results directory");
  if (!fs::is_directory(dir, ec)) fail(dir, "is not a directory; expected a results directory");
  ResultsInput input;
  input.dir = dir;
  const fs::path comparison_file = dir / "comparison.json";
  if (fs::exists(comparison_file, ec)) {
    input.comparison = read_json(comparison_file);
    input.results = typed<ComparisonResults>(input.comparison, comparison_file);
    const auto add_scenario = [&](const ScenarioIdentity& id) {
      input.scenarios.push_back(read_scenario_dir(dir / "scenarios" / id.slug, id.name, id.slug));
    };
    add_scenario(input.results.baseline);
    for (const auto& a : input.results.alternatives) add_scenario(a.scenario);
    return input;
  }
  if (!fs::exists(dir / "summary.json", ec)) {
    fail(dir,
         "holds neither comparison.json (from `ehsim compare`) nor summary.json (from "
         "`ehsim run`)");
  }
  input.scenarios.push_back(read_scenario_dir(dir, "", ""));
  return input;
}

nlohmann::json read_results_file(const fs::path& file) {
  return read_json(file);
}

}  // namespace ehsim::viz
