#pragma once
// A number's "uncertainty": the distribution probabilistic sensitivity analysis draws it from,
// with where the spread comes from. Each form is centred on the number's own value where it
// has a centre: {distribution, sd} (mean = value), {distribution, low, high} (bounds, or for
// normal and lognormal a 90% interval), triangular {low, high} (mode = value), beta and gamma
// by mean (= value) and sd. Resolved here into the distribution's own parameters.

#include <optional>
#include <string>
#include <vector>

#include "input/reader.hpp"

namespace ehsim {

// The uncertainty at `at` of a number `value` that must lie in `range`; nullopt after
// reporting every problem (including a distribution that could draw a value out of range).
std::optional<Uncertainty> read_uncertainty(Checker& checker, const nlohmann::json& u,
                                            const std::string& at, double value,
                                            const Range& range);

// "uncertainty_groups" at `at` (id -> group): numbers drawn together. Each group names its
// numbers by JSON pointer among `quantities` (the numbers read so far, with their values and
// own uncertainties); `merged` is the resolved document, for the sets a Dirichlet's shares
// belong to. Problems are reported against each group's pointers; a group with a problem is
// left out.
std::vector<UncertaintyGroup> read_uncertainty_groups(Checker& checker,
                                                      const nlohmann::json& groups,
                                                      const std::string& at,
                                                      const nlohmann::json& merged,
                                                      const std::vector<SourcedNumber>& quantities);

}  // namespace ehsim
