// ehsim: the one program. Parses arguments, runs the chosen subcommand, and turns errors into
// exit codes: 0 success, 1 internal failure, 2 bad input, 130 interrupted.
#include <iostream>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "engine/replication.hpp"
#include "progress.hpp"
#include "core/diagnostics.hpp"
#include "core/version.hpp"
#include "subcommand.hpp"

int main(int argc, char** argv) {
  using namespace ehsim::cli;
  CLI::App app{"ehsim: simulate early help for families and the late intervention it avoids"};
  app.set_version_flag("--version",
                       std::string("ehsim ") + ehsim::version() + " (" + ehsim::git_commit() + ")");
  app.require_subcommand(1);

  // One line per subcommand; each lives in its own file.
  const std::vector<Subcommand> subcommands = {
      add_validate_command(app), add_graph_command(app),  add_run_command(app),
      add_compare_command(app),  add_report_command(app), add_calibrate_command(app),
  };

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
