#include "uncertainty/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

#include <fmt/format.h>

#include "economics/labels.hpp"
#include "economics/uncertainty_words.hpp"
#include "engine/monte_carlo.hpp"
#include "uncertainty/value_of_information.hpp"

namespace ehsim {

using nlohmann::json;

namespace {

std::vector<const Scenario*> scenario_list(const std::vector<ComparedScenario>& scenarios) {
  std::vector<const Scenario*> list;
  for (const auto& s : scenarios) list.push_back(&s.prepared.scenario());
  return list;
}

bool only_economics(const ParameterSet& set) {
  return std::all_of(set.values.begin(), set.values.end(), [](const ParameterValue& v) {
    return v.pointer.rfind("/economics/", 0) == 0;
  });
}

// One comparison of every scenario under its parameter set: the alternatives' outcomes per
// replication. Replications first_replication.. of the seed's streams; every scenario warms up
// as the (changed) baseline. When every changed number is a unit cost or an appraisal setting,
// the simulation is that of `reuse` (same seed and replications): only the valuing is redone.
struct ComparisonRun {
  std::vector<std::vector<ReplicationOutcome>> outcomes;  // per alternative
  std::vector<std::vector<ReplicationTally>> tallies;     // per scenario, kept for reuse
};

ComparisonRun compare_once(const std::vector<ComparedScenario>& scenarios,
                           const std::vector<ParameterSet>& sets,
                           const SensitivitySettings& settings, std::uint32_t first_replication,
                           const ComparisonRun* reuse) {
  std::vector<PreparedScenario> prepared;
  for (std::size_t i = 0; i < scenarios.size(); ++i)
    prepared.push_back(scenarios[i].prepared.with_parameters(sets[i]));
  ComparisonRun run;
  std::vector<std::unique_ptr<ScenarioResults>> results;
  // Every scenario warms up as the (changed) baseline: the first one simulated keeps the counties
  // at the start date, the others resume from them.
  WarmUpCache warm_up(prepared.front().model(), settings.seed, WarmUpCache::kDefaultMaxBytes);
  for (std::size_t i = 0; i < prepared.size(); ++i) {
    std::vector<ReplicationTally> tallies;
    if (reuse != nullptr && only_economics(sets[i])) {
      tallies = reuse->tallies[i];
    } else {
      MonteCarloOptions options;
      options.seed = settings.seed;
      options.replications = settings.replications;
      options.threads = settings.threads;
      options.cancel = settings.cancel;
      options.first_replication = first_replication;
      options.warm_up_model = &prepared.front().model();
      options.warm_up_cache = &warm_up;
      tallies = run_monte_carlo(prepared[i].model(), options);
    }
    run.tallies.push_back(tallies);
    results.push_back(std::make_unique<ScenarioResults>(prepared[i].model(), std::move(tallies)));
  }
  for (std::size_t a = 1; a < results.size(); ++a)
    run.outcomes.push_back(replication_outcomes(*results.front(), *results[a]));
  return run;
}

double mean_of(const std::vector<ReplicationOutcome>& outcomes, double ReplicationOutcome::*field) {
  double total = 0;
  for (const auto& o : outcomes) total += o.*field;
  return outcomes.empty() ? 0.0 : total / static_cast<double>(outcomes.size());
}

// The fiscal return per £1 of the mean flows: a ratio of means (a mean of ratios is undefined
// where a replication does not invest).
double return_of(const std::vector<ReplicationOutcome>& outcomes) {
  const double invest = mean_of(outcomes, &ReplicationOutcome::extra_investment_pv);
  return invest > 1 ? mean_of(outcomes, &ReplicationOutcome::cost_avoided_pv) / invest : NAN;
}

std::vector<double> investment_pvs(const std::vector<ReplicationOutcome>& outcomes) {
  std::vector<double> pv;
  for (const auto& o : outcomes) pv.push_back(o.extra_investment_pv);
  return pv;
}

// The curve's last required return: the largest any replication achieved, rounded up to the next
// 50p, so the curve reaches (nearly) zero; at least £2 so that £1 sits well inside, at most £10.
int last_step_of_curve(const std::vector<ReplicationOutcome>& outcomes) {
  constexpr int kStepsPerPound = 10, kMinSteps = 20, kMaxSteps = 100;
  double largest = 0;
  for (const auto& o : outcomes)
    largest = std::max(largest, o.cost_avoided_pv / o.extra_investment_pv);
  const double half_pounds = std::ceil(std::min(largest, 10.0) * 2);
  return std::clamp(static_cast<int>(half_pounds) * kStepsPerPound / 2, kMinSteps, kMaxSteps);
}

}  // namespace

std::vector<AcceptabilityPoint> acceptability_curve(
    const std::vector<ReplicationOutcome>& outcomes) {
  if (why_returns_undefined(investment_pvs(outcomes))) return {};
  std::vector<AcceptabilityPoint> curve;
  const int last = last_step_of_curve(outcomes);
  for (int step = 0; step <= last; ++step) {
    const double required = step / 10.0;  // from the integer, so £1.00 is exactly 1
    const auto met = std::count_if(outcomes.begin(), outcomes.end(), [&](const auto& o) {
      return o.cost_avoided_pv - required * o.extra_investment_pv > 0;
    });
    curve.push_back({required, static_cast<double>(met) / static_cast<double>(outcomes.size())});
  }
  return curve;
}

namespace {

PooledOutcome pool(const std::vector<std::vector<ReplicationOutcome>>& by_set,
                   std::optional<double> target) {
  PooledOutcome p;
  std::vector<ReplicationOutcome> all;
  for (const auto& set : by_set) all.insert(all.end(), set.begin(), set.end());
  p.acceptability = acceptability_curve(all);
  p.acceptability_undefined_reason = why_returns_undefined(investment_pvs(all));
  std::vector<double> npv, net, invest, avoided, ratio;
  std::size_t years = 0;
  double within = 0;
  std::vector<double> set_means;
  for (const auto& set : by_set) {
    std::vector<double> set_npv;
    for (const auto& o : set) {
      npv.push_back(o.npv);
      set_npv.push_back(o.npv);
      net.push_back(o.net_saving);
      invest.push_back(o.extra_investment_pv);
      avoided.push_back(o.cost_avoided_pv);
      if (o.extra_investment_pv > 1) ratio.push_back(o.cost_avoided_pv / o.extra_investment_pv);
      years = std::max(years, o.net_cashable_by_year.size());
    }
    const Summary s = summarise(set_npv);
    set_means.push_back(s.mean);
    within += s.sd * s.sd;
  }
  p.npv = summarise(npv);
  p.net_saving = summarise(net);
  p.extra_investment_pv = summarise(invest);
  p.cost_avoided_pv = summarise(avoided);
  if (!ratio.empty()) p.return_per_pound = summarise(ratio);
  p.probability_npv_positive =
      static_cast<double>(std::count_if(npv.begin(), npv.end(), [](double v) { return v > 0; })) /
      static_cast<double>(std::max<std::size_t>(1, npv.size()));
  // Law of total variance: Var = Var(E[NPV | parameters]) + E[Var(NPV | parameters)]. The
  // variance of the sets' means also holds chance (within / R), so it is taken off (the
  // one-way ANOVA estimator of the between-set component); with one replication a set the
  // split cannot be made.
  const Summary between = summarise(set_means);
  within /= static_cast<double>(std::max<std::size_t>(1, by_set.size()));
  const double per_set = by_set.empty() ? 0.0 : static_cast<double>(by_set.front().size());
  if (per_set >= 2 && by_set.size() >= 2) {
    const double parameters = std::max(0.0, between.sd * between.sd - within / per_set);
    p.npv_parameter_share = parameters + within > 0 ? parameters / (parameters + within) : 0.0;
  } else {
    p.npv_parameter_share = NAN;
  }
  p.set_mean_npv = set_means;
  if (target) {
    for (std::size_t y = 0; y < years; ++y) {
      double met = 0, n = 0;
      for (const auto& set : by_set) {
        for (const auto& o : set) {
          n += 1;
          met += o.net_cashable_by_year[y] >= *target ? 1 : 0;
        }
      }
      p.probability_target_by_year.push_back(n > 0 ? met / n : 0.0);
    }
  }
  return p;
}

std::vector<ParameterSet> central_sets(std::size_t n) {
  return std::vector<ParameterSet>(n);
}

}  // namespace

PsaResult run_psa(const std::vector<ComparedScenario>& scenarios, int sets,
                  const SensitivitySettings& settings, std::optional<double> target) {
  PsaResult result;
  result.sets = sets;
  result.replications_per_set = settings.replications;
  result.numbers = uncertain_numbers(scenario_list(scenarios));
  const PreparedScenario& baseline = scenarios.front().prepared;
  const auto plausible = plausible_set_for(baseline);
  if (plausible) result.plausible_set = plausible->file;
  const std::size_t alternatives = scenarios.size() - 1;
  std::vector<std::vector<std::vector<ReplicationOutcome>>> by_alt(alternatives);
  const auto groups = uncertainty_groups(scenario_list(scenarios));
  for (int k = 0; k < sets; ++k) {
    const ParameterDraw draw = draw_parameters(settings.seed, static_cast<std::uint32_t>(k),
                                               result.numbers, plausible, groups);
    std::vector<ParameterSet> parameter_sets;
    for (const auto& s : scenarios) {
      parameter_sets.push_back(
          parameters_under(s.prepared, baseline, result.numbers, plausible, draw));
    }
    std::vector<double> values;
    for (std::size_t i = 0; i < result.numbers.size(); ++i) {
      values.push_back(parameter_quantile(result.numbers[i].uncertainty.distribution, draw.u[i]));
    }
    result.draws.push_back(values);
    result.plausible_points.push_back(draw.plausible_point);
    // Each set has its own families' luck (replications k R ...), shared by every scenario.
    const ComparisonRun run =
        compare_once(scenarios, parameter_sets, settings,
                     static_cast<std::uint32_t>(k * settings.replications), nullptr);
    for (std::size_t a = 0; a < alternatives; ++a) by_alt[a].push_back(run.outcomes[a]);
    if (settings.progress) settings.progress(k + 1, sets);
  }
  for (std::size_t a = 0; a < alternatives; ++a)
    result.alternatives.push_back(pool(by_alt[a], target));
  // Chance alone is the ordinary comparison beside it: the same scenarios at central values.
  return result;
}

namespace {

// Every scenario's parameter set with one number at `value` (each scenario that has the number
// with an uncertainty takes it; the value is the baseline's distribution's quantile, so for an
// alternative with its own distribution the same quantile of its own).
std::vector<ParameterSet> sets_at_quantile(const std::vector<ComparedScenario>& scenarios,
                                           const UncertainNumber& number, double u) {
  std::vector<ParameterSet> sets;
  for (const auto& s : scenarios) {
    ParameterSet set;
    set.origin = "one-way sensitivity";
    if (const Uncertainty* own = uncertainty_at(s.prepared.scenario(), number.pointer))
      set.set(number.pointer, parameter_quantile(own->distribution, u));
    sets.push_back(set);
  }
  return sets;
}

std::vector<ParameterSet> sets_at_value(const std::vector<ComparedScenario>& scenarios,
                                        const UncertainNumber& number, double value) {
  std::vector<ParameterSet> sets;
  for (const auto& s : scenarios) {
    ParameterSet set;
    set.origin = "switching value search";
    if (uncertainty_at(s.prepared.scenario(), number.pointer)) set.set(number.pointer, value);
    sets.push_back(set);
  }
  return sets;
}

// Every alternative's outcomes with one number at each value asked for, each value simulated
// once (with common random numbers: the same seed and replications every time) however many
// questions ask about it.
class OutcomesAt {
 public:
  OutcomesAt(const std::vector<ComparedScenario>& scenarios, const UncertainNumber& number,
             const SensitivitySettings& settings, const ComparisonRun& central)
      : scenarios_(scenarios), number_(number), settings_(settings), central_(central) {}
  const std::vector<std::vector<ReplicationOutcome>>& operator()(double value) {
    auto it = runs_.find(value);
    if (it == runs_.end()) {
      auto run = compare_once(scenarios_, sets_at_value(scenarios_, number_, value), settings_, 0,
                              &central_);
      it = runs_.emplace(value, std::move(run.outcomes)).first;
    }
    return it->second;
  }

