// Calibration: recovering parameters a scenario was simulated with (the method's known-answer
// test), and a calibration file's problems reported with their pointers.

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "calibration/metrics.hpp"
#include "calibration/outputs.hpp"
#include "calibration/search.hpp"
#include "calibration/walk.hpp"
#include "engine/monte_carlo.hpp"
#include "stats/chain.hpp"
#include "stats/summary.hpp"
#include "test_temp_path.hpp"

namespace ehsim {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kData = fs::path(EHSIM_SOURCE_DIR) / "tests/calibration/data";
const fs::path kEngineData = fs::path(EHSIM_SOURCE_DIR) / "tests/engine/data";

fs::path temp_dir(const std::string& name) {
  const fs::path dir = test::temp_path("ehsim-calibration-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write(const fs::path& path, const json& value) {
  std::ofstream(path) << value.dump(2);
}

// The known answer: the CTMC scenario's true rates (ctmc.json) produce "observed" figures for
// its first reported year, simulated with another seed and more replications than the
// calibration uses.
json observed_targets(double tolerance_share) {
  const PreparedScenario truth = PreparedScenario::load(kEngineData / "ctmc-warm-up.json");
  MonteCarloOptions options;
  options.seed = 777;
  options.replications = 40;
  const auto tallies = run_monte_carlo(truth.model(), options);
  json targets = json::array();
  for (const char* metric :
       {"children_in_need_at_31_march", "cin_episodes_starting", "referrals"}) {
    ObservedTarget t;
    t.metric = metric;
    t.year = "2020-21";
    const auto m = SimulatedMetric::resolve(truth.model(), t);
    std::vector<double> values;
    for (const auto& tally : tallies) values.push_back(m->value(truth.model(), tally));
    const double observed = summarise(values).mean;
    targets.push_back(
        {{"metric", metric},
         {"year", "2020-21"},
         {"kind", std::string(metric) == "children_in_need_at_31_march" ? "stock" : "flow"},
         {"observed", observed},
         {"uncertainty",
          {{"standard_error", tolerance_share * observed}, {"reason", "test: a stated tolerance"}}},
         {"holdout", false},
         {"source", "simulated from the true rates, seed 777, 40 replications"}});
  }
  return {{"schema_version", 1}, {"area", "Test"}, {"targets", targets}};
}

json calibration_file(const fs::path& dir) {
  return {{"schema_version", 1},
          {"name", "CTMC recovery"},
          {"scenario", fs::relative(kData / "ctmc-start.json", dir).generic_string()},
          {"targets", {"targets.json"}},
          {"fit_year", "2020-21"},
          {"fit_metrics", {"children_in_need_at_31_march", "cin_episodes_starting", "referrals"}},
          {"parameters",
           {{{"name", "emerges"},
             {"pointers", {"/pathway/transitions/need_emerges/rate_per_year"}},
             {"lower", 0.1},
             {"upper", 3.0},
             {"scale", "log"}},
            {{"name", "plans_end"},
             {"pointers", {"/pathway/transitions/plan_ends/rate_per_year"}},
             {"lower", 0.1},
             {"upper", 3.0},
             {"scale", "log"}}}},
          {"settings",
           {{"replications", 4},
            {"seed", 20240601},
            {"starts", 2},
            {"max_evaluations", 80},
            {"plausible_samples", 80},
            {"model_discrepancy", 0.0},
            {"stability_years", 0},
            {"assessment_replications", 8}}}};
}

TEST(Calibration, RecoversTheRatesTheTargetsWereSimulatedWith) {
  const fs::path dir = temp_dir("recovery");
  write(dir / "targets.json", observed_targets(0.03));
  write(dir / "calibration.json", calibration_file(dir));
  const CalibrationProblem problem(read_calibration_file(dir / "calibration.json"));
  const CalibrationOutcome outcome = run_calibration(problem);

  // The start is far off; the fit is not.
  EXPECT_GT(outcome.start.max_implausibility, 5.0);
  ASSERT_TRUE(outcome.best.valid);
  EXPECT_LT(outcome.best.max_implausibility, 1.5);
  const double truth[] = {0.8, 0.7};
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_NEAR(outcome.best.values[i], truth[i], 0.15 * truth[i])
        << problem.spec().parameters[i].name;
  }
  // The known values lie inside the plausible set's range, which is narrower than the bounds.
  ASSERT_GE(outcome.plausible.size(), 10u);
  for (std::size_t i = 0; i < 2; ++i) {
    double lo = INFINITY, hi = -INFINITY;
    for (const auto& p : outcome.plausible) {
      lo = std::min(lo, p.evaluation.values[i]);
      hi = std::max(hi, p.evaluation.values[i]);
    }
    EXPECT_LE(lo, truth[i]) << problem.spec().parameters[i].name;
    EXPECT_GE(hi, truth[i]) << problem.spec().parameters[i].name;
    EXPECT_LT(hi - lo, 0.5 * (3.0 - 0.1));
  }
  // Every plausible point is plausible.
  for (const auto& p : outcome.plausible) EXPECT_LE(p.evaluation.max_implausibility, 3.0);
}

// The walk's weighted mean of (objective - best objective). Under the posterior, with two free
// parameters and a near-quadratic objective, that excess is chi-squared on 2 degrees of freedom:
// mean 2 (the known answer). Uniform over the region it is larger: the region reaches out to
// points where some target sits three standard errors off.
double mean_excess_objective(const CalibrationOutcome& outcome) {
  double sum = 0, weights = 0;
  for (const auto& p : outcome.plausible) {
    sum += p.weight * (p.evaluation.objective - outcome.best.objective);
    weights += p.weight;
  }
  return sum / weights;
}

TEST(Calibration, ThePosteriorWalkWeighsPointsByHowWellTheyFit) {
  const fs::path dir = temp_dir("posterior");
  write(dir / "targets.json", observed_targets(0.03));
  json file = calibration_file(dir);
  file["settings"]["plausible_samples"] = 240;
  double excess[2] = {0, 0};
  for (int uniform = 0; uniform < 2; ++uniform) {
    file["settings"]["plausible_set"] = uniform ? "non_implausible" : "posterior";
    write(dir / "calibration.json", file);
    const CalibrationProblem problem(read_calibration_file(dir / "calibration.json"));
    const CalibrationOutcome outcome = run_calibration(problem);
    ASSERT_TRUE(outcome.best.valid);
    ASSERT_GE(outcome.plausible.size(), 10u);
    excess[uniform] = mean_excess_objective(outcome);
  }
  // 240 autocorrelated steps hold some 30 independent draws: chi-squared(2)'s mean of 2 has a
  // standard error near 0.4 there, so 0.8-4 is a wide band that still rules out the region.
  EXPECT_GT(excess[0], 0.8);
  EXPECT_LT(excess[0], 4.0);
  EXPECT_GT(excess[1], 1.5 * excess[0]);
}

TEST(Calibration, TheSameSeedGivesTheSameCalibration) {
  const fs::path dir = temp_dir("determinism");
  write(dir / "targets.json", observed_targets(0.05));
  json file = calibration_file(dir);
  file["settings"]["max_evaluations"] = 20;
  file["settings"]["plausible_samples"] = 10;
  write(dir / "calibration.json", file);
  const CalibrationProblem problem(read_calibration_file(dir / "calibration.json"));
  const CalibrationOutcome a = run_calibration(problem);
  const CalibrationOutcome b = run_calibration(problem);
  EXPECT_EQ(a.best.values, b.best.values);
  EXPECT_EQ(a.evaluations, b.evaluations);
  ASSERT_EQ(a.plausible.size(), b.plausible.size());
}

// ---- the walk on a known distribution -------------------------------------------------------

// A Gaussian posterior in the unit box whose two parameters trade off (correlation 0.98, as a
// rate and a share the data fix only in combination): the objective is the squared Mahalanobis
// distance from (0.5, 0.5), every point plausible. The walk's target exp(-objective / 2) is then
// that Gaussian, sd 0.1 on each axis (the box cuts off five standard deviations out: nothing).
struct CorrelatedPosterior {
  static constexpr double kSd = 0.1, kRho = 0.98;
  Evaluation operator()(const std::vector<double>& unit) const {
    const double a = (unit[0] - 0.5) / kSd, b = (unit[1] - 0.5) / kSd;
    Evaluation e;
    e.values = unit;
    e.valid = true;
    e.objective = (a * a - 2 * kRho * a * b + b * b) / (1 - kRho * kRho);
    e.max_implausibility = 0;
    return e;
  }
};

std::vector<double> walked_axis(const std::vector<PlausiblePoint>& points, std::size_t axis) {
  std::vector<double> chain;
  for (const auto& p : points)
    chain.insert(chain.end(), static_cast<std::size_t>(p.weight), p.evaluation.values[axis]);
  return chain;
}

std::vector<double> walk_correlated_posterior(WalkProposal proposal, int steps) {
  const CorrelatedPosterior posterior;
  WalkSettings settings;
  settings.steps = steps;
  settings.proposal = proposal;
  settings.seed = 99;
  int proposals = 0;
  const std::vector<double> start = {0.5, 0.5};
  return walked_axis(walk_plausible_set(
                         start, posterior(start), settings,
                         [&](const std::vector<double>& u) { return posterior(u); }, proposals),
                     0);
}

// The adaptive walk samples the known distribution (mean 0.5, sd 0.1 on the axis), and its steps
// along the ridge make the same number of steps worth several times the draws of the isotropic
// walk's.
TEST(Walk, AdaptiveStepsSampleACorrelatedPosteriorAndExploreItFaster) {
  constexpr int kSteps = 6000;
  const std::vector<double> adaptive = walk_correlated_posterior(WalkProposal::adaptive, kSteps);
  const std::vector<double> isotropic = walk_correlated_posterior(WalkProposal::isotropic, kSteps);
  ASSERT_EQ(adaptive.size(), static_cast<std::size_t>(kSteps + 1));
  const Summary s = summarise(adaptive);
  const double adaptive_draws = effective_sample_size(adaptive);
  // The mean's standard error is sd / sqrt(effective draws): allow four of them.
  EXPECT_NEAR(s.mean, 0.5, 4 * CorrelatedPosterior::kSd / std::sqrt(adaptive_draws));
  EXPECT_NEAR(s.sd, CorrelatedPosterior::kSd, 0.25 * CorrelatedPosterior::kSd);
  EXPECT_GT(adaptive_draws, 3 * effective_sample_size(isotropic))
      << "adaptive " << adaptive_draws << ", isotropic " << effective_sample_size(isotropic);
}

// fit.json says what the walk is worth: each parameter's effective number of independent draws,
// from its values in the walk's order (each point repeated for the steps it was held). A walk
// that held points more than once is worth fewer draws than it took steps.
TEST(Calibration, TheFitSaysHowManyIndependentDrawsTheWalkIsWorth) {
  const fs::path dir = temp_dir("effective-draws");
  write(dir / "targets.json", observed_targets(0.05));
  json file = calibration_file(dir);
  file["settings"]["max_evaluations"] = 20;
  file["settings"]["plausible_samples"] = 40;
  file["settings"]["assessment_replications"] = 2;
  write(dir / "calibration.json", file);
  const CalibrationProblem problem(read_calibration_file(dir / "calibration.json"));
  const CalibrationOutcome outcome = run_calibration(problem);
  ASSERT_GE(outcome.plausible.size(), 2u);
  const json fit = fit_json(problem, outcome, assess_calibration(problem, outcome));
  for (std::size_t i = 0; i < problem.spec().parameters.size(); ++i) {
    std::vector<double> chain;
    for (const auto& point : outcome.plausible) {
      chain.insert(chain.end(), static_cast<std::size_t>(point.weight),
                   problem.spec().parameters[i].to_unit(point.evaluation.values[i]));
    }
    const json& plausible = fit.at("parameters")[i].at("plausible");
    const double draws = plausible.at("effective_draws").get<double>();
    EXPECT_DOUBLE_EQ(draws, effective_sample_size(chain));
    EXPECT_GE(draws, 1.0);
    EXPECT_LT(draws, static_cast<double>(chain.size()));
    EXPECT_EQ(plausible.at("points").get<std::size_t>(), chain.size());
  }
}

TEST(Calibration, CalibratedScenarioExtendsTheOriginalAndReproducesTheFit) {
  const fs::path dir = temp_dir("calibrated");
  write(dir / "targets.json", observed_targets(0.05));
  json file = calibration_file(dir);
  file["settings"]["max_evaluations"] = 30;
  file["settings"]["plausible_samples"] = 0;
  write(dir / "calibration.json", file);
  const CalibrationProblem problem(read_calibration_file(dir / "calibration.json"));
  const CalibrationOutcome outcome = run_calibration(problem);
  const json calibrated = calibrated_scenario(problem, outcome, dir, "2026-12-01");
  write(dir / "calibrated.json", calibrated);
  // It loads, and carries exactly the fitted values, each with the calibration as its source.
  const PreparedScenario loaded = PreparedScenario::load(dir / "calibrated.json");
  for (std::size_t i = 0; i < problem.spec().parameters.size(); ++i) {
    const std::string& pointer = problem.spec().parameters[i].pointers.front();
    EXPECT_DOUBLE_EQ(number_at(loaded.document(), pointer), outcome.best.values[i]);
    const json& node = loaded.document().merged.at(json::json_pointer(pointer));
    EXPECT_NE(node.at("source").get<std::string>().find("calibrated"), std::string::npos);
  }
  EXPECT_EQ(calibrated.at("extends").get<std::string>(),
            fs::relative(kData / "ctmc-start.json", dir).generic_string());
}

// A calibration file with problems: each is reported with the file and its pointer.
std::string problems_of(const json& file) {
  const fs::path dir = temp_dir("bad");
  write(dir / "targets.json", observed_targets(0.05));
  write(dir / "calibration.json", file);
  try {
    const CalibrationProblem problem(read_calibration_file(dir / "calibration.json"));
  } catch (const InputError& e) {
    return e.diagnostics().format();
  }
  return "";
}

// A number tied to a free parameter moves with it in proportion (an effect written as a relative
// risk of a fitted rate): it is set to the parameter times its ratio in every evaluation, and the
// calibrated scenario keeps the ratio and says why.
TEST(Calibration, ATiedNumberKeepsItsRatioToTheFittedValue) {
  const fs::path dir = temp_dir("tied");
  write(dir / "targets.json", observed_targets(0.05));
  json file = calibration_file(dir);
  const std::string tied = "/pathway/transitions/need_passes/rate_per_year";
  file["parameters"][0]["tied"] = {{{"pointer", tied}, {"ratio", 0.5}, {"why", "test"}}};
  file["settings"]["max_evaluations"] = 10;
  file["settings"]["plausible_samples"] = 0;
  write(dir / "calibration.json", file);
  const CalibrationProblem problem(read_calibration_file(dir / "calibration.json"));
  const ParameterSet set = problem.parameter_set({0.9, 1.1});
  const auto at = [&](const std::string& pointer) {
    for (const auto& v : set.values)
      if (v.pointer == pointer) return v.value;
    return std::nan("");
  };
  EXPECT_DOUBLE_EQ(at(tied), 0.45);
  EXPECT_DOUBLE_EQ(at("/pathway/transitions/need_emerges/rate_per_year"), 0.9);

  const CalibrationOutcome outcome = run_calibration(problem);
  write(dir / "calibrated.json", calibrated_scenario(problem, outcome, dir, "2026-12-01"));
  const PreparedScenario loaded = PreparedScenario::load(dir / "calibrated.json");
  EXPECT_DOUBLE_EQ(number_at(loaded.document(), tied), 0.5 * outcome.best.values[0]);
  const json& node = loaded.document().merged.at(json::json_pointer(tied));
  EXPECT_NE(node.at("assumption").get<std::string>().find("0.5 times the fitted"),
            std::string::npos);
  EXPECT_FALSE(node.contains("source"));

  file["parameters"][0]["tied"][0]["ratio"] = -1;
  EXPECT_NE(problems_of(file).find("/parameters/0/tied/0/ratio"), std::string::npos);
  file["parameters"][0]["tied"][0]["ratio"] = 0.5;
  file["parameters"][0]["tied"][0]["pointer"] = "/pathway/transitions/need_pass/rate_per_year";
  EXPECT_NE(problems_of(file).find("need_pass/rate_per_year, which is not a number"),
            std::string::npos);
}

TEST(Calibration, ABadFileIsAnInputErrorNamingThePlace) {
  const fs::path dir = test::temp_path("ehsim-calibration-bad");
  json file = calibration_file(dir);
  file["parameters"][0]["pointers"] = {"/pathway/transitions/need_emerge/rate_per_year"};
  EXPECT_NE(problems_of(file).find("need_emerge/rate_per_year, which is not a number"),
            std::string::npos);

  file = calibration_file(dir);
  file["parameters"][1]["upper"] = 0.05;
  EXPECT_NE(problems_of(file).find("/parameters/1/upper"), std::string::npos);

  file = calibration_file(dir);
  file["fit_metrics"] = {"childen_in_need_at_31_march"};
  const std::string misspelt = problems_of(file);
  EXPECT_NE(misspelt.find("/fit_metrics/0"), std::string::npos);
  EXPECT_NE(misspelt.find("did you mean 'children_in_need_at_31_march'"), std::string::npos);

  file = calibration_file(dir);
  file["fit_year"] = "2020/21";
  EXPECT_NE(problems_of(file).find("/fit_year"), std::string::npos);

  file = calibration_file(dir);
  file["settings"]["replication"] = 4;
  EXPECT_NE(problems_of(file).find("/settings/replication"), std::string::npos);

  file = calibration_file(dir);
  file["settings"]["walk_proposal"] = "covariance";
  const std::string proposal = problems_of(file);
  EXPECT_NE(proposal.find("/settings/walk_proposal"), std::string::npos);
  EXPECT_NE(proposal.find("expected adaptive"), std::string::npos);
}

}  // namespace
}  // namespace ehsim
