#include "calibration/metrics.hpp"

#include <fmt/format.h>

namespace ehsim {

std::string financial_year_label(const std::string& year) {
  const auto first = financial_year_start(year);
  return first ? fmt::format("{}/{:02d}", *first, (*first + 1) % 100) : year;
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
  const auto events = [](EventKind kind) {
    return MetricRef::of_event(Metric::events_children, kind);
  };
  const auto children_at_end = [&](StateGroup group) {
    return MetricRef::of_group(model, Metric::group_children_at_end, group);
  };
  const std::string& t = target.metric;
  if (t == "referrals") {
    m.numerator_ = {events(EventKind::referral)};
  } else if (t == "re_referral_rate") {
    m.numerator_ = {events(EventKind::re_referral)};
    m.denominator_ = {events(EventKind::referral)};
  } else if (t == "referrals_no_further_action_share") {
    m.numerator_ = {events(EventKind::no_further_action)};
    m.denominator_ = {events(EventKind::referral)};
  } else if (t == "assessed_not_in_need_share") {  // DfE's denominator: all referrals
    m.numerator_ = {events(EventKind::assessed_not_in_need)};
    m.denominator_ = {events(EventKind::referral)};
  } else if (t == "cin_episodes_starting") {
    m.numerator_ = {events(EventKind::escalation_to_statutory)};
  } else if (t == "cin_episodes_ending") {
    m.numerator_ = {events(EventKind::statutory_episode_end)};
  } else if (t == "children_in_need_at_31_march") {
    m.numerator_ = {children_at_end({StateGroup::Kind::children_in_need_dfe})};
  } else if (t == "assessments_completed") {
    m.numerator_ = {events(EventKind::assessment)};
  } else if (t == "section_47_enquiries") {
    m.numerator_ = {events(EventKind::section_47)};
  } else if (t == "initial_child_protection_conferences") {
    m.numerator_ = {events(EventKind::child_protection_conference)};
  } else if (t == "child_protection_plan_starts") {
    m.numerator_ = {events(EventKind::child_protection_plan_start)};
  } else if (t == "child_protection_plans_ending") {
    m.numerator_ = {events(EventKind::child_protection_plan_end)};
  } else if (t == "child_protection_at_31_march") {
    m.numerator_ = {children_at_end(StateGroup::with_status(ServiceStatus::child_protection))};
  } else if (t == "cp_plan_second_or_later_share") {
    m.numerator_ = {events(EventKind::child_protection_plan_repeat)};
    m.denominator_ = {events(EventKind::child_protection_plan_start)};
  } else if (t == "looked_after_at_31_march") {
    m.numerator_ = {children_at_end(StateGroup::with_status(ServiceStatus::looked_after))};
  } else if (t == "care_entries") {
    m.numerator_ = {events(EventKind::care_entry)};
  } else if (t == "population_0_17") {
    // ONS's mid-year estimate, against the average over the financial year.
    m.numerator_ = {
        MetricRef::of_group(model, Metric::group_children_average, {StateGroup::Kind::all})};
  } else {
    return std::nullopt;
  }
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
