#pragma once
// `ehsim goal-seek BASELINE ALTERNATIVE --service ID --target £ --year Y [--probability P]`:
// the smallest budget for one of the alternative's services at which the chance that the
// council's net cashable saving reaches the target in that financial year is at least P, with
// the acceptability curve it is found on: goal-seek.json, goal-seek.csv, ehsim-goal-seek.xlsx
// and report.html (its page, viz/goal_seek_report.hpp).

#include <cstdint>
#include <optional>
#include <string>

#include "subcommand.hpp"

namespace ehsim::cli {

struct GoalSeekArgs {
  std::string baseline, alternative;
  std::string service;
  std::string target_text;  // as typed: "0", "£2m", "-500k"
  std::string year;         // "2022/23" or a year number from 1
  double probability = 0.8;
  int replications = 20;
  std::optional<std::uint64_t> seed;  // default: the baseline's
  int threads = 0;
  int grid = 8;
  std::string low_text, high_text;  // the budget range; empty: the defaults
  std::string out_dir = "out/goal-seek";
  bool force = false;
  bool quiet = false;
  bool no_report = false;
};

int goal_seek_command(const GoalSeekArgs& args);

Subcommand add_goal_seek_command(CLI::App& app);

}  // namespace ehsim::cli
