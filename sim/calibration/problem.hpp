#pragma once
// The calibration problem: a parameter vector in, the fit to every target out. The scenario is
// moved so that the fit year is its first reported year (its warm-up shortened by as much, so
// the simulation still starts on the same day), run with common random numbers (the same seed
// for every evaluation, so the objective does not jump with the families' luck), and each
// target is compared with its observation:
//
//   z = (simulated mean - observed) / sqrt(se_obs^2 + (discrepancy * observed)^2 + var_MC)
//
// Fitted targets enter the objective as the sum of z^2; a parameter vector is plausible when
// |z| <= the cutoff for every fitted target (history matching's implausibility).

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "calibration/spec.hpp"
#include "pipeline/prepared.hpp"
#include "stats/summary.hpp"

namespace ehsim {

struct CalibrationTarget {
  ObservedTarget observed;
  bool fitted = false;
  bool stability = false;  // a stock held at its fit-year level, a derived target
};

struct TargetFit {
  double simulated_mean = 0;
  double simulated_sd = 0;
  double sigma = 0;  // the combined uncertainty z is measured in
  double z = 0;
};

struct Evaluation {
  std::vector<double> values;  // parameter values, in the parameters' own units
  bool valid = false;          // false: the scenario refused these values (reason says why)
  std::string reason;
  double objective = 0;           // sum of z^2 over fitted targets (large when invalid)
  double max_implausibility = 0;  // max |z| over fitted targets
  std::vector<TargetFit> fits;    // per target, in targets() order
};

class CalibrationProblem {
 public:
  explicit CalibrationProblem(const CalibrationSpec& spec);

  const CalibrationSpec& spec() const { return spec_; }
  const std::vector<CalibrationTarget>& targets() const { return targets_; }
  // Observations of years before the fit year (the warm-up, which is not reported).
  const std::vector<ObservedTarget>& not_simulated() const { return not_simulated_; }
  // The scenario as written (with its own start date and horizon) and as moved for the fit.
  const PreparedScenario& scenario() const { return scenario_; }
  const PreparedScenario& fit_scenario() const { return *fit_scenario_; }
  // The parameters' values in the scenario as written (clamped into their bounds).
  std::vector<double> current_values() const;
  ParameterSet parameter_set(const std::vector<double>& values) const;

  Evaluation evaluate(const std::vector<double>& values, int replications,
                      const std::atomic<bool>* cancel = nullptr) const;

  static constexpr double kInvalidObjective = 1e12;

 private:
  CalibrationSpec spec_;
  PreparedScenario scenario_;
  std::unique_ptr<PreparedScenario> fit_scenario_;
  std::vector<CalibrationTarget> targets_;
  std::vector<ObservedTarget> not_simulated_;
};

}  // namespace ehsim
