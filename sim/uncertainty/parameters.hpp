#pragma once
// The numbers a business case is unsure of, and one draw of them: each uncertain number of the
// scenarios (an "uncertainty" written on it), and a calibrated baseline's fitted values drawn
// jointly from its plausible set (calibration/plausible.csv). Each number is drawn from a
// stream of its own, keyed by its JSON pointer, so adding a number does not reshuffle the others.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/prepared.hpp"

namespace ehsim {

struct UncertainNumber {
  std::string pointer;
  double central = 0;       // the baseline's value (or the first scenario's that has it)
  Uncertainty uncertainty;  // the baseline's distribution (scenarios may each have their own)
};

// Every number with an uncertainty in any of the scenarios, by pointer, in the order met.
std::vector<UncertainNumber> uncertain_numbers(const std::vector<const Scenario*>& scenarios);

// Every group of numbers drawn together ("uncertainty_groups") in any of the scenarios, by id,
// in the order met: the first scenario's (the baseline's) where several have the same id.
std::vector<UncertaintyGroup> uncertainty_groups(const std::vector<const Scenario*>& scenarios);

// The calibration's plausible set for a calibrated baseline: the points the walk visited, with
// their weights, and the pointers each parameter writes (from fit.json beside plausible.csv).
struct PlausibleSet {
  std::string file;
  std::vector<std::string> names;
  std::vector<std::vector<std::string>> pointers;  // per parameter
  // Per parameter, the numbers tied to it (fit.json's "tied"): pointer and ratio.
  std::vector<std::vector<std::pair<std::string, double>>> tied;
  std::vector<std::vector<double>> points;  // per point: a value per parameter
  std::vector<double> cumulative_weight;    // normalised to end at 1
};

// Looks for plausible.csv and fit.json in the folder of the file that gave the baseline its
// "calibration" record (a calibrated.json). nullopt when the baseline is not calibrated or the
// files are not there; InputError when they are there but unreadable.
std::optional<PlausibleSet> plausible_set_for(const PreparedScenario& baseline);

// Draw k: a uniform per uncertain number and one for the plausible set. The uniforms of the
// members of a gaussian_copula group in `groups` are drawn together (from the group's own
// stream, keyed by its pointer) with the group's correlation of their normal scores, in place
// of their own streams'; a dirichlet group's shares are drawn by parameters_under, from a
// stream per share, so that each scenario can use its own central shares.
struct ParameterDraw {
  std::vector<double> u;     // per uncertain number
  int plausible_point = -1;  // row of the plausible set, or -1
  std::uint64_t seed = 0;    // the draw's seed and set number, for the dirichlet groups' streams
  std::uint32_t set = 0;
};
ParameterDraw draw_parameters(std::uint64_t seed, std::uint32_t k,
                              const std::vector<UncertainNumber>& numbers,
                              const std::optional<PlausibleSet>& plausible,
                              const std::vector<UncertaintyGroup>& groups = {});

// The values one scenario takes under a draw: each of its own uncertain numbers at the draw's
// quantile of its own distribution, the shares of each of its own dirichlet groups, and the
// plausible point's values wherever the scenario keeps the baseline's value (an alternative's
// own change of a fitted number is its policy).
ParameterSet parameters_under(const PreparedScenario& scenario, const PreparedScenario& baseline,
                              const std::vector<UncertainNumber>& numbers,
                              const std::optional<PlausibleSet>& plausible,
                              const ParameterDraw& draw);

// The scenario's own uncertainty at `pointer`, if it has one.
const Uncertainty* uncertainty_at(const Scenario& scenario, const std::string& pointer);

// A 32-bit stream id for a name (FNV-1a), so that each number's stream depends on its pointer.
std::uint32_t stream_id(const std::string& name);

}  // namespace ehsim
