#pragma once
// Summaries of a Monte Carlo output across replications: never a bare mean.

#include <vector>

namespace ehsim {

struct Summary {
  int n = 0;
  double mean = 0;
  double sd = 0;
  double se = 0;  // Monte Carlo standard error of the mean, sd / sqrt(n)
  double p05 = 0, p50 = 0, p95 = 0;
  bool operator==(const Summary&) const = default;
};

// Quantile by linear interpolation between order statistics (Hyndman and Fan type 7, the
// default of R and numpy). `sorted` must be sorted ascending and non-empty.
double quantile_sorted(const std::vector<double>& sorted, double p);

Summary summarise(std::vector<double> values);

}  // namespace ehsim
