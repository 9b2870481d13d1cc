#include "report_command.hpp"

#include <filesystem>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "core/diagnostics.hpp"
#include "core/files.hpp"
#include "engine/process_group.hpp"
#include "subcommand.hpp"
#include "viz/external.hpp"
#include "viz/goal_seek_report.hpp"
#include "viz/report.hpp"

namespace ehsim::cli {
namespace fs = std::filesystem;

namespace {

// Refuses a results directory whose files were written by different runs (or some by a run
// that recorded its id and some without one): a report of them would mix two futures.
void check_one_run(const fs::path& dir) {
  const auto ids = run_ids_in_directory(dir);
  std::set<std::string> distinct;
  for (const auto& [file, id] : ids) distinct.insert(id);
  if (distinct.size() <= 1) return;
  std::string list;
  for (const auto& [file, id] : ids) {
    list +=
        fmt::format("\n  {}: {}", file, id.empty() ? "no run id (an older ehsim)" : "run " + id);
  }
  Diagnostics problems;
  problems.add(dir.string(), "",
               fmt::format("holds files from different runs, so a report would mix them:{}\n"
                           "  Write each run into its own directory (ehsim refuses a directory "
                           "holding results unless --force), then report that directory",
                           list));
  throw InputError(std::move(problems));
}

}  // namespace

int report_command(const ReportArgs& args) {
  // Nothing to share: under mpirun the primary process writes the report, the others nothing.
  if (!is_primary_process()) return kExitOk;
  check_one_run(args.results_dir);
  const fs::path out =
      args.out_file.empty() ? fs::path(args.results_dir) / "report.html" : fs::path(args.out_file);
  try {
    if (viz::is_goal_seek_directory(args.results_dir)) {
      viz::write_goal_seek_report(args.results_dir, out);
    } else {
      viz::write_html_report(args.results_dir, out);
    }
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
      "directory of `ehsim run`, `ehsim compare` or `ehsim goal-seek`");
  cmd->add_option("dir", args->results_dir, "Results directory")->required()->type_name("DIR");
  cmd->add_option("--out,-o", args->out_file, "Report file (default: DIR/report.html)")
      ->type_name("FILE");
  cmd->add_flag("--pdf", args->pdf,
                "Also print the report to an A4 PDF beside it (needs headless Chromium)");
  return {cmd, [args] { return report_command(*args); }};
}

}  // namespace ehsim::cli
