// ehsim calibrate FILE --out DIR: fit a baseline's free parameters to a council's statistics
// and write calibrated.json, fit.json, plausible.csv and fit-report.html (docs/calibration.md).

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "calibration/outputs.hpp"
#include "calibration/spec.hpp"
#include "core/files.hpp"
#include "engine/process_group.hpp"
#include "progress.hpp"
#include "subcommand.hpp"
#include "viz/fit_report.hpp"

namespace ehsim::cli {

namespace {

struct CalibrateArgs {
  std::string file;
  std::string out_dir = "out/calibration";
  std::optional<int> max_evaluations;
  std::optional<int> replications;
  std::optional<int> plausible_samples;
  bool quiet = false;
};

void print_summary(const CalibrationProblem& problem, const CalibrationOutcome& outcome,
                   const CalibrationAssessment& assessment, const std::string& out) {
  fmt::print(
      "{}: {} evaluations in {:.0f}s; objective {:.3g} -> {:.3g}; largest implausibility "
      "{:.2f} -> {:.2f}; {} plausible points\n",
      problem.spec().name, outcome.evaluations, outcome.seconds, outcome.start.objective,
      outcome.best.objective, outcome.start.max_implausibility,
      assessment.fitted_evaluation.max_implausibility, outcome.plausible.size());
  for (std::size_t i = 0; i < problem.targets().size(); ++i) {
    const auto& t = problem.targets()[i];
    if (!t.fitted) continue;
    fmt::print("  {:<44} observed {:>10.4g}  simulated {:>10.4g}  z {:+.2f}\n", t.observed.id,
               t.observed.observed, assessment.fitted[i].mean,
               assessment.fitted_evaluation.fits[i].z);
  }
  fmt::print("wrote {}/calibrated.json, fit.json, plausible.csv, fit-report.html\n", out);
}

int calibrate_command(const CalibrateArgs& args) {
  CalibrationSpec spec = read_calibration_file(args.file);
  if (args.max_evaluations) spec.settings.max_evaluations = *args.max_evaluations;
  if (args.replications) spec.settings.replications = *args.replications;
  if (args.plausible_samples) spec.settings.plausible_samples = *args.plausible_samples;
  const CalibrationProblem problem(spec);
  std::atomic<int> done{0};
  CalibrationOutcome outcome;
  {
    ProgressBar bar("calibrating " + spec.name,
                    spec.settings.max_evaluations + spec.settings.plausible_samples, done,
                    !args.quiet);
    outcome = run_calibration(
        problem, [&](int evaluations, int, double) { done.store(evaluations); },
        &cancel_requested());
  }
  const CalibrationAssessment assessment =
      assess_calibration(problem, outcome, &cancel_requested());
  const std::string date = utc_now_iso8601().substr(0, 10);
  const std::filesystem::path out(args.out_dir);
  const nlohmann::json fit = fit_json(problem, outcome, assessment);
  // In an MPI job every process holds the same fit; the primary writes it.
  if (is_primary_process()) {
    write_files_atomically(
        out, {{"calibrated.json", calibrated_scenario(problem, outcome, out, date).dump(2) + "\n"},
              {"fit.json", fit.dump(2) + "\n"},
              {"plausible.csv", plausible_csv(problem, outcome)},
              {"fit-report.html", viz::fit_report_html(fit)}});
  }
  if (!args.quiet) print_summary(problem, outcome, assessment, args.out_dir);
  return kExitOk;
}

}  // namespace

Subcommand add_calibrate_command(CLI::App& app) {
  auto args = std::make_shared<CalibrateArgs>();
  auto* cmd = app.add_subcommand(
      "calibrate",
      "Fit a baseline's free parameters to a council's statistics (a calibration file names the "
      "scenario, the targets and the parameters) and write calibrated.json, fit.json, "
      "plausible.csv and fit-report.html");
  cmd->add_option("file", args->file, "Calibration file (JSON)")->required();
  cmd->add_option("--out,-o", args->out_dir, "Output directory")->capture_default_str();
  cmd->add_option("--max-evaluations", args->max_evaluations,
                  "Evaluations for the local searches, over all starts (default: the file's)")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--replications,-n", args->replications,
                  "Replications per evaluation (default: the file's)")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--plausible-samples", args->plausible_samples,
                  "Steps of the walk over the plausible set (default: the file's)")
      ->check(CLI::Range(0, 1000000));
  cmd->add_flag("--quiet,-q", args->quiet, "No progress bar or closing lines");
  return {cmd, [args] { return calibrate_command(*args); }};
}

}  // namespace ehsim::cli
