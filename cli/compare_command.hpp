#pragma once
// `ehsim compare`: run a baseline and alternatives with common random numbers and write the
// business case: comparison.json, comparison.csv, ehsim-comparison.xlsx and each scenario's own
// outputs under scenarios/<slug>/, then the committee report, report.html.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ehsim::cli {

struct CompareArgs {
  std::string baseline;
  std::vector<std::string> alternatives;
  std::optional<int> replications;
  std::optional<std::uint64_t> seed;
  int threads = 0;
  std::string target_text;       // as typed: "2000000", "£2m", "500k"
  std::optional<double> target;  // net cashable saving a year, £ at the price base year
  std::string out_dir = "out/compare";
  bool force = false;  // replace results already in out_dir
  bool quiet = false;
  double waiting_share = 0.9;      // the staffing search's target share within the standard
  bool no_report = false;          // skip report.html (see `ehsim report`)
  bool allow_unpriced = false;     // go on (with warnings) when demand changes are not priced
  int staffing_replications = 20;  // per evaluation of each scenario's FTE search; 0 skips it
  // How sure are we: parameter sets for probabilistic sensitivity analysis (0: none), their
  // replications, one-way sensitivity with its replications, and switching values for the
  // numbers that move the NPV most.
  int psa_sets = 0;
  int psa_replications = 5;
  bool one_way = false;
  int one_way_replications = 10;
  int switching_values = 2;
};

int compare_command(CompareArgs args);

// "£2,000,000", "2m", "500k" -> pounds; nullopt when it is not an amount.
std::optional<double> parse_money(const std::string& text);

}  // namespace ehsim::cli
