#pragma once
// A calibration file: which scenario, which observed figures, which numbers are free (by JSON
// pointer, with bounds) and how hard to search. docs/calibration.md documents every key.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "calibration/targets.hpp"
#include "core/diagnostics.hpp"

namespace ehsim {

enum class ParameterScale { linear, log };

// A free parameter: one value written to every pointer it names (so that, say, the share of
// referrals assessed as not in need is the same at every door into children's social care).
struct FreeParameter {
  std::string name;
  std::string label;
  std::vector<std::string> pointers;
  // Numbers that move with it in proportion: an effect written as a relative risk of the
  // fitted rate (key work's referrals as 0.68 times those of the unsupported), so that fitting
  // the rate keeps the effect.
  struct Tie {
    std::string pointer;
    double ratio = 1;
  };
  std::vector<Tie> tied;
  double lower = 0, upper = 1;
  ParameterScale scale = ParameterScale::linear;
  std::string why;  // what the data should pin it down with

  // [0, 1] <-> the parameter's own units, linearly or on a log scale between its bounds.
  double from_unit(double u) const;
  double to_unit(double value) const;
};

enum class PlausibleSetTarget { posterior, non_implausible };
const char* plausible_set_name(PlausibleSetTarget target);

// How the plausible-set walk proposes its steps (calibration/walk.hpp).
enum class WalkProposal { adaptive, isotropic };
const char* walk_proposal_name(WalkProposal proposal);

struct CalibrationSettings {
  int replications = 8;  // per evaluation, common random numbers across evaluations
  std::uint64_t seed = 20240601;
  int starts = 3;               // local searches: from the scenario's values, then spread points
  int max_evaluations = 400;    // over all starts
  int plausible_samples = 120;  // evaluations spent exploring the plausible set
  double implausibility_cutoff = 3.0;
  // What the plausible-set walk samples, within the cutoff. `posterior`: points in proportion to
  // exp(-objective / 2), the Gaussian likelihood of the same z the objective sums, so a point
  // that only just escapes the cutoff counts as little as its fit deserves. `non_implausible`:
  // every point within the cutoff alike (history matching's region, not a distribution), which
  // spreads a PSA over fits far worse than the best one.
  PlausibleSetTarget plausible_set = PlausibleSetTarget::posterior;
  // `adaptive`: after 100 steps, steps along the chain's own covariance (Haario et al. 2001);
  // `isotropic`: the same step on every axis throughout, as every calibration before
  // December 2026 was walked.
  WalkProposal walk_proposal = WalkProposal::adaptive;
  // Model discrepancy as a share of each observed value: what no parameter setting can fix
  // (structure, the year's accidents), added in quadrature to the observation's uncertainty.
  double model_discrepancy = 0.05;
  // Per metric, instead of the above: the population is a demographic count the model must
  // match as closely as the estimate allows (0), a share may warrant another figure.
  std::map<std::string, double> model_discrepancy_by_metric;
  double discrepancy_for(const std::string& metric) const {
    const auto it = model_discrepancy_by_metric.find(metric);
    return it == model_discrepancy_by_metric.end() ? model_discrepancy : it->second;
  }
  // Years after the fit year over which stocks must hold still (or follow the population's
  // trend): fitted as targets, so a fit cannot buy its first year with a drift.
  int stability_years = 3;
  int assessment_replications = 40;  // for the fit report's intervals and ten-year path
  std::string method = "sbplx";      // NLopt local method: sbplx, bobyqa, neldermead, cobyla
};

struct CalibrationSpec {
  std::string file;
  std::string name;
  std::filesystem::path scenario;  // resolved relative to the calibration file
  std::vector<std::filesystem::path> target_files;
  std::string fit_year;                  // "2017-18"
  std::vector<std::string> fit_metrics;  // metrics fitted in the fit year; others are shown only
  std::vector<ObservedTarget> extra_targets;
  double population_standard_error_share = 0.01;
  std::vector<FreeParameter> parameters;
  CalibrationSettings settings;
};

// Reads and checks a calibration file; throws InputError with every problem (file, pointer,
// what is wrong, what would be right).
CalibrationSpec read_calibration_file(const std::filesystem::path& path);

}  // namespace ehsim
