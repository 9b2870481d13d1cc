#pragma once
// Sampling by inversion, in one tested place, so results do not depend on the standard library's
// distribution algorithms. Every function takes a uniform u in (0, 1).

#include "scenario/scenario.hpp"

namespace ehsim {

double standard_normal_quantile(double u);  // Boost.Math, fixed algorithm

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
