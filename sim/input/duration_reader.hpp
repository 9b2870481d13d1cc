#pragma once
// A transition's "duration": a distribution of the time spent in the state (exponential,
// weibull, lognormal or empirical bins), each taking only its own parameters.

#include <string>

#include "input/reader.hpp"

namespace ehsim {

DurationDistribution read_duration(Checker& checker, const nlohmann::json& value,
                                   const std::string& pointer);

}  // namespace ehsim
