#include "random/parameter_distribution.hpp"

#include <algorithm>
#include <cmath>

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <boost/math/distributions/uniform.hpp>

namespace ehsim {

const char* parameter_distribution_name(ParameterDistributionKind kind) {
  switch (kind) {
    case ParameterDistributionKind::uniform:
      return "uniform";
    case ParameterDistributionKind::triangular:
      return "triangular";
    case ParameterDistributionKind::normal:
      return "normal";
    case ParameterDistributionKind::lognormal:
      return "lognormal";
    case ParameterDistributionKind::beta:
      return "beta";
    case ParameterDistributionKind::gamma:
      return "gamma";
  }
  return "uniform";
}

double parameter_quantile(const ParameterDistribution& d, double u) {
  namespace bm = boost::math;
  u = std::clamp(u, 1e-12, 1.0 - 1e-12);
  switch (d.kind) {
    case ParameterDistributionKind::uniform:
      return bm::quantile(bm::uniform_distribution<double>(d.p1, d.p2), u);
    case ParameterDistributionKind::triangular:
      return bm::quantile(bm::triangular_distribution<double>(d.p1, d.p2, d.p3), u);
    case ParameterDistributionKind::normal: {
      const bm::normal_distribution<double> n(d.p1, d.p2);
      // Truncated: the quantile of u rescaled into the mass between the bounds.
      const double lo = std::isfinite(d.lower) ? bm::cdf(n, d.lower) : 0.0;
      const double hi = std::isfinite(d.upper) ? bm::cdf(n, d.upper) : 1.0;
      const double p = std::clamp(lo + u * (hi - lo), 1e-12, 1.0 - 1e-12);
      return std::clamp(bm::quantile(n, p), d.lower, d.upper);
    }
    case ParameterDistributionKind::lognormal:
      return bm::quantile(bm::lognormal_distribution<double>(d.p1, d.p2), u);
    case ParameterDistributionKind::beta:
      return bm::quantile(bm::beta_distribution<double>(d.p1, d.p2), u);
    case ParameterDistributionKind::gamma:
      return bm::quantile(bm::gamma_distribution<double>(d.p1, d.p2), u);
  }
  return d.p1;
}

double parameter_mean(const ParameterDistribution& d) {
  switch (d.kind) {
    case ParameterDistributionKind::uniform:
      return 0.5 * (d.p1 + d.p2);
    case ParameterDistributionKind::triangular:
      return (d.p1 + d.p2 + d.p3) / 3.0;
    case ParameterDistributionKind::normal: {
      if (!std::isfinite(d.lower) && !std::isfinite(d.upper)) return d.p1;
      // Truncated normal: the mean by quadrature of the quantile function.
      double total = 0;
      constexpr int kPoints = 2000;
      for (int i = 0; i < kPoints; ++i) total += parameter_quantile(d, (i + 0.5) / kPoints);
      return total / kPoints;
    }
    case ParameterDistributionKind::lognormal:
      return std::exp(d.p1 + 0.5 * d.p2 * d.p2);
    case ParameterDistributionKind::beta:
      return d.p1 / (d.p1 + d.p2);
    case ParameterDistributionKind::gamma:
      return d.p1 * d.p2;
  }
  return d.p1;
}

std::optional<std::vector<double>> cholesky_lower(const std::vector<double>& matrix,
                                                  std::size_t n) {
  if (matrix.size() != n * n) return std::nullopt;
  std::vector<double> lower(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j <= i; ++j) {
      if (matrix[i * n + j] != matrix[j * n + i]) return std::nullopt;
      double sum = matrix[i * n + j];
      for (std::size_t k = 0; k < j; ++k) sum -= lower[i * n + k] * lower[j * n + k];
      if (i == j) {
        // A pivot this close to 0 is a matrix singular to rounding: not positive definite.
        if (!(sum > 1e-12)) return std::nullopt;
        lower[i * n + i] = std::sqrt(sum);
      } else {
        lower[i * n + j] = sum / lower[j * n + j];
      }
    }
  }
  return lower;
}

std::vector<double> correlated_uniforms(const std::vector<double>& lower,
                                        const std::vector<double>& u) {
  namespace bm = boost::math;
  const bm::normal_distribution<double> standard;
  const std::size_t n = u.size();
  std::vector<double> z(n), out(n);
  for (std::size_t i = 0; i < n; ++i)
    z[i] = bm::quantile(standard, std::clamp(u[i], 1e-12, 1.0 - 1e-12));
  for (std::size_t i = 0; i < n; ++i) {
    double x = 0;
    for (std::size_t j = 0; j <= i; ++j) x += lower[i * n + j] * z[j];
    out[i] = std::clamp(bm::cdf(standard, x), 1e-12, 1.0 - 1e-12);
  }
  return out;
}

std::vector<double> dirichlet_shares(const std::vector<double>& alpha,
                                     const std::vector<double>& u) {
  namespace bm = boost::math;
  std::vector<double> shares(alpha.size(), 0.0);
  double total = 0;
  for (std::size_t i = 0; i < alpha.size(); ++i) {
    if (!(alpha[i] > 0)) continue;
    shares[i] = bm::quantile(bm::gamma_distribution<double>(alpha[i], 1.0),
                             std::clamp(u[i], 1e-12, 1.0 - 1e-12));
    total += shares[i];
  }
  if (!(total > 0)) {
    // Every gamma underflowed (tiny alphas): the central shares.
    double sum = 0;
    for (double a : alpha) sum += std::max(0.0, a);
    for (std::size_t i = 0; i < alpha.size(); ++i) shares[i] = std::max(0.0, alpha[i]) / sum;
    return shares;
  }
  for (double& s : shares) s /= total;
  return shares;
}

}  // namespace ehsim
