#pragma once
// Each subcommand registers its options on the application and returns the action that runs
// it; main() runs the one the user chose and turns errors into exit codes.

#include <functional>

#include <CLI/CLI.hpp>

namespace ehsim::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitInterrupted = 130;

struct Subcommand {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

Subcommand add_validate_command(CLI::App& app);
Subcommand add_graph_command(CLI::App& app);
Subcommand add_run_command(CLI::App& app);
Subcommand add_compare_command(CLI::App& app);
Subcommand add_report_command(CLI::App& app);
Subcommand add_calibrate_command(CLI::App& app);

}  // namespace ehsim::cli
