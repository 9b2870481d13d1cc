// ehsim: the one program. Parses arguments, calls the library, turns errors into exit codes:
// 0 success, 1 internal failure, 2 bad input.
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "engine/replication.hpp"
#include "pathway/pathway_graph.hpp"
#include "progress.hpp"
#include "run_command.hpp"
#include "scenario/loader.hpp"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitInternal = 1;
constexpr int kExitBadInput = 2;

int cmd_validate(const std::vector<std::string>& files, bool require_sources) {
  int status = kExitOk;
  for (const auto& file : files) {
    const auto result = ehsim::load_scenario_file(file, {require_sources});
    if (result.ok()) {
      fmt::print("{}: valid ({} states, {} transitions, {} services)\n", file,
                 result.scenario.pathway.states.size(), result.scenario.pathway.transitions.size(),
                 result.scenario.services.size());
    } else {
      std::cerr << result.diagnostics.format();
      fmt::print(stderr, "{}: invalid ({} problem{})\n", file, result.diagnostics.size(),
                 result.diagnostics.size() == 1 ? "" : "s");
      status = kExitBadInput;
    }
  }
  return status;
}

int cmd_graph(const std::string& file) {
  const auto scenario = ehsim::load_scenario(file);
  std::cout << ehsim::pathway_to_dot(scenario);
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ehsim: simulate early help for families and the late intervention it avoids"};
  app.set_version_flag("--version", std::string("ehsim ") + EHSIM_VERSION + " (" + EHSIM_GIT_COMMIT + ")");
  app.require_subcommand(1);

  std::vector<std::string> validate_files;
  bool require_sources = false;
  auto* validate = app.add_subcommand("validate", "Check scenario files and report every problem");
  validate->add_option("files", validate_files, "Scenario files (JSON)")->required();
  validate->add_flag("--require-sources", require_sources,
                     "Also refuse numbers that carry no source or assumption");

  std::string graph_file;
  auto* graph = app.add_subcommand("graph", "Print the pathway of a scenario as Graphviz DOT");
  graph->add_option("file", graph_file, "Scenario file (JSON)")->required();

  ehsim::cli::RunArgs run_args;
  auto* run = app.add_subcommand("run", "Simulate a scenario and write summary.json, timeseries.csv and manifest.json");
  run->add_option("scenario", run_args.scenario, "Scenario file (JSON)")->required();
  run->add_option("--replications,-n", run_args.replications, "Monte Carlo replications (default: the scenario's)")
      ->check(CLI::Range(1, 100000));
  run->add_option("--seed", run_args.seed, "Master random seed (default: the scenario's)");
  run->add_option("--threads,-j", run_args.threads, "Worker threads (default: all cores)")->check(CLI::Range(1, 1024));
  run->add_option("--out,-o", run_args.out_dir, "Output directory")->capture_default_str();
  run->add_flag("--quiet,-q", run_args.quiet, "No progress bar or closing line");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;
  }

  try {
    if (*validate) return cmd_validate(validate_files, require_sources);
    if (*graph) return cmd_graph(graph_file);
    if (*run) {
      ehsim::cli::install_interrupt_handler();
      return ehsim::cli::run_command(run_args);
    }
  } catch (const ehsim::Cancelled&) {
    fmt::print(stderr, "ehsim: interrupted; no output files were written\n");
    return 130;
  } catch (const ehsim::InputError& e) {
    std::cerr << e.diagnostics().format();
    return kExitBadInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "ehsim: internal error: {}\n", e.what());
    return kExitInternal;
  }
  return kExitInternal;
}
