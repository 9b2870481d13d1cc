#pragma once
// What `ehsim calibrate` writes: calibrated.json (a scenario that extends the original and
// overrides only the fitted values, each sourced to the calibration), fit.json (every target
// simulated against observed, the parameters with their plausible ranges, the convergence
// trace and the ten-year path), plausible.csv (the plausible set, one row per point with its
// weight). The fit report (viz) reads fit.json.

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "calibration/search.hpp"

namespace ehsim {

// The fitted values re-run with more replications: the fit-year targets with their intervals,
// and the calibrated scenario over its own horizon (does it hold still?).
struct CalibrationAssessment {
  std::vector<Summary> start;   // per target, at the scenario's own values
  std::vector<Summary> fitted;  // per target, at the fitted values
  Evaluation fitted_evaluation;
  nlohmann::json ten_year_path;  // per financial year: stocks with 5th/50th/95th percentiles
};

CalibrationAssessment assess_calibration(const CalibrationProblem& problem,
                                         const CalibrationOutcome& outcome,
                                         const std::atomic<bool>* cancel = nullptr);

// calibrated.json, written into `out_dir`: "extends" the original scenario by a path relative
// to `out_dir`.
nlohmann::json calibrated_scenario(const CalibrationProblem& problem,
                                   const CalibrationOutcome& outcome,
                                   const std::filesystem::path& out_dir, const std::string& date);

nlohmann::json fit_json(const CalibrationProblem& problem, const CalibrationOutcome& outcome,
                        const CalibrationAssessment& assessment);

std::string plausible_csv(const CalibrationProblem& problem, const CalibrationOutcome& outcome);

}  // namespace ehsim
