#include "engine/durations.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "random/distributions.hpp"

namespace ehsim {

namespace {

// Empirical distribution: piecewise-linear CDF through (0, 0) and (upper_i, cumulative share).
double empirical_cdf(const DurationDistribution& d, double t) {
  double lower = 0, cumulative = 0;
  for (const auto& bin : d.bins) {
    if (t < bin.upper_days) return cumulative + bin.share * (t - lower) / (bin.upper_days - lower);
    cumulative += bin.share;
    lower = bin.upper_days;
  }
  return 1.0;
}

double empirical_quantile(const DurationDistribution& d, double p) {
  double lower = 0, cumulative = 0;
  for (const auto& bin : d.bins) {
    if (bin.share > 0 && p <= cumulative + bin.share) {
      return lower + (bin.upper_days - lower) * (p - cumulative) / bin.share;
    }
    cumulative += bin.share;
    lower = bin.upper_days;
  }
  return d.bins.empty() ? 0.0 : d.bins.back().upper_days;
}

}  // namespace

double duration_survival(const DurationDistribution& d, double t) {
  if (t <= 0) return 1.0;
  switch (d.kind) {
    case DistributionKind::exponential:
      return std::exp(-t / d.mean_days);
    case DistributionKind::weibull:
      return std::exp(-std::pow(t / d.scale_days, d.shape));
    case DistributionKind::lognormal:
      return 0.5 * std::erfc((std::log(t) - std::log(d.median_days)) / (d.sigma * std::sqrt(2.0)));
    case DistributionKind::empirical:
      return 1.0 - empirical_cdf(d, t);
  }
  return 1.0;
}

double duration_quantile(const DurationDistribution& d, double p) {
  switch (d.kind) {
    case DistributionKind::exponential:
      return -d.mean_days * std::log1p(-p);
    case DistributionKind::weibull:
      return d.scale_days * std::pow(-std::log1p(-p), 1.0 / d.shape);
    case DistributionKind::lognormal:
      return d.median_days * std::exp(d.sigma * standard_normal_quantile(p));
    case DistributionKind::empirical:
      return empirical_quantile(d, p);
  }
  return 0.0;
}

double duration_mean(const DurationDistribution& d) {
  switch (d.kind) {
    case DistributionKind::exponential:
      return d.mean_days;
    case DistributionKind::weibull:
      return d.scale_days * std::tgamma(1.0 + 1.0 / d.shape);
    case DistributionKind::lognormal:
      return d.median_days * std::exp(0.5 * d.sigma * d.sigma);
    case DistributionKind::empirical: {
      double lower = 0, mean = 0;
      for (const auto& bin : d.bins) {
        mean += bin.share * 0.5 * (lower + bin.upper_days);
        lower = bin.upper_days;
      }
      return mean;
    }
  }
  return 0.0;
}

double sample_duration(const DurationDistribution& d, double hazard_ratio, double elapsed_days,
                       double u) {
  if (hazard_ratio <= 0) return std::numeric_limits<double>::infinity();
  // Under proportional hazards S_hr = S^hr; conditioning on T > e: S_hr(T) = u * S_hr(e).
  // Invert on the log scale for accuracy in the tail: S(T) = exp((log u)/hr) * S(e).
  const double survival_at_elapsed = elapsed_days > 0 ? duration_survival(d, elapsed_days) : 1.0;
  // Already past every duration the distribution allows (an empirical table's last bin): the
  // episode is overdue and ends now, rather than never.
  if (survival_at_elapsed <= 0) return elapsed_days;
  const double target_survival = std::exp(std::log(u) / hazard_ratio) * survival_at_elapsed;
  if (target_survival <= 0) return std::numeric_limits<double>::infinity();
  const double t = duration_quantile(d, 1.0 - target_survival);
  return std::max(t, elapsed_days);
}

// The probability grid is denser towards 1 (p_j = 1 - (1 - j/n)^3), because a long-tailed clock
// (a lognormal care episode) puts much of its elapsed time in the top percentiles.
std::vector<double> residual_life_quantiles(const DurationDistribution& d) {
  // Integrate S over [0, t_max] (t_max far in the tail) with the trapezium rule on a fine grid;
  // the cumulative integral, normalised, is the CDF of the elapsed time.
  constexpr int kSteps = 8192;
  const double t_max = duration_quantile(d, 1.0 - 1e-7);
  std::vector<double> cdf(kSteps + 1, 0.0);
  const double h = t_max / kSteps;
  for (int i = 1; i <= kSteps; ++i) {
    cdf[static_cast<std::size_t>(i)] =
        cdf[static_cast<std::size_t>(i - 1)] +
        0.5 * h * (duration_survival(d, (i - 1) * h) + duration_survival(d, i * h));
  }
  const double total = cdf.back();
  std::vector<double> quantiles(kResidualLifeGrid + 1, 0.0);
  if (!(total > 0)) return quantiles;
  std::size_t i = 0;
  for (int j = 0; j <= kResidualLifeGrid; ++j) {
    const double p = 1.0 - std::pow(1.0 - static_cast<double>(j) / kResidualLifeGrid, 3.0);
    const double target = total * p;
    while (i < kSteps && cdf[i + 1] < target) ++i;
    const double span = cdf[std::min<std::size_t>(i + 1, kSteps)] - cdf[i];
    const double within = span > 0 ? (target - cdf[i]) / span : 0.0;
    quantiles[static_cast<std::size_t>(j)] =
        std::min(t_max, (static_cast<double>(i) + within) * h);
  }
  return quantiles;
}

double sample_from_quantiles(const std::vector<double>& quantiles, double u) {
  const auto n = static_cast<double>(quantiles.size() - 1);
  const double x = n * (1.0 - std::cbrt(1.0 - u));  // the grid's position of probability u
  const auto j = std::min(static_cast<std::size_t>(x), quantiles.size() - 2);
  const double within = x - static_cast<double>(j);
  return quantiles[j] + within * (quantiles[j + 1] - quantiles[j]);
}

}  // namespace ehsim
