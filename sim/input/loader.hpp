#pragma once
// From a scenario file to a typed, validated Scenario: resolve "extends", read every field with
// its checks, check cross-references and the pathway graph. All problems are collected.

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "core/diagnostics.hpp"
#include "input/document.hpp"
#include "scenario/scenario.hpp"

namespace ehsim {

struct LoadOptions {
  bool require_sources = false;  // every number must carry a source or an assumption
};

struct LoadResult {
  Scenario scenario;
  ResolvedDocument document;
  Diagnostics diagnostics;
  bool ok() const { return diagnostics.empty(); }
};

// Never throws for bad input: problems are in `diagnostics`.
LoadResult load_scenario_file(const std::filesystem::path& path, const LoadOptions& options = {});

// Throws InputError when the scenario has problems.
Scenario load_scenario(const std::filesystem::path& path, const LoadOptions& options = {});

// Build from an already resolved document (used by the file loader and by tests).
Scenario build_scenario(const ResolvedDocument& document, Diagnostics& diagnostics,
                        const LoadOptions& options = {});

}  // namespace ehsim
