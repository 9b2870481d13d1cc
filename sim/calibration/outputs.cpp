#include "calibration/outputs.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "calibration/metrics.hpp"
#include "core/csv.hpp"
#include "core/files.hpp"
#include "core/version.hpp"
#include "engine/monte_carlo.hpp"
#include "results/run_results.hpp"
#include "stats/chain.hpp"

namespace ehsim {

using nlohmann::json;

namespace {

json summary_json(const Summary& s) {
  return {{"mean", s.mean}, {"p05", s.p05}, {"p50", s.p50}, {"p95", s.p95}, {"se", s.se}};
}

const char* kind_name(TargetKind k) {
  switch (k) {
    case TargetKind::flow:
      return "flow";
    case TargetKind::stock:
      return "stock";
    case TargetKind::share:
      return "share";
  }
  return "flow";
}

std::vector<Summary> target_summaries(const CalibrationProblem& problem,
                                      const std::vector<double>& values, int replications,
                                      const std::atomic<bool>* cancel) {
  const PreparedScenario candidate =
      problem.fit_scenario().with_parameters(problem.parameter_set(values));
  MonteCarloOptions options;
  options.seed = problem.spec().settings.seed;
  options.replications = replications;
  options.cancel = cancel;
  const auto tallies = run_monte_carlo(candidate.model(), options);
  std::vector<Summary> out;
  for (const auto& t : problem.targets()) {
    const auto metric = SimulatedMetric::resolve(candidate.model(), t.observed);
    std::vector<double> values_per_replication;
    for (const auto& tally : tallies)
      values_per_replication.push_back(metric->value(candidate.model(), tally));
    out.push_back(summarise(values_per_replication));
  }
  return out;
}

// The calibrated scenario as a council would run it: its own start, warm-up and horizon.
json ten_year_path(const CalibrationProblem& problem, const std::vector<double>& values,
                   int replications, const std::atomic<bool>* cancel) {
  const PreparedScenario calibrated =
      problem.scenario().with_parameters(problem.parameter_set(values));
  MonteCarloOptions options;
  options.seed = problem.spec().settings.seed;
  options.replications = replications;
  options.cancel = cancel;
  const auto tallies = run_monte_carlo(calibrated.model(), options);
  const CompiledModel& model = calibrated.model();
  const auto children_at_end = [&](StateGroup group) {
    return MetricRef::of_group(model, Metric::group_children_at_end, group);
  };
  const std::vector<std::pair<const char*, MetricRef>> series = {
      {"children_in_need", children_at_end({StateGroup::Kind::children_in_need_dfe})},
      {"child_protection",
       children_at_end(StateGroup::with_status(ServiceStatus::child_protection))},
      {"looked_after", children_at_end(StateGroup::with_status(ServiceStatus::looked_after))},
      {"population", children_at_end({StateGroup::Kind::all})}};
  json path = json::array();
  for (const auto& period : reporting_periods(model.calendar)) {
    if (period.type != "financial_year") continue;
    json year = {{"financial_year", period.label}};
    for (const auto& [name, ref] : series) {
      std::vector<double> v;
      for (const auto& tally : tallies) v.push_back(metric_value(model, tally, period, ref));
      year[name] = summary_json(summarise(v));
    }
    path.push_back(year);
  }
  return path;
}

}  // namespace

CalibrationAssessment assess_calibration(const CalibrationProblem& problem,
                                         const CalibrationOutcome& outcome,
                                         const std::atomic<bool>* cancel) {
  const int n = problem.spec().settings.assessment_replications;
  CalibrationAssessment a;
  a.start = target_summaries(problem, outcome.start_values, n, cancel);
  a.fitted = target_summaries(problem, outcome.best.values, n, cancel);
  a.fitted_evaluation = problem.evaluate(outcome.best.values, n, cancel);
  a.ten_year_path = ten_year_path(problem, outcome.best.values, n, cancel);
  return a;
}

namespace {

// The JSON pointer of the outermost array on the way to `pointer` (a merge patch replaces
// arrays whole), or `pointer` itself when there is none.
json::json_pointer patch_root(const json& doc, const json::json_pointer& pointer) {
  json::json_pointer walked, root = pointer;
  const json* node = &doc;
  std::vector<std::string> tokens;
  for (json::json_pointer p = pointer; !p.empty(); p = p.parent_pointer())
    tokens.push_back(p.back());
  std::reverse(tokens.begin(), tokens.end());
  for (const auto& token : tokens) {
    if (node->is_array()) return walked;
    walked /= token;
    node = &doc.at(walked);
  }
  return root;
}

// A tied number keeps its own reason (why the ratio), with what the calibration made of it.
void keep_reasons_of_tied_numbers(const CalibrationProblem& problem,
                                  const CalibrationOutcome& outcome, json& patch) {
  const auto& parameters = problem.spec().parameters;
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    for (const auto& tie : parameters[i].tied) {
      const json::json_pointer pointer(tie.pointer);
      const json& original = problem.scenario().document().merged.at(pointer);
      const std::string reason =
          original.is_object() ? original.value("assumption", original.value("source", "")) : "";
      patch[pointer] = {
          {"value", outcome.best.values[i] * tie.ratio},
          {"source", nullptr},
          {"assumption",
           fmt::format("{} (set by the calibration to {} times the fitted '{}', {:.4g})", reason,
                       tie.ratio, parameters[i].label, outcome.best.values[i])}};
    }
  }
}

}  // namespace

