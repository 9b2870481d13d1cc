#include "results/run_results.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <stdexcept>

#include <fmt/format.h>

#include "core/csv.hpp"
#include "core/version.hpp"

namespace ehsim {

using nlohmann::json;

std::vector<PeriodRange> reporting_periods(const Calendar& calendar) {
  std::vector<PeriodRange> periods;
  const auto& quarters = calendar.quarters();
  for (std::size_t q = 0; q < quarters.size(); ++q) {
    periods.push_back({"quarter", quarters[q].label, static_cast<int>(q), static_cast<int>(q),
                       quarters[q].days()});
  }
  for (std::size_t y = 0; y < calendar.years().size(); ++y) {
    PeriodRange p{"financial_year", calendar.years()[y].label, -1, -1, calendar.years()[y].days()};
    for (std::size_t q = 0; q < quarters.size(); ++q) {
      if (quarters[q].financial_year != static_cast<int>(y)) continue;
      if (p.first_quarter < 0) p.first_quarter = static_cast<int>(q);
      p.last_quarter = static_cast<int>(q);
    }
    periods.push_back(p);
  }
  return periods;
}

namespace {

std::string date_after_start(const CompiledModel& m, double days) {
  using namespace std::chrono;
  const year_month_day start{year{m.scenario.start_year},
                             month{static_cast<unsigned>(m.scenario.start_month)},
                             day{1}};  // as the calendar counts days
  const year_month_day date{sys_days{start} + std::chrono::days{static_cast<int>(days)}};
  return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

}  // namespace

std::string period_start_date(const CompiledModel& m, const PeriodRange& p) {
  return date_after_start(
      m, m.calendar.quarters()[static_cast<std::size_t>(p.first_quarter)].start_day);
}

std::string period_end_date(const CompiledModel& m, const PeriodRange& p) {
  return date_after_start(
      m, m.calendar.quarters()[static_cast<std::size_t>(p.last_quarter)].end_day - 1);
}

namespace {

int find_index(const std::vector<std::string>& names, const std::string& key) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == key) return static_cast<int>(i);
  }
  throw std::invalid_argument("unknown metric key: " + key);
}

std::vector<std::string> state_ids(const CompiledModel& m) {
  std::vector<std::string> ids;
  for (const auto& s : m.scenario.pathway.states) ids.push_back(s.id);
  return ids;
}

std::vector<std::string> service_ids(const CompiledModel& m) {
  std::vector<std::string> ids;
  for (const auto& s : m.scenario.services) ids.push_back(s.id);
  return ids;
}

double sum_quarters(const PeriodRange& p, const std::function<double(int)>& per_quarter) {
  double total = 0;
  for (int q = p.first_quarter; q <= p.last_quarter; ++q) total += per_quarter(q);
  return total;
}

// States selected by a predicate, for aggregates (by service status, hidden need, all).
std::vector<int> states_where(const CompiledModel& m,
                              const std::function<bool(const State&)>& pred) {
  std::vector<int> out;
  const auto& states = m.scenario.pathway.states;
  for (std::size_t s = 0; s < states.size(); ++s) {
    if (!states[s].absorbing && pred(states[s])) out.push_back(static_cast<int>(s));
  }
  return out;
}

std::vector<int> group_states(const CompiledModel& m, const std::string& group) {
  if (group == "hidden_need") return states_where(m, [](const State& s) { return s.hidden_need; });
  if (group == "all") return states_where(m, [](const State&) { return true; });
  if (group == "children_in_need_dfe")
    return states_where(m, [](const State& s) { return s.statutory(); });
  if (group == "early_help") return states_where(m, [](const State& s) { return s.early_help(); });
  if (auto status = service_status_from_name(group)) {
    return states_where(m, [&](const State& s) { return s.service_status == *status; });
  }
  throw std::invalid_argument("unknown state group: " + group);
}

// Teams whose figures make up a service's: all of them, or the one named team.
struct TeamRange {
  int first = 0, count = 1;
};

