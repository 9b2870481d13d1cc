#include "calibration/spec.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "input/document.hpp"
#include "input/reader.hpp"

namespace ehsim {

using nlohmann::json;

double FreeParameter::from_unit(double u) const {
  u = std::clamp(u, 0.0, 1.0);
  if (scale == ParameterScale::log) return lower * std::pow(upper / lower, u);
  return lower + u * (upper - lower);
}

double FreeParameter::to_unit(double value) const {
  const double u = scale == ParameterScale::log ? std::log(value / lower) / std::log(upper / lower)
                                                : (value - lower) / (upper - lower);
  return std::clamp(u, 0.0, 1.0);
}

const char* walk_proposal_name(WalkProposal proposal) {
  return proposal == WalkProposal::adaptive ? "adaptive" : "isotropic";
}

const char* plausible_set_name(PlausibleSetTarget target) {
  return target == PlausibleSetTarget::posterior ? "posterior" : "non_implausible";
}

namespace {

constexpr Range kPositiveCount{1, 1e6, false, true, "a whole number >= 1"};

void read_settings(ObjectReader& r, CalibrationSettings& s) {
  s.replications =
      static_cast<int>(r.number("replications", s.replications, kPositiveCount, false));
  s.seed = static_cast<std::uint64_t>(
      r.number("seed", static_cast<double>(s.seed),
               {0, 9007199254740991.0, false, true, "a whole number >= 0"}, false));
  s.starts = static_cast<int>(r.number("starts", s.starts, kPositiveCount, false));
  s.max_evaluations =
      static_cast<int>(r.number("max_evaluations", s.max_evaluations, kPositiveCount, false));
  s.plausible_samples =
      static_cast<int>(r.number("plausible_samples", s.plausible_samples,
                                {0, 1e6, false, true, "a whole number >= 0"}, false));
  s.implausibility_cutoff = r.number("implausibility_cutoff", s.implausibility_cutoff,
                                     {0, 100, true, false, "a number > 0 (3 is usual)"}, false);
  const std::string target = r.string("plausible_set", plausible_set_name(s.plausible_set), false);
  if (target == "posterior" || target == "non_implausible") {
    s.plausible_set =
        target == "posterior" ? PlausibleSetTarget::posterior : PlausibleSetTarget::non_implausible;
  } else {
    r.checker().error(r.at("plausible_set"),
                      fmt::format("is '{}'; expected posterior (points weighted by how well they "
                                  "fit) or non_implausible (every point within the cutoff alike)",
                                  target));
  }
  const std::string proposal =
      r.string("walk_proposal", walk_proposal_name(s.walk_proposal), false);
  if (proposal == "adaptive" || proposal == "isotropic") {
    s.walk_proposal = proposal == "adaptive" ? WalkProposal::adaptive : WalkProposal::isotropic;
  } else {
    r.checker().error(r.at("walk_proposal"),
                      fmt::format("is '{}'; expected adaptive (steps along the chain's own "
                                  "covariance) or isotropic (the same step on every axis)",
                                  proposal));
  }
  s.model_discrepancy =
      r.number("model_discrepancy", s.model_discrepancy,
               {0, 1, false, false, "a share of the observed value, 0 to 1"}, false);
  if (const json* by_metric = r.get("model_discrepancy_by_metric")) {
    if (!by_metric->is_object()) {
      r.checker().error(r.at("model_discrepancy_by_metric"),
                        "expected an object of metric names and shares, e.g. "
                        "{\"population_0_17\": 0}");
    } else {
      for (const auto& [metric, value] : by_metric->items()) {
        const std::string at = pointer_append(r.at("model_discrepancy_by_metric"), metric);
        const auto& known = target_metrics();
        if (std::find(known.begin(), known.end(), metric) == known.end()) {
          r.checker().error(at, fmt::format("is not a metric ehsim can simulate"));
        }
        double share = 0;
        if (check_number(r.checker(), value, at, {0, 1, false, false, "a share, 0 to 1"}, share))
          s.model_discrepancy_by_metric[metric] = share;
      }
    }
  }
  s.stability_years =
      static_cast<int>(r.number("stability_years", s.stability_years,
                                {0, 20, false, true, "a whole number, 0 to 20"}, false));
  s.assessment_replications = static_cast<int>(
      r.number("assessment_replications", s.assessment_replications, kPositiveCount, false));
  s.method = r.string("method", s.method, false);
  static const std::vector<std::string> methods = {"sbplx", "bobyqa", "neldermead", "cobyla"};
  if (std::find(methods.begin(), methods.end(), s.method) == methods.end()) {
    r.checker().error(r.at("method"), fmt::format("is '{}'; expected one of sbplx, bobyqa, "
                                                  "neldermead, cobyla",
                                                  s.method));
  }
}

// "tied": [{"pointer": ..., "ratio": 0.68, "why": ...}]: numbers set to the parameter times a
// ratio.
void read_ties(ObjectReader& r, const json& tied, FreeParameter& p) {
  if (!tied.is_array()) {
    r.checker().error(r.at("tied"), "expected an array of {\"pointer\", \"ratio\", \"why\"}");
    return;
  }
  for (std::size_t i = 0; i < tied.size(); ++i) {
    ObjectReader t(r.checker(), &tied[i], pointer_append(r.at("tied"), i),
                   {"pointer", "ratio", "why"});
    if (!t.is_object()) continue;
    FreeParameter::Tie tie;
    tie.pointer = t.string("pointer", "", true);
    tie.ratio = t.number("ratio", 1, {0, 1e9, true, false, "a ratio above 0"}, true);
    t.string("why", "", true);
    p.tied.push_back(tie);
  }
}

FreeParameter read_parameter(ObjectReader& r) {
  FreeParameter p;
  p.name = r.string("name", "", true);
  p.label = r.string("label", p.name, false);
  p.why = r.string("why", "", false);
  const std::string scale = r.string("scale", "linear", false);
  if (scale == "log") {
    p.scale = ParameterScale::log;
  } else if (scale != "linear") {
    r.checker().error(r.at("scale"), fmt::format("is '{}'; expected linear or log", scale));
  }
  p.lower = r.number("lower", 0, kAnyNumber, true);
  p.upper = r.number("upper", 1, kAnyNumber, true);
  if (!(p.upper > p.lower)) {
    r.checker().error(r.at("upper"),
                      fmt::format("is {}; expected a number above lower ({})", p.upper, p.lower));
  }
  if (p.scale == ParameterScale::log && !(p.lower > 0)) {
    r.checker().error(r.at("lower"), "must be > 0 for a parameter searched on a log scale");
  }
  if (const json* pointers = r.require("pointers", "an array of JSON pointers into the scenario")) {
    if (!pointers->is_array() || pointers->empty()) {
      r.checker().error(r.at("pointers"), "expected a non-empty array of JSON pointers");
    } else {
      for (std::size_t i = 0; i < pointers->size(); ++i) {
        std::string text;
        if (check_string(r.checker(), (*pointers)[i], pointer_append(r.at("pointers"), i), text))
          p.pointers.push_back(text);
      }
    }
  }
  if (const json* tied = r.get("tied")) read_ties(r, *tied, p);
  return p;
}

}  // namespace

CalibrationSpec read_calibration_file(const std::filesystem::path& path) {
  Diagnostics diags;
  CalibrationSpec spec;
  spec.file = path.string();
  json doc;
  if (!parse_json_file(path, doc, diags)) throw InputError(std::move(diags));
  ResolvedDocument resolved;
  resolved.merged = doc;
  resolved.chain = {spec.file};
  resolved.own = {doc};
  Checker checker(resolved, diags);
  ObjectReader top(
      checker, &doc, "",
      {"schema_version", "name", "description", "scenario", "targets", "fit_year", "fit_metrics",
       "extra_targets", "population_standard_error_share", "parameters", "settings", "notes"});
  if (!top.is_object()) {
    diags.add(spec.file, "", "is not a JSON object; expected a calibration file");
    throw InputError(std::move(diags));
  }
  top.number("schema_version", 1, {1, 1, false, true, "1"}, true);
  spec.name = top.string("name", "", true);
  top.string("description", "", false);
  top.string("notes", "", false);
  const auto base = path.parent_path();
  spec.scenario = base / top.string("scenario", "", true);
  if (const json* targets = top.require("targets", "an array of target files")) {
    if (targets->is_string()) {
      spec.target_files.push_back(base / targets->get<std::string>());
    } else if (targets->is_array()) {
      for (std::size_t i = 0; i < targets->size(); ++i) {
        std::string file;
        if (check_string(checker, (*targets)[i], pointer_append("/targets", i), file))
          spec.target_files.push_back(base / file);
      }
    } else {
      checker.error("/targets", "expected a target file or an array of them");
    }
  }
  spec.fit_year = top.string("fit_year", "", true);
  if (!spec.fit_year.empty() && !financial_year_start(spec.fit_year)) {
    checker.error("/fit_year",
                  fmt::format("is '{}'; expected a financial year such as 2017-18", spec.fit_year));
  }
  if (const json* metrics = top.require("fit_metrics", "an array of metric names")) {
    if (!metrics->is_array()) {
      checker.error("/fit_metrics", "expected an array of metric names");
    } else {
      for (std::size_t i = 0; i < metrics->size(); ++i) {
        std::string m;
        const std::string at = pointer_append("/fit_metrics", i);
        if (!check_string(checker, (*metrics)[i], at, m)) continue;
        const auto& known = target_metrics();
        if (std::find(known.begin(), known.end(), m) == known.end()) {
          const std::string near = closest_match(m, known);
          checker.error(at, fmt::format("is '{}', which ehsim cannot simulate{}", m,
                                        near.empty() ? "" : "; did you mean '" + near + "'?"));
        }
        spec.fit_metrics.push_back(m);
      }
    }
  }
  if (const json* extra = top.get("extra_targets")) {
    if (!extra->is_array()) {
      checker.error("/extra_targets", "expected an array of targets");
    } else {
      for (std::size_t i = 0; i < extra->size(); ++i) {
        spec.extra_targets.push_back(
            read_target((*extra)[i], spec.file, pointer_append("/extra_targets", i), diags));
      }
    }
  }
  spec.population_standard_error_share =
      top.number("population_standard_error_share", spec.population_standard_error_share,
                 {0, 1, true, false, "a share, above 0 and at most 1"}, false);
  if (const json* parameters = top.require("parameters", "an array of free parameters")) {
    if (!parameters->is_array() || parameters->empty()) {
      checker.error("/parameters", "expected a non-empty array of free parameters");
    } else {
      for (std::size_t i = 0; i < parameters->size(); ++i) {
        ObjectReader r(checker, &(*parameters)[i], pointer_append("/parameters", i),
                       {"name", "label", "pointers", "tied", "lower", "upper", "scale", "why"});
        if (r.is_object()) spec.parameters.push_back(read_parameter(r));
      }
    }
  }
  if (const json* settings = top.get("settings")) {
    ObjectReader r(
        checker, settings, "/settings",
        {"replications", "seed", "starts", "max_evaluations", "plausible_samples",
         "implausibility_cutoff", "plausible_set", "walk_proposal", "model_discrepancy",
         "model_discrepancy_by_metric", "stability_years", "assessment_replications", "method"});
    if (r.is_object()) read_settings(r, spec.settings);
  }
  if (!diags.empty()) throw InputError(std::move(diags));
  return spec;
}

}  // namespace ehsim
