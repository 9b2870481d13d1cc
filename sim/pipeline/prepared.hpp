#pragma once
// A scenario ready to simulate: its resolved document (so numbers can be overridden by JSON
// pointer), the validated scenario and the compiled model. The model refers to the scenario,
// so both are held at stable addresses and the whole is movable.

#include <filesystem>
#include <memory>

#include "engine/model.hpp"
#include "input/document.hpp"
#include "input/loader.hpp"
#include "input/parameters.hpp"

namespace ehsim {

class PreparedScenario {
 public:
  // Reads, validates and compiles a scenario file. Throws InputError with every problem.
  static PreparedScenario load(const std::filesystem::path& path, const LoadOptions& options = {});
  // From an already validated load (the file's problems have been reported).
  static PreparedScenario from_load(LoadResult loaded);
  // From a document changed in memory: read and checked as a file would be. Throws InputError.
  static PreparedScenario from_document(ResolvedDocument document);

  // The same scenario with numbers changed by pointer, checked as a file would be and
  // compiled, without reading any file. Throws InputError naming the pointer of any value out of
  // range.
  PreparedScenario with_parameters(const ParameterSet& parameters) const;

  const ResolvedDocument& document() const { return document_; }
  const Scenario& scenario() const { return *scenario_; }
  const CompiledModel& model() const { return *model_; }

 private:
  PreparedScenario(ResolvedDocument document, Scenario scenario);
  ResolvedDocument document_;
  std::unique_ptr<const Scenario> scenario_;
  std::unique_ptr<const CompiledModel> model_;
};

}  // namespace ehsim
