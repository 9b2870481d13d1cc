#include "uncertainty/value_of_information.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <stdexcept>

namespace ehsim {
namespace {

std::size_t checked_options(const std::vector<std::vector<double>>& net_benefit) {
  if (net_benefit.empty() || net_benefit.front().empty())
    throw std::invalid_argument("value of information: no parameter sets or no options");
  const std::size_t options = net_benefit.front().size();
  for (const auto& row : net_benefit)
    if (row.size() != options)
      throw std::invalid_argument("value of information: every set needs every option's value");
  return options;
}

// The option with the highest mean over the rows of x, and E[max_d x_d] − max_d E[x_d]: what
// choosing row by row gains over choosing once.
PerfectInformation expected_gain_of_choosing_per_set(const std::vector<std::vector<double>>& x) {
  const std::size_t options = x.front().size();
  PerfectInformation out;
  out.expected_net_benefit.assign(options, 0.0);
  double mean_of_max = 0;
  for (const auto& row : x) {
    mean_of_max += *std::max_element(row.begin(), row.end());
    for (std::size_t d = 0; d < options; ++d) out.expected_net_benefit[d] += row[d];
  }
  const double n = static_cast<double>(x.size());
  for (double& mean : out.expected_net_benefit) mean /= n;
  const auto best =
      std::max_element(out.expected_net_benefit.begin(), out.expected_net_benefit.end());
  out.decision = static_cast<std::size_t>(best - out.expected_net_benefit.begin());
  out.evpi = std::max(0.0, mean_of_max / n - *best);
  return out;
}

// Solves the normal equations A b = y (A symmetric positive definite, small) by Gaussian
// elimination with partial pivoting; a pivot near zero (collinear powers) drops that term.
std::vector<double> solve_small(std::vector<std::vector<double>> a, std::vector<double> y) {
  const std::size_t n = y.size();
  for (std::size_t c = 0; c < n; ++c) {
    std::size_t pivot = c;
    for (std::size_t r = c + 1; r < n; ++r)
      if (std::abs(a[r][c]) > std::abs(a[pivot][c])) pivot = r;
    std::swap(a[c], a[pivot]);
    std::swap(y[c], y[pivot]);
    if (std::abs(a[c][c]) < 1e-12) {
      a[c][c] = 1;  // a term the data cannot separate from the others: its coefficient is 0
      y[c] = 0;
      for (std::size_t k = c + 1; k < n; ++k) a[c][k] = 0;
    }
    for (std::size_t r = c + 1; r < n; ++r) {
      const double f = a[r][c] / a[c][c];
      for (std::size_t k = c; k < n; ++k) a[r][k] -= f * a[c][k];
      y[r] -= f * y[c];
    }
  }
  std::vector<double> b(n, 0.0);
  for (std::size_t i = n; i-- > 0;) {
    double s = y[i];
    for (std::size_t k = i + 1; k < n; ++k) s -= a[i][k] * b[k];
    b[i] = s / a[i][i];
  }
  return b;
}

}  // namespace

PerfectInformation expected_value_of_perfect_information(
    const std::vector<std::vector<double>>& net_benefit) {
  checked_options(net_benefit);
  return expected_gain_of_choosing_per_set(net_benefit);
}

double expected_value_of_partial_perfect_information(
    const std::vector<double>& parameter, const std::vector<std::vector<double>>& net_benefit,
    int degree) {
  const std::size_t options = checked_options(net_benefit);
  const std::size_t sets = net_benefit.size();
  if (parameter.size() != sets)
    throw std::invalid_argument("value of information: one parameter value per set");
  const std::set<double> distinct(parameter.begin(), parameter.end());
  const int terms = 1 + std::clamp(degree, 0, static_cast<int>(distinct.size()) - 1);
  if (terms == 1) return 0;  // a number that never moves tells nothing

  // Standardised, so the powers' columns are of comparable size.
  const double n = static_cast<double>(sets);
  const double mean = std::accumulate(parameter.begin(), parameter.end(), 0.0) / n;
  double var = 0;
  for (double v : parameter) var += (v - mean) * (v - mean);
  const double sd = std::sqrt(var / n);
  std::vector<std::vector<double>> powers(sets, std::vector<double>(terms, 1.0));
  for (std::size_t s = 0; s < sets; ++s)
    for (int k = 1; k < terms; ++k) powers[s][k] = powers[s][k - 1] * (parameter[s] - mean) / sd;

  std::vector<std::vector<double>> gram(terms, std::vector<double>(terms, 0.0));
  for (const auto& row : powers)
    for (int i = 0; i < terms; ++i)
      for (int j = 0; j < terms; ++j) gram[i][j] += row[i] * row[j];

  std::vector<std::vector<double>> fitted(sets, std::vector<double>(options, 0.0));
  for (std::size_t d = 0; d < options; ++d) {
    std::vector<double> moment(terms, 0.0);
    for (std::size_t s = 0; s < sets; ++s)
      for (int k = 0; k < terms; ++k) moment[k] += powers[s][k] * net_benefit[s][d];
    const std::vector<double> b = solve_small(gram, moment);
    for (std::size_t s = 0; s < sets; ++s)
      for (int k = 0; k < terms; ++k) fitted[s][d] += b[k] * powers[s][k];
  }
  return expected_gain_of_choosing_per_set(fitted).evpi;
}

}  // namespace ehsim
