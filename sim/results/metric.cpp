#include "results/metric.hpp"

#include <array>
#include <stdexcept>

namespace ehsim {
namespace {

// In the order of the Metric enum.
constexpr std::array<const char*, static_cast<std::size_t>(Metric::count_)> kMetricNames = {
    "children_average",
    "families_average",
    "children_at_end",
    "families_at_end",
    "entries",
    "exits",
    "group_children_average",
    "group_families_average",
    "group_children_at_end",
    "group_families_at_end",
    "group_entries_children",
    "events_children",
    "events_families",
    "re_referral_share",
    "service_fte_funded",
    "service_fte_needed_for_demand",
    "service_places_average",
    "service_occupied_families_average",
    "service_caseload_per_fte",
    "service_waiting_families_average",
    "service_waiting_families_at_end",
    "service_utilisation",
    "service_joined_waiting_list",
    "service_allocations",
    "service_allocated_from_wait",
    "service_mean_wait_days",
    "service_share_allocated_within_standard",
    "service_escalated_while_waiting",
    "service_left_while_waiting",
    "service_dropped_out",
    "service_wait_days_total",
    "service_allocated_within_standard",
    "service_referred"};

int find_index(const std::vector<std::string>& names, const std::string& key) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == key) return static_cast<int>(i);
  }
  throw std::invalid_argument("unknown metric key: " + key);
}

template <typename T>
std::vector<std::string> ids_of(const std::vector<T>& items) {
  std::vector<std::string> ids;
  for (const auto& item : items) ids.push_back(item.id);
  return ids;
}

// A service id, or "service@locality" for one locality team of a service.
MetricRef resolve_service_key(const CompiledModel& m, Metric metric, const std::string& key) {
  const auto at = key.find('@');
  const int k = find_index(ids_of(m.scenario.services), key.substr(0, at));
  if (at == std::string::npos) return MetricRef::of_service(m, metric, k);
  const int locality = find_index(ids_of(m.scenario.population.localities), key.substr(at + 1));
  return MetricRef::of_team(m, metric, k, locality);
}

double sum_quarters(const PeriodRange& p, const auto& per_quarter) {
  double total = 0;
  for (int q = p.first_quarter; q <= p.last_quarter; ++q) total += per_quarter(q);
  return total;
}

using ServiceField = double ServiceQuarter::*;

// The service metrics that are one tally field summed over the period's quarters and teams.
std::optional<ServiceField> summed_field(Metric metric) {
  switch (metric) {
    case Metric::service_joined_waiting_list:
      return &ServiceQuarter::joined_waiting_list;
    case Metric::service_allocations:
      return &ServiceQuarter::allocations;
    case Metric::service_allocated_from_wait:
      return &ServiceQuarter::allocated_from_wait;
    case Metric::service_escalated_while_waiting:
      return &ServiceQuarter::escalated_while_waiting;
    case Metric::service_left_while_waiting:
      return &ServiceQuarter::left_while_waiting;
    case Metric::service_dropped_out:
      return &ServiceQuarter::dropped_out;
    case Metric::service_wait_days_total:
      return &ServiceQuarter::wait_days_sum;
    case Metric::service_allocated_within_standard:
      return &ServiceQuarter::allocated_within_standard;
    default:
      return std::nullopt;
  }
}

// The service metrics that are a day-weighted field averaged over the period's days.
std::optional<ServiceField> averaged_field(Metric metric) {
  switch (metric) {
    case Metric::service_places_average:
      return &ServiceQuarter::place_days;
    case Metric::service_occupied_families_average:
      return &ServiceQuarter::occupied_family_days;
    case Metric::service_waiting_families_average:
      return &ServiceQuarter::waiting_family_days;
    default:
      return std::nullopt;
  }
}

// A service's figures from its teams' quarters over a period.
class ServiceFigures {
 public:
  ServiceFigures(const CompiledModel& m, const ReplicationTally& t, const PeriodRange& p,
                 const MetricRef& ref)
      : m_(m), t_(t), p_(p), ref_(ref) {}

  double value(Metric metric) const {
    if (const auto field = summed_field(metric)) return sum(*field);
    if (const auto field = averaged_field(metric)) return sum(*field) / p_.days;
    switch (metric) {
      case Metric::service_referred:
        return referred();
      case Metric::service_mean_wait_days: {
        const double waited = sum(&ServiceQuarter::allocated_from_wait);
        return waited > 0 ? sum(&ServiceQuarter::wait_days_sum) / waited : 0.0;
      }
      case Metric::service_share_allocated_within_standard: {
        // Of the families referred in the period (started at once or joined the list), the
        // share that started within the standard: the measure the staffing search targets.
        const double families = referred();
        return families > 0 ? sum(&ServiceQuarter::allocated_within_standard) / families : 1.0;
      }
      case Metric::service_utilisation: {
        const double places = sum(&ServiceQuarter::place_days);
        return places > 0 ? sum(&ServiceQuarter::occupied_family_days) / places : 0.0;
      }
      case Metric::service_waiting_families_at_end:
        return waiting_at_end();
      case Metric::service_fte_funded:
        return fte_funded();
      case Metric::service_fte_needed_for_demand:
        return fte_needed_for_demand();
      case Metric::service_caseload_per_fte: {
        const double fte = fte_funded();
        return fte > 0 ? sum(&ServiceQuarter::occupied_family_days) / p_.days / fte : 0.0;
      }
      default:
        throw std::invalid_argument(std::string("not a service metric: ") + metric_name(metric));
    }
  }

