#pragma once
// The distribution of an uncertain number (a unit cost, an effect size, a share), for
// probabilistic sensitivity analysis and one-way sensitivity. Quantiles by Boost.Math, whose
// algorithms are fixed, so a draw u in (0, 1) gives the same value on every machine and thread.

#include <limits>
#include <string>

namespace ehsim {

enum class ParameterDistributionKind { uniform, triangular, normal, lognormal, beta, gamma };

struct ParameterDistribution {
  ParameterDistributionKind kind = ParameterDistributionKind::uniform;
  // uniform: (low, high); triangular: (low, mode, high); normal: (mean, sd); lognormal: (mu,
  // sigma) of the log; beta: (alpha, beta); gamma: (shape, scale).
  double p1 = 0, p2 = 1, p3 = 0;
  // Truncation (normal only): the distribution conditioned on [lower, upper].
  double lower = -std::numeric_limits<double>::infinity();
  double upper = std::numeric_limits<double>::infinity();
};

const char* parameter_distribution_name(ParameterDistributionKind kind);

// The u-quantile, u in (0, 1).
double parameter_quantile(const ParameterDistribution& d, double u);
double parameter_mean(const ParameterDistribution& d);

}  // namespace ehsim
