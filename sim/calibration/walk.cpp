#include "calibration/walk.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "random/distributions.hpp"
#include "random/parameter_distribution.hpp"
#include "random/stream.hpp"

namespace ehsim {
namespace {

// Steps taken with the isotropic proposal before an adaptive walk uses the chain's covariance.
constexpr int kIsotropicSteps = 100;
// Added to the chain's covariance on every axis (Haario et al.'s epsilon), so the proposal never
// collapses onto the directions the walk happens to have explored.
constexpr double kCovarianceFloor = 1e-6;

std::vector<double> reflect_into_unit_box(std::vector<double> x) {
  for (double& v : x) {
    while (v < 0 || v > 1) v = v < 0 ? -v : 2 - v;
  }
  return x;
}

bool inside_unit_box(const std::vector<double>& x) {
  return std::all_of(x.begin(), x.end(), [](double v) { return v >= 0 && v <= 1; });
}

// Metropolis's rule for the walk's target. Proposals are symmetric, so a plausible proposal is
// taken with probability min(1, target ratio): always when the target is uniform over the
// region, exp(-(objective' - objective) / 2) for the posterior. The posterior's uniform is drawn
// only for a plausible proposal that fits worse, so the non-implausible walk keeps the stream,
// and the points, it always had.
bool walk_moves_to(const Evaluation& proposal, const Evaluation& current,
                   const WalkSettings& settings, RandomStream& stream) {
  if (!(proposal.valid && proposal.max_implausibility <= settings.cutoff)) return false;
  if (settings.target == PlausibleSetTarget::non_implausible) return true;
  const double worse_by = proposal.objective - current.objective;
  return worse_by <= 0 || stream.uniform() < std::exp(-worse_by / 2);
}

// The running mean and covariance of the chain's states, one step at a time (Welford).
class ChainMoments {
 public:
  explicit ChainMoments(std::size_t d) : d_(d), mean_(d, 0.0), scatter_(d * d, 0.0) {}

  void add(const std::vector<double>& x) {
    ++n_;
    std::vector<double> before(d_);
    for (std::size_t i = 0; i < d_; ++i) {
      before[i] = x[i] - mean_[i];
      mean_[i] += before[i] / static_cast<double>(n_);
    }
    for (std::size_t i = 0; i < d_; ++i)
      for (std::size_t j = 0; j < d_; ++j) scatter_[i * d_ + j] += before[i] * (x[j] - mean_[j]);
  }

  // The Cholesky factor of 2.38^2 / d times (the covariance + a floor on every axis).
  std::vector<double> proposal_factor() const {
    const double scale = 2.38 * 2.38 / static_cast<double>(d_);
    // Welford's scatter is symmetric only up to rounding: average it with its transpose.
    const double divisor = static_cast<double>(std::max<std::size_t>(n_ - 1, 1));
    std::vector<double> covariance(d_ * d_);
    for (std::size_t i = 0; i < d_; ++i)
      for (std::size_t j = 0; j < d_; ++j)
        covariance[i * d_ + j] =
            scale * 0.5 * (scatter_[i * d_ + j] + scatter_[j * d_ + i]) / divisor;
    for (std::size_t i = 0; i < d_; ++i) covariance[i * d_ + i] += scale * kCovarianceFloor;
    // Positive definite by construction; the floor alone if rounding says otherwise.
    if (auto factor = cholesky_lower(covariance, d_)) return *factor;
    std::vector<double> floor(d_ * d_, 0.0);
    for (std::size_t i = 0; i < d_; ++i) floor[i * d_ + i] = std::sqrt(scale * kCovarianceFloor);
    return floor;
  }

 private:
  std::size_t d_;
  std::size_t n_ = 0;
  std::vector<double> mean_, scatter_;
};

class Walk {
 public:
  Walk(const std::vector<double>& start_unit, const Evaluation& start, const WalkSettings& settings,
       const WalkEvaluate& evaluate)
      : settings_(settings),
        evaluate_(evaluate),
        stream_(settings.seed, 1, 0, StreamPurpose::calibration),
        current_(start_unit),
        moments_(start_unit.size()) {
    points_.push_back({start, 1});
    moments_.add(current_);
  }

  std::vector<PlausiblePoint> run(int& proposals) {
    for (int n = 1; n <= settings_.steps; ++n) {
      const bool adaptive = settings_.proposal == WalkProposal::adaptive && n > kIsotropicSteps;
      std::vector<double> proposal = adaptive ? correlated_step() : isotropic_step();
      const bool moved = inside_unit_box(proposal) && try_move(proposal, proposals);
      if (!moved) ++points_.back().weight;
      moments_.add(current_);
      if (!adaptive && n % 20 == 0) adapt_isotropic_step();
    }
    return std::move(points_);
  }

 private:
  std::vector<double> isotropic_step() {
    std::vector<double> proposal = current_;
    for (double& v : proposal) v += step_ * standard_normal_quantile(stream_.uniform());
    return reflect_into_unit_box(proposal);
  }

  std::vector<double> correlated_step() {
    const std::size_t d = current_.size();
    std::vector<double> z(d);
    for (double& v : z) v = standard_normal_quantile(stream_.uniform());
    const std::vector<double> lower = moments_.proposal_factor();
    std::vector<double> proposal = current_;
    for (std::size_t i = 0; i < d; ++i)
      for (std::size_t j = 0; j <= i; ++j) proposal[i] += lower[i * d + j] * z[j];
    return proposal;
  }

  bool try_move(const std::vector<double>& proposal, int& proposals) {
    const Evaluation e = evaluate_(proposal);
    ++proposals;
    if (!walk_moves_to(e, points_.back().evaluation, settings_, stream_)) return false;
    current_ = proposal;
    points_.push_back({e, 1});
    ++accepted_in_window_;
    return true;
  }

  void adapt_isotropic_step() {  // towards an acceptance of about a quarter
    const double rate = accepted_in_window_ / 20.0;
    step_ *= rate < 0.15 ? 0.7 : rate > 0.4 ? 1.4 : 1.0;
    step_ = std::clamp(step_, 0.002, 0.5);
    accepted_in_window_ = 0;
  }

  const WalkSettings& settings_;
  const WalkEvaluate& evaluate_;
  RandomStream stream_;
  std::vector<double> current_;
  ChainMoments moments_;
  std::vector<PlausiblePoint> points_;
  double step_ = 0.05;
  int accepted_in_window_ = 0;
};

}  // namespace

std::vector<PlausiblePoint> walk_plausible_set(const std::vector<double>& start_unit,
                                               const Evaluation& start,
                                               const WalkSettings& settings,
                                               const WalkEvaluate& evaluate, int& proposals) {
  return Walk(start_unit, start, settings, evaluate).run(proposals);
}

}  // namespace ehsim
