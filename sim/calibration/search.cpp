#include "calibration/search.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <nlopt.hpp>

#include "calibration/walk.hpp"
#include "engine/replication.hpp"
#include "random/stream.hpp"

namespace ehsim {

namespace {

struct Search {
  const CalibrationProblem& problem;
  const CalibrationProgress& progress;
  const std::atomic<bool>* cancel;
  CalibrationOutcome out;
  int planned = 0;
  int start_index = 0;
  bool cancelled = false;

  std::vector<double> to_values(const std::vector<double>& unit) const {
    std::vector<double> values;
    const auto& parameters = problem.spec().parameters;
    for (std::size_t i = 0; i < parameters.size(); ++i)
      values.push_back(parameters[i].from_unit(unit[i]));
    return values;
  }

  Evaluation evaluate(const std::vector<double>& unit, int start) {
    if (cancel != nullptr && cancel->load()) {
      cancelled = true;
      throw Cancelled{};
    }
    Evaluation e = problem.evaluate(to_values(unit), problem.spec().settings.replications, cancel);
    ++out.evaluations;
    if (out.evaluations == 1 || e.objective < out.best.objective) out.best = e;
    out.trace.push_back({out.evaluations, start, e.objective, out.best.objective});
    if (progress) progress(out.evaluations, planned, out.best.objective);
    return e;
  }
};

double objective_for_nlopt(unsigned n, const double* x, double* gradient, void* data) {
  (void)gradient;  // derivative-free methods only
  auto* search = static_cast<Search*>(data);
  return search->evaluate(std::vector<double>(x, x + n), search->start_index).objective;
}

nlopt::algorithm algorithm_of(const std::string& method) {
  if (method == "bobyqa") return nlopt::LN_BOBYQA;
  if (method == "neldermead") return nlopt::LN_NELDERMEAD;
  if (method == "cobyla") return nlopt::LN_COBYLA;
  return nlopt::LN_SBPLX;
}

// Starting points: the scenario's own values, then a Latin hypercube over the box (stratified
// on every axis, the strata shuffled by the calibration's own random stream).
std::vector<std::vector<double>> starting_points(const CalibrationProblem& problem,
                                                 const std::vector<double>& first) {
  const auto& spec = problem.spec();
  const std::size_t d = spec.parameters.size();
  const int extra = spec.settings.starts - 1;
  std::vector<std::vector<double>> points = {first};
  if (extra <= 0) return points;
  RandomStream stream(spec.settings.seed, 0, 0, StreamPurpose::calibration);
  std::vector<std::vector<int>> strata(d);
  for (std::size_t i = 0; i < d; ++i) {
    for (int k = 0; k < extra; ++k) strata[i].push_back(k);
    for (int k = extra - 1; k > 0; --k) {  // Fisher-Yates
      const auto j = static_cast<int>(stream.uniform() * (k + 1));
      std::swap(strata[i][static_cast<std::size_t>(k)], strata[i][static_cast<std::size_t>(j)]);
    }
  }
  for (int k = 0; k < extra; ++k) {
    std::vector<double> p(d);
    for (std::size_t i = 0; i < d; ++i)
      p[i] = (strata[i][static_cast<std::size_t>(k)] + stream.uniform()) / extra;
    points.push_back(p);
  }
  return points;
}

void local_searches(Search& s, const std::vector<std::vector<double>>& starts) {
  const auto& settings = s.problem.spec().settings;
  const std::size_t d = s.problem.spec().parameters.size();
  const int budget = std::max<int>(static_cast<int>(2 * d + 2),
                                   settings.max_evaluations / static_cast<int>(starts.size()));
  for (std::size_t k = 0; k < starts.size(); ++k) {
    s.start_index = static_cast<int>(k);
    nlopt::opt opt(algorithm_of(settings.method), static_cast<unsigned>(d));
    opt.set_lower_bounds(std::vector<double>(d, 0.0));
    opt.set_upper_bounds(std::vector<double>(d, 1.0));
    opt.set_min_objective(objective_for_nlopt, &s);
    opt.set_maxeval(budget);
    opt.set_xtol_abs(1e-3);  // a thousandth of each parameter's range
    opt.set_ftol_abs(1e-3);
    opt.set_initial_step(std::vector<double>(d, 0.1));
    std::vector<double> x = starts[k];
    double value = 0;
    try {
      opt.optimize(x, value);
    } catch (const Cancelled&) {
      throw;
    } catch (const nlopt::roundoff_limited&) {
      // the search stopped at the limit of the objective's precision: keep what it found
    } catch (const std::runtime_error&) {
      // NLopt's generic failure on a flat or invalid region: keep the best point so far
    }
  }
}

// The plausible-set walk (calibration/walk.hpp), from the best point, on the search's own
// evaluations so they count in its trace and progress.
void explore_plausible_set(Search& s) {
  const auto& settings = s.problem.spec().settings;
  if (settings.plausible_samples <= 0) return;
  if (!(s.out.best.valid && s.out.best.max_implausibility <= settings.implausibility_cutoff))
    return;  // no plausible point to walk from: said in the fit report
  const auto& parameters = s.problem.spec().parameters;
  std::vector<double> start;
  for (std::size_t i = 0; i < parameters.size(); ++i)
    start.push_back(parameters[i].to_unit(s.out.best.values[i]));
  const WalkSettings walk{settings.plausible_samples, settings.plausible_set,
                          settings.walk_proposal, settings.implausibility_cutoff, settings.seed};
  const Evaluation best = s.out.best;
  s.out.plausible = walk_plausible_set(
      start, best, walk, [&s](const std::vector<double>& unit) { return s.evaluate(unit, -1); },
      s.out.walk_proposals);
}

}  // namespace

CalibrationOutcome run_calibration(const CalibrationProblem& problem,
                                   const CalibrationProgress& progress,
                                   const std::atomic<bool>* cancel) {
  const auto clock = std::chrono::steady_clock::now();
  Search s{problem, progress, cancel, {}, 0, 0, false};
  const auto& settings = problem.spec().settings;
  s.planned = settings.max_evaluations + settings.plausible_samples;
  s.out.start_values = problem.current_values();
  std::vector<double> first;
  for (std::size_t i = 0; i < s.out.start_values.size(); ++i)
    first.push_back(problem.spec().parameters[i].to_unit(s.out.start_values[i]));
  s.out.start = s.evaluate(first, 0);
  local_searches(s, starting_points(problem, first));
  explore_plausible_set(s);
  s.out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - clock).count();
  return std::move(s.out);
}

}  // namespace ehsim
