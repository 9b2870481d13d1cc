#include "report_command.hpp"

#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "subcommand.hpp"
#include "viz/external.hpp"
#include "viz/report.hpp"

namespace ehsim::cli {
namespace fs = std::filesystem;

int report_command(const ReportArgs& args) {
  const fs::path out =
      args.out_file.empty() ? fs::path(args.results_dir) / "report.html" : fs::path(args.out_file);
  try {
    viz::write_html_report(args.results_dir, out);
  } catch (const viz::MissingAssets& e) {
    fmt::print(stderr, "ehsim report: {}\n", e.what());
    return kExitInternal;
  }
  fmt::print("wrote {}\n", out.string());
  if (args.pdf) {
    fs::path pdf = out;
    pdf.replace_extension(".pdf");
    try {
      viz::print_to_pdf(out, pdf);
    } catch (const std::runtime_error& e) {
      fmt::print(stderr, "ehsim report: {}\n", e.what());
      return kExitInternal;
    }
    fmt::print("wrote {}\n", pdf.string());
  }
  return kExitOk;
}

Subcommand add_report_command(CLI::App& app) {
  auto args = std::make_shared<ReportArgs>();
  auto* cmd = app.add_subcommand(
      "report",
      "Write the committee report: one self-contained HTML file with the charts, from a results "
      "directory of `ehsim run` or `ehsim compare`");
  cmd->add_option("dir", args->results_dir, "Results directory")->required();
  cmd->add_option("--out,-o", args->out_file, "Report file (default: DIR/report.html)");
  cmd->add_flag("--pdf", args->pdf,
                "Also print the report to an A4 PDF beside it (needs headless Chromium)");
  return {cmd, [args] { return report_command(*args); }};
}

}  // namespace ehsim::cli
