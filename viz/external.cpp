#include "external.hpp"

#include <unistd.h>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace ehsim::viz {
namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw MissingAssets(fmt::format("cannot read {}", path.string()));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Drops "//# sourceMappingURL=..." comments: they point at files the report does not carry.
std::string without_source_map(std::string js) {
  const std::string marker = "//# sourceMappingURL=";
  for (auto at = js.find(marker); at != std::string::npos; at = js.find(marker, at)) {
    const auto end = js.find('\n', at);
    js.erase(at, end == std::string::npos ? std::string::npos : end - at);
  }
  return js;
}

std::string library(const fs::path& root, const std::string& package, const std::string& file,
                    std::string& versions, const std::string& display) {
  const fs::path path = root / "node_modules" / package / "build" / file;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    throw MissingAssets(fmt::format(
        "the chart library {} is missing: expected {}. Install it with scripts/setup.sh (npm ci "
        "in viz/), or point EHSIM_VIZ_DIR at a directory holding node_modules/{}",
        display, path.string(), package));
  }
  std::string version = "?";
  try {
    const auto manifest =
        nlohmann::json::parse(read_file(root / "node_modules" / package / "package.json"));
    version = manifest.value("version", "?");
  } catch (const std::exception&) {
    // The version is for the record only; the library itself was found.
  }
  if (!versions.empty()) versions += ", ";
  versions += display + " " + version;
  return without_source_map(read_file(path));
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (const char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

fs::path unique_temp_path(const std::string& stem, const std::string& extension) {
  static int counter = 0;
  return fs::temp_directory_path() /
         fmt::format("ehsim-{}-{}-{}{}", stem, ::getpid(), ++counter, extension);
}

}  // namespace

fs::path viz_directory() {
  if (const char* env = std::getenv("EHSIM_VIZ_DIR"); env != nullptr && *env != '\0') return env;
  return EHSIM_VIZ_DIR;
}

ChartLibraries load_chart_libraries() {
  const fs::path root = viz_directory();
  ChartLibraries libs;
  libs.vega = library(root, "vega", "vega.min.js", libs.versions, "Vega");
  libs.vega_lite = library(root, "vega-lite", "vega-lite.min.js", libs.versions, "Vega-Lite");
  libs.vega_embed = library(root, "vega-embed", "vega-embed.min.js", libs.versions, "vega-embed");
  return libs;
}

std::optional<fs::path> find_program(const std::string& name) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return std::nullopt;
  std::istringstream dirs(path);
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (dir.empty()) continue;
    const fs::path candidate = fs::path(dir) / name;
    if (::access(candidate.c_str(), X_OK) == 0 && !fs::is_directory(candidate)) return candidate;
  }
  return std::nullopt;
}

std::optional<fs::path> find_chromium() {
  for (const char* name :
       {"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}) {
    if (auto found = find_program(name)) return found;
  }
  return std::nullopt;
}

std::optional<std::string> dot_to_svg(const std::string& dot, std::string& why) {
  const auto program = find_program("dot");
  if (!program) {
    why = "Graphviz's dot is not installed (scripts/setup.sh installs it)";
    return std::nullopt;
  }
  const fs::path input = unique_temp_path("pathway", ".dot");
  {
    std::ofstream out(input, std::ios::binary);
    out << dot;
    if (!out) {
      why = fmt::format("cannot write {}", input.string());
      return std::nullopt;
    }
  }
  const std::string command = fmt::format("{} -Tsvg {} 2>/dev/null", shell_quote(program->string()),
                                          shell_quote(input.string()));
  std::string svg;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe != nullptr) {
    std::array<char, 8192> buffer{};
    std::size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
      svg.append(buffer.data(), n);
    const int status = ::pclose(pipe);
    if (status != 0) svg.clear();
  }
  std::error_code ec;
  fs::remove(input, ec);
  const auto start = svg.find("<svg");
  if (start == std::string::npos) {
    why = "Graphviz's dot could not draw the pathway";
    return std::nullopt;
  }
  return svg.substr(start);
}

void print_to_pdf(const fs::path& html_file, const fs::path& pdf_file) {
  const auto chromium = find_chromium();
  if (!chromium) {
    throw std::runtime_error(
        "--pdf needs headless Chromium, which is not installed (Debian: apt-get install "
        "chromium; scripts/setup.sh installs it). The HTML report was written and prints to "
        "A4 from any browser.");
  }
  const fs::path profile = unique_temp_path("chromium-profile", "");
  const fs::path temp_pdf = pdf_file.parent_path() / (pdf_file.filename().string() + ".tmp");
  const std::string command = fmt::format(
      "{} --headless --disable-gpu --no-sandbox --no-first-run --disable-background-networking "
      "--disable-component-update --disable-sync --no-pdf-header-footer "
      "--virtual-time-budget=20000 --user-data-dir={} --print-to-pdf={} {} >/dev/null 2>&1",
      shell_quote(chromium->string()), shell_quote(profile.string()),
      shell_quote(temp_pdf.string()), shell_quote("file://" + fs::absolute(html_file).string()));
  const int status = std::system(command.c_str());
  std::error_code ec;
  fs::remove_all(profile, ec);
  if (status != 0 || !fs::exists(temp_pdf, ec) || fs::file_size(temp_pdf, ec) == 0) {
    fs::remove(temp_pdf, ec);
    throw std::runtime_error(fmt::format("Chromium ({}) failed to print {} to PDF",
                                         chromium->string(), html_file.string()));
  }
  fs::rename(temp_pdf, pdf_file);
}

}  // namespace ehsim::viz
