#include "results/run_results.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include <fmt/format.h>

#include "core/csv.hpp"
#include "core/version.hpp"

namespace ehsim {

std::optional<std::pair<double, double>> ratio_parts(const CompiledModel& m,
                                                     const ReplicationTally& t,
                                                     const PeriodRange& p, const MetricRef& ref) {
  if (ref.metric == Metric::service_mean_wait_days) {
    return std::pair{metric_value(m, t, p, ref.with(Metric::service_wait_days_total)),
                     metric_value(m, t, p, ref.with(Metric::service_allocated_from_wait))};
  }
  if (ref.metric == Metric::service_share_allocated_within_standard) {
    return std::pair{metric_value(m, t, p, ref.with(Metric::service_allocated_within_standard)),
                     metric_value(m, t, p, ref.with(Metric::service_referred))};
  }
  return std::nullopt;
}

Summary pooled_ratio(const std::vector<std::pair<double, double>>& parts) {
  double numerator = 0, denominator = 0;
  std::vector<double> ratios;
  for (const auto& [n, d] : parts) {
    numerator += n;
    denominator += d;
    if (d > 0) ratios.push_back(n / d);
  }
  if (denominator <= 0) return Summary{};
  Summary s = summarise(ratios);
  s.mean = numerator / denominator;
  // Ratio estimator: se = sqrt(sum (n_r - R d_r)^2 / (N (N - 1))) / mean(d), over all N
  // replications (a replication with no denominator still tells us it had none).
  const double count = static_cast<double>(parts.size());
  double squares = 0;
  for (const auto& [n, d] : parts) squares += (n - s.mean * d) * (n - s.mean * d);
  s.se = count > 1 ? std::sqrt(squares / (count * (count - 1))) / (denominator / count) : 0.0;
  return s;
}

namespace {

// The service metrics of timeseries.csv, in its order, with their units.
const std::vector<std::pair<Metric, const char*>> kServiceSeries = {
    {Metric::service_fte_funded, "FTE"},
    {Metric::service_fte_needed_for_demand, "FTE"},
    {Metric::service_places_average, "families"},
    {Metric::service_occupied_families_average, "families"},
    {Metric::service_caseload_per_fte, "families per FTE"},
    {Metric::service_waiting_families_average, "families"},
    {Metric::service_waiting_families_at_end, "families"},
    {Metric::service_utilisation, "share"},
    {Metric::service_joined_waiting_list, "families"},
    {Metric::service_allocations, "families"},
    {Metric::service_allocated_from_wait, "families"},
    {Metric::service_mean_wait_days, "days"},
    {Metric::service_share_allocated_within_standard, "share"},
    {Metric::service_escalated_while_waiting, "families"},
    {Metric::service_left_while_waiting, "families"},
    {Metric::service_dropped_out, "families"}};

void add_state_series(const CompiledModel& m, std::vector<MetricKey>& keys) {
  const auto& states = m.scenario.pathway.states;
  for (std::size_t i = 0; i < states.size(); ++i) {
    const int s = static_cast<int>(i);
    const auto add = [&](Metric metric, const char* unit) {
      keys.push_back({metric_name(metric), states[i].id, unit, MetricRef::of_state(metric, s)});
    };
    if (!states[i].absorbing) {
      add(Metric::children_average, "children");
      add(Metric::children_at_end, "children");
      add(Metric::families_at_end, "families");
      add(Metric::exits, "families");
    }
    add(Metric::entries, "families");
  }
}

void add_event_series(std::vector<MetricKey>& keys) {
  for (int e = 0; e < kEventKindCount; ++e) {
    const auto event = static_cast<EventKind>(e);
    for (const auto& [metric, unit] : {std::pair{Metric::events_children, "children"},
                                       std::pair{Metric::events_families, "families"}}) {
      keys.push_back(
          {metric_name(metric), event_kind_name(event), unit, MetricRef::of_event(metric, event)});
    }
  }
  keys.push_back({metric_name(Metric::re_referral_share), "referral", "share",
                  MetricRef::of_event(Metric::re_referral_share, EventKind::referral)});
}

void add_group_series(const CompiledModel& m, std::vector<MetricKey>& keys) {
  for (const StateGroup& group : all_state_groups()) {
    for (const auto& [metric, unit] : {std::pair{Metric::group_children_average, "children"},
                                       std::pair{Metric::group_children_at_end, "children"},
                                       std::pair{Metric::group_families_at_end, "families"}}) {
      keys.push_back({metric_name(metric), state_group_name(group), unit,
                      MetricRef::of_group(m, metric, group)});
    }
  }
}

// Each service's figures, then each locality team's own, keyed "service@locality".
void add_service_series(const CompiledModel& m, std::vector<MetricKey>& keys) {
  const auto& localities = m.scenario.population.localities;
  for (std::size_t i = 0; i < m.scenario.services.size(); ++i) {
    const int k = static_cast<int>(i);
    const std::string& id = m.scenario.services[i].id;
    for (const auto& [metric, unit] : kServiceSeries) {
      keys.push_back({metric_name(metric), id, unit, MetricRef::of_service(m, metric, k)});
    }
    if (!m.services[i].locality_teams) continue;
    for (std::size_t l = 0; l < localities.size(); ++l) {
      for (const auto& [metric, unit] : kServiceSeries) {
        keys.push_back({metric_name(metric), id + "@" + localities[l].id, unit,
                        MetricRef::of_team(m, metric, k, static_cast<int>(l))});
      }
    }
  }
}

// Over replications: pooled for a ratio metric (ratio_parts), summarised otherwise.
Summary across_replications(const CompiledModel& m, const std::vector<ReplicationTally>& tallies,
                            const PeriodRange& period, const MetricRef& ref) {
  if (!tallies.empty() && ratio_parts(m, tallies.front(), period, ref)) {
    std::vector<std::pair<double, double>> parts;
    for (const auto& t : tallies) parts.push_back(*ratio_parts(m, t, period, ref));
    return pooled_ratio(parts);
  }
  std::vector<double> values(tallies.size());
  for (std::size_t r = 0; r < tallies.size(); ++r) {
    values[r] = metric_value(m, tallies[r], period, ref);
  }
  return summarise(values);
}

}  // namespace

std::vector<MetricKey> metric_catalogue(const CompiledModel& m) {
  std::vector<MetricKey> keys;
  add_state_series(m, keys);
  add_event_series(keys);
  add_group_series(m, keys);
  add_service_series(m, keys);
  return keys;
}

std::vector<SeriesRow> build_time_series(const CompiledModel& m,
                                         const std::vector<ReplicationTally>& tallies) {
  std::vector<SeriesRow> rows;
  const auto catalogue = metric_catalogue(m);
  for (const auto& period : reporting_periods(m.calendar)) {
    for (const auto& k : catalogue) {
      rows.push_back({period.type, period.label, k.metric, k.key, k.unit,
                      across_replications(m, tallies, period, k.ref)});
    }
  }
  return rows;
}

FteForWaitingStandard fte_found(const StaffingNeed& need) {
  FteForWaitingStandard found;
  found.fte = need.fte_needed;
  found.places = need.places;
  found.target_share_within_standard = need.target_share;
  found.share_within_standard_at_fte = need.share_within_standard;
  return found;
}

double wait_quantile(const CompiledModel& m, const ReplicationTally& t, int service, double p) {
  const CompiledService& s = m.services[static_cast<std::size_t>(service)];
  std::vector<double> days(kWaitHistogramDays, 0.0);
  double total = 0;
  for (int team = s.first_team; team < s.first_team + s.teams; ++team) {
    const auto begin =
        t.wait_histogram.begin() + static_cast<std::ptrdiff_t>(team) * kWaitHistogramDays;
    for (int day = 0; day < kWaitHistogramDays; ++day) {
      days[static_cast<std::size_t>(day)] += begin[day];
      total += begin[day];
    }
  }
  if (total == 0) return 0.0;
  double cumulative = 0;
  for (int day = 0; day < kWaitHistogramDays; ++day) {
    cumulative += days[static_cast<std::size_t>(day)];
    if (cumulative >= p * total) return day;
  }
  return kWaitHistogramDays - 1;
}

double pooled_wait_quantile(const CompiledModel& m, const std::vector<ReplicationTally>& tallies,
                            int service, double p) {
  const CompiledService& s = m.services[static_cast<std::size_t>(service)];
  std::vector<double> days(kWaitHistogramDays, 0.0);
  double total = 0;
  for (const auto& t : tallies) {
    for (int team = s.first_team; team < s.first_team + s.teams; ++team) {
      const auto begin =
          t.wait_histogram.begin() + static_cast<std::ptrdiff_t>(team) * kWaitHistogramDays;
      for (int day = 0; day < kWaitHistogramDays; ++day) {
        days[static_cast<std::size_t>(day)] += begin[day];
        total += begin[day];
      }
    }
  }
  if (total == 0) return 0.0;
  double cumulative = 0;
  for (int day = 0; day < kWaitHistogramDays; ++day) {
    cumulative += days[static_cast<std::size_t>(day)];
    if (cumulative >= p * total) return day;
  }
  return kWaitHistogramDays - 1;
}

namespace {

Summary over_replications(const std::vector<ReplicationTally>& tallies,
                          const std::function<double(const ReplicationTally&)>& f) {
  std::vector<double> values;
  values.reserve(tallies.size());
  for (const auto& t : tallies) values.push_back(f(t));
  return summarise(values);
}

// The headline demand figures of each financial year, each with the metric it reads.
std::vector<std::pair<Summary DemandYear::*, MetricRef>> demand_figures(const CompiledModel& m) {
  using Kind = StateGroup::Kind;
  const auto group = [&](Metric metric, StateGroup g) { return MetricRef::of_group(m, metric, g); };
  const auto children_event = [](EventKind e) {
    return MetricRef::of_event(Metric::events_children, e);
  };
  const auto with_status = [](ServiceStatus s) { return StateGroup::with_status(s); };
  return {{&DemandYear::children_in_need_at_31_march,
           group(Metric::group_children_at_end, {Kind::children_in_need_dfe})},
          {&DemandYear::child_protection_plans_at_31_march,
           group(Metric::group_children_at_end, with_status(ServiceStatus::child_protection))},
          {&DemandYear::looked_after_at_31_march,
           group(Metric::group_children_at_end, with_status(ServiceStatus::looked_after))},
          {&DemandYear::children_in_early_help_average,
           group(Metric::group_children_average, {Kind::early_help})},
          {&DemandYear::children_with_hidden_need_average,
           group(Metric::group_children_average, {Kind::hidden_need})},
          {&DemandYear::children_in_population_at_31_march,
           group(Metric::group_children_at_end, {Kind::all})},
          {&DemandYear::referrals, children_event(EventKind::referral)},
          {&DemandYear::re_referrals_within_12_months, children_event(EventKind::re_referral)},
          {&DemandYear::re_referral_share,
           MetricRef::of_event(Metric::re_referral_share, EventKind::referral)},
          {&DemandYear::escalations_to_statutory_care,
           children_event(EventKind::escalation_to_statutory)},
          {&DemandYear::step_downs_to_early_help, children_event(EventKind::step_down)},
          {&DemandYear::step_ups_from_early_help, children_event(EventKind::step_up)},
          {&DemandYear::child_protection_plan_starts,
           group(Metric::group_entries_children, with_status(ServiceStatus::child_protection))}};
}

std::vector<DemandYear> demand_by_year(const CompiledModel& m,
                                       const std::vector<ReplicationTally>& tallies,
                                       const std::vector<PeriodRange>& periods) {
  using Kind = StateGroup::Kind;
  const MetricRef population = MetricRef::of_group(m, Metric::group_children_at_end, {Kind::all});
  const MetricRef children_in_need =
      MetricRef::of_group(m, Metric::group_children_at_end, {Kind::children_in_need_dfe});
  const auto figures = demand_figures(m);
  std::vector<DemandYear> years;
  for (const auto& p : periods) {
    if (p.type != "financial_year") continue;
    DemandYear year;
    year.financial_year = p.label;
    for (const auto& [figure, ref] : figures) {
      year.*figure = over_replications(
          tallies, [&](const ReplicationTally& t) { return metric_value(m, t, p, ref); });
    }
    year.children_in_need_per_10000 = over_replications(tallies, [&](const ReplicationTally& t) {
      const double children = metric_value(m, t, p, population);
      return children > 0 ? 1e4 * metric_value(m, t, p, children_in_need) / children : 0.0;
    });
    years.push_back(std::move(year));
  }
  return years;
}

std::vector<PeriodDates> period_dates(const CompiledModel& m,
                                      const std::vector<PeriodRange>& periods) {
  std::vector<PeriodDates> dates;
  for (const auto& p : periods) {
    dates.push_back({p.type, p.label, period_start_date(m, p), period_end_date(m, p)});
  }
  return dates;
}

std::vector<BudgetToPlacesStep> budget_to_places(const CompiledService& compiled) {
  std::vector<BudgetToPlacesStep> steps;
  for (const auto& step : compiled.places) {
    steps.push_back({step.from_day, step.practitioner_fte, step.total_fte, step.places});
  }
  return steps;
}

// The q-quantile of the wait for service k: over the replications in which someone waited, and
// of every wait of every replication pooled.
WaitQuantile wait_quantile_of(const CompiledModel& m, const std::vector<ReplicationTally>& tallies,
                              const PeriodRange& whole, int k, double q) {
  const MetricRef allocated_from_wait =
      MetricRef::of_service(m, Metric::service_allocated_from_wait, k);
  std::vector<double> values;
  for (const auto& t : tallies) {
    if (metric_value(m, t, whole, allocated_from_wait) > 0) {
      values.push_back(wait_quantile(m, t, k, q));
    }
  }
  WaitQuantile out;
  static_cast<Summary&>(out) = values.empty() ? Summary{} : summarise(values);
  out.pooled = pooled_wait_quantile(m, tallies, k, q);
  return out;
}

// Practitioners funded at each financial year's end and needed for its demand.
std::vector<StaffingYear> staffing_by_year(const CompiledModel& m,
                                           const std::vector<ReplicationTally>& tallies,
                                           const std::vector<PeriodRange>& periods, int k) {
  const MetricRef funded = MetricRef::of_service(m, Metric::service_fte_funded, k);
  const MetricRef needed = funded.with(Metric::service_fte_needed_for_demand);
  std::vector<StaffingYear> by_year;
  for (const auto& p : periods) {
    if (p.type != "financial_year") continue;
    const auto per_year = [&](const MetricRef& ref) {
      return over_replications(
          tallies, [&](const ReplicationTally& t) { return metric_value(m, t, p, ref); });
    };
    by_year.push_back({p.label, per_year(funded), per_year(needed)});
  }
  return by_year;
}

// The service figures over the horizon, each with its metric (summary.json names them without
// the "service_" of timeseries.csv).
const std::vector<std::pair<Summary ServiceSummary::*, Metric>> kServiceFigures = {
    {&ServiceSummary::occupied_families_average, Metric::service_occupied_families_average},
    {&ServiceSummary::waiting_families_average, Metric::service_waiting_families_average},
    {&ServiceSummary::fte_needed_for_demand, Metric::service_fte_needed_for_demand},
    {&ServiceSummary::caseload_per_fte, Metric::service_caseload_per_fte},
    {&ServiceSummary::allocations, Metric::service_allocations},
    {&ServiceSummary::allocated_from_wait, Metric::service_allocated_from_wait},
    {&ServiceSummary::mean_wait_days, Metric::service_mean_wait_days},
    {&ServiceSummary::share_allocated_within_standard,
     Metric::service_share_allocated_within_standard},
    {&ServiceSummary::escalated_while_waiting, Metric::service_escalated_while_waiting},
    {&ServiceSummary::dropped_out, Metric::service_dropped_out}};

// Service k over the horizon: budget to places, use, waits and staffing.
ServiceSummary service_summary(const CompiledModel& m, const std::vector<ReplicationTally>& tallies,
                               const std::vector<PeriodRange>& periods, const PeriodRange& whole,
                               int k) {
  const auto& sv = m.scenario.services[static_cast<std::size_t>(k)];
  const auto& compiled = m.services[static_cast<std::size_t>(k)];
  const auto over_horizon = [&](Metric metric) {
    return across_replications(m, tallies, whole, MetricRef::of_service(m, metric, k));
  };
  ServiceSummary s;
  s.label = sv.label;
  s.capacity_limited = sv.capacity_limited;
  s.waiting_standard_days = sv.waiting_standard_days;
  s.budget_to_places = budget_to_places(compiled);
  s.cost_per_practitioner_fte = sv.cost_per_fte.total();
  for (const auto& [figure, metric] : kServiceFigures) s.*figure = over_horizon(metric);
  s.utilisation = over_horizon(Metric::service_utilisation);
  s.median_wait_days = wait_quantile_of(m, tallies, whole, k, 0.5);
  s.p90_wait_days = wait_quantile_of(m, tallies, whole, k, 0.9);
  // Staffing on one basis: practitioners (who hold the cases), with managers and admin apart.
  const PlacesStep last_step = compiled.places.empty() ? PlacesStep{} : compiled.places.back();
  s.fte_basis =
      "practitioners: every FTE figure of this service counts practitioners, who hold the "
      "cases, unless its name says otherwise; the managers and admin staff the budget also "
      "funds are in management_and_admin_fte_funded_at_end and budget_to_places";
  s.practitioner_fte_funded_at_end = last_step.practitioner_fte;
  s.management_and_admin_fte_funded_at_end = last_step.total_fte - last_step.practitioner_fte;
  s.by_financial_year = staffing_by_year(m, tallies, periods, k);
  return s;
}

// Every family is accounted for: those at the start and arriving equal those leaving and left.
Conservation conservation_of(const std::vector<ReplicationTally>& tallies) {
  const auto count = [&](std::uint64_t ReplicationTally::*field) {
    return over_replications(
        tallies, [&](const ReplicationTally& t) { return static_cast<double>(t.*field); });
  };
  return {count(&ReplicationTally::families_initial), count(&ReplicationTally::families_arrived),
          count(&ReplicationTally::families_exited),
          count(&ReplicationTally::families_present_at_end),
          std::all_of(tallies.begin(), tallies.end(), [](const ReplicationTally& t) {
            return t.families_initial + t.families_arrived ==
                   t.families_exited + t.families_present_at_end;
          })};
}

}  // namespace

RunSummary build_summary(const CompiledModel& m, const std::vector<ReplicationTally>& tallies) {
  const auto periods = reporting_periods(m.calendar);
  PeriodRange whole{"horizon", "horizon", 0, static_cast<int>(m.calendar.quarters().size()) - 1,
                    m.horizon_days};
  RunSummary summary;
  summary.schema_version = kOutputSchemaVersion;
  summary.scenario = m.scenario.name;
  summary.council = m.scenario.council;
  summary.start_date = m.calendar.start_date();
  summary.horizon_years = m.scenario.horizon_years;
  summary.replications = static_cast<int>(tallies.size());
  summary.units = "children unless stated; flows are per period; money in later versions";
  summary.by_financial_year = demand_by_year(m, tallies, periods);
  summary.periods = period_dates(m, periods);
  for (std::size_t k = 0; k < m.scenario.services.size(); ++k) {
    summary.services_over_horizon[m.scenario.services[k].id] =
        service_summary(m, tallies, periods, whole, static_cast<int>(k));
  }
  summary.conservation = conservation_of(tallies);
  summary.events_processed = over_replications(
      tallies, [](const ReplicationTally& t) { return static_cast<double>(t.events_processed); });
  return summary;
}

std::string time_series_csv(const std::vector<SeriesRow>& rows) {
  std::string out = "period_type,period,metric,key,unit,mean,se,p05,p50,p95\n";
  for (const auto& r : rows) {
    fmt::format_to(std::back_inserter(out),
                   "{},{},{},{},{},{:.10g},{:.6g},{:.10g},{:.10g},{:.10g}\n",
                   csv_field(r.period_type), csv_field(r.period), csv_field(r.metric),
                   csv_field(r.key), csv_field(r.unit), r.summary.mean, r.summary.se, r.summary.p05,
                   r.summary.p50, r.summary.p95);
  }
  return out;
}

}  // namespace ehsim
