#include "uncertainty/goal_seek.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

#include <fmt/format.h>

#include "core/csv.hpp"
#include "core/version.hpp"
#include "economics/uncertainty_words.hpp"
#include "engine/monte_carlo.hpp"

namespace ehsim {

using nlohmann::json;

namespace {

constexpr const char* kWhere = "ehsim goal-seek";
// The bisection stops when the bracket is narrower than this share of the budget or this many
// pounds, whichever is wider: finer than a council budgets, and each step costs a simulation.
constexpr double kRelativeTolerance = 0.01;
constexpr double kAbsoluteTolerance = 10000;
constexpr int kMaxRefinements = 40;

const Service* find_service(const Scenario& scenario, const std::string& id) {
  const auto it = std::find_if(scenario.services.begin(), scenario.services.end(),
                               [&](const Service& s) { return s.id == id; });
  return it == scenario.services.end() ? nullptr : &*it;
}

std::string service_ids(const Scenario& scenario) {
  std::string ids;
  for (const auto& s : scenario.services) {
    if (s.fte || s.budget.size() != 1) continue;  // only services with one budget can be levers
    ids += (ids.empty() ? "" : ", ") + s.id;
  }
  return ids.empty() ? "(none has a single budget_per_year)" : ids;
}

std::vector<std::string> year_labels(const CompiledModel& model) {
  std::vector<std::string> labels;
  for (const auto& y : model.calendar.years()) labels.push_back(y.label);
  return labels;
}

// A financial year label, or its number in the horizon from 1; -1 when it is neither.
int year_index(const std::string& text, const std::vector<std::string>& labels) {
  const auto it = std::find(labels.begin(), labels.end(), text);
  if (it != labels.end()) return static_cast<int>(it - labels.begin());
  try {
    std::size_t used = 0;
    const int n = std::stoi(text, &used);
    if (used == text.size() && n >= 1 && n <= static_cast<int>(labels.size())) return n - 1;
  } catch (const std::exception&) {
  }
  return -1;
}

void check_lever(const Scenario& alternative, const std::string& id, Diagnostics& problems) {
  const Service* service = find_service(alternative, id);
  if (service == nullptr) {
    problems.add(kWhere, "--service",
                 fmt::format("'{}' is not a service of the alternative '{}'; expected one of: {}",
                             id, alternative.name, service_ids(alternative)));
  } else if (service->fte) {
    problems.add(kWhere, "--service",
                 fmt::format("'{}' is staffed by \"fte\", not a budget; goal-seek sets a "
                             "service's budget_per_year, so choose one of: {}",
                             id, service_ids(alternative)));
  } else if (service->budget.size() != 1) {
    problems.add(kWhere, "--service",
                 fmt::format("'{}' has budget_changes; goal-seek sets one budget for the whole "
                             "horizon, so remove them from the alternative or choose one of: {}",
                             id, service_ids(alternative)));
  }
}

// Every problem with the spec, before anything is simulated.
void check_spec(const std::vector<ComparedScenario>& scenarios, const GoalSeekSpec& spec,
                const std::vector<std::string>& labels) {
  Diagnostics problems;
  if (scenarios.size() != 2) {
    problems.add(kWhere, "",
                 fmt::format("needs a baseline and exactly one alternative; got {} scenarios",
                             scenarios.size()));
    throw InputError(std::move(problems));
  }
  check_lever(scenarios[1].prepared.scenario(), spec.service, problems);
  if (!(spec.probability > 0 && spec.probability < 1)) {
    problems.add(kWhere, "--probability",
                 fmt::format("is {}; expected a chance strictly between 0 and 1, such as 0.8",
                             spec.probability));
  }
  if (!std::isfinite(spec.target)) problems.add(kWhere, "--target", "is not a finite amount");
  if (year_index(spec.year, labels) < 0) {
    problems.add(kWhere, "--year",
                 fmt::format("'{}' is not a financial year of the horizon; expected a label from "
                             "{} to {} or a year number from 1 to {}",
                             spec.year, labels.front(), labels.back(), labels.size()));
  }
  if (spec.grid < 2) {
    problems.add(kWhere, "--grid", fmt::format("is {}; expected at least 2 points", spec.grid));
  }
  if (spec.replications < 1) {
    problems.add(kWhere, "--replications",
                 fmt::format("is {}; expected at least 1", spec.replications));
  }
  if (!problems.empty()) throw InputError(std::move(problems));
}

void check_range(double low, double high) {
  Diagnostics problems;
  if (!(low >= 0)) {
    problems.add(kWhere, "--low", fmt::format("is £{:.0f}; expected a budget of £0 or more", low));
  }
  if (!(low < high)) {
    problems.add(kWhere, "--high",
                 fmt::format("is £{:.0f}, not above the low end of the range (£{:.0f}); expected "
                             "--low < --high",
                             high, low));
  }
  if (!problems.empty()) throw InputError(std::move(problems));
}

double budget_of(const Scenario& scenario, const std::string& id) {
  const Service* service = find_service(scenario, id);
  if (service == nullptr || service->budget.empty()) return 0.0;
  return service->budget.front().budget_per_year;
}

// Simulates the baseline once and then the alternative at any budget, with the same seed and
// replications, and pairs them (common random numbers): p(b) and the mean saving in the year.
class Evaluator {
 public:
  Evaluator(const std::vector<ComparedScenario>& scenarios, const GoalSeekResult& result)
      : scenarios_(scenarios),
        result_(result),
        warm_up_(scenarios.front().prepared.model(), result.spec.seed,
                 WarmUpCache::kDefaultMaxBytes) {
    const CompiledModel& model = scenarios.front().prepared.model();
    baseline_ = std::make_unique<ScenarioResults>(model, run_monte_carlo(model, options()));
  }

