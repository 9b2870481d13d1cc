#pragma once
// A number's "uncertainty": the distribution probabilistic sensitivity analysis draws it from,
// with where the spread comes from. Each form is centred on the number's own value where it
// has a centre: {distribution, sd} (mean = value), {distribution, low, high} (bounds, or for
// normal and lognormal a 90% interval), triangular {low, high} (mode = value), beta and gamma
// by mean (= value) and sd. Resolved here into the distribution's own parameters.

#include <optional>
#include <string>

#include "input/reader.hpp"

namespace ehsim {

// The uncertainty at `at` of a number `value` that must lie in `range`; nullopt after
// reporting every problem (including a distribution that could draw a value out of range).
std::optional<Uncertainty> read_uncertainty(Checker& checker, const nlohmann::json& u,
                                            const std::string& at, double value,
                                            const Range& range);

}  // namespace ehsim
