#include "stats/chain.hpp"

#include <algorithm>
#include <cstddef>
#include <numeric>

namespace ehsim {
namespace {

// Autocorrelation at `lag`, with the chain's overall mean and variance (the usual biased
// estimator, divided by n: it keeps the sequence of estimates positive definite).
double autocorrelation(const std::vector<double>& x, double mean, double variance,
                       std::size_t lag) {
  double sum = 0;
  for (std::size_t i = 0; i + lag < x.size(); ++i) sum += (x[i] - mean) * (x[i + lag] - mean);
  return sum / (static_cast<double>(x.size()) * variance);
}

}  // namespace

double effective_sample_size(const std::vector<double>& chain) {
  const std::size_t n = chain.size();
  if (n == 0) return 0;
  const double mean = std::accumulate(chain.begin(), chain.end(), 0.0) / static_cast<double>(n);
  double variance = 0;
  for (const double v : chain) variance += (v - mean) * (v - mean);
  variance /= static_cast<double>(n);
  if (!(variance > 0)) return 1;  // never moved: one draw
  // Geyer: Gamma_k = rho(2k) + rho(2k+1) is positive for a reversible chain; the first one that
  // is not ends the sum. The time the draws are correlated is -1 + 2 * sum of the Gammas.
  double gammas = 0;
  for (std::size_t lag = 0; lag + 1 < n; lag += 2) {
    const double pair = autocorrelation(chain, mean, variance, lag) +
                        autocorrelation(chain, mean, variance, lag + 1);
    if (!(pair > 0)) break;
    gammas += pair;
  }
  const double correlated_time = std::max(1.0, 2.0 * gammas - 1.0);
  return std::clamp(static_cast<double>(n) / correlated_time, 1.0, static_cast<double>(n));
}

}  // namespace ehsim
