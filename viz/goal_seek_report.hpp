#pragma once
// Goal-seek's page (`ehsim goal-seek`, docs/uncertainty.md §7): report.html beside
// goal-seek.json, in the committee report's style: the answer in a sentence, the chance of
// reaching the savings target against the service's budget as a chart and a table, and how the
// search was made. `ehsim report DIR` writes it again for a goal-seek directory.

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "external.hpp"

namespace ehsim::viz {

// A directory of goal-seek's results: goal-seek.json, and neither comparison.json nor
// summary.json.
bool is_goal_seek_directory(const std::filesystem::path& dir);

// The page for goal-seek.json's contents; `results_dir` is named in its footer. Throws
// InputError naming goal-seek.json's member that is missing or of the wrong type.
std::string goal_seek_report_html(const nlohmann::json& goal_seek, const std::string& results_dir,
                                  const ChartLibraries& libs);

// Reads results_dir/goal-seek.json and writes the page to `out_file`, whole or not at all.
// Throws InputError for a missing or unreadable file and MissingAssets without the chart
// libraries.
void write_goal_seek_report(const std::filesystem::path& results_dir,
                            const std::filesystem::path& out_file);

}  // namespace ehsim::viz
