#pragma once
// The assumptions that differ between two scenarios: every number, switch or name whose value
// differs between the resolved (merged) scenario JSONs, with the JSON pointer and the source or
// assumption text the scenario gives for it. A number written as {"value", "source"} is one
// parameter; only a change of its value counts, not a rewording of its source.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ehsim {

struct DifferingAssumption {
  std::string pointer;
  nlohmann::json baseline;     // null when the baseline does not have it
  nlohmann::json alternative;  // null when the alternative does not have it
  std::string source;          // the alternative's source or assumption text, else the baseline's
  bool operator==(const DifferingAssumption&) const = default;
};

std::vector<DifferingAssumption> differing_assumptions(const nlohmann::json& baseline,
                                                       const nlohmann::json& alternative);

// comparison.json's alternatives[i].assumptions_differing[k]: {pointer, baseline, alternative,
// source}. Reading is strict (core/results_json.hpp).
void to_json(nlohmann::json& j, const DifferingAssumption& d);
void from_json(const nlohmann::json& j, DifferingAssumption& d);

}  // namespace ehsim
