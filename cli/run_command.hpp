#pragma once
// `ehsim run`: simulate one scenario and write summary.json, timeseries.csv, manifest.json.

#include <cstdint>
#include <optional>
#include <string>

namespace ehsim::cli {

struct RunArgs {
  std::string scenario;
  std::optional<int> replications;
  std::optional<std::uint64_t> seed;
  int threads = 0;
  std::string out_dir = "out/run";
  bool force = false;  // replace results already in out_dir
  bool quiet = false;
  double waiting_share = 0.9;  // the staffing search's target share within the standard
  // Replications per evaluation when searching for the FTE each capacity-limited service needs
  // to meet its waiting standard; 0 skips the search.
  int staffing_replications = 20;
};

int run_command(const RunArgs& args);

}  // namespace ehsim::cli
