#include "core/files.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include "core/diagnostics.hpp"

namespace ehsim {

namespace fs = std::filesystem;

namespace {

// How many temporary files may be written before the test hook fails the write (-1: never).
long fail_write_after() {
  const char* value = std::getenv("EHSIM_TEST_FAIL_WRITE_AFTER");
  if (value == nullptr || *value == '\0') return -1;
  return std::strtol(value, nullptr, 10);
}

}  // namespace

void write_files_atomically(const fs::path& dir,
                            const std::vector<std::pair<std::string, std::string>>& files) {
  fs::create_directories(dir);
  std::vector<std::pair<fs::path, fs::path>> renames;
  const long fail_after = fail_write_after();
  try {
    for (const auto& [name, content] : files) {
      const auto final_path = (dir / name).lexically_normal();
      if (!final_path.has_filename()) {
        throw std::runtime_error(
            fmt::format("cannot write '{}' in {}: not a file name", name, dir.string()));
      }
      fs::create_directories(final_path.parent_path());
      const auto temp_path = final_path.parent_path() /
                             fmt::format(".{}.tmp-{}", final_path.filename().string(), ::getpid());
      if (fail_after >= 0 && static_cast<long>(renames.size()) >= fail_after) {
        throw std::runtime_error(
            fmt::format("cannot write {}: no space left on device (EHSIM_TEST_FAIL_WRITE_AFTER={})",
                        temp_path.string(), fail_after));
      }
      std::ofstream out(temp_path, std::ios::binary | std::ios::trunc);
      out.write(content.data(), static_cast<std::streamsize>(content.size()));
      out.close();
      if (!out) {
        std::error_code ec;
        fs::remove(temp_path, ec);
        throw std::runtime_error("cannot write " + temp_path.string());
      }
      renames.emplace_back(temp_path, final_path);
    }
  } catch (...) {
    for (const auto& [temp, _] : renames) {
      std::error_code ec;
      fs::remove(temp, ec);
    }
    throw;
  }
  for (const auto& [temp, final_path] : renames) fs::rename(temp, final_path);
}

std::string utc_now_iso8601() {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", now);
}

namespace {

// What ehsim writes into an output directory.
const std::vector<std::string> kResultFiles = {
    "summary.json",   "timeseries.csv",        "manifest.json",       "comparison.json",
    "comparison.csv", "ehsim-comparison.xlsx", "report.html",         "report.pdf",
    "goal-seek.json", "goal-seek.csv",         "ehsim-goal-seek.xlsx"};

nlohmann::json read_json(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  try {
    return nlohmann::json::parse(text.str());
  } catch (const std::exception&) {
    return nullptr;
  }
}

// "run 20260101T120000Z-3f9a1c2b of 'Hertfordshire baseline' (ehsim run)", from the
// directory's manifest or comparison, or empty.
std::string who_wrote(const fs::path& dir) {
  for (const char* file : {"comparison.json", "manifest.json"}) {
    std::error_code ec;
    if (!fs::is_regular_file(dir / file, ec)) continue;
    const nlohmann::json doc = read_json(dir / file);
    if (!doc.is_object()) continue;
    std::string what;
    if (doc.contains("scenario_name") && doc.at("scenario_name").is_string()) {
      what = fmt::format(" of '{}'", doc.at("scenario_name").get<std::string>());
    } else if (doc.contains("baseline") && doc.at("baseline").is_object() &&
               doc.at("baseline").contains("name")) {
      what = fmt::format(" comparing with '{}'", doc.at("baseline").at("name").get<std::string>());
    }
    const std::string id = doc.contains("run_id") && doc.at("run_id").is_string()
                               ? doc.at("run_id").get<std::string>()
                               : std::string("without a run id");
    const std::string when = doc.contains("created_utc") && doc.at("created_utc").is_string()
                                 ? doc.at("created_utc").get<std::string>()
                             : doc.contains("finished_utc") && doc.at("finished_utc").is_string()
                                 ? doc.at("finished_utc").get<std::string>()
                                 : std::string();
    return fmt::format("run {}{}{}", id, what, when.empty() ? "" : ", written " + when);
  }
  return "";
}

}  // namespace

std::vector<std::string> results_in_directory(const fs::path& dir) {
  std::vector<std::string> found;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return found;
  for (const auto& name : kResultFiles) {
    if (fs::exists(dir / name, ec)) found.push_back(name);
  }
  if (fs::is_directory(dir / "scenarios", ec)) found.push_back("scenarios/");
  return found;
}

void check_output_directory(const fs::path& dir, const std::string& option, bool force) {
  Diagnostics problems;
  const std::string where = fmt::format("{} {}", option, dir.string());
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
    problems.add(
        "command line", "",
        fmt::format("{} is a file, not a directory; give a directory for the outputs", where));
    throw InputError(std::move(problems));
  }
  const auto found = results_in_directory(dir);
  if (!found.empty() && !force) {
    std::string list;
    for (const auto& f : found) list += (list.empty() ? "" : ", ") + f;
    const std::string writer = who_wrote(dir);
    problems.add("command line", "",
                 fmt::format("{} already holds results ({}{}); writing there would replace or "
                             "mix with them. Choose another directory, or add --force to "
                             "replace them",
                             where, list, writer.empty() ? "" : "; " + writer));
    throw InputError(std::move(problems));
  }
  // Can it be created and written? Try, and leave nothing behind.
  fs::path first_created;
  for (fs::path p = dir; !p.empty() && !fs::exists(p, ec); p = p.parent_path()) {
    first_created = p;
    if (p == p.parent_path()) break;
  }
  std::string why;
  fs::create_directories(dir, ec);
  if (ec) {
    why = ec.message();
  } else {
    const fs::path probe = dir / fmt::format(".ehsim-write-test-{}", ::getpid());
    {
      std::ofstream out(probe, std::ios::binary | std::ios::trunc);
      out << "ehsim";
      out.close();
      if (!out) why = "a file cannot be written there (permission denied or no space)";
    }
    fs::remove(probe, ec);
  }
  if (!first_created.empty()) fs::remove_all(first_created, ec);
  if (!why.empty()) {
    problems.add("command line", "",
                 fmt::format("{} cannot be used for the outputs: {}; choose a directory you can "
                             "write to",
                             where, why));
    throw InputError(std::move(problems));
  }
}

