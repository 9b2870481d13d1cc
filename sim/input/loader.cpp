#include "input/loader.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include "input/economics_section.hpp"
#include "input/header_section.hpp"
#include "input/initial_section.hpp"
#include "input/pathway_section.hpp"
#include "input/population_section.hpp"
#include "input/reader.hpp"
#include "input/services_section.hpp"
#include "input/transitions_section.hpp"
#include "input/uncertainty_reader.hpp"
#include "pathway/pathway_graph.hpp"

namespace ehsim {
namespace {

std::string sha256_hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

// Reads the sections in the order their ids depend on one another: the pathway's states before
// the services that provide them, both before the transitions that name them, and everything a
// cost item or an initial caseload can name before those. Every problem is collected; the
// pathway graph is checked only when the sections themselves have none.
Scenario read_sections(const ResolvedDocument& document, Diagnostics& diagnostics) {
  Checker checker(document, diagnostics);
  Scenario scenario;
  SectionContext context{checker, scenario};
  ObjectReader top(
      checker, &document.merged, "",
      {"schema_version", "name", "description", "council", "notes", "start_date", "horizon_years",
       "warm_up_years", "seed", "replications", "population", "pathway", "services",
       "initial_caseloads", "economics", "calibration", "uncertainty_groups"});
  read_header(context, top);
  const bool population_present = read_population(context, top);
  const PathwayLinks pathway = read_pathway(context, top);
  read_services(context, top, pathway.provided_by);
  read_transitions(context, pathway, population_present);
  check_eligible_need_levels(context, pathway);
  read_initial_caseloads(context, top);
  read_economics(context, top);
  // Last: a group names numbers of every section.
  if (const nlohmann::json* groups = top.get("uncertainty_groups")) {
    scenario.uncertainty_groups = read_uncertainty_groups(
        checker, *groups, top.at("uncertainty_groups"), document.merged, checker.quantities());
  }
  if (!diagnostics.empty()) return scenario;
  check_pathway_graph(scenario, [&](const std::string& pointer, const std::string& message) {
    checker.error(pointer, message);
  });
  scenario.quantities = checker.quantities();
  return scenario;
}

}  // namespace

Scenario build_scenario(const ResolvedDocument& document, Diagnostics& diagnostics,
                        const LoadOptions& options) {
  Scenario scenario = read_sections(document, diagnostics);
  scenario.file = document.chain.empty() ? "" : document.chain.front();
  scenario.resolved_sha256 = sha256_hex(document.merged.dump());
  if (options.require_sources && diagnostics.empty()) {
    for (const auto& number : scenario.quantities) {
      if (number.quantity.provenance) continue;
      diagnostics.add(document.origin_of(number.pointer), number.pointer,
                      fmt::format("the number {} has no source; write it as {{\"value\": {}, "
                                  "\"source\": \"document, table, year\"}} or with "
                                  "\"assumption\": \"why\"",
                                  number.quantity.value, number.quantity.value));
    }
  }
  return scenario;
}

LoadResult load_scenario_file(const std::filesystem::path& path, const LoadOptions& options) {
  LoadResult result;
  result.document = resolve_scenario_file(path, result.diagnostics);
  if (!result.diagnostics.empty()) return result;
  result.scenario = build_scenario(result.document, result.diagnostics, options);
  return result;
}

Scenario load_scenario(const std::filesystem::path& path, const LoadOptions& options) {
  LoadResult result = load_scenario_file(path, options);
  if (!result.ok()) throw InputError(std::move(result.diagnostics));
  return std::move(result.scenario);
}

}  // namespace ehsim