// A key is a service id, or "service@locality" for one locality team of a service.
std::pair<int, TeamRange> parse_service_key(const CompiledModel& m, const std::string& key) {
  const auto at = key.find('@');
  const int k = find_index(service_ids(m), key.substr(0, at));
  const CompiledService& service = m.services[static_cast<std::size_t>(k)];
  if (at == std::string::npos) return {k, {service.first_team, service.teams}};
  std::vector<std::string> localities;
  for (const auto& l : m.scenario.population.localities) localities.push_back(l.id);
  return {k, {m.team_of(k, find_index(localities, key.substr(at + 1))), 1}};
}

double service_value(const CompiledModel& m, const ReplicationTally& t, const PeriodRange& p,
                     const std::string& metric, int k, TeamRange teams) {
  const auto sq = [&](auto field) {
    return sum_quarters(p, [&](int q) {
      double total = 0;
      for (int team = teams.first; team < teams.first + teams.count; ++team)
        total += t.service[t.qk(q, team)].*field;
      return total;
    });
  };
  if (metric == "places_average") return sq(&ServiceQuarter::place_days) / p.days;
  if (metric == "occupied_families_average")
    return sq(&ServiceQuarter::occupied_family_days) / p.days;
  if (metric == "waiting_families_average")
    return sq(&ServiceQuarter::waiting_family_days) / p.days;
  if (metric == "joined_waiting_list") return sq(&ServiceQuarter::joined_waiting_list);
  if (metric == "allocations") return sq(&ServiceQuarter::allocations);
  if (metric == "allocated_from_wait") return sq(&ServiceQuarter::allocated_from_wait);
  if (metric == "escalated_while_waiting") return sq(&ServiceQuarter::escalated_while_waiting);
  if (metric == "left_while_waiting") return sq(&ServiceQuarter::left_while_waiting);
  if (metric == "dropped_out") return sq(&ServiceQuarter::dropped_out);
  // Parts of the pooled ratios (not reported as metrics of their own).
  if (metric == "wait_days_total") return sq(&ServiceQuarter::wait_days_sum);
  if (metric == "allocated_within_standard") return sq(&ServiceQuarter::allocated_within_standard);
  if (metric == "referred") {
    return sq(&ServiceQuarter::allocations) - sq(&ServiceQuarter::allocated_from_wait) +
           sq(&ServiceQuarter::joined_waiting_list);
  }
  if (metric == "mean_wait_days") {
    const double waited = sq(&ServiceQuarter::allocated_from_wait);
    return waited > 0 ? sq(&ServiceQuarter::wait_days_sum) / waited : 0.0;
  }
  if (metric == "share_allocated_within_standard") {
    // Of the families referred in the period (started at once or joined the list), the share
    // that started within the standard: the measure the staffing search targets.
    const double referred = sq(&ServiceQuarter::allocations) -
                            sq(&ServiceQuarter::allocated_from_wait) +
                            sq(&ServiceQuarter::joined_waiting_list);
    return referred > 0 ? sq(&ServiceQuarter::allocated_within_standard) / referred : 1.0;
  }
  if (metric == "utilisation") {
    const double places = sq(&ServiceQuarter::place_days);
    return places > 0 ? sq(&ServiceQuarter::occupied_family_days) / places : 0.0;
  }
  if (metric == "waiting_families_at_end") {
    double total = 0;
    for (int team = teams.first; team < teams.first + teams.count; ++team) {
      total += t.service[t.qk(p.last_quarter, team)].waiting_at_end;
    }
    return total;
  }
  const auto& service = m.services[static_cast<std::size_t>(k)];
  if (metric == "fte_funded") {
    // Practitioner FTE in force at the end of the period; a locality team's share of it is its
    // share of the places.
    const double end = m.calendar.quarters()[static_cast<std::size_t>(p.last_quarter)].end_day;
    double fte = 0;
    for (const auto& step : service.places) {
      if (step.from_day >= end) continue;
      double team_places = 0;
      for (int team = teams.first; team < teams.first + teams.count; ++team) {
        team_places += step.team_places[static_cast<std::size_t>(team - service.first_team)];
      }
      fte = step.places > 0 ? step.practitioner_fte * team_places / step.places
                            : step.practitioner_fte * teams.count / service.teams;
    }
    return fte;
  }
  if (metric == "fte_needed_for_demand") {
    // Practitioners to hold everyone in service or waiting at the stated caseload.
    const double demand =
        (sq(&ServiceQuarter::occupied_family_days) + sq(&ServiceQuarter::waiting_family_days)) /
        p.days;
    return demand / service.caseload_per_fte;
  }
  if (metric == "caseload_per_fte") {
    double fte = service_value(m, t, p, "fte_funded", k, teams);
    return fte > 0 ? sq(&ServiceQuarter::occupied_family_days) / p.days / fte : 0.0;
  }
  throw std::invalid_argument("unknown service metric: " + metric);
}

}  // namespace

