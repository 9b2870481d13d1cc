#pragma once
// The search: derivative-free optimisation (NLopt) of the objective from several starts, then a
// plausible set explored around the best point. Parameters are searched in [0, 1] per axis
// (each mapped to its bounds, linearly or on a log scale) so that one step size suits all.
//
// The plausible set is sampled by a Metropolis random walk restricted to the region where every
// fitted target's implausibility is at most the cutoff, started from the best point
// (calibration/walk.hpp: its proposals). Its target within the region is the posterior (in
// proportion to exp(-objective / 2)) or, for history matching's plain region, uniform
// (`plausible_set` in the settings). The chain's states, with the number of steps each was held,
// are a sample of that target: the uncertainty analysis draws parameter sets from it.

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "calibration/problem.hpp"
#include "calibration/walk.hpp"

namespace ehsim {

struct TracePoint {
  int evaluation = 0;
  int start = 0;  // which local search (-1: the plausible-set walk)
  double objective = 0;
  double best = 0;
};

struct CalibrationOutcome {
  std::vector<double> start_values;  // the scenario's values, clamped into the bounds
  Evaluation start;                  // the fit at those values
  Evaluation best;
  std::vector<TracePoint> trace;
  std::vector<PlausiblePoint> plausible;
  int evaluations = 0;
  int walk_proposals = 0;
  double seconds = 0;
};

// Called after every evaluation: (evaluations so far, planned total, best objective).
using CalibrationProgress = std::function<void(int, int, double)>;

CalibrationOutcome run_calibration(const CalibrationProblem& problem,
                                   const CalibrationProgress& progress = {},
                                   const std::atomic<bool>* cancel = nullptr);

}  // namespace ehsim
