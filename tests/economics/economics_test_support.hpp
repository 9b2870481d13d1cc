#pragma once
// Shared helpers for the economics tests: small scenarios, loaded and run.

#include <filesystem>
#include <memory>
#include <string>

#include "economics/comparison.hpp"
#include "engine/monte_carlo.hpp"
#include "input/loader.hpp"

namespace ehsim::test {

inline std::filesystem::path economics_data(const std::string& name) {
  return std::filesystem::path(EHSIM_ECONOMICS_TEST_DATA_DIR) / name;
}

// A scenario, its model and its results, held together because each refers to the one before.
struct Simulated {
  Simulated(Scenario s, int replications, std::uint64_t seed = 7)
      : scenario(std::move(s)), model(scenario) {
    MonteCarloOptions options;
    options.seed = seed;
    options.replications = replications;
    options.threads = 2;
    results = std::make_unique<ScenarioResults>(model, run_monte_carlo(model, options));
  }
  Scenario scenario;
  CompiledModel model;
  std::unique_ptr<ScenarioResults> results;
};

inline std::unique_ptr<Simulated> simulate(const std::string& name, int replications = 4) {
  return std::make_unique<Simulated>(load_scenario(economics_data(name)), replications);
}

}  // namespace ehsim::test
