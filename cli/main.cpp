// ehsim: the one program. Parses arguments, runs the chosen subcommand, and turns errors into
// exit codes: 0 success, 1 internal failure, 2 bad input, 130 interrupted.
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "core/diagnostics.hpp"
#include "core/version.hpp"
#include "engine/replication.hpp"
#include "goal_seek_command.hpp"
#include "processes.hpp"
#include "progress.hpp"
#include "subcommand.hpp"
#include "viz/external.hpp"

namespace {

// An installed ehsim (PREFIX/bin/ehsim) finds the chart libraries installed beside it, in
// PREFIX/share/ehsim/node_modules, before the source tree it was built from; EHSIM_VIZ_DIR, when
// set, still decides.
void use_installed_chart_libraries() {
  if (const char* env = std::getenv("EHSIM_VIZ_DIR"); env != nullptr && *env != '\0') return;
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return;
  const auto share = exe.parent_path().parent_path() / "share" / "ehsim";
  if (std::filesystem::is_regular_file(
          share / "node_modules" / "vega-embed" / "build" / "vega-embed.min.js", ec)) {
    ::setenv("EHSIM_VIZ_DIR", share.c_str(), 0);
  }
}

// The program in one process, whether or not it is one rank of several.
int run_program(int argc, char** argv) {
  using namespace ehsim::cli;
  use_installed_chart_libraries();
  CLI::App app{"ehsim: simulate early help for families and the late intervention it avoids"};
  app.set_version_flag("--version", std::string("ehsim ") + ehsim::version() + " (" +
                                        ehsim::git_commit() + "); chart libraries from " +
                                        ehsim::viz::viz_directory().string());
  app.require_subcommand(1);

  // One line per subcommand; each lives in its own file.
  const std::vector<Subcommand> subcommands = {
      add_validate_command(app),  add_graph_command(app),  add_run_command(app),
      add_compare_command(app),   add_report_command(app), add_calibrate_command(app),
      add_goal_seek_command(app),
  };

  // No arguments at all: the help, and exit 2 as for any other missing argument (a script that
  // forgot the subcommand fails; a person reads what ehsim can do).
  if (argc <= 1) {
    std::cout << app.help();
    fmt::print(stderr,
               "ehsim: a subcommand is required (validate, graph, run, compare or report)\n");
    return kExitBadInput;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;
  }

  install_interrupt_handler();
  try {
    for (const auto& subcommand : subcommands) {
      if (subcommand.app->parsed()) return subcommand.run();
    }
  } catch (const ehsim::Cancelled&) {
    fmt::print(stderr, "ehsim: interrupted; no output files were written\n");
    return kExitInterrupted;
  } catch (const ehsim::InputError& e) {
    std::cerr << e.diagnostics().format();
    return kExitBadInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "ehsim: internal error: {}\n", e.what());
    return kExitInternal;
  }
  return kExitInternal;
}

}  // namespace

int main(int argc, char** argv) {
  // Under mpirun or srun (in a build with MPI) this joins the job: every rank runs the same
  // command and shares its replications; only rank 0 writes files and prints.
  ehsim::cli::Processes processes(argc, argv);
  return processes.finish(run_program(argc, argv));
}