json calibrated_scenario(const CalibrationProblem& problem, const CalibrationOutcome& outcome,
                         const std::filesystem::path& out_dir, const std::string& date) {
  const auto& spec = problem.spec();
  ParameterSet set = problem.parameter_set(outcome.best.values);
  std::vector<std::string> targets;
  for (const auto& file : spec.target_files) targets.push_back(file.filename().string());
  set.source =
      fmt::format("calibrated: {} against {} (fit year {}), {}; ehsim calibrate, {} evaluations",
                  std::filesystem::path(spec.file).filename().string(), fmt::join(targets, ", "),
                  spec.fit_year, date, outcome.evaluations);
  Diagnostics diags;
  ResolvedDocument changed = with_parameters(problem.scenario().document(), set, diags);
  if (!diags.empty()) throw InputError(std::move(diags));
  // A bare number becomes a sourced one, so the file says where the fitted value came from.
  for (const auto& v : set.values) {
    json& node = changed.merged.at(json::json_pointer(v.pointer));
    if (node.is_number()) node = json{{"value", node}, {"source", set.source}};
  }
  json patch = json::object();
  for (const auto& v : set.values) {
    const json::json_pointer pointer(v.pointer);
    const auto root = patch_root(changed.merged, pointer);
    patch[root] = changed.merged.at(root);
    // Merge patch merges objects: the original's "assumption" must be removed (null), or the
    // fitted value would carry both it and its new source.
    if (root == pointer && patch[root].is_object()) patch[root]["assumption"] = nullptr;
  }
  keep_reasons_of_tied_numbers(problem, outcome, patch);
  const auto relative = std::filesystem::relative(std::filesystem::absolute(spec.scenario),
                                                  std::filesystem::absolute(out_dir));
  json scenario = {
      {"extends", relative.generic_string()},
      {"name", problem.scenario().scenario().name + " (calibrated)"},
      {"description", fmt::format("{} with the values fitted by {} to {}; every other number as in "
                                  "the original.",
                                  problem.scenario().scenario().name,
                                  std::filesystem::path(spec.file).filename().string(),
                                  fmt::join(targets, ", "))}};
  scenario.update(patch, true);
  scenario["calibration"] = {
      {"file", std::filesystem::relative(std::filesystem::absolute(spec.file),
                                         std::filesystem::absolute(out_dir))
                   .generic_string()},
      {"fit_year", spec.fit_year},
      {"date", date}};
  return scenario;
}

