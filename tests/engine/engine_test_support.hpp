#pragma once
// Shared helpers for the engine tests: load a test scenario, run it, and read tallies.

#include <filesystem>
#include <string>
#include <vector>

#include "engine/model.hpp"
#include "engine/monte_carlo.hpp"
#include "input/loader.hpp"

namespace ehsim::test {

inline std::filesystem::path engine_data(const std::string& name) {
  return std::filesystem::path(EHSIM_ENGINE_TEST_DATA_DIR) / name;
}

inline std::filesystem::path shipped_scenario(const std::string& relative) {
  return std::filesystem::path(EHSIM_SOURCE_DIR) / "scenarios" / relative;
}

// A loaded scenario and its compiled model, kept together because the model refers to the
// scenario.
struct LoadedModel {
  explicit LoadedModel(const std::filesystem::path& path)
      : scenario(load_scenario(path)), model(scenario) {}
  Scenario scenario;
  CompiledModel model;
};

inline std::vector<ReplicationTally> run(const CompiledModel& model, int replications, int threads,
                                         std::uint64_t seed = 2024) {
  MonteCarloOptions options;
  options.seed = seed;
  options.replications = replications;
  options.threads = threads;
  return run_monte_carlo(model, options);
}

inline int state(const Scenario& scenario, const std::string& id) {
  const int index = scenario.state_index(id);
  if (index < 0) throw std::runtime_error("test scenario has no state " + id);
  return index;
}

// Families present (in any non-exit state) at the end of quarter q.
inline double families_present(const Scenario& scenario, const ReplicationTally& t, int q) {
  double present = 0;
  for (int s = 0; s < t.states; ++s) {
    if (!scenario.pathway.states[static_cast<std::size_t>(s)].absorbing) {
      present += t.families_at_end[t.qs(q, s)];
    }
  }
  return present;
}

}  // namespace ehsim::test