  GoalSeekPoint at(double budget, const char* kind) {
    ParameterSet set;
    set.origin = "goal-seek";
    set.source = "goal-seek: the budget searched";
    set.set(result_.pointer, budget);
    const PreparedScenario alternative = scenarios_[1].prepared.with_parameters(set);
    const ScenarioResults alt(alternative.model(), run_monte_carlo(alternative.model(), options()));
    return point(budget, kind, replication_outcomes(*baseline_, alt));
  }

 private:
  MonteCarloOptions options() const {
    MonteCarloOptions o;
    o.seed = result_.spec.seed;
    o.replications = result_.spec.replications;
    o.threads = result_.spec.threads;
    o.cancel = result_.spec.cancel;
    // Every scenario warms up as the baseline: the baseline's run keeps the counties at the start
    // date (as many as the cache holds), and each budget tried resumes from them.
    o.warm_up_model = &scenarios_.front().prepared.model();
    o.warm_up_cache = &warm_up_;
    return o;
  }

  GoalSeekPoint point(double budget, const char* kind,
                      const std::vector<ReplicationOutcome>& outcomes) const {
    const auto y = static_cast<std::size_t>(result_.year_index);
    double met = 0, total = 0;
    for (const auto& o : outcomes) {
      total += o.net_cashable_by_year[y];
      met += o.net_cashable_by_year[y] >= result_.spec.target ? 1 : 0;
    }
    const double n = static_cast<double>(outcomes.size());
    return {budget, budget - result_.baseline_budget, met / n, total / n, kind};
  }