double metric_value(const CompiledModel& m, const ReplicationTally& t, const PeriodRange& p,
                    const std::string& metric, const std::string& key) {
  if (metric.rfind("service_", 0) == 0) {
    const auto [k, teams] = parse_service_key(m, key);
    return service_value(m, t, p, metric.substr(8), k, teams);
  }
  if (metric == "events_children" || metric == "events_families") {
    const int e = static_cast<int>(*event_kind_from_name(key));
    const auto& v = metric == "events_children" ? t.events_children : t.events_families;
    return sum_quarters(p, [&](int q) { return v[t.qe(q, e)]; });
  }
  if (metric == "re_referral_share") {
    const double referrals = metric_value(m, t, p, "events_children", "referral");
    return referrals > 0 ? metric_value(m, t, p, "events_children", "re_referral") / referrals
                         : 0.0;
  }
  if (metric == "entries" || metric == "exits") {
    const int s = find_index(state_ids(m), key);
    const auto& v = metric == "entries" ? t.entries : t.exits;
    return sum_quarters(p, [&](int q) { return v[t.qs(q, s)]; });
  }
  if (metric == "group_entries_children") {
    double total = 0;
    for (int s : group_states(m, key))
      total += sum_quarters(p, [&](int q) { return t.entries_children[t.qs(q, s)]; });
    return total;
  }
  // Stocks: of one state or of a group of states.
  std::vector<int> states;
  if (metric.rfind("group_", 0) == 0) {
    states = group_states(m, key);
  } else {
    states = {find_index(state_ids(m), key)};
  }
  const std::string stock = metric.rfind("group_", 0) == 0 ? metric.substr(6) : metric;
  double total = 0;
  for (int s : states) {
    if (stock == "children_average") {
      total += sum_quarters(p, [&](int q) { return t.child_days[t.qs(q, s)]; }) / p.days;
    } else if (stock == "families_average") {
      total += sum_quarters(p, [&](int q) { return t.family_days[t.qs(q, s)]; }) / p.days;
    } else if (stock == "children_at_end") {
      total += t.children_at_end[t.qs(p.last_quarter, s)];
    } else if (stock == "families_at_end") {
      total += t.families_at_end[t.qs(p.last_quarter, s)];
    } else {
      throw std::invalid_argument("unknown metric: " + metric);
    }
  }
  return total;
}