 private:
  const std::vector<ComparedScenario>& scenarios_;
  const UncertainNumber& number_;
  const SensitivitySettings& settings_;
  const ComparisonRun& central_;
  std::map<double, std::vector<std::vector<ReplicationOutcome>>> runs_;
};

// One question of a switching value as a margin of the alternatives' outcomes at a value.
struct SwitchingQuestion {
  SwitchingCriterion criterion = SwitchingCriterion::npv_zero;
  std::size_t scenario = 1;  // the alternative, or the preferred option (0 the baseline)
  double target = 0;
  std::size_t year = 0;  // the target's financial year, from the horizon's first

  // Option d's mean NPV against the baseline (the baseline's own is £0).
  static double net_benefit(const std::vector<std::vector<ReplicationOutcome>>& alternatives,
                            std::size_t d) {
    return d == 0 ? 0.0 : mean_of(alternatives[d - 1], &ReplicationOutcome::npv);
  }
  // The option other than the searched one with the highest mean NPV.
  std::size_t best_other(const std::vector<std::vector<ReplicationOutcome>>& alternatives) const {
    std::optional<std::size_t> best;
    for (std::size_t d = 0; d <= alternatives.size(); ++d) {
      if (d != scenario &&
          (!best || net_benefit(alternatives, d) > net_benefit(alternatives, *best)))
        best = d;
    }
    return *best;
  }
  double margin(const std::vector<std::vector<ReplicationOutcome>>& alternatives) const {
    switch (criterion) {
      case SwitchingCriterion::npv_zero:
        return net_benefit(alternatives, scenario);
      case SwitchingCriterion::target_missed: {
        double total = 0;
        for (const auto& o : alternatives[scenario - 1]) total += o.net_cashable_by_year.at(year);
        return total / static_cast<double>(alternatives[scenario - 1].size()) - target;
      }
      case SwitchingCriterion::preferred_option_changes:
        return net_benefit(alternatives, scenario) -
               net_benefit(alternatives, best_other(alternatives));
    }
    return 0;
  }
};

// Where the margin crosses zero between a and b (of opposite signs): secant steps kept inside
// the bracket (regula falsi, Illinois variant), to a relative 0.5%. Returns the final bracket.
template <typename Margin>
std::pair<double, double> regula_falsi(double lo, double f_lo, double hi, double f_hi,
                                       Margin&& margin) {
  for (int i = 0; i < 12 && (hi - lo) > 0.005 * std::max(std::abs(lo), std::abs(hi)); ++i) {
    const double x = hi - f_hi * (hi - lo) / (f_hi - f_lo);
    const double f = margin(x);
    if ((f > 0) == (f_hi > 0)) {
      hi = x, f_hi = f, f_lo *= 0.5;
    } else {
      lo = x, f_lo = f, f_hi *= 0.5;
    }
  }
  return {lo, hi};
}

// What keeps its side across the whole range, in words: "the NPV stays positive".
std::string unchanged_words(const SwitchingQuestion& q, const std::string& name, bool positive,
                            const std::string& year) {
  switch (q.criterion) {
    case SwitchingCriterion::npv_zero:
      return fmt::format("the NPV stays {}", positive ? "positive" : "negative");
    case SwitchingCriterion::target_missed:
      return fmt::format("the mean net cashable saving in {} stays {} the target of {}", year,
                         positive ? "above" : "below", short_money(q.target));
    case SwitchingCriterion::preferred_option_changes:
      return positive ? name + " stays the preferred option"
                      : name + " is not the preferred option anywhere";
  }
  return "";
}

// The switching value of one question for one number, between its 0.1st and 99.9th
// percentiles. The margin is looked at the range's ends and at the central value (when inside),
// so that a margin that changes sign twice (an option preferred only in the middle) is found;
// the crossing nearest the central value is reported, and a second one in the note.
SwitchingValue find_switching_value(const SwitchingQuestion& q, const UncertainNumber& number,
                                    OutcomesAt& outcomes_at, const std::string& name,
                                    const std::string& year) {
  SwitchingValue sv;
  sv.pointer = number.pointer;
  sv.criterion = q.criterion;
  sv.scenario = q.scenario;
  const auto& d = number.uncertainty.distribution;
  sv.searched_low = parameter_quantile(d, 0.001);
  sv.searched_high = parameter_quantile(d, 0.999);
  const auto margin_at = [&](double value) {
    ++sv.evaluations;
    return q.margin(outcomes_at(value));
  };
  std::vector<std::pair<double, double>> points = {{sv.searched_low, margin_at(sv.searched_low)}};
  if (number.central > sv.searched_low && number.central < sv.searched_high)
    points.emplace_back(number.central, margin_at(number.central));
  points.emplace_back(sv.searched_high, margin_at(sv.searched_high));
  sv.margin_low = points.front().second;
  sv.margin_high = points.back().second;
  std::vector<double> roots;
  std::optional<std::size_t> nearest;
  for (std::size_t i = 0; i + 1 < points.size(); ++i) {
    const auto [lo, f_lo] = points[i];
    const auto [hi, f_hi] = points[i + 1];
    if ((f_lo > 0) == (f_hi > 0)) continue;
    const auto [a, b] = regula_falsi(lo, f_lo, hi, f_hi, margin_at);
    roots.push_back(0.5 * (a + b));
    const bool closer = !nearest || std::abs(roots.back() - number.central) <
                                        std::abs(roots[*nearest] - number.central);
    if (closer) {
      nearest = roots.size() - 1;
      sv.negative_below = f_lo <= 0;
      // The option that overtakes the preferred one: the best other just past the crossing, at
      // the end of the final bracket where the margin is negative (already simulated).
      if (q.criterion == SwitchingCriterion::preferred_option_changes)
        sv.overtaken_by = q.best_other(outcomes_at(f_lo <= 0 ? a : b));
    }
  }
  if (!nearest) {
    sv.note = fmt::format(
        "not within the plausible range: {} from the 0.1st to the 99.9th percentile ({:.4g} to "
        "{:.4g})",
        unchanged_words(q, name, sv.margin_low > 0, year), sv.searched_low, sv.searched_high);
    return sv;
  }
  sv.value = roots[*nearest];
  sv.within_90 =
      *sv.value >= parameter_quantile(d, 0.05) && *sv.value <= parameter_quantile(d, 0.95);
  sv.note = sv.within_90 ? "within the 90% range of the number" : "outside its 90% range";
  if (roots.size() > 1) sv.note += fmt::format("; it changes again at {:.4g}", roots[1 - *nearest]);
  return sv;
}

// The questions asked of each number: the NPV of each alternative, its target (with one), and
// which option is preferred (with two alternatives or more).
std::vector<SwitchingQuestion> switching_questions(const std::vector<ComparedScenario>& scenarios,
                                                   const ComparisonRun& central,
                                                   std::optional<double> target) {
  std::vector<SwitchingQuestion> questions;
  const std::size_t alternatives = scenarios.size() - 1;
  for (std::size_t a = 1; a <= alternatives; ++a)
    questions.push_back({SwitchingCriterion::npv_zero, a, 0, 0});
  if (target) {
    const std::size_t year = scenarios.front().prepared.model().calendar.years().size() - 1;
    for (std::size_t a = 1; a <= alternatives; ++a)
      questions.push_back({SwitchingCriterion::target_missed, a, *target, year});
  }
  if (alternatives >= 2) {
    SwitchingQuestion preferred{SwitchingCriterion::preferred_option_changes, 0, 0, 0};
    for (std::size_t d = 1; d <= alternatives; ++d) {
      if (SwitchingQuestion::net_benefit(central.outcomes, d) >
          SwitchingQuestion::net_benefit(central.outcomes, preferred.scenario))
        preferred.scenario = d;
    }
    questions.push_back(preferred);
  }
  return questions;
}

}  // namespace

OneWayResult run_one_way(const std::vector<ComparedScenario>& scenarios,
                         const SensitivitySettings& settings, int switching,
                         std::optional<double> target) {
  OneWayResult out;
  const auto numbers = uncertain_numbers(scenario_list(scenarios));
  const ComparisonRun central =
      compare_once(scenarios, central_sets(scenarios.size()), settings, 0, nullptr);
  for (const auto& o : central.outcomes) {
    out.central_npv.push_back(mean_of(o, &ReplicationOutcome::npv));
    out.central_net.push_back(mean_of(o, &ReplicationOutcome::net_saving));
    out.central_return.push_back(return_of(o));
  }
  const int total = static_cast<int>(numbers.size()) * 2;
  int done = 0;
  for (const auto& number : numbers) {
    TornadoBar bar;
    bar.pointer = number.pointer;
    bar.central_value = number.central;
    bar.low_value = parameter_quantile(number.uncertainty.distribution, 0.05);
    bar.high_value = parameter_quantile(number.uncertainty.distribution, 0.95);
    for (const double u : {0.05, 0.95}) {
      const ComparisonRun run =
          compare_once(scenarios, sets_at_quantile(scenarios, number, u), settings, 0, &central);
      for (const auto& o : run.outcomes) {
        auto& npv = u < 0.5 ? bar.npv_low : bar.npv_high;
        auto& net = u < 0.5 ? bar.net_low : bar.net_high;
        auto& ret = u < 0.5 ? bar.return_low : bar.return_high;
        npv.push_back(mean_of(o, &ReplicationOutcome::npv));
        net.push_back(mean_of(o, &ReplicationOutcome::net_saving));
        ret.push_back(return_of(o));
      }
      if (settings.progress) settings.progress(++done, total);
    }
    bar.swing = bar.npv_low.empty() ? 0.0 : std::abs(bar.npv_high[0] - bar.npv_low[0]);
    out.bars.push_back(bar);
  }
  std::stable_sort(out.bars.begin(), out.bars.end(),
                   [](const TornadoBar& a, const TornadoBar& b) { return a.swing > b.swing; });
  out.target = target;
  out.target_year = scenarios.front().prepared.model().calendar.years().back().label;
  const auto questions = switching_questions(scenarios, central, target);
  for (int i = 0; i < switching && i < static_cast<int>(out.bars.size()); ++i) {
    const auto it = std::find_if(numbers.begin(), numbers.end(), [&](const UncertainNumber& n) {
      return n.pointer == out.bars[static_cast<std::size_t>(i)].pointer;
    });
    OutcomesAt outcomes_at(scenarios, *it, settings, central);
    for (const auto& q : questions) {
      out.switching.push_back(find_switching_value(
          q, *it, outcomes_at, scenarios[q.scenario].prepared.scenario().name, out.target_year));
    }
  }
  return out;
}

namespace {

json summary_json(const Summary& s) {
  if (s.n == 0) return nullptr;
  return {{"mean", s.mean}, {"p05", s.p05}, {"p50", s.p50}, {"p95", s.p95}, {"se", s.se}};
}

// [{"return_per_pound", "probability"}], or null with the reason a return is not defined.
json acceptability_json(const PooledOutcome& p) {
  if (p.acceptability_undefined_reason) return nullptr;
  json curve = json::array();
  for (const auto& point : p.acceptability)
    curve.push_back(
        {{"return_per_pound", point.return_per_pound}, {"probability", point.probability}});
  return curve;
}

json pooled_json(const PooledOutcome& p) {
  return {
      {"npv", summary_json(p.npv)},
      {"net_saving", summary_json(p.net_saving)},
      {"extra_investment_pv", summary_json(p.extra_investment_pv)},
      {"cost_avoided_pv", summary_json(p.cost_avoided_pv)},
      {"fiscal_return_per_pound", summary_json(p.return_per_pound)},
      {"probability_npv_positive", p.probability_npv_positive},
      {"npv_variance_share_from_parameters",
       std::isnan(p.npv_parameter_share) ? json(nullptr) : json(p.npv_parameter_share)},
      {"probability_target_met_by_year", p.probability_target_by_year},
      {"npv_by_set", p.set_mean_npv},
      {"acceptability_curve", acceptability_json(p)},
      {"acceptability_curve_undefined_reason",
       p.acceptability_undefined_reason ? json(*p.acceptability_undefined_reason) : json(nullptr)}};
}

// What perfect information would be worth to the choice between the baseline (net benefit 0)
// and the alternatives (their NPV against it), from the sets' mean NPVs: EVPI, and each uncertain
// number's EVPPI by regression on its draws (uncertainty/value_of_information.hpp). The
// calibration's fitted values are drawn jointly and are not valued one by one.
json value_of_information_json(const std::vector<ComparedScenario>& scenarios,
                               const PsaResult& psa) {
  std::vector<std::vector<double>> net_benefit(static_cast<std::size_t>(psa.sets));
  for (std::size_t k = 0; k < net_benefit.size(); ++k) {
    net_benefit[k].push_back(0.0);
    for (const auto& alt : psa.alternatives) net_benefit[k].push_back(alt.set_mean_npv[k]);
  }
  if (net_benefit.empty()) return nullptr;
  const PerfectInformation perfect = expected_value_of_perfect_information(net_benefit);
  json per_number = json::array();
  for (std::size_t i = 0; i < psa.numbers.size(); ++i) {
    std::vector<double> values;
    for (const auto& draw : psa.draws) values.push_back(draw[i]);
    per_number.push_back(
        {{"pointer", psa.numbers[i].pointer},
         {"evppi", expected_value_of_partial_perfect_information(values, net_benefit)}});
  }
  std::stable_sort(per_number.begin(), per_number.end(), [](const json& a, const json& b) {
    return a["evppi"].get<double>() > b["evppi"].get<double>();
  });
  return {{"decision", scenarios[perfect.decision].slug},
          {"evpi", perfect.evpi},
          {"evppi", per_number},
          {"method",
           "the option with the highest mean NPV over the parameter sets is the decision; EVPI "
           "is the mean over sets of the best option's NPV less the decision's mean NPV (the "
           "sets' means carry chance, which it counts as knowable, so it overstates with few "
           "replications a set); each number's EVPPI regresses every option's NPV on its draws "
           "(a cubic, Strong, Oakley and Brennan 2014) and values choosing by the fitted means"}};
}

// How a reader names the number: from the first scenario that makes it uncertain (the
// baseline, if it does), by the scenario's labels and its states' (economics/labels.hpp).
std::string label_of(const std::vector<ComparedScenario>& scenarios, const std::string& pointer) {
  for (const auto& s : scenarios) {
    const Scenario& scenario = s.prepared.scenario();
    if (uncertainty_at(scenario, pointer) == nullptr) continue;
    const auto state_label = [&](const std::string& id) {
      for (const auto& state : scenario.pathway.states)
        if (state.id == id && !state.label.empty()) return state.label;
      return readable_id(id);
    };
    return number_label(pointer, s.prepared.document().merged, state_label);
  }
  return pointer;
}

json number_json(const UncertainNumber& n, const std::string& label) {
  const auto& d = n.uncertainty.distribution;
  return {{"pointer", n.pointer},
          {"label", label},
          {"central", n.central},
          {"distribution", parameter_distribution_name(d.kind)},
          {"p05", parameter_quantile(d, 0.05)},
          {"p95", parameter_quantile(d, 0.95)},
          {n.uncertainty.assumption ? "assumption" : "source", n.uncertainty.source}};
}

// One switching value: the question, the scenario it is of (the alternative, or the option
// preferred at the central values), where it switches and on which side the margin is negative.
json switching_json(const std::vector<ComparedScenario>& scenarios, const OneWayResult& one_way,
                    const SwitchingValue& s) {
  const auto optional = [](const auto& v) { return v ? json(*v) : json(nullptr); };
  json entry = {{"pointer", s.pointer},
                {"criterion", switching_criterion_name(s.criterion)},
                {"alternative", scenarios[s.scenario].slug},
                {"value", optional(s.value)},
                {"searched", {s.searched_low, s.searched_high}},
                {"margin_at_searched", {s.margin_low, s.margin_high}},
                {"negative_below", optional(s.negative_below)},
                {"within_90_percent_range", s.within_90},
                {"note", s.note},
                {"evaluations", s.evaluations}};
  if (s.criterion == SwitchingCriterion::target_missed) {
    entry["target"] = one_way.target.value_or(0.0);
    entry["financial_year"] = one_way.target_year;
  }
  if (s.criterion == SwitchingCriterion::preferred_option_changes)
    entry["overtaken_by"] = s.overtaken_by ? json(scenarios[*s.overtaken_by].slug) : json(nullptr);
  return entry;
}

}  // namespace

const char* switching_criterion_name(SwitchingCriterion c) {
  switch (c) {
    case SwitchingCriterion::npv_zero:
      return "npv_zero";
    case SwitchingCriterion::target_missed:
      return "target_missed";
    case SwitchingCriterion::preferred_option_changes:
      return "preferred_option_changes";
  }
  return "";
}

json uncertainty_json(const std::vector<ComparedScenario>& scenarios,
                      const std::optional<PsaResult>& psa,
                      const std::optional<OneWayResult>& one_way) {
  json out = json::object();
  const auto numbers = uncertain_numbers(scenario_list(scenarios));
  json list = json::array();
  for (const auto& n : numbers) list.push_back(number_json(n, label_of(scenarios, n.pointer)));
  out["uncertain_numbers"] = list;
  if (psa) {
    json alternatives = json::array();
    for (std::size_t a = 0; a < psa->alternatives.size(); ++a) {
      json entry = pooled_json(psa->alternatives[a]);
      entry["slug"] = scenarios[a + 1].slug;
      alternatives.push_back(entry);
    }
    out["psa"] = {
        {"parameter_sets", psa->sets},
        {"replications_per_set", psa->replications_per_set},
        {"plausible_set", psa->plausible_set.empty() ? json(nullptr) : json(psa->plausible_set)},
        {"method",
         "each parameter set draws every uncertain number from its own stream (keyed "
         "by its JSON pointer) and a calibrated baseline's fitted values jointly from "
         "its plausible set; every scenario sees the same draw and the same families' "
         "luck; the variance share from parameters is the variance of the sets' means, "
         "less the chance in them, over the total (law of total variance; null with "
         "one replication a set)"},
        {"alternatives", alternatives},
        {"draws", psa->draws},
        {"plausible_points", psa->plausible_points},
        {"value_of_information", value_of_information_json(scenarios, *psa)}};
  }
  if (one_way) {
    json bars = json::array();
    for (const auto& b : one_way->bars) {
      bars.push_back({{"pointer", b.pointer},
                      {"central_value", b.central_value},
                      {"low_value", b.low_value},
                      {"high_value", b.high_value},
                      {"npv_low", b.npv_low},
                      {"npv_high", b.npv_high},
                      {"net_saving_low", b.net_low},
                      {"net_saving_high", b.net_high},
                      {"return_per_pound_low", b.return_low},
                      {"return_per_pound_high", b.return_high},
                      {"npv_swing", b.swing}});
    }
    json switching = json::array();
    for (const auto& s : one_way->switching)
      switching.push_back(switching_json(scenarios, *one_way, s));
    out["one_way"] = {{"central_npv", one_way->central_npv},
                      {"central_net_saving", one_way->central_net},
                      {"central_return_per_pound", one_way->central_return},
                      {"tornado", bars},
                      {"switching_values", switching}};
  }
  return out;
}

}  // namespace ehsim
