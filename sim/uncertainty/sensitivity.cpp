#include "uncertainty/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

#include <fmt/format.h>

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

// The mean NPV crosses zero between the 0.1st and 99.9th percentiles of the number? Bisection on
// the simulation with common random numbers (the same seed and replications every time).
SwitchingValue find_switching_value(const std::vector<ComparedScenario>& scenarios,
                                    const UncertainNumber& number, std::size_t alternative,
                                    const SensitivitySettings& settings,
                                    const ComparisonRun& central) {
  SwitchingValue sv;
  sv.pointer = number.pointer;
  sv.alternative = static_cast<int>(alternative);
  const auto& d = number.uncertainty.distribution;
  sv.searched_low = parameter_quantile(d, 0.001);
  sv.searched_high = parameter_quantile(d, 0.999);
  const auto npv_at = [&](double value) {
    ++sv.evaluations;
    return mean_of(
        compare_once(scenarios, sets_at_value(scenarios, number, value), settings, 0, &central)
            .outcomes[alternative],
        &ReplicationOutcome::npv);
  };
  double lo = sv.searched_low, hi = sv.searched_high;
  double f_lo = npv_at(lo), f_hi = npv_at(hi);
  if ((f_lo > 0) == (f_hi > 0)) {
    sv.note = fmt::format(
        "not within the plausible range: the NPV stays {} from the 0.1st to the "
        "99.9th percentile ({:.4g} to {:.4g})",
        f_lo > 0 ? "positive" : "negative", lo, hi);
    return sv;
  }
  // Secant steps kept inside the bracket (regula falsi, Illinois variant), to a relative 0.5%.
  for (int i = 0; i < 12 && (hi - lo) > 0.005 * std::max(std::abs(lo), std::abs(hi)); ++i) {
    const double x = hi - f_hi * (hi - lo) / (f_hi - f_lo);
    const double f = npv_at(x);
    if ((f > 0) == (f_hi > 0)) {
      hi = x, f_hi = f, f_lo *= 0.5;
    } else {
      lo = x, f_lo = f, f_hi *= 0.5;
    }
  }
  sv.value = 0.5 * (lo + hi);
  sv.within_90 =
      *sv.value >= parameter_quantile(d, 0.05) && *sv.value <= parameter_quantile(d, 0.95);
  sv.note = sv.within_90 ? "within the 90% range of the number" : "outside its 90% range";
  return sv;
}

}  // namespace

OneWayResult run_one_way(const std::vector<ComparedScenario>& scenarios,
                         const SensitivitySettings& settings, int switching) {
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
  for (int i = 0; i < switching && i < static_cast<int>(out.bars.size()); ++i) {
    const auto it = std::find_if(numbers.begin(), numbers.end(), [&](const UncertainNumber& n) {
      return n.pointer == out.bars[static_cast<std::size_t>(i)].pointer;
    });
    for (std::size_t a = 0; a + 1 < scenarios.size(); ++a)
      out.switching.push_back(find_switching_value(scenarios, *it, a, settings, central));
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
  std::vector<double> expected(net_benefit.front().size(), 0.0);
  for (const auto& row : net_benefit)
    for (std::size_t d = 0; d < row.size(); ++d) expected[d] += row[d];
  const auto chosen = static_cast<std::size_t>(std::max_element(expected.begin(), expected.end()) -
                                               expected.begin());
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
  return {{"decision", scenarios[chosen].slug},
          {"evpi", expected_value_of_perfect_information(net_benefit)},
          {"evppi", per_number},
          {"method",
           "the option with the highest mean NPV over the parameter sets is the decision; EVPI "
           "is the mean over sets of the best option's NPV less the decision's mean NPV (the "
           "sets' means carry chance, which it counts as knowable, so it overstates with few "
           "replications a set); each number's EVPPI regresses every option's NPV on its draws "
           "(a cubic, Strong, Oakley and Brennan 2014) and values choosing by the fitted means"}};
}

json number_json(const UncertainNumber& n) {
  const auto& d = n.uncertainty.distribution;
  return {{"pointer", n.pointer},
          {"central", n.central},
          {"distribution", parameter_distribution_name(d.kind)},
          {"p05", parameter_quantile(d, 0.05)},
          {"p95", parameter_quantile(d, 0.95)},
          {n.uncertainty.assumption ? "assumption" : "source", n.uncertainty.source}};
}

}  // namespace

json uncertainty_json(const std::vector<ComparedScenario>& scenarios,
                      const std::optional<PsaResult>& psa,
                      const std::optional<OneWayResult>& one_way) {
  json out = json::object();
  const auto numbers = uncertain_numbers(scenario_list(scenarios));
  json list = json::array();
  for (const auto& n : numbers) list.push_back(number_json(n));
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
    for (const auto& s : one_way->switching) {
      switching.push_back(
          {{"pointer", s.pointer},
           {"alternative", scenarios[static_cast<std::size_t>(s.alternative) + 1].slug},
           {"value", s.value ? json(*s.value) : json(nullptr)},
           {"searched", {s.searched_low, s.searched_high}},
           {"within_90_percent_range", s.within_90},
           {"note", s.note},
           {"evaluations", s.evaluations}});
    }
    out["one_way"] = {{"central_npv", one_way->central_npv},
                      {"central_net_saving", one_way->central_net},
                      {"central_return_per_pound", one_way->central_return},
                      {"tornado", bars},
                      {"switching_values", switching}};
  }
  return out;
}

}  // namespace ehsim