std::optional<std::pair<double, double>> ratio_parts(const CompiledModel& m,
                                                     const ReplicationTally& t,
                                                     const PeriodRange& p,
                                                     const std::string& metric,
                                                     const std::string& key) {
  if (metric == "service_mean_wait_days") {
    return std::pair{metric_value(m, t, p, "service_wait_days_total", key),
                     metric_value(m, t, p, "service_allocated_from_wait", key)};
  }
  if (metric == "service_share_allocated_within_standard") {
    return std::pair{metric_value(m, t, p, "service_allocated_within_standard", key),
                     metric_value(m, t, p, "service_referred", key)};
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

std::vector<MetricKey> metric_catalogue(const CompiledModel& m) {
  std::vector<MetricKey> keys;
  for (const auto& s : m.scenario.pathway.states) {
    if (!s.absorbing) {
      keys.push_back({"children_average", s.id, "children"});
      keys.push_back({"children_at_end", s.id, "children"});
      keys.push_back({"families_at_end", s.id, "families"});
      keys.push_back({"exits", s.id, "families"});
    }
    keys.push_back({"entries", s.id, "families"});
  }
  for (int e = 0; e < kEventKindCount; ++e) {
    keys.push_back({"events_children", event_kind_name(static_cast<EventKind>(e)), "children"});
    keys.push_back({"events_families", event_kind_name(static_cast<EventKind>(e)), "families"});
  }
  keys.push_back({"re_referral_share", "referral", "share"});
  std::vector<std::string> groups = {"all", "hidden_need", "early_help", "children_in_need_dfe"};
  for (int i = 0; i < static_cast<int>(ServiceStatus::count_); ++i) {
    groups.push_back(service_status_name(static_cast<ServiceStatus>(i)));
  }
  for (const auto& g : groups) {
    keys.push_back({"group_children_average", g, "children"});
    keys.push_back({"group_children_at_end", g, "children"});
    keys.push_back({"group_families_at_end", g, "families"});
  }
  const std::vector<std::pair<std::string, std::string>> service_metrics = {
      {"fte_funded", "FTE"},
      {"fte_needed_for_demand", "FTE"},
      {"places_average", "families"},
      {"occupied_families_average", "families"},
      {"caseload_per_fte", "families per FTE"},
      {"waiting_families_average", "families"},
      {"waiting_families_at_end", "families"},
      {"utilisation", "share"},
      {"joined_waiting_list", "families"},
      {"allocations", "families"},
      {"allocated_from_wait", "families"},
      {"mean_wait_days", "days"},
      {"share_allocated_within_standard", "share"},
      {"escalated_while_waiting", "families"},
      {"left_while_waiting", "families"},
      {"dropped_out", "families"}};
  for (std::size_t k = 0; k < m.scenario.services.size(); ++k) {
    const auto& sv = m.scenario.services[k];
    for (const auto& [metric, unit] : service_metrics)
      keys.push_back({"service_" + metric, sv.id, unit});
    if (!m.services[k].locality_teams) continue;
    // Each locality team's own figures, keyed "service@locality".
    for (const auto& locality : m.scenario.population.localities) {
      for (const auto& [metric, unit] : service_metrics) {
        keys.push_back({"service_" + metric, sv.id + "@" + locality.id, unit});
      }
    }
  }
  return keys;
}

std::vector<SeriesRow> build_time_series(const CompiledModel& m,
                                         const std::vector<ReplicationTally>& tallies) {
  std::vector<SeriesRow> rows;
  const auto catalogue = metric_catalogue(m);
  std::vector<double> values(tallies.size());
  for (const auto& period : reporting_periods(m.calendar)) {
    for (const auto& k : catalogue) {
      if (!tallies.empty() && ratio_parts(m, tallies.front(), period, k.metric, k.key)) {
        std::vector<std::pair<double, double>> parts;
        for (const auto& t : tallies) parts.push_back(*ratio_parts(m, t, period, k.metric, k.key));
        rows.push_back({period.type, period.label, k.metric, k.key, k.unit, pooled_ratio(parts)});
        continue;
      }
      for (std::size_t r = 0; r < tallies.size(); ++r)
        values[r] = metric_value(m, tallies[r], period, k.metric, k.key);
      rows.push_back({period.type, period.label, k.metric, k.key, k.unit, summarise(values)});
    }
  }
  return rows;
}

json summary_to_json(const Summary& s) {
  return {{"mean", s.mean}, {"se", s.se},   {"sd", s.sd}, {"p05", s.p05},
          {"p50", s.p50},   {"p95", s.p95}, {"n", s.n}};
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

json over_replications(const std::vector<ReplicationTally>& tallies,
                       const std::function<double(const ReplicationTally&)>& f) {
  std::vector<double> values;
  values.reserve(tallies.size());
  for (const auto& t : tallies) values.push_back(f(t));
  return summary_to_json(summarise(values));
}

}  // namespace

json build_summary(const CompiledModel& m, const std::vector<ReplicationTally>& tallies) {
  const auto periods = reporting_periods(m.calendar);
  PeriodRange whole{"horizon", "horizon", 0, static_cast<int>(m.calendar.quarters().size()) - 1,
                    m.horizon_days};
  json summary;
  summary["schema_version"] = kOutputSchemaVersion;
  summary["scenario"] = m.scenario.name;
  summary["council"] = m.scenario.council;
  summary["start_date"] = m.calendar.start_date();
  summary["horizon_years"] = m.scenario.horizon_years;
  summary["replications"] = tallies.size();
  summary["units"] = "children unless stated; flows are per period; money in later versions";

  const std::vector<std::pair<std::string, std::pair<std::string, std::string>>> yearly = {
      {"children_in_need_at_31_march", {"group_children_at_end", "children_in_need_dfe"}},
      {"child_protection_plans_at_31_march", {"group_children_at_end", "child_protection"}},
      {"looked_after_at_31_march", {"group_children_at_end", "looked_after"}},
      {"children_in_early_help_average", {"group_children_average", "early_help"}},
      {"children_with_hidden_need_average", {"group_children_average", "hidden_need"}},
      {"children_in_population_at_31_march", {"group_children_at_end", "all"}},
      {"referrals", {"events_children", "referral"}},
      {"re_referrals_within_12_months", {"events_children", "re_referral"}},
      {"re_referral_share", {"re_referral_share", "referral"}},
      {"escalations_to_statutory_care", {"events_children", "escalation_to_statutory"}},
      {"step_downs_to_early_help", {"events_children", "step_down"}},
      {"step_ups_from_early_help", {"events_children", "step_up"}},
      {"child_protection_plan_starts", {"group_entries_children", "child_protection"}}};
  json years = json::array();
  for (const auto& p : periods) {
    if (p.type != "financial_year") continue;
    json year;
    year["financial_year"] = p.label;
    for (const auto& [name, mk] : yearly) {
      year[name] = over_replications(tallies, [&](const ReplicationTally& t) {
        return metric_value(m, t, p, mk.first, mk.second);
      });
    }
    year["children_in_need_per_10000"] = over_replications(tallies, [&](const ReplicationTally& t) {
      const double population = metric_value(m, t, p, "group_children_at_end", "all");
      return population > 0
                 ? 1e4 * metric_value(m, t, p, "group_children_at_end", "children_in_need_dfe") /
                       population
                 : 0.0;
    });
    years.push_back(year);
  }
  summary["by_financial_year"] = years;
  json period_dates = json::array();
  for (const auto& p : periods) {
    period_dates.push_back({{"period_type", p.type},
                            {"period", p.label},
                            {"start_date", period_start_date(m, p)},
                            {"end_date", period_end_date(m, p)}});
  }
  summary["periods"] = period_dates;

  json services = json::object();
  for (std::size_t k = 0; k < m.scenario.services.size(); ++k) {
    const auto& sv = m.scenario.services[k];
    const auto& compiled = m.services[k];
    json s;
    s["label"] = sv.label;
    s["capacity_limited"] = sv.capacity_limited;
    s["waiting_standard_days"] = sv.waiting_standard_days;
    json steps = json::array();
    for (const auto& step : compiled.places) {
      steps.push_back({{"from_day", step.from_day},
                       {"practitioner_fte", step.practitioner_fte},
                       {"total_fte_with_management_and_admin", step.total_fte},
                       {"places", step.places}});
    }
    s["budget_to_places"] = steps;
    s["cost_per_practitioner_fte"] = sv.cost_per_fte.total();
    for (const std::string metric :
         {"occupied_families_average", "waiting_families_average", "fte_needed_for_demand",
          "caseload_per_fte", "utilisation", "allocations", "allocated_from_wait", "mean_wait_days",
          "share_allocated_within_standard", "escalated_while_waiting", "dropped_out"}) {
      const std::string name = "service_" + metric;
      if (!tallies.empty() && ratio_parts(m, tallies.front(), whole, name, sv.id)) {
        std::vector<std::pair<double, double>> parts;
        for (const auto& t : tallies) parts.push_back(*ratio_parts(m, t, whole, name, sv.id));
        s[metric] = summary_to_json(pooled_ratio(parts));
        continue;
      }
      s[metric] = over_replications(tallies, [&](const ReplicationTally& t) {
        return metric_value(m, t, whole, name, sv.id);
      });
    }
    // Quantiles of the wait: over the replications in which someone waited, and of every wait of
    // every replication pooled.
    const auto wait_quantiles = [&](double q) {
      std::vector<double> values;
      for (const auto& t : tallies) {
        if (metric_value(m, t, whole, "service_allocated_from_wait", sv.id) > 0) {
          values.push_back(wait_quantile(m, t, static_cast<int>(k), q));
        }
      }
      json out = summary_to_json(values.empty() ? Summary{} : summarise(values));
      out["pooled"] = pooled_wait_quantile(m, tallies, static_cast<int>(k), q);
      return out;
    };
    s["median_wait_days"] = wait_quantiles(0.5);
    s["p90_wait_days"] = wait_quantiles(0.9);
    // Staffing on one basis: practitioners (who hold the cases), with managers and admin apart.
    const PlacesStep last_step = compiled.places.empty() ? PlacesStep{} : compiled.places.back();
    s["fte_basis"] =
        "practitioners: every FTE figure of this service counts practitioners, who hold the "
        "cases, unless its name says otherwise; the managers and admin staff the budget also "
        "funds are in management_and_admin_fte_funded_at_end and budget_to_places";
    s["practitioner_fte_funded_at_end"] = last_step.practitioner_fte;
    s["management_and_admin_fte_funded_at_end"] = last_step.total_fte - last_step.practitioner_fte;
    json by_year = json::array();
    for (const auto& p : periods) {
      if (p.type != "financial_year") continue;
      const auto per_year = [&](const char* metric) {
        return over_replications(tallies, [&](const ReplicationTally& t) {
          return metric_value(m, t, p, metric, sv.id);
        });
      };
      by_year.push_back(
          {{"financial_year", p.label},
           {"practitioner_fte_funded_at_end", per_year("service_fte_funded")},
           {"practitioner_fte_needed_for_demand", per_year("service_fte_needed_for_demand")}});
    }
    s["by_financial_year"] = by_year;
    services[sv.id] = s;
  }
  summary["services_over_horizon"] = services;

  summary["conservation"] = {
      {"families_initial", over_replications(tallies,
                                             [](const ReplicationTally& t) {
                                               return static_cast<double>(t.families_initial);
                                             })},
      {"families_arrived", over_replications(tallies,
                                             [](const ReplicationTally& t) {
                                               return static_cast<double>(t.families_arrived);
                                             })},
      {"families_exited", over_replications(tallies,
                                            [](const ReplicationTally& t) {
                                              return static_cast<double>(t.families_exited);
                                            })},
      {"families_present_at_end", over_replications(tallies,
                                                    [](const ReplicationTally& t) {
                                                      return static_cast<double>(
                                                          t.families_present_at_end);
                                                    })},
      {"holds_in_every_replication",
       std::all_of(tallies.begin(), tallies.end(), [](const ReplicationTally& t) {
         return t.families_initial + t.families_arrived ==
                t.families_exited + t.families_present_at_end;
       })}};
  summary["events_processed"] = over_replications(
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
