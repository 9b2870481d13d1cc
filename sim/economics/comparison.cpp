#include "economics/comparison.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>

#include <fmt/format.h>

#include "core/csv.hpp"
#include "core/diagnostics.hpp"
#include "economics/comparison_results.hpp"
#include "results/run_results.hpp"
#include "stats/summary.hpp"

namespace ehsim {

using nlohmann::json;

namespace {

DemandAtEnd demand_at_end(const CompiledModel& model, const ReplicationTally& tally,
                          const PeriodRange& period) {
  const auto children = [&](StateGroup group) {
    return metric_value(model, tally, period,
                        MetricRef::of_group(model, Metric::group_children_at_end, group));
  };
  return {children({StateGroup::Kind::children_in_need_dfe}),
          children(StateGroup::with_status(ServiceStatus::child_protection)),
          children(StateGroup::with_status(ServiceStatus::looked_after)),
          children({StateGroup::Kind::all})};
}

}  // namespace

ScenarioResults::ScenarioResults(const CompiledModel& model, std::vector<ReplicationTally> tallies)
    : costs_(model), tallies_(std::move(tallies)), periods_(reporting_periods(model.calendar)) {
  periods_.push_back({"horizon", "horizon", 0,
                      static_cast<int>(model.calendar.quarters().size()) - 1, model.horizon_days});
  for (const auto& tally : tallies_) {
    const CostLedger ledger = compute_ledger(costs_, tally);
    auto& accounts = accounts_.emplace_back();
    auto& demand = demand_.emplace_back();
    for (const auto& period : periods_) {
      accounts.push_back(account_for(costs_, ledger, period));
      demand.push_back(demand_at_end(model, tally, period));
    }
  }
}

std::vector<int> ScenarioResults::financial_year_periods() const {
  std::vector<int> years;
  for (std::size_t p = 0; p < periods_.size(); ++p) {
    if (periods_[p].type == "financial_year") years.push_back(static_cast<int>(p));
  }
  return years;
}

const PeriodAccount& ScenarioResults::account(int replication, int period) const {
  return accounts_[static_cast<std::size_t>(replication)][static_cast<std::size_t>(period)];
}

const DemandAtEnd& ScenarioResults::demand(int replication, int period) const {
  return demand_[static_cast<std::size_t>(replication)][static_cast<std::size_t>(period)];
}

Adjustments adjustments_of(const Scenario& alternative) {
  const Economics& e = alternative.economics;
  return {e.optimism_bias, e.deadweight, e.attribution};
}

PeriodFlows period_flows(const PeriodAccount& base, const PeriodAccount& alt,
                         const DemandAtEnd& base_demand, const DemandAtEnd& alt_demand,
                         const Adjustments& adjust) {
  PeriodFlows f;
  // Optimism bias raises the intervention's extra costs (Green Book); deadweight and
  // attribution scale what the intervention is credited with (HCA additionality guide).
  f.investment = (alt.early_help() - base.early_help()) * (1.0 + adjust.optimism_bias);
  const double credit = (1.0 - adjust.deadweight) * adjust.attribution;
  std::set<CostKey> keys;
  for (const auto& [key, _] : base.late) keys.insert(key);
  for (const auto& [key, _] : alt.late) keys.insert(key);
  const auto cost_in = [](const PeriodAccount& a, const CostKey& key) {
    const auto it = a.late.find(key);
    return it == a.late.end() ? 0.0 : it->second;
  };
  for (const auto& key : keys) {
    const double avoided = (cost_in(base, key) - cost_in(alt, key)) * credit;
    f.all_value += avoided;
    if (!is_fiscal(key.value_type)) continue;
    f.fiscal += avoided;
    f.by_category[key.category] += avoided;
    f.by_payer[key.payer] += avoided;
    f.cashable_by_payer[key.payer] += key.value_type == ValueType::fiscal_cashable ? avoided : 0.0;
    if (key.value_type == ValueType::fiscal_cashable) f.cashable += avoided;
  }
  f.demand_avoided = {base_demand.children_in_need - alt_demand.children_in_need,
                      base_demand.child_protection - alt_demand.child_protection,
                      base_demand.looked_after - alt_demand.looked_after,
                      base_demand.population - alt_demand.population};
  f.baseline_population = base_demand.population;
  return f;
}

void check_comparable(const Scenario& baseline, const Scenario& alternative) {
  Diagnostics problems;
  const Economics& b = baseline.economics;
  const Economics& a = alternative.economics;
  if (a.price_base_year != b.price_base_year) {
    problems.add(alternative.file, "/economics/price_base_year",
                 fmt::format("is {} but the baseline ({}) states prices in {}; a comparison "
                             "needs one price base year",
                             a.price_base_year, baseline.file, b.price_base_year));
  }
  if (a.discount_rate != b.discount_rate) {
    problems.add(alternative.file, "/economics/discount_rate",
                 fmt::format("is {} but the baseline ({}) discounts at {}; a comparison needs "
                             "one discount rate",
                             a.discount_rate, baseline.file, b.discount_rate));
  }
  if (alternative.start_year != baseline.start_year ||
      alternative.start_month != baseline.start_month ||
      alternative.horizon_years != baseline.horizon_years) {
    problems.add(alternative.file, "/start_date",
                 fmt::format("the start date and horizon must equal the baseline's ({}) so "
                             "that the same financial years are compared",
                             baseline.file));
  }
  if (!problems.empty()) throw InputError(std::move(problems));
}

std::optional<int> payback_year(const std::vector<double>& net_saving_by_year,
                                const std::vector<double>& discount_factors) {
  double cumulative = 0;
  for (std::size_t y = 0; y < net_saving_by_year.size(); ++y) {
    cumulative += net_saving_by_year[y] * discount_factors[y];
    if (cumulative >= 0) return static_cast<int>(y);
  }
  return std::nullopt;
}

std::optional<int> median_payback_year(const std::vector<std::optional<int>>& years) {
  std::vector<int> paid;
  for (const auto& y : years) {
    if (y) paid.push_back(*y);
  }
  if (paid.empty() || 2 * paid.size() < years.size()) return std::nullopt;
  std::sort(paid.begin(), paid.end());
  // The smallest year by which at least half of all replications have paid back.
  return paid[(years.size() + 1) / 2 - 1];
}

std::optional<std::string> why_returns_undefined(const std::vector<double>& investment_pv) {
  constexpr double kNoInvestment = 1.0;  // £: less than a pound is no investment at all
  const bool all_invest = std::all_of(investment_pv.begin(), investment_pv.end(),
                                      [](double v) { return v > kNoInvestment; });
  if (all_invest && !investment_pv.empty()) return std::nullopt;
  const bool all_zero = std::all_of(investment_pv.begin(), investment_pv.end(),
                                    [](double v) { return std::abs(v) <= kNoInvestment; });
  if (all_zero) {
    return "the alternative spends no more on early help than the baseline, so a return per £1 "
           "(and a payback year) is not defined; read the net saving instead";
  }
  return "the alternative does not spend more on early help than the baseline in every "
         "replication (a disinvestment, or savings within the early help budget), so a return "
         "per £1 is not defined; read the net saving and NPV instead";
}

namespace {

template <typename T>
json or_null(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

Estimate estimate_of(const Summary& s) {
  return {s.mean, s.p05, s.p50, s.p95, s.se};
}

Estimate estimate_of(const std::vector<double>& values) {
  return estimate_of(summarise(values));
}

// Paired and unpaired flows of every replication in every period.
struct PairedFlows {
  std::vector<std::vector<PeriodFlows>> paired;    // [r][period]: alt_r vs base_r
  std::vector<std::vector<PeriodFlows>> unpaired;  // [r][period]: alt_r vs base_(r+1) mod N
};

PairedFlows pair_flows(const ScenarioResults& base, const ScenarioResults& alt) {
  const Adjustments adjust = adjustments_of(alt.model().scenario);
  const int n = std::min(base.replications(), alt.replications());
  const int periods = static_cast<int>(base.periods().size());
  const auto flows_for = [&](int a, int b) {
    std::vector<PeriodFlows> row;
    for (int p = 0; p < periods; ++p) {
      row.push_back(period_flows(base.account(b, p), alt.account(a, p), base.demand(b, p),
                                 alt.demand(a, p), adjust));
    }
    return row;
  };
  PairedFlows flows;
  for (int r = 0; r < n; ++r) {
    flows.paired.push_back(flows_for(r, r));
    flows.unpaired.push_back(flows_for(r, (r + 1) % n));
  }
  return flows;
}

using FlowsMetric = std::function<double(const std::vector<PeriodFlows>&)>;

Difference difference_of(const PairedFlows& flows, const FlowsMetric& metric) {
  std::vector<double> paired, unpaired;
  for (const auto& row : flows.paired) paired.push_back(metric(row));
  for (const auto& row : flows.unpaired) unpaired.push_back(metric(row));
  const Summary u = summarise(unpaired);
  return {estimate_of(summarise(paired)), u.p05, u.p95};
}

// The comparison's view of time: financial years, their labels and discount factors.
struct Years {
  std::vector<int> periods;
  std::vector<std::string> labels;
  std::vector<double> discount;
};

Years years_of(const ScenarioResults& base) {
  Years years;
  years.periods = base.financial_year_periods();
  for (std::size_t y = 0; y < years.periods.size(); ++y) {
    years.labels.push_back(base.periods()[static_cast<std::size_t>(years.periods[y])].label);
    years.discount.push_back(base.costs().discount_factor(static_cast<int>(y)));
  }
  return years;
}

double present_value(const std::vector<PeriodFlows>& row, const Years& years,
                     double PeriodFlows::*field) {
  double pv = 0;
  for (std::size_t y = 0; y < years.periods.size(); ++y) {
    pv += row[static_cast<std::size_t>(years.periods[y])].*field * years.discount[y];
  }
  return pv;
}

double npv(const std::vector<PeriodFlows>& row, const Years& years) {
  return present_value(row, years, &PeriodFlows::fiscal) -
         present_value(row, years, &PeriodFlows::investment);
}

std::vector<double> net_by_year(const std::vector<PeriodFlows>& row, const Years& years) {
  std::vector<double> net;
  for (int p : years.periods) net.push_back(row[static_cast<std::size_t>(p)].net_saving());
  return net;
}

Estimate ratio_of(const PairedFlows& flows, const Years& years, double PeriodFlows::*benefit) {
  std::vector<double> ratios;
  for (const auto& row : flows.paired) {
    ratios.push_back(present_value(row, years, benefit) /
                     present_value(row, years, &PeriodFlows::investment));
  }
  return estimate_of(summarise(ratios));
}

Payback payback_of(const PairedFlows& flows, const Years& years, bool defined) {
  if (!defined) return {std::nullopt, 0.0};
  std::vector<std::optional<int>> paid;
  for (const auto& row : flows.paired)
    paid.push_back(payback_year(net_by_year(row, years), years.discount));
  const double share = static_cast<double>(std::count_if(paid.begin(), paid.end(),
                                                         [](auto y) { return y.has_value(); })) /
                       static_cast<double>(paid.size());
  const auto median = median_payback_year(paid);
  return {median ? std::optional<std::string>(years.labels[static_cast<std::size_t>(*median)])
                 : std::nullopt,
          share};
}

ComparisonHeadline headline_of(const PairedFlows& flows, const Years& years, int horizon,
                               int final_year) {
  const auto at = [](int period, double PeriodFlows::*field) -> FlowsMetric {
    return [=](const std::vector<PeriodFlows>& row) {
      return row[static_cast<std::size_t>(period)].*field;
    };
  };
  const auto avoided = [](int period, double DemandAtEnd::*field) -> FlowsMetric {
    return [=](const std::vector<PeriodFlows>& row) {
      return row[static_cast<std::size_t>(period)].demand_avoided.*field;
    };
  };
  std::vector<double> investment_pv;
  for (const auto& row : flows.paired)
    investment_pv.push_back(present_value(row, years, &PeriodFlows::investment));
  const auto undefined = why_returns_undefined(investment_pv);

  ComparisonHeadline h;
  h.extra_investment = difference_of(flows, at(horizon, &PeriodFlows::investment));
  h.cost_avoided = difference_of(flows, at(horizon, &PeriodFlows::fiscal));
  h.cashable_saving = difference_of(flows, at(horizon, &PeriodFlows::cashable));
  h.value_avoided_all_types = difference_of(flows, at(horizon, &PeriodFlows::all_value));
  h.net_saving = difference_of(
      flows, [=](const auto& row) { return row[static_cast<std::size_t>(horizon)].net_saving(); });
  h.net_saving_npv = difference_of(flows, [&](const auto& row) { return npv(row, years); });
  h.extra_investment_pv = difference_of(
      flows, [&](const auto& row) { return present_value(row, years, &PeriodFlows::investment); });
  h.cost_avoided_pv = difference_of(
      flows, [&](const auto& row) { return present_value(row, years, &PeriodFlows::fiscal); });
  h.value_avoided_all_types_pv = difference_of(
      flows, [&](const auto& row) { return present_value(row, years, &PeriodFlows::all_value); });
  if (!undefined) {
    h.benefit_cost_ratio = ratio_of(flows, years, &PeriodFlows::all_value);
    h.fiscal_return_per_pound = ratio_of(flows, years, &PeriodFlows::fiscal);
    h.social_return_per_pound = ratio_of(flows, years, &PeriodFlows::all_value);
  }
  h.returns_undefined_reason = undefined;
  h.payback = payback_of(flows, years, !undefined);
  h.cin_avoided_final_year =
      difference_of(flows, avoided(final_year, &DemandAtEnd::children_in_need));
  h.cp_avoided_final_year =
      difference_of(flows, avoided(final_year, &DemandAtEnd::child_protection));
  h.lac_avoided_final_year = difference_of(flows, avoided(final_year, &DemandAtEnd::looked_after));
  return h;
}

YearFlows year_of(const PairedFlows& flows, const Years& years, std::size_t y,
                  const std::optional<double>& target) {
  const auto p = static_cast<std::size_t>(years.periods[y]);
  const auto field = [p](double PeriodFlows::*f) -> FlowsMetric {
    return [=](const std::vector<PeriodFlows>& row) { return row[p].*f; };
  };
  const auto avoided = [p](double DemandAtEnd::*f) -> FlowsMetric {
    return [=](const std::vector<PeriodFlows>& row) { return row[p].demand_avoided.*f; };
  };
  const auto per_10k = [p](double DemandAtEnd::*f) -> FlowsMetric {
    return [=](const std::vector<PeriodFlows>& row) {
      return row[p].baseline_population > 0
                 ? 1e4 * row[p].demand_avoided.*f / row[p].baseline_population
                 : 0.0;
    };
  };
  YearFlows year;
  year.financial_year = years.labels[y];
  year.extra_investment = difference_of(flows, field(&PeriodFlows::investment));
  year.cost_avoided = difference_of(flows, field(&PeriodFlows::fiscal));
  year.net_saving = difference_of(flows, [p](const auto& row) { return row[p].net_saving(); });
  year.net_cashable_saving =
      difference_of(flows, [p](const auto& row) { return row[p].net_cashable_saving(); });
  year.cumulative_net_saving_discounted = difference_of(flows, [&, y](const auto& row) {
    double cumulative = 0;
    for (std::size_t t = 0; t <= y; ++t)
      cumulative +=
          row[static_cast<std::size_t>(years.periods[t])].net_saving() * years.discount[t];
    return cumulative;
  });
  year.discount_factor = years.discount[y];
  year.cin_avoided = difference_of(flows, avoided(&DemandAtEnd::children_in_need));
  year.cp_avoided = difference_of(flows, avoided(&DemandAtEnd::child_protection));
  year.lac_avoided = difference_of(flows, avoided(&DemandAtEnd::looked_after));
  year.cin_avoided_per_10000 = difference_of(flows, per_10k(&DemandAtEnd::children_in_need));
  year.cp_avoided_per_10000 = difference_of(flows, per_10k(&DemandAtEnd::child_protection));
  year.lac_avoided_per_10000 = difference_of(flows, per_10k(&DemandAtEnd::looked_after));
  if (target) {
    const double met = static_cast<double>(
        std::count_if(flows.paired.begin(), flows.paired.end(),
                      [&](const auto& row) { return row[p].net_cashable_saving() >= *target; }));
    year.probability_target_met = met / static_cast<double>(flows.paired.size());
  }
  return year;
}

}  // namespace

namespace {

double lookup(const std::map<std::string, double>& values, const std::string& key) {
  const auto it = values.find(key);
  return it == values.end() ? 0.0 : it->second;
}

std::set<std::string> keys_of(const PairedFlows& flows, int period,
                              std::map<std::string, double> PeriodFlows::*field) {
  std::set<std::string> keys;
  for (const auto& row : flows.paired) {
    for (const auto& [key, _] : row[static_cast<std::size_t>(period)].*field) keys.insert(key);
  }
  return keys;
}

// Fiscal cost avoided over the horizon by category and by payer.
std::vector<CategoryAvoided> categories_avoided(const PairedFlows& flows, int horizon) {
  const auto h = static_cast<std::size_t>(horizon);
  std::vector<CategoryAvoided> categories;
  for (const auto& category : keys_of(flows, horizon, &PeriodFlows::by_category)) {
    categories.push_back({category, difference_of(flows, [&](const auto& row) {
                            return lookup(row[h].by_category, category);
                          })});
  }
  return categories;
}

std::vector<PayerAvoided> payers_avoided(const PairedFlows& flows, int horizon) {
  const auto h = static_cast<std::size_t>(horizon);
  std::vector<PayerAvoided> payers;
  for (const auto& payer : keys_of(flows, horizon, &PeriodFlows::by_payer)) {
    payers.push_back(
        {payer,
         difference_of(flows, [&](const auto& row) { return lookup(row[h].by_payer, payer); }),
         difference_of(flows,
                       [&](const auto& row) { return lookup(row[h].cashable_by_payer, payer); })});
  }
  return payers;
}

// A service metric over a period per replication; 0 when the scenario has no such service.
std::vector<double> service_metric(const ScenarioResults& results, Metric metric,
                                   const std::string& service, int period) {
  const Scenario& scenario = results.model().scenario;
  const auto found = std::find_if(scenario.services.begin(), scenario.services.end(),
                                  [&](const Service& s) { return s.id == service; });
  const bool present = found != scenario.services.end();
  const MetricRef ref =
      present ? MetricRef::of_service(results.model(), metric,
                                      static_cast<int>(found - scenario.services.begin()))
              : MetricRef{};
  std::vector<double> values;
  const PeriodRange& range = results.periods()[static_cast<std::size_t>(period)];
  for (const auto& tally : results.tallies()) {
    values.push_back(present ? metric_value(results.model(), tally, range, ref) : 0.0);
  }
  return values;
}

std::vector<double> service_metric(const ScenarioResults& results, Metric metric,
                                   const std::string& service) {
  return service_metric(results, metric, service, results.horizon_period());
}

// Staff of every kind (practitioners, managers, admin) funded at the end of the horizon.
double total_fte_at_end(const ScenarioResults& results, const std::string& service) {
  const auto& services = results.model().scenario.services;
  for (std::size_t k = 0; k < services.size(); ++k) {
    if (services[k].id != service) continue;
    const auto& steps = results.model().services[k].places;
    return steps.empty() ? 0.0 : steps.back().total_fte;
  }
  return 0.0;
}

Difference paired_difference(const std::vector<double>& base, const std::vector<double>& alt) {
  const std::size_t n = std::min(base.size(), alt.size());
  std::vector<double> paired, unpaired;
  for (std::size_t r = 0; r < n; ++r) {
    paired.push_back(alt[r] - base[r]);
    unpaired.push_back(alt[r] - base[(r + 1) % n]);
  }
  const Summary u = summarise(unpaired);
  return {estimate_of(paired), u.p05, u.p95};
}

// Practitioners funded at each year's end and needed for the year's demand, in both scenarios.
std::vector<StaffingComparedYear> staffing_by_year(const ScenarioResults& base,
                                                   const ScenarioResults& alt,
                                                   const std::string& id) {
  std::vector<StaffingComparedYear> years;
  for (int p : base.financial_year_periods()) {
    const auto in = [&](const ScenarioResults& results, Metric metric) {
      return estimate_of(service_metric(results, metric, id, p));
    };
    years.push_back({base.periods()[static_cast<std::size_t>(p)].label,
                     in(base, Metric::service_fte_funded), in(alt, Metric::service_fte_funded),
                     in(base, Metric::service_fte_needed_for_demand),
                     in(alt, Metric::service_fte_needed_for_demand)});
  }
  return years;
}

// Every service of either scenario (the baseline's first): its staff in both.
std::vector<ServiceStaffing> staffing_of(const ScenarioResults& base, const ScenarioResults& alt) {
  std::vector<std::pair<std::string, std::string>> services;  // id, label; baseline's order first
  for (const auto* results : {&base, &alt}) {
    for (const auto& s : results->model().scenario.services) {
      if (std::none_of(services.begin(), services.end(),
                       [&](const auto& e) { return e.first == s.id; })) {
        services.emplace_back(s.id, s.label);
      }
    }
  }
  std::vector<ServiceStaffing> staffing;
  for (const auto& [id, label] : services) {
    const auto funded_base = service_metric(base, Metric::service_fte_funded, id);
    const auto funded_alt = service_metric(alt, Metric::service_fte_funded, id);
    const auto needed_base = service_metric(base, Metric::service_fte_needed_for_demand, id);
    const auto needed_alt = service_metric(alt, Metric::service_fte_needed_for_demand, id);
    ServiceStaffing s;
    s.service = id;
    s.label = label;
    s.fte_funded_baseline = estimate_of(funded_base);
    s.fte_funded_alternative = estimate_of(funded_alt);
    s.difference = paired_difference(funded_base, funded_alt);
    s.fte_needed_baseline = estimate_of(needed_base);
    s.fte_needed_alternative = estimate_of(needed_alt);
    s.fte_needed_difference = paired_difference(needed_base, needed_alt);
    s.basis = "practitioner FTE (the staff who hold cases) unless named otherwise";
    s.staff_funded_with_management_and_admin_baseline = total_fte_at_end(base, id);
    s.staff_funded_with_management_and_admin_alternative = total_fte_at_end(alt, id);
    s.by_year = staffing_by_year(base, alt, id);
    staffing.push_back(std::move(s));
  }
  return staffing;
}

}  // namespace

std::vector<ReplicationOutcome> replication_outcomes(const ScenarioResults& baseline,
                                                     const ScenarioResults& alternative) {
  const PairedFlows flows = pair_flows(baseline, alternative);
  const Years years = years_of(baseline);
  const auto h = static_cast<std::size_t>(baseline.horizon_period());
  std::vector<ReplicationOutcome> out;
  for (const auto& row : flows.paired) {
    ReplicationOutcome o;
    o.extra_investment = row[h].investment;
    o.cost_avoided = row[h].fiscal;
    o.net_saving = row[h].net_saving();
    o.cashable_saving = row[h].cashable;
    o.extra_investment_pv = present_value(row, years, &PeriodFlows::investment);
    o.cost_avoided_pv = present_value(row, years, &PeriodFlows::fiscal);
    o.npv = o.cost_avoided_pv - o.extra_investment_pv;
    for (int p : years.periods) {
      o.net_cashable_by_year.push_back(row[static_cast<std::size_t>(p)].net_cashable_saving());
    }
    out.push_back(std::move(o));
  }
  return out;
}

AlternativeResults compare_scenarios(const ScenarioResults& baseline,
                                     const ScenarioResults& alternative,
                                     const ComparisonOptions& options) {
  const PairedFlows flows = pair_flows(baseline, alternative);
  const Years years = years_of(baseline);
  AlternativeResults result;
  result.headline = headline_of(flows, years, baseline.horizon_period(), years.periods.back());
  for (std::size_t y = 0; y < years.periods.size(); ++y) {
    result.by_year.push_back(year_of(flows, years, y, options.target));
  }
  result.by_category = categories_avoided(flows, baseline.horizon_period());
  result.by_payer = payers_avoided(flows, baseline.horizon_period());
  result.staffing = staffing_of(baseline, alternative);
  result.adjustments = adjustments_of(alternative.model().scenario);
  return result;
}

namespace {

using AccountMetric = std::function<double(const PeriodAccount&)>;

Estimate level_of(const ScenarioResults& results, int period, const AccountMetric& metric) {
  std::vector<double> values;
  for (int r = 0; r < results.replications(); ++r)
    values.push_back(metric(results.account(r, period)));
  return estimate_of(values);
}

template <typename KeyOf>
std::map<std::string, Estimate> late_by(const ScenarioResults& results, int period, KeyOf key_of) {
  std::set<std::string> keys;
  for (const auto& [key, _] : results.account(0, period).late) keys.insert(key_of(key));
  std::map<std::string, Estimate> out;
  for (const auto& name : keys) {
    out[name] = level_of(results, period, [&](const PeriodAccount& a) {
      double total = 0;
      for (const auto& [key, value] : a.late) {
        if (is_fiscal(key.value_type) && key_of(key) == name) total += value;
      }
      return total;
    });
  }
  return out;
}

LateCosts late_costs(const ScenarioResults& results, int period) {
  LateCosts costs;
  costs.total =
      level_of(results, period, [](const PeriodAccount& a) { return a.late_total(true); });
  costs.by_category = late_by(results, period, [](const CostKey& k) { return k.category; });
  costs.by_payer = late_by(results, period, [](const CostKey& k) { return k.payer; });
  costs.economic_and_social_value = level_of(results, period, [](const PeriodAccount& a) {
    return a.late_total(false) - a.late_total(true);
  });
  return costs;
}

Estimate early_help_cost(const ScenarioResults& results, int period) {
  return level_of(results, period, [](const PeriodAccount& a) { return a.early_help(); });
}

}  // namespace

namespace {

double mean_of(const ScenarioResults& results, int period,
               const std::function<double(const PeriodAccount&)>& f) {
  std::vector<double> values;
  for (int r = 0; r < results.replications(); ++r) values.push_back(f(results.account(r, period)));
  return summarise(values).mean;
}

UnitCost unit_cost_of(const Scenario& scenario, const PricedItem& priced) {
  const CostItem& item = *priced.item;
  const auto state_id = [&](int state) {
    return scenario.pathway.states[static_cast<std::size_t>(state)].id;
  };
  UnitCost u;
  u.id = item.id;
  u.category = item.category;
  u.payer = item.payer;
  u.value_type = value_type_name(item.value_type);
  u.per_child = item.per_child;
  u.units = item_units_name(item);
  for (int st : item.per_week_in_states) u.per_week_in_states.push_back(state_id(st));
  if (item.per_event) u.per_event = event_kind_name(*item.per_event);
  if (item.per_entry_to_state) u.per_entry_to_state = state_id(*item.per_entry_to_state);
  u.amount = item.amount.value;
  if (!item.price_year.empty()) u.price_year = item.price_year;
  u.price_factor = priced.price_factor;
  u.amount_at_base_prices = priced.amount_at_base_prices;
  if (const auto& provenance = item.amount.provenance) {
    (provenance->assumption ? u.assumption : u.source) = provenance->text;
  }
  const EvidenceGrade grade = default_evidence_grade(item);
  u.evidence_grade = grade.grade;
  u.evidence_grade_reason = grade.reason;
  return u;
}

// Mean units of every cost item and mean spending of every early help service per financial
// year: the simulated activity the workbook multiplies by the unit costs.
std::vector<ActivityYear> activity_of(const ScenarioResults& results) {
  std::vector<ActivityYear> years;
  const auto& items = results.costs().items();
  const auto& services = results.costs().early_help_services();
  for (int p : results.financial_year_periods()) {
    ActivityYear year;
    year.financial_year = results.periods()[static_cast<std::size_t>(p)].label;
    for (std::size_t i = 0; i < items.size(); ++i) {
      year.item_units[items[i].item->id] =
          mean_of(results, p, [i](const PeriodAccount& a) { return a.item_units[i]; });
    }
    for (std::size_t k = 0; k < services.size(); ++k) {
      year.early_help_service_spend[services[k].id] =
          mean_of(results, p, [k](const PeriodAccount& a) { return a.service_spend[k]; });
    }
    years.push_back(std::move(year));
  }
  return years;
}

std::vector<LabelledService> early_help_services_of(const ScenarioResults& results) {
  std::vector<LabelledService> services;
  for (const auto& spend : results.costs().early_help_services()) {
    for (const auto& s : results.model().scenario.services) {
      if (s.id == spend.id) services.push_back({s.id, s.label});
    }
  }
  return services;
}

Appraisal appraisal_of(const Scenario& scenario) {
  const Economics& economics = scenario.economics;
  Appraisal appraisal{
      adjustments_of(scenario), economics.price_base_year, economics.discount_rate, {}};
  for (const auto& [year, value] : economics.price_index) {
    appraisal.price_index.push_back({year, value});
  }
  return appraisal;
}

}  // namespace

EvidenceGrade default_evidence_grade(const CostItem& item) {
  const auto& provenance = item.amount.provenance;
  if (!provenance || provenance->text.empty()) {
    return {5, "no source or assumption given for the amount"};
  }
  const auto says = [&](const char* words) {
    return provenance->text.find(words) != std::string::npos;
  };
  if (provenance->assumption) {
    return {4, "the amount is an assumption (built on a source's figure at best)"};
  }
  if (says("high confidence") && !says("medium confidence") && !says("low confidence")) {
    return {2, "a sourced amount whose source says high confidence"};
  }
  if (says("low confidence")) return {4, "a sourced amount whose source says low confidence"};
  return {3, "a sourced amount"};
}

ScenarioCosts scenario_costs(const ScenarioResults& results) {
  ScenarioCosts costs;
  if (results.replications() == 0) return costs;
  for (int p : results.financial_year_periods()) {
    const std::string& year = results.periods()[static_cast<std::size_t>(p)].label;
    costs.late_intervention_cost_by_year.push_back({late_costs(results, p), year});
    costs.early_help_cost_by_year.push_back({year, early_help_cost(results, p)});
  }
  const int horizon = results.horizon_period();
  costs.over_horizon =
      HorizonCosts{late_costs(results, horizon), early_help_cost(results, horizon)};
  const Scenario& scenario = results.model().scenario;
  costs.appraisal = appraisal_of(scenario);
  for (const auto& priced : results.costs().items()) {
    costs.unit_costs.push_back(unit_cost_of(scenario, priced));
  }
  costs.early_help_services = early_help_services_of(results);
  for (const auto& state : scenario.pathway.states) costs.state_labels[state.id] = state.label;
  costs.activity_by_year = activity_of(results);
  return costs;
}

std::string comparison_csv_header() {
  return "alternative,period_type,period,start_date,end_date,metric,key,unit,mean,p05,p50,p95\n";
}

CsvPeriod csv_period(const ScenarioResults& results, const PeriodRange& period) {
  return {period.type, period.label, period_start_date(results.model(), period),
          period_end_date(results.model(), period)};
}

namespace {

void csv_row(std::string& out, const std::string& alternative, const CsvPeriod& period,
             const std::string& metric, const std::string& key, const std::string& unit,
             const std::vector<double>& values) {
  const Summary s = summarise(values);
  fmt::format_to(
      std::back_inserter(out), "{},{},{},{},{},{},{},{},{:.10g},{:.10g},{:.10g},{:.10g}\n",
      csv_field(alternative), csv_field(period.type), csv_field(period.label), period.start,
      period.end, csv_field(metric), csv_field(key), csv_field(unit), s.mean, s.p05, s.p50, s.p95);
}

}  // namespace

// A row from a summary S of comparison.json (null: every value empty).
void csv_row(std::string& out, const std::string& alternative, const CsvPeriod& period,
             const std::string& metric, const std::string& key, const std::string& unit,
             const json& s) {
  const auto number = [&](const char* field) {
    return s.is_object() && s.contains(field) && s.at(field).is_number()
               ? fmt::format("{:.10g}", s.at(field).get<double>())
               : std::string();
  };
  fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{},{},{},{},{},{},{}\n",
                 csv_field(alternative), csv_field(period.type), csv_field(period.label),
                 period.start, period.end, csv_field(metric), csv_field(key), csv_field(unit),
                 number("mean"), number("p05"), number("p50"), number("p95"));
}

std::string comparison_csv_rows(const std::string& alternative, const ScenarioResults& baseline,
                                const ScenarioResults& alt, const ComparisonOptions& options) {
  const PairedFlows flows = pair_flows(baseline, alt);
  const Years years = years_of(baseline);
  std::string out;
  for (std::size_t p = 0; p < baseline.periods().size(); ++p) {
    const CsvPeriod period = csv_period(baseline, baseline.periods()[p]);
    const auto emit = [&](const std::string& metric, const std::string& key,
                          const std::string& unit,
                          const std::function<double(const PeriodFlows&)>& f) {
      std::vector<double> values;
      for (const auto& row : flows.paired) values.push_back(f(row[p]));
      csv_row(out, alternative, period, metric, key, unit, values);
    };
    emit("extra_investment", "all", "GBP", [](const auto& f) { return f.investment; });
    emit("cost_avoided", "all", "GBP", [](const auto& f) { return f.fiscal; });
    emit("cashable_saving", "all", "GBP", [](const auto& f) { return f.cashable; });
    emit("value_avoided_all_types", "all", "GBP", [](const auto& f) { return f.all_value; });
    emit("net_saving", "all", "GBP", [](const auto& f) { return f.net_saving(); });
    emit("net_cashable_saving", "all", "GBP",
         [](const auto& f) { return f.net_cashable_saving(); });
    for (const auto& category : keys_of(flows, static_cast<int>(p), &PeriodFlows::by_category)) {
      emit("cost_avoided_by_category", category, "GBP",
           [&](const auto& f) { return lookup(f.by_category, category); });
    }
    for (const auto& payer : keys_of(flows, static_cast<int>(p), &PeriodFlows::by_payer)) {
      emit("cost_avoided_by_payer", payer, "GBP",
           [&](const auto& f) { return lookup(f.by_payer, payer); });
      emit("cashable_saving_by_payer", payer, "GBP",
           [&](const auto& f) { return lookup(f.cashable_by_payer, payer); });
    }
    emit("children_avoided_at_end", "children_in_need", "children",
         [](const auto& f) { return f.demand_avoided.children_in_need; });
    emit("children_avoided_at_end", "child_protection", "children",
         [](const auto& f) { return f.demand_avoided.child_protection; });
    emit("children_avoided_at_end", "looked_after", "children",
         [](const auto& f) { return f.demand_avoided.looked_after; });
    // Per financial year: discounting, the running present value and the savings target.
    const auto y = std::find(years.periods.begin(), years.periods.end(), static_cast<int>(p));
    if (y != years.periods.end()) {
      const auto index = static_cast<std::size_t>(y - years.periods.begin());
      const YearFlows year = year_of(flows, years, index, options.target);
      const double factor = years.discount[index];
      emit("discount_factor", "all", "factor", [factor](const auto&) { return factor; });
      emit("net_saving_pv", "all", "GBP",
           [factor](const auto& f) { return f.net_saving() * factor; });
      csv_row(out, alternative, period, "cumulative_net_saving_discounted", "all", "GBP",
              json(year.cumulative_net_saving_discounted));
      if (options.target) {
        const json chance = {{"mean", or_null(year.probability_target_met)}};
        csv_row(out, alternative, period, "probability_target_met",
                fmt::format("net_cashable_saving_at_least_{:.10g}", *options.target), "share",
                chance);
      }
    }
  }
  // Over the horizon: present values, returns per £1 and payback (empty where undefined).
  const int horizon = baseline.horizon_period();
  const CsvPeriod period =
      csv_period(baseline, baseline.periods()[static_cast<std::size_t>(horizon)]);
  const ComparisonHeadline h = headline_of(flows, years, horizon, years.periods.back());
  for (const auto& [metric, value] :
       {std::pair{"net_saving_npv", &h.net_saving_npv},
        std::pair{"extra_investment_pv", &*h.extra_investment_pv},
        std::pair{"cost_avoided_pv", &*h.cost_avoided_pv},
        std::pair{"value_avoided_all_types_pv", &*h.value_avoided_all_types_pv}}) {
    csv_row(out, alternative, period, metric, "all", "GBP", json(*value));
  }
  for (const auto& [metric, value] :
       {std::pair{"fiscal_return_per_pound", &h.fiscal_return_per_pound},
        std::pair{"social_return_per_pound", &h.social_return_per_pound},
        std::pair{"benefit_cost_ratio", &h.benefit_cost_ratio}}) {
    csv_row(out, alternative, period, metric, "all", "GBP per GBP", or_null(*value));
  }
  const std::optional<std::string>& median = h.payback.median_year;
  json median_index = nullptr;
  for (std::size_t i = 0; i < years.labels.size(); ++i) {
    if (median && years.labels[i] == *median) median_index = {{"p50", static_cast<double>(i)}};
  }
  csv_row(out, alternative, period, "payback_median_year", median.value_or("none"),
          "years after the first financial year", median_index);
  csv_row(out, alternative, period, "payback_share_paying_back", "all", "share",
          json{{"mean", h.payback.share_paying_back}});
  return out;
}

}  // namespace ehsim
