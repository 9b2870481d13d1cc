#pragma once
// What the report takes from outside the program: the chart libraries (installed from npm into
// viz/node_modules by scripts/setup.sh, found through EHSIM_VIZ_DIR), Graphviz's `dot` for the
// pathway diagram and headless Chromium for PDF.

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

namespace ehsim::viz {

// The chart libraries are not where the build said they would be.
class MissingAssets : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ChartLibraries {
  std::string vega, vega_lite, vega_embed;  // minified JavaScript, ready to inline
  std::string versions;                     // "Vega 6.4.0, Vega-Lite 6.4.1, vega-embed 7.3.0"
};

// The directory holding node_modules/: $EHSIM_VIZ_DIR if set, else the one compiled in.
std::filesystem::path viz_directory();
// Reads the three libraries; throws MissingAssets naming the missing file and the fix.
ChartLibraries load_chart_libraries();

// The first executable called `name` on PATH.
std::optional<std::filesystem::path> find_program(const std::string& name);
// Headless Chromium or Chrome, if installed.
std::optional<std::filesystem::path> find_chromium();

// Runs `dot -Tsvg` on the DOT text and returns the <svg> element alone (no XML prolog or
// DOCTYPE), or nullopt with `why` set when Graphviz is missing or fails.
std::optional<std::string> dot_to_svg(const std::string& dot, std::string& why);

// Prints the HTML file to an A4 PDF with headless Chromium. Throws std::runtime_error with a
// clear message when Chromium is missing or fails.
void print_to_pdf(const std::filesystem::path& html_file, const std::filesystem::path& pdf_file);

}  // namespace ehsim::viz
