#pragma once
// The committee report: one self-contained HTML file (charts, data and the chart libraries
// inlined; no external URL) from an `ehsim run` or `ehsim compare` results directory.

#include <filesystem>
#include <string>

namespace ehsim::viz {

// Writes the report for `results_dir` to `out_file`, whole or not at all. Throws InputError
// for a missing or unreadable results directory and MissingAssets when the chart libraries
// are not installed.
void write_html_report(const std::filesystem::path& results_dir,
                       const std::filesystem::path& out_file);

// The report as text (what write_html_report writes).
std::string render_html_report(const std::filesystem::path& results_dir);

// The plain-English opening paragraph alone, as text without markup.
std::string summary_text(const std::filesystem::path& results_dir);

}  // namespace ehsim::viz
