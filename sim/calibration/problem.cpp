#include "calibration/problem.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "calibration/metrics.hpp"
#include "engine/monte_carlo.hpp"

namespace ehsim {

using nlohmann::json;

namespace {

// The scenario moved so that the fit year is its first year: start on 1 April of the fit year,
// the warm-up shortened by the years moved (the simulation still begins on the same day), and a
// horizon that reaches every target year.
ResolvedDocument fit_document(const PreparedScenario& original, int fit_start, int last_year) {
  const Scenario& s = original.scenario();
  const int moved = s.start_year - fit_start;  // years the start moves back (may be negative)
  Diagnostics problems;
  if (s.start_month != 4) {
    problems.add(s.file, "/start_date",
                 "must be 1 April for a calibration against financial-year statistics");
  }
  if (moved > s.warm_up_years) {
    problems.add(s.file, "/warm_up_years",
                 fmt::format("is {}; to fit the year from April {} a scenario starting in April {} "
                             "needs a warm-up of at least {} years (the fit year is simulated as "
                             "the last years of the warm-up)",
                             s.warm_up_years, fit_start, s.start_year, moved));
  }
  if (!problems.empty()) throw InputError(std::move(problems));
  ResolvedDocument doc = original.document();
  const int new_start = std::min(s.start_year, fit_start);
  doc.merged["start_date"] = fmt::format("{:04d}-04-01", new_start);
  doc.merged["warm_up_years"] = s.warm_up_years - (s.start_year - new_start);
  doc.merged["horizon_years"] = std::max(1, last_year - new_start + 1);
  return doc;
}

}  // namespace

CalibrationProblem::CalibrationProblem(const CalibrationSpec& spec)
    : spec_(spec), scenario_(PreparedScenario::load(spec.scenario)) {
  Diagnostics problems;
  std::vector<TargetSet> sets;
  for (const auto& file : spec_.target_files) sets.push_back(read_target_file(file, problems));
  if (!problems.empty()) throw InputError(std::move(problems));

  const int fit_start = *financial_year_start(spec_.fit_year);
  const std::set<std::string> fitted(spec_.fit_metrics.begin(), spec_.fit_metrics.end());
  const auto add = [&](ObservedTarget t, bool stability) {
    const bool in_fit_year = t.year == spec_.fit_year;
    const bool fit = (in_fit_year || stability) && !t.holdout && fitted.count(t.metric) > 0;
    targets_.push_back({std::move(t), fit, stability});
  };
  double trend = 0;
  for (const auto& set : sets) {
    for (const auto& t : set.targets) add(t, false);
    for (const auto& p : set.population) {
      ObservedTarget t;
      t.metric = "population_0_17";
      t.year = p.year;
      t.id = "population_0_17_" + p.year.substr(0, 4) + "_" + p.year.substr(5);
      t.kind = TargetKind::stock;
      t.observed = p.children;
      t.standard_error = spec_.population_standard_error_share * p.children;
      t.uncertainty_reason = fmt::format(
          "assumption: {:.1f}% of the estimate (population_standard_error_share in the "
          "calibration file): ONS mid-year estimates are revised by about that much",
          100 * spec_.population_standard_error_share);
      t.holdout = p.year != spec_.fit_year;
      t.source = set.publication + ", ANNEX (ONS mid-year estimate of the population aged 0-17)";
      add(t, false);
    }
    trend = set.population_trend_per_year;
  }
  for (const auto& t : spec_.extra_targets) add(t, false);

  // Stocks hold still over the stability years, growing with the population's trend.
  const int k = spec_.settings.stability_years;
  if (k > 0) {
    std::vector<CalibrationTarget> held;
    for (const auto& t : targets_) {
      if (!t.fitted || t.observed.kind != TargetKind::stock) continue;
      ObservedTarget h = t.observed;
      const int year = fit_start + k;
      h.year = fmt::format("{}-{:02d}", year, (year + 1) % 100);
      h.id = fmt::format("{}_held_{}", t.observed.metric, year);
      h.observed = t.observed.observed * std::pow(1.0 + trend, k);
      h.standard_error = t.observed.standard_error * std::pow(1.0 + trend, k);
      h.holdout = false;
      h.source = fmt::format(
          "stability: the {} observation held {} years on, grown with the population trend of "
          "{:.2f}% a year (a baseline holds still unless the data move)",
          spec_.fit_year, k, 100 * trend);
      held.push_back({std::move(h), true, true});
    }
    targets_.insert(targets_.end(), held.begin(), held.end());
  }

  // Years before the fit year are in the warm-up, which is not reported: they are listed, not
  // simulated.
  std::vector<CalibrationTarget> simulated;
  for (auto& t : targets_) {
    if (*financial_year_start(t.observed.year) < fit_start) {
      not_simulated_.push_back(t.observed);
    } else {
      simulated.push_back(std::move(t));
    }
  }
  targets_ = std::move(simulated);
  int last_year = fit_start;
  for (const auto& t : targets_)
    last_year = std::max(last_year, *financial_year_start(t.observed.year));
  fit_scenario_ = std::make_unique<PreparedScenario>(
      PreparedScenario::from_document(fit_document(scenario_, fit_start, last_year)));
  // Every free parameter must name numbers the scenario has, and be within the scenario's own
  // checks at its bounds' midpoint (a misspelt pointer is found now, not after an hour).
  for (const auto& p : spec_.parameters) {
    std::vector<std::string> named = p.pointers;
    for (const auto& tie : p.tied) named.push_back(tie.pointer);
    for (const auto& pointer : named) {
      try {
        (void)number_at(scenario_.document(), pointer);
      } catch (const InputError&) {
        problems.add(spec_.file, "/parameters",
                     fmt::format("'{}' names {}, which is not a number in {}", p.name, pointer,
                                 spec_.scenario.string()));
      }
    }
  }
  for (const auto& t : targets_) {
    if (!SimulatedMetric::resolve(fit_scenario_->model(), t.observed)) {
      problems.add(spec_.file, "/targets",
                   fmt::format("target {} ({}) is outside the simulated years", t.observed.id,
                               t.observed.year));
    }
  }
  if (!problems.empty()) throw InputError(std::move(problems));
}

std::vector<double> CalibrationProblem::current_values() const {
  std::vector<double> values;
  for (const auto& p : spec_.parameters) {
    const double v = number_at(scenario_.document(), p.pointers.front());
    values.push_back(std::clamp(v, p.lower, p.upper));
  }
  return values;
}

ParameterSet CalibrationProblem::parameter_set(const std::vector<double>& values) const {
  ParameterSet set;
  set.origin = "calibration (" + spec_.file + ")";
  for (std::size_t i = 0; i < spec_.parameters.size(); ++i) {
    for (const auto& pointer : spec_.parameters[i].pointers) set.set(pointer, values[i]);
    for (const auto& tie : spec_.parameters[i].tied) set.set(tie.pointer, values[i] * tie.ratio);
  }
  return set;
}

Evaluation CalibrationProblem::evaluate(const std::vector<double>& values, int replications,
                                        const std::atomic<bool>* cancel) const {
  Evaluation e;
  e.values = values;
  e.objective = kInvalidObjective;
  std::optional<PreparedScenario> candidate;
  try {
    candidate.emplace(fit_scenario_->with_parameters(parameter_set(values)));
  } catch (const InputError& error) {
    e.reason = error.diagnostics().items().empty() ? "invalid"
                                                   : error.diagnostics().items().front().format();
    return e;
  }
  MonteCarloOptions options;
  options.seed = spec_.settings.seed;
  options.replications = replications;
  options.threads = 0;
  options.cancel = cancel;
  const auto tallies = run_monte_carlo(candidate->model(), options);
  e.valid = true;
  e.objective = 0;
  for (const auto& t : targets_) {
    const auto metric = SimulatedMetric::resolve(candidate->model(), t.observed);
    std::vector<double> simulated;
    for (const auto& tally : tallies) simulated.push_back(metric->value(candidate->model(), tally));
    const Summary s = summarise(simulated);
    TargetFit fit;
    fit.simulated_mean = s.mean;
    fit.simulated_sd = s.sd;
    const double discrepancy =
        spec_.settings.discrepancy_for(t.observed.metric) * t.observed.observed;
    fit.sigma = std::sqrt(t.observed.standard_error * t.observed.standard_error +
                          discrepancy * discrepancy + s.sd * s.sd / replications);
    fit.z = (s.mean - t.observed.observed) / fit.sigma;
    if (t.fitted) {
      e.objective += fit.z * fit.z;
      e.max_implausibility = std::max(e.max_implausibility, std::abs(fit.z));
    }
    e.fits.push_back(fit);
  }
  return e;
}

}  // namespace ehsim
