#pragma once
// Plausibility warnings: values that are valid but look like a slip, such as a rate per year
// written as a percentage. Printed to stderr by validate, run and compare; never an error.

#include <string>
#include <vector>

#include "scenario/scenario.hpp"

namespace ehsim {

struct PlausibilityWarning {
  std::string pointer;  // JSON pointer into the resolved scenario
  std::string message;
};

// A transition whose rate_per_year is above kSuspectRatePerYear while every other transition
// from the same state is below 1 a year: most rates in a pathway are well below 1 a year (a
// family stays months or years in a state), so a lone 5 or 30 among them is more often a
// percentage or a monthly figure than a real rate.
inline constexpr double kSuspectRatePerYear = 3.0;
std::vector<PlausibilityWarning> plausibility_warnings(const Scenario& scenario);

// "ehsim: warning: FILE: POINTER: MESSAGE" lines, one per warning (empty when none).
std::string format_warnings(const std::string& file,
                            const std::vector<PlausibilityWarning>& warnings);

}  // namespace ehsim