void remove_other_results(const fs::path& dir, const std::vector<std::string>& written) {
  std::set<std::string> keep(written.begin(), written.end());
  std::error_code ec;
  for (const auto& name : kResultFiles) {
    if (keep.count(name) == 0u) fs::remove(dir / name, ec);
  }
  // A comparison's scenario folders that this run did not write.
  if (!fs::is_directory(dir / "scenarios", ec)) return;
  bool any_written = false;
  for (const auto& name : written) any_written = any_written || name.rfind("scenarios/", 0) == 0;
  if (!any_written) {
    fs::remove_all(dir / "scenarios", ec);
    return;
  }
  for (const auto& entry : fs::directory_iterator(dir / "scenarios", ec)) {
    const std::string prefix = "scenarios/" + entry.path().filename().string() + "/";
    const bool ours = std::any_of(written.begin(), written.end(),
                                  [&](const std::string& n) { return n.rfind(prefix, 0) == 0; });
    if (!ours) fs::remove_all(entry.path(), ec);
  }
}

std::vector<std::pair<std::string, std::string>> run_ids_in_directory(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const char* name : {"comparison.json", "manifest.json", "summary.json"}) {
    files.push_back(dir / name);
  }
  std::error_code ec;
  if (fs::is_directory(dir / "scenarios", ec)) {
    std::vector<fs::path> scenario_dirs;
    for (const auto& entry : fs::directory_iterator(dir / "scenarios", ec)) {
      if (entry.is_directory()) scenario_dirs.push_back(entry.path());
    }
    std::sort(scenario_dirs.begin(), scenario_dirs.end());
    for (const auto& s : scenario_dirs) {
      files.push_back(s / "manifest.json");
      files.push_back(s / "summary.json");
    }
  }
  std::vector<std::pair<std::string, std::string>> ids;
  for (const auto& file : files) {
    if (!fs::is_regular_file(file, ec)) continue;
    const nlohmann::json doc = read_json(file);
    const std::string id = doc.is_object() && doc.contains("run_id") && doc.at("run_id").is_string()
                               ? doc.at("run_id").get<std::string>()
                               : std::string();
    ids.emplace_back(fs::relative(file, dir, ec).string(), id);
  }
  return ids;
}

}  // namespace ehsim