 private:
  const CompiledService& service() const {
    return m_.services[static_cast<std::size_t>(ref_.service)];
  }

  double sum(ServiceField field) const {
    return sum_quarters(p_, [&](int q) {
      double total = 0;
      for (int team = ref_.teams.first; team < ref_.teams.first + ref_.teams.count; ++team) {
        total += t_.service[t_.qk(q, team)].*field;
      }
      return total;
    });
  }

  // Families referred in the period: started at once, or joined the waiting list.
  double referred() const {
    return sum(&ServiceQuarter::allocations) - sum(&ServiceQuarter::allocated_from_wait) +
           sum(&ServiceQuarter::joined_waiting_list);
  }

  double waiting_at_end() const {
    double total = 0;
    for (int team = ref_.teams.first; team < ref_.teams.first + ref_.teams.count; ++team) {
      total += t_.service[t_.qk(p_.last_quarter, team)].waiting_at_end;
    }
    return total;
  }

  // Practitioner FTE in force at the end of the period; a locality team's share of it is its
  // share of the places.
  double fte_funded() const {
    const CompiledService& s = service();
    const double end = m_.calendar.quarters()[static_cast<std::size_t>(p_.last_quarter)].end_day;
    double fte = 0;
    for (const auto& step : s.places) {
      if (step.from_day >= end) continue;
      double team_places = 0;
      for (int team = ref_.teams.first; team < ref_.teams.first + ref_.teams.count; ++team) {
        team_places += step.team_places[static_cast<std::size_t>(team - s.first_team)];
      }
      fte = step.places > 0 ? step.practitioner_fte * team_places / step.places
                            : step.practitioner_fte * ref_.teams.count / s.teams;
    }
    return fte;
  }

  // Practitioners to hold everyone in service or waiting at the stated caseload.
  double fte_needed_for_demand() const {
    const double demand =
        (sum(&ServiceQuarter::occupied_family_days) + sum(&ServiceQuarter::waiting_family_days)) /
        p_.days;
    return demand / service().caseload_per_fte;
  }

  const CompiledModel& m_;
  const ReplicationTally& t_;
  const PeriodRange& p_;
  const MetricRef& ref_;
};

double event_value(const ReplicationTally& t, const PeriodRange& p, Metric metric, int event) {
  const auto& v = metric == Metric::events_children ? t.events_children : t.events_families;
  return sum_quarters(p, [&](int q) { return v[t.qe(q, event)]; });
}

// A stock or flow of one state, summed over the ref's states.
double state_value(const ReplicationTally& t, const PeriodRange& p, const MetricRef& ref) {
  double total = 0;
  for (int s : ref.states) {
    switch (ref.metric) {
      case Metric::children_average:
      case Metric::group_children_average:
        total += sum_quarters(p, [&](int q) { return t.child_days[t.qs(q, s)]; }) / p.days;
        break;
      case Metric::families_average:
      case Metric::group_families_average:
        total += sum_quarters(p, [&](int q) { return t.family_days[t.qs(q, s)]; }) / p.days;
        break;
      case Metric::children_at_end:
      case Metric::group_children_at_end:
        total += t.children_at_end[t.qs(p.last_quarter, s)];
        break;
      case Metric::families_at_end:
      case Metric::group_families_at_end:
        total += t.families_at_end[t.qs(p.last_quarter, s)];
        break;
      case Metric::entries:
        total += sum_quarters(p, [&](int q) { return t.entries[t.qs(q, s)]; });
        break;
      case Metric::exits:
        total += sum_quarters(p, [&](int q) { return t.exits[t.qs(q, s)]; });
        break;
      case Metric::group_entries_children:
        total += sum_quarters(p, [&](int q) { return t.entries_children[t.qs(q, s)]; });
        break;
      default:
        throw std::invalid_argument(std::string("not a state metric: ") + metric_name(ref.metric));
    }
  }
  return total;
}

}  // namespace

MetricSubject metric_subject(Metric metric) {
  if (metric < Metric::group_children_average) return MetricSubject::state;
  if (metric < Metric::events_children) return MetricSubject::state_group;
  if (metric < Metric::service_fte_funded) return MetricSubject::event;
  return MetricSubject::service;
}

const char* metric_name(Metric metric) {
  return kMetricNames.at(static_cast<std::size_t>(metric));
}

std::optional<Metric> metric_from_name(const std::string& name) {
  for (std::size_t i = 0; i < kMetricNames.size(); ++i) {
    if (name == kMetricNames[i]) return static_cast<Metric>(i);
  }
  return std::nullopt;
}