  const std::vector<ComparedScenario>& scenarios_;
  const GoalSeekResult& result_;
  mutable WarmUpCache warm_up_;  // filled as the runs go: holds no result of its own
  std::unique_ptr<ScenarioResults> baseline_;
};

bool meets(const GoalSeekPoint& p, const GoalSeekSpec& spec) {
  // A share of replications against a chance typed in decimal: 4/5 must meet 0.8.
  return p.probability >= spec.probability - 1e-9;
}

std::vector<double> grid_budgets(double low, double high, int n) {
  std::vector<double> budgets;
  for (int i = 0; i < n; ++i) {
    budgets.push_back(i + 1 == n ? high : low + (high - low) * i / (n - 1));
  }
  return budgets;
}

int planned(const GoalSeekSpec& spec) {
  const double width = (*spec.high - *spec.low) / (spec.grid - 1);
  const double tolerance = std::max(kRelativeTolerance * *spec.low, kAbsoluteTolerance);
  const int steps =
      width > tolerance ? static_cast<int>(std::ceil(std::log2(width / tolerance))) : 0;
  return spec.grid + 1 + std::min(steps, kMaxRefinements);
}

// Bisection between a budget that fails (lo) and one that meets the probability (hi), to 1% of
// the budget or £10,000. Returns the final bracket.
std::pair<GoalSeekPoint, GoalSeekPoint> refine(Evaluator& evaluate, GoalSeekPoint lo,
                                               GoalSeekPoint hi, GoalSeekResult& result,
                                               const std::function<void()>& step) {
  for (int i = 0; i < kMaxRefinements; ++i) {
    result.tolerance = std::max(kRelativeTolerance * hi.budget, kAbsoluteTolerance);
    if (hi.budget - lo.budget <= result.tolerance) break;
    const GoalSeekPoint mid = evaluate.at(0.5 * (lo.budget + hi.budget), "refinement");
    result.curve.push_back(mid);
    step();
    (meets(mid, result.spec) ? hi : lo) = mid;
  }
  return {lo, hi};
}

}  // namespace

GoalSeekResult prepare_goal_seek(const std::vector<ComparedScenario>& scenarios,
                                 const GoalSeekSpec& spec) {
  const Scenario& baseline = scenarios.front().prepared.scenario();
  const auto labels = year_labels(scenarios.front().prepared.model());
  check_spec(scenarios, spec, labels);
  const Scenario& alternative = scenarios[1].prepared.scenario();
  GoalSeekResult r;
  r.spec = spec;
  r.pointer = "/services/" + spec.service + "/budget_per_year";
  r.service_label = find_service(alternative, spec.service)->label;
  r.council = baseline.council;
  r.alternative_name = alternative.name;
  r.year_index = year_index(spec.year, labels);
  r.year_label = labels[static_cast<std::size_t>(r.year_index)];
  r.baseline_budget = budget_of(baseline, spec.service);
  r.funded_budget = budget_of(alternative, spec.service);
  r.spec.low = spec.low.value_or(r.baseline_budget);
  r.spec.high = spec.high.value_or(4 * r.funded_budget);
  check_range(*r.spec.low, *r.spec.high);
  r.planned_evaluations = planned(r.spec);
  return r;
}

// p(b) is not guaranteed to rise with the budget: once the service has places for everyone it
// would take, more budget buys nothing and only adds cost, so the chance can level off and fall
// (and with few replications it is noisy). The search therefore takes the smallest budget on the
// grid that meets P and refines only within the bracket below it (the grid point before it
// fails); a smaller budget meeting P between two failing grid points is not looked for, and
// the whole curve is returned so that a reader can see the shape.
GoalSeekResult run_goal_seek(const std::vector<ComparedScenario>& scenarios,
                             const GoalSeekSpec& spec) {
  GoalSeekResult result = prepare_goal_seek(scenarios, spec);
  const auto step = [&] {
    ++result.evaluations;
    if (spec.progress) spec.progress(result.evaluations, result.planned_evaluations);
  };
  Evaluator evaluate(scenarios, result);
  std::optional<std::size_t> first_met;
  for (const double b : grid_budgets(*result.spec.low, *result.spec.high, spec.grid)) {
    result.curve.push_back(evaluate.at(b, "grid"));
    step();
    if (!first_met && meets(result.curve.back(), result.spec)) first_met = result.curve.size() - 1;
  }
  if (first_met && *first_met == 0) {
    result.answer = result.curve.front();
  } else if (first_met) {
    const auto [lo, hi] =
        refine(evaluate, result.curve[*first_met - 1], result.curve[*first_met], result, step);
    result.answer = hi;
    result.below_answer = lo;
  }
  result.funded = evaluate.at(result.funded_budget, "funded");
  step();
  result.curve.push_back(result.funded);
  std::stable_sort(
      result.curve.begin(), result.curve.end(),
      [](const GoalSeekPoint& a, const GoalSeekPoint& b) { return a.budget < b.budget; });
  result.best = *std::max_element(
      result.curve.begin(), result.curve.end(),
      [](const GoalSeekPoint& a, const GoalSeekPoint& b) { return a.probability < b.probability; });
  return result;
}

namespace {

json point_json(const GoalSeekPoint& p) {
  return {{"budget_per_year", p.budget},
          {"extra_investment_per_year", p.extra_investment},
          {"probability", p.probability},
          {"mean_net_cashable_saving", p.mean_net_cashable},
          {"kind", p.kind}};
}

json optional_point(const std::optional<GoalSeekPoint>& p) {
  return p ? point_json(*p) : json(nullptr);
}

}  // namespace

json goal_seek_json(const GoalSeekResult& r) {
  const GoalSeekSpec& s = r.spec;
  json curve = json::array();
  for (const auto& p : r.curve) curve.push_back(point_json(p));
  return {
      {"schema_version", kOutputSchemaVersion},
      {"ehsim_version", version()},
      {"git_commit", git_commit()},
      {"settings",
       {{"council", r.council},
        {"alternative", r.alternative_name},
        {"service", s.service},
        {"service_label", r.service_label},
        {"pointer", r.pointer},
        {"target_net_cashable_saving", s.target},
        {"financial_year", r.year_label},
        {"year_index", r.year_index},
        {"probability", s.probability},
        {"replications", s.replications},
        {"seed", s.seed},
        {"grid_points", s.grid},
        {"low", *s.low},
        {"high", *s.high},
        {"baseline_budget", r.baseline_budget},
        {"funded_budget", r.funded_budget}}},
      {"method",
       "each point compares the alternative, its budget for the service set in memory, with the "
       "baseline over the same seed and replications (common random numbers; the baseline "
       "simulated once); probability is the share of replications whose net cashable saving in "
       "the financial year is at least the target; the smallest grid budget meeting the "
       "probability is refined by bisection against the grid budget before it, to 1% of the "
       "budget or £10,000, whichever is wider; p(budget) need not rise with the budget, so a "
       "smaller budget meeting it between failing grid points is not looked for"},
      {"curve", curve},
      {"answer",
       {{"met", r.answer.has_value()},
        {"budget", optional_point(r.answer)},
        {"highest_budget_below_that_fails", optional_point(r.below_answer)},
        {"tolerance", r.tolerance},
        {"highest_probability", point_json(r.best)},
        {"funded", point_json(r.funded)},
        {"sentence", goal_seek_sentence(r)}}},
      {"evaluations", r.evaluations}};
}

std::string goal_seek_csv(const GoalSeekResult& r) {
  std::string out = csv_row({"budget_per_year", "extra_investment_per_year", "probability",
                             "mean_net_cashable_saving", "financial_year", "kind"});
  for (const auto& p : r.curve) {
    out += csv_row({fmt::format("{:.2f}", p.budget), fmt::format("{:.2f}", p.extra_investment),
                    fmt::format("{:.6g}", p.probability),
                    fmt::format("{:.2f}", p.mean_net_cashable), r.year_label, p.kind});
  }
  return out;
}

namespace {

std::string percent(double p) {
  return fmt::format("{:.0f}%", 100 * p);
}

// "an 80% chance", "a 90% chance": by how the number is said.
std::string with_article(const std::string& percentage) {
  const bool vowel =
      percentage[0] == '8' || percentage.rfind("11", 0) == 0 || percentage.rfind("18%", 0) == 0;
  return (vowel ? "an " : "a ") + percentage;
}

std::string how_much(const GoalSeekResult& r, const GoalSeekPoint& p) {
  if (p.extra_investment > 0.5) {
    return fmt::format("An extra {} a year on {} (budget {})", short_money(p.extra_investment),
                       r.service_label, short_money(p.budget));
  }
  if (p.extra_investment < -0.5) {
    return fmt::format("A budget of {} a year on {} ({} less than the baseline's)",
                       short_money(p.budget), r.service_label, short_money(-p.extra_investment));
  }
  return fmt::format("No extra money for {} (budget {} a year, the baseline's)", r.service_label,
                     short_money(p.budget));
}

}  // namespace

std::string goal_seek_sentence(const GoalSeekResult& r) {
  const std::string council = r.council.empty() ? "the council" : r.council;
  const std::string goal = fmt::format(
      "{} chance that {}'s net cashable saving reaches {} a year by {}",
      with_article(percent(r.spec.probability)), council, short_money(r.spec.target), r.year_label);
  if (r.answer) {
    return fmt::format("{} gives {}; probability at the funded level: {}", how_much(r, *r.answer),
                       goal, percent(r.funded.probability));
  }
  return fmt::format(
      "No budget for {} from {} to {} a year gives {}: the highest chance "
      "found is {} (budget {}); probability at the funded level: {}",
      r.service_label, short_money(*r.spec.low), short_money(*r.spec.high), goal,
      percent(r.best.probability), short_money(r.best.budget), percent(r.funded.probability));
}

}  // namespace ehsim
