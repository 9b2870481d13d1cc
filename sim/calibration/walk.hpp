#pragma once
// The plausible-set walk on its own: a Metropolis random walk over the unit box of the search
// axes, from the best point, confined to the plausible region (every fitted target within the
// cutoff), whose target within it is the posterior or history matching's plain region
// (`plausible_set`). It is given the objective as a function, so a test can walk a known
// distribution without simulating anything.
//
// Two proposals (`walk_proposal` in a calibration file's settings):
// - isotropic: the same Gaussian step on every axis, reflected at the box's walls, its size
//   adapted every 20 proposals towards an acceptance of about a quarter. Where parameters trade
//   off (the data fix a combination of them, not each one), such steps must be small to stay in
//   the region, and the walk creeps along the ridge: Hertfordshire's 600 steps were worth about
//   5 independent draws of its worst-explored parameter.
// - adaptive (the default): the first 100 steps as above, then steps drawn with the covariance
//   of the chain so far, scaled by 2.38^2 / d (Haario, Saksman and Tamminen, "An adaptive
//   Metropolis algorithm", Bernoulli 7(2), 2001), so they run along the ridges the walk has
//   found. A step that leaves the box is refused (refusing keeps a correlated proposal
//   symmetric, which reflecting at the walls would not).

#include <cstdint>
#include <functional>
#include <vector>

#include "calibration/problem.hpp"
#include "calibration/spec.hpp"

namespace ehsim {

struct PlausiblePoint {
  Evaluation evaluation;
  int weight = 1;  // steps the walk held this point
};

struct WalkSettings {
  int steps = 0;
  PlausibleSetTarget target = PlausibleSetTarget::posterior;
  WalkProposal proposal = WalkProposal::adaptive;
  double cutoff = 3.0;
  std::uint64_t seed = 0;
};

// The objective at a point of the unit box.
using WalkEvaluate = std::function<Evaluation(const std::vector<double>& unit)>;

// The chain's states from `start` (a plausible point, at `start_unit`), each with the steps it was
// held; `proposals` counts the evaluations made.
std::vector<PlausiblePoint> walk_plausible_set(const std::vector<double>& start_unit,
                                               const Evaluation& start,
                                               const WalkSettings& settings,
                                               const WalkEvaluate& evaluate, int& proposals);

}  // namespace ehsim