namespace {

json ties_json(const FreeParameter& p) {
  json ties = json::array();
  for (const auto& tie : p.tied) ties.push_back({{"pointer", tie.pointer}, {"ratio", tie.ratio}});
  return ties;
}

json parameter_json(const CalibrationProblem& problem, const CalibrationOutcome& outcome,
                    std::size_t i) {
  const FreeParameter& p = problem.spec().parameters[i];
  json j = {{"name", p.name},
            {"label", p.label},
            {"pointers", p.pointers},
            {"tied", ties_json(p)},
            {"lower", p.lower},
            {"upper", p.upper},
            {"scale", p.scale == ParameterScale::log ? "log" : "linear"},
            {"why", p.why},
            {"start_value", outcome.start_values[i]},
            {"fitted_value", outcome.best.values[i]}};
  // The plausible set, weighted by the steps the walk held each point.
  std::vector<double> values, units;
  for (const auto& point : outcome.plausible) {
    for (int w = 0; w < point.weight; ++w) {
      values.push_back(point.evaluation.values[i]);
      units.push_back(p.to_unit(point.evaluation.values[i]));
    }
  }
  if (values.empty()) {
    j["plausible"] = nullptr;
    return j;
  }
  // In the walk's order, on the search axis: how many independent draws the chain is worth.
  const double effective_draws = effective_sample_size(units);
  std::sort(values.begin(), values.end());
  const auto [lo, hi] = std::minmax_element(units.begin(), units.end());
  j["plausible"] = {{"min", values.front()},
                    {"max", values.back()},
                    {"p05", quantile_sorted(values, 0.05)},
                    {"p50", quantile_sorted(values, 0.5)},
                    {"p95", quantile_sorted(values, 0.95)},
                    {"share_of_bounds", *hi - *lo},
                    {"points", values.size()},
                    {"effective_draws", effective_draws}};
  // Not pinned down: the plausible points spread over most of the range allowed.
  j["not_identified"] = outcome.plausible.size() >= 10 && *hi - *lo >= 0.8;
  return j;
}

// Pairs of parameters that trade off: strongly correlated over the plausible set.
json trade_offs(const CalibrationProblem& problem, const CalibrationOutcome& outcome) {
  json pairs = json::array();
  const auto& parameters = problem.spec().parameters;
  if (outcome.plausible.size() < 10) return pairs;
  const auto column = [&](std::size_t i) {
    std::vector<double> v;
    for (const auto& point : outcome.plausible)
      for (int w = 0; w < point.weight; ++w)
        v.push_back(parameters[i].to_unit(point.evaluation.values[i]));
    return v;
  };
  for (std::size_t a = 0; a < parameters.size(); ++a) {
    for (std::size_t b = a + 1; b < parameters.size(); ++b) {
      const auto x = column(a), y = column(b);
      const double n = static_cast<double>(x.size());
      double mx = 0, my = 0;
      for (std::size_t k = 0; k < x.size(); ++k) mx += x[k] / n, my += y[k] / n;
      double sxy = 0, sxx = 0, syy = 0;
      for (std::size_t k = 0; k < x.size(); ++k) {
        sxy += (x[k] - mx) * (y[k] - my);
        sxx += (x[k] - mx) * (x[k] - mx);
        syy += (y[k] - my) * (y[k] - my);
      }
      if (sxx <= 0 || syy <= 0) continue;
      const double r = sxy / std::sqrt(sxx * syy);
      if (std::abs(r) >= 0.8) {
        pairs.push_back(
            {{"parameters", {parameters[a].name, parameters[b].name}}, {"correlation", r}});
      }
    }
  }
  return pairs;
}

}  // namespace

namespace {

std::string method_description(PlausibleSetTarget target, WalkProposal proposal) {
  return fmt::format(
      "derivative-free local searches (NLopt) of the sum of squared standardised distances from "
      "several starts, common random numbers across evaluations; then a Metropolis walk over the "
      "plausible set (every fitted target within the cutoff of its observation, in units of "
      "observation, model-discrepancy and Monte Carlo uncertainty combined), {}; {}; "
      "docs/calibration.md",
      target == PlausibleSetTarget::posterior
          ? "each point in proportion to exp(-objective/2), the Gaussian likelihood of those z "
            "(an approximate posterior under a prior uniform on the search axes: log-uniform for "
            "log-scaled parameters)"
          : "every point within the cutoff alike (history matching's region)",
      proposal == WalkProposal::adaptive
          ? "its steps after the first 100 drawn with the chain's own covariance (adaptive "
            "Metropolis, Haario, Saksman and Tamminen 2001)"
          : "the same step on every axis, its size adapted towards an acceptance of a quarter");
}

}  // namespace

