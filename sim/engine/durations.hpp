#pragma once
// Durations in a state (days): survival, quantile and mean of each distribution a scenario may
// give, and sampling by inversion under proportional hazards.

#include <vector>

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

// The time already spent in the state by a family found there when the state is in a steady
// state: density S(a) / E[T]. Returned as quantiles on a grid of kResidualLifeGrid + 1
// probabilities from 0 to 1, computed by integrating the survival function numerically; sampled
// by interpolation (sample_from_quantiles).
inline constexpr int kResidualLifeGrid = 256;
std::vector<double> residual_life_quantiles(const DurationDistribution& d);
double sample_from_quantiles(const std::vector<double>& quantiles, double u);

}  // namespace ehsim
