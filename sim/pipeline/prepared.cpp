#include "pipeline/prepared.hpp"

namespace ehsim {

PreparedScenario::PreparedScenario(ResolvedDocument document, Scenario scenario)
    : document_(std::move(document)),
      scenario_(std::make_unique<const Scenario>(std::move(scenario))),
      model_(std::make_unique<const CompiledModel>(*scenario_)) {}

PreparedScenario PreparedScenario::load(const std::filesystem::path& path,
                                        const LoadOptions& options) {
  LoadResult loaded = load_scenario_file(path, options);
  if (!loaded.ok()) throw InputError(std::move(loaded.diagnostics));
  return from_load(std::move(loaded));
}

PreparedScenario PreparedScenario::from_load(LoadResult loaded) {
  return PreparedScenario(std::move(loaded.document), std::move(loaded.scenario));
}

PreparedScenario PreparedScenario::from_document(ResolvedDocument document) {
  Diagnostics diagnostics;
  Scenario scenario = build_scenario(document, diagnostics);
  if (!diagnostics.empty()) throw InputError(std::move(diagnostics));
  return PreparedScenario(std::move(document), std::move(scenario));
}

PreparedScenario PreparedScenario::with_parameters(const ParameterSet& parameters) const {
  Diagnostics diagnostics;
  ResolvedDocument changed = ehsim::with_parameters(document_, parameters, diagnostics);
  if (!diagnostics.empty()) throw InputError(std::move(diagnostics));
  Scenario scenario = build_scenario(changed, diagnostics);
  if (!diagnostics.empty()) throw InputError(std::move(diagnostics));
  return PreparedScenario(std::move(changed), std::move(scenario));
}

}  // namespace ehsim
