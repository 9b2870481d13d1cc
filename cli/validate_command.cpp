// `ehsim validate FILE...` and `ehsim graph FILE`: check scenarios, draw the pathway.
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "input/loader.hpp"
#include "pathway/pathway_graph.hpp"
#include "scenario/plausibility.hpp"
#include "subcommand.hpp"

namespace ehsim::cli {
namespace {

int validate_files(const std::vector<std::string>& files, bool require_sources) {
  int status = kExitOk;
  for (const auto& file : files) {
    const auto result = load_scenario_file(file, {require_sources});
    if (result.ok()) {
      std::cerr << format_warnings(file, plausibility_warnings(result.scenario));
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

}  // namespace

Subcommand add_validate_command(CLI::App& app) {
  struct Options {
    std::vector<std::string> files;
    bool require_sources = false;
  };
  auto options = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("validate", "Check scenario files and report every problem");
  cmd->add_option("files", options->files, "Scenario files (JSON)")
      ->required()
      ->type_name("FILE...");
  cmd->add_flag("--require-sources", options->require_sources,
                "Also refuse numbers that carry no source or assumption");
  return {cmd, [options] { return validate_files(options->files, options->require_sources); }};
}

Subcommand add_graph_command(CLI::App& app) {
  auto file = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("graph", "Print the pathway of a scenario as Graphviz DOT");
  cmd->add_option("file", *file, "Scenario file (JSON)")->required()->type_name("FILE");
  return {cmd, [file] {
            std::cout << pathway_to_dot(load_scenario(*file));
            return kExitOk;
          }};
}

}  // namespace ehsim::cli
