#pragma once
// Durations in a state (days): survival, quantile and mean of each distribution a scenario may
// give, and sampling by inversion under proportional hazards.

#include "scenario/scenario.hpp"

namespace ehsim {

// Survival S(t) and quantile F^-1(p) of a duration distribution (days).
double duration_survival(const DurationDistribution& d, double t_days);
double duration_quantile(const DurationDistribution& d, double p);
double duration_mean(const DurationDistribution& d);

// A duration under proportional hazards: S_hr(t) = S(t)^hr. Conditional on the duration
// exceeding `elapsed_days` (for a family already that long in the state). Returns the total
// duration since entry; +infinity when hr is 0.
double sample_duration(const DurationDistribution& d, double hazard_ratio, double elapsed_days,
                       double u);

}  // namespace ehsim
