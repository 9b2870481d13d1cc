#include "calibration/metrics.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace ehsim {

std::string financial_year_label(const std::string& year) {
  const auto first = financial_year_start(year);
  return first ? fmt::format("{}/{:02d}", *first, (*first + 1) % 100) : year;
}

namespace {

// One measure a target can name: a count, or a share (numerator over denominator), of events or
// of children in a group at the year's end or on average over it.
struct Part {
  enum class Kind { events, children_at_end, children_average } kind;
  EventKind event = EventKind::referral;
  StateGroup group{StateGroup::Kind::all};
};
struct TargetMeasure {
  std::string name;  // as a target file names it
  std::vector<Part> numerator;
  std::vector<Part> denominator;  // empty for counts
};

Part events(EventKind kind) {
  return {Part::Kind::events, kind, {StateGroup::Kind::all}};
}
Part at_end(StateGroup group) {
  return {Part::Kind::children_at_end, EventKind::referral, group};
}

// Every metric a calibration target may name, in the order error messages list them: the one
// place a new DfE measure is added.
const std::vector<TargetMeasure>& target_measures() {
  static const std::vector<TargetMeasure> measures = {
      {"referrals", {events(EventKind::referral)}, {}},
      {"re_referral_rate", {events(EventKind::re_referral)}, {events(EventKind::referral)}},
      {"referrals_no_further_action_share",
       {events(EventKind::no_further_action)},
       {events(EventKind::referral)}},
      // DfE's denominator: all referrals.
      {"assessed_not_in_need_share",
       {events(EventKind::assessed_not_in_need)},
       {events(EventKind::referral)}},
      {"cin_episodes_starting", {events(EventKind::escalation_to_statutory)}, {}},
      {"cin_episodes_ending", {events(EventKind::statutory_episode_end)}, {}},
      {"children_in_need_at_31_march", {at_end({StateGroup::Kind::children_in_need_dfe})}, {}},
      {"assessments_completed", {events(EventKind::assessment)}, {}},
      {"section_47_enquiries", {events(EventKind::section_47)}, {}},
      {"initial_child_protection_conferences",
       {events(EventKind::child_protection_conference)},
       {}},
      {"child_protection_plan_starts", {events(EventKind::child_protection_plan_start)}, {}},
      {"child_protection_plans_ending", {events(EventKind::child_protection_plan_end)}, {}},
      {"child_protection_at_31_march",
       {at_end(StateGroup::with_status(ServiceStatus::child_protection))},
       {}},
      {"cp_plan_second_or_later_share",
       {events(EventKind::child_protection_plan_repeat)},
       {events(EventKind::child_protection_plan_start)}},
      {"looked_after_at_31_march",
       {at_end(StateGroup::with_status(ServiceStatus::looked_after))},
       {}},
      {"care_entries", {events(EventKind::care_entry)}, {}},
      // ONS's mid-year estimate, against the average over the financial year.
      {"population_0_17",
       {{Part::Kind::children_average, EventKind::referral, {StateGroup::Kind::all}}},
       {}},
  };
  return measures;
}

std::vector<MetricRef> resolved(const CompiledModel& model, const std::vector<Part>& parts) {
  std::vector<MetricRef> refs;
  for (const Part& part : parts) {
    switch (part.kind) {
      case Part::Kind::events:
        refs.push_back(MetricRef::of_event(Metric::events_children, part.event));
        break;
      case Part::Kind::children_at_end:
        refs.push_back(MetricRef::of_group(model, Metric::group_children_at_end, part.group));
        break;
      case Part::Kind::children_average:
        refs.push_back(MetricRef::of_group(model, Metric::group_children_average, part.group));
        break;
    }
  }
  return refs;
}

}  // namespace

const std::vector<std::string>& target_metrics() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& measure : target_measures()) out.push_back(measure.name);
    return out;
  }();
  return names;
}

std::optional<SimulatedMetric> SimulatedMetric::resolve(const CompiledModel& model,
                                                        const ObservedTarget& target) {
  const std::string label = financial_year_label(target.year);
  SimulatedMetric m;
  bool found = false;
  for (const auto& p : reporting_periods(model.calendar)) {
    if (p.type == "financial_year" && p.label == label) {
      m.period_ = p;
      found = true;
    }
  }
  if (!found) return std::nullopt;
  const auto& measures = target_measures();
  const auto measure = std::find_if(measures.begin(), measures.end(), [&](const TargetMeasure& x) {
    return x.name == target.metric;
  });
  if (measure == measures.end()) return std::nullopt;
  m.numerator_ = resolved(model, measure->numerator);
  m.denominator_ = resolved(model, measure->denominator);
  return m;
}

double SimulatedMetric::value(const CompiledModel& model, const ReplicationTally& tally) const {
  const auto sum = [&](const std::vector<MetricRef>& parts) {
    double total = 0;
    for (const auto& ref : parts) total += metric_value(model, tally, period_, ref);
    return total;
  };
  const double numerator = sum(numerator_);
  if (denominator_.empty()) return numerator;
  const double denominator = sum(denominator_);
  return denominator > 0 ? numerator / denominator : 0.0;
}

}  // namespace ehsim
