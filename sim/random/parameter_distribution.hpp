#pragma once
// The distribution of an uncertain number (a unit cost, an effect size, a share), for
// probabilistic sensitivity analysis and one-way sensitivity. Quantiles by Boost.Math, whose
// algorithms are fixed, so a draw u in (0, 1) gives the same value on every machine and thread.

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <vector>

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

// Joint draws. The lower-triangular L with L L^T = `matrix` (n x n, row by row), or nullopt
// when the matrix is not symmetric positive definite.
std::optional<std::vector<double>> cholesky_lower(const std::vector<double>& matrix, std::size_t n);

// A Gaussian copula: independent uniforms u (one per member) to uniforms whose normal scores
// have correlation L L^T: z = Phi^-1(u), x = L z, Phi(x).
std::vector<double> correlated_uniforms(const std::vector<double>& lower,
                                        const std::vector<double>& u);

// A Dirichlet(alpha) draw from one uniform per share: gamma(alpha_i, 1) quantiles at u_i,
// normalised to sum to 1. A share with alpha_i = 0 stays at 0.
std::vector<double> dirichlet_shares(const std::vector<double>& alpha,
                                     const std::vector<double>& u);

}  // namespace ehsim
