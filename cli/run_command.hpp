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
  bool quiet = false;
};

int run_command(const RunArgs& args);

}  // namespace ehsim::cli