std::string state_group_name(const StateGroup& group) {
  switch (group.kind) {
    case StateGroup::Kind::all:
      return "all";
    case StateGroup::Kind::hidden_need:
      return "hidden_need";
    case StateGroup::Kind::early_help:
      return "early_help";
    case StateGroup::Kind::children_in_need_dfe:
      return "children_in_need_dfe";
    case StateGroup::Kind::service_status:
      break;
  }
  return service_status_name(group.status);
}

std::vector<StateGroup> all_state_groups() {
  std::vector<StateGroup> groups = {{StateGroup::Kind::all},
                                    {StateGroup::Kind::hidden_need},
                                    {StateGroup::Kind::early_help},
                                    {StateGroup::Kind::children_in_need_dfe}};
  for (int i = 0; i < static_cast<int>(ServiceStatus::count_); ++i) {
    groups.push_back(StateGroup::with_status(static_cast<ServiceStatus>(i)));
  }
  return groups;
}

std::optional<StateGroup> state_group_from_name(const std::string& name) {
  for (const StateGroup& group : all_state_groups()) {
    if (state_group_name(group) == name) return group;
  }
  return std::nullopt;
}

MetricRef MetricRef::of_state(Metric metric, int state) {
  MetricRef ref;
  ref.metric = metric;
  ref.states = {state};
  return ref;
}

MetricRef MetricRef::of_group(const CompiledModel& model, Metric metric, const StateGroup& group) {
  MetricRef ref;
  ref.metric = metric;
  const auto& states = model.scenario.pathway.states;
  for (std::size_t s = 0; s < states.size(); ++s) {
    const State& state = states[s];
    if (state.absorbing) continue;
    bool member = false;
    switch (group.kind) {
      case StateGroup::Kind::all:
        member = true;
        break;
      case StateGroup::Kind::hidden_need:
        member = state.hidden_need;
        break;
      case StateGroup::Kind::early_help:
        member = state.early_help();
        break;
      case StateGroup::Kind::children_in_need_dfe:
        member = state.statutory();
        break;
      case StateGroup::Kind::service_status:
        member = state.service_status == group.status;
        break;
    }
    if (member) ref.states.push_back(static_cast<int>(s));
  }
  return ref;
}

MetricRef MetricRef::of_event(Metric metric, EventKind event) {
  MetricRef ref;
  ref.metric = metric;
  ref.event = static_cast<int>(event);
  return ref;
}

MetricRef MetricRef::of_service(const CompiledModel& model, Metric metric, int service) {
  MetricRef ref;
  ref.metric = metric;
  ref.service = service;
  const CompiledService& s = model.services[static_cast<std::size_t>(service)];
  ref.teams = {s.first_team, s.teams};
  return ref;
}

MetricRef MetricRef::of_team(const CompiledModel& model, Metric metric, int service, int locality) {
  MetricRef ref = of_service(model, metric, service);
  ref.teams = {model.team_of(service, locality), 1};
  return ref;
}

MetricRef MetricRef::with(Metric other) const {
  MetricRef ref = *this;
  ref.metric = other;
  return ref;
}

MetricRef resolve_metric(const CompiledModel& model, const std::string& metric,
                         const std::string& key) {
  const auto known = metric_from_name(metric);
  if (!known) throw std::invalid_argument("unknown metric: " + metric);
  switch (metric_subject(*known)) {
    case MetricSubject::state:
      return MetricRef::of_state(*known, find_index(ids_of(model.scenario.pathway.states), key));
    case MetricSubject::state_group: {
      const auto group = state_group_from_name(key);
      if (!group) throw std::invalid_argument("unknown state group: " + key);
      return MetricRef::of_group(model, *known, *group);
    }
    case MetricSubject::event: {
      const auto event = event_kind_from_name(key);
      if (!event) throw std::invalid_argument("unknown metric key: " + key);
      return MetricRef::of_event(*known, *event);
    }
    case MetricSubject::service:
      return resolve_service_key(model, *known, key);
  }
  throw std::invalid_argument("unknown metric: " + metric);
}

double metric_value(const CompiledModel& m, const ReplicationTally& t, const PeriodRange& p,
                    const MetricRef& ref) {
  switch (metric_subject(ref.metric)) {
    case MetricSubject::service:
      return ServiceFigures(m, t, p, ref).value(ref.metric);
    case MetricSubject::event:
      if (ref.metric == Metric::re_referral_share) {
        const int referral = static_cast<int>(EventKind::referral);
        const double referrals = event_value(t, p, Metric::events_children, referral);
        const int re_referral = static_cast<int>(EventKind::re_referral);
        return referrals > 0 ? event_value(t, p, Metric::events_children, re_referral) / referrals
                             : 0.0;
      }
      return event_value(t, p, ref.metric, ref.event);
    case MetricSubject::state:
    case MetricSubject::state_group:
      return state_value(t, p, ref);
  }
  return 0.0;
}

}  // namespace ehsim