json fit_json(const CalibrationProblem& problem, const CalibrationOutcome& outcome,
              const CalibrationAssessment& assessment) {
  const auto& spec = problem.spec();
  const auto& settings = spec.settings;
  json targets = json::array();
  for (std::size_t i = 0; i < problem.targets().size(); ++i) {
    const CalibrationTarget& t = problem.targets()[i];
    const TargetFit& fit = assessment.fitted_evaluation.fits[i];
    targets.push_back({{"id", t.observed.id},
                       {"metric", t.observed.metric},
                       {"year", t.observed.year},
                       {"kind", kind_name(t.observed.kind)},
                       {"unit", t.observed.unit},
                       {"observed", t.observed.observed},
                       {"standard_error", t.observed.standard_error},
                       {"uncertainty_reason", t.observed.uncertainty_reason},
                       {"source", t.observed.source},
                       {"assumption", t.observed.assumption},
                       {"fitted", t.fitted},
                       {"stability", t.stability},
                       {"holdout", t.observed.holdout},
                       {"start", summary_json(assessment.start[i])},
                       {"calibrated", summary_json(assessment.fitted[i])},
                       {"sigma", fit.sigma},
                       {"z", fit.z},
                       {"implausibility", std::abs(fit.z)}});
  }
  json parameters = json::array();
  for (std::size_t i = 0; i < spec.parameters.size(); ++i)
    parameters.push_back(parameter_json(problem, outcome, i));
  json trace = json::array();
  for (const auto& p : outcome.trace) {
    trace.push_back({{"evaluation", p.evaluation},
                     {"start", p.start},
                     {"objective", p.objective},
                     {"best", p.best}});
  }
  const bool plausible = outcome.best.valid && assessment.fitted_evaluation.max_implausibility <=
                                                   settings.implausibility_cutoff;
  return {{"schema_version", kOutputSchemaVersion},
          {"ehsim_version", version()},
          {"git_commit", git_commit()},
          {"created_utc", utc_now_iso8601()},
          {"calibration_file", spec.file},
          {"name", spec.name},
          {"scenario", spec.scenario.string()},
          {"scenario_name", problem.scenario().scenario().name},
          {"scenario_sha256", problem.scenario().scenario().resolved_sha256},
          {"fit_year", spec.fit_year},
          {"settings",
           {{"replications", settings.replications},
            {"seed", settings.seed},
            {"starts", settings.starts},
            {"max_evaluations", settings.max_evaluations},
            {"plausible_samples", settings.plausible_samples},
            {"implausibility_cutoff", settings.implausibility_cutoff},
            {"plausible_set", plausible_set_name(settings.plausible_set)},
            {"walk_proposal", walk_proposal_name(settings.walk_proposal)},
            {"model_discrepancy", settings.model_discrepancy},
            {"model_discrepancy_by_metric", settings.model_discrepancy_by_metric},
            {"stability_years", settings.stability_years},
            {"assessment_replications", settings.assessment_replications},
            {"method", settings.method}}},
          {"method", method_description(settings.plausible_set, settings.walk_proposal)},
          {"evaluations", outcome.evaluations},
          {"walk_proposals", outcome.walk_proposals},
          {"seconds", outcome.seconds},
          {"objective", {{"start", outcome.start.objective}, {"best", outcome.best.objective}}},
          {"max_implausibility",
           {{"start", outcome.start.max_implausibility},
            {"best", assessment.fitted_evaluation.max_implausibility}}},
          {"plausible_found", plausible},
          {"plausible_points", outcome.plausible.size()},
          {"targets", targets},
          {"not_simulated",
           [&] {
             json ids = json::array();
             for (const auto& t : problem.not_simulated()) ids.push_back(t.id);
             return ids;
           }()},
          {"parameters", parameters},
          {"trade_offs", trade_offs(problem, outcome)},
          {"trace", trace},
          {"ten_year_path", assessment.ten_year_path}};
}

std::string plausible_csv(const CalibrationProblem& problem, const CalibrationOutcome& outcome) {
  std::vector<std::string> header = {"point", "weight", "objective", "max_implausibility"};
  for (const auto& p : problem.spec().parameters) header.push_back(p.name);
  std::string out = csv_row(header);
  for (std::size_t k = 0; k < outcome.plausible.size(); ++k) {
    const auto& point = outcome.plausible[k];
    std::vector<std::string> row = {std::to_string(k), std::to_string(point.weight),
                                    fmt::format("{:.6g}", point.evaluation.objective),
                                    fmt::format("{:.4g}", point.evaluation.max_implausibility)};
    for (double v : point.evaluation.values) row.push_back(fmt::format("{:.10g}", v));
    out += csv_row(row);
  }
  return out;
}

}  // namespace ehsim
