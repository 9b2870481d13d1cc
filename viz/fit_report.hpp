#pragma once
// The calibration's fit report: fit-report.html, one self-contained page in the committee
// report's style, from fit.json (calibration/outputs.hpp). Simulated against observed per target
// with 90% intervals and implausibility, the holdout years as a back-test, the parameter table
// (bounds, fitted value, plausible range, what the data could not pin down), the ten-year path
// and the convergence trace, and the run details.

#include <string>

#include <nlohmann/json.hpp>

namespace ehsim::viz {

std::string fit_report_html(const nlohmann::json& fit);

}  // namespace ehsim::viz
