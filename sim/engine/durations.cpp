#include "engine/durations.hpp"

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

}  // namespace ehsim
