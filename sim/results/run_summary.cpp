#include "results/run_summary.hpp"

#include <type_traits>

namespace ehsim {

using nlohmann::json;
using results_json::either;
using results_json::kMayBeAbsent;
using results_json::kNullWhenNone;
using results_json::Reader;
using results_json::Writer;

namespace {

// The members of each type, under their keys in summary.json.

template <either<Summary> S, typename Visit>
void members(S& s, Visit&& visit) {
  visit("mean", s.mean);
  visit("se", s.se);
  visit("sd", s.sd);
  visit("p05", s.p05);
  visit("p50", s.p50);
  visit("p95", s.p95);
  visit("n", s.n);
}

template <either<DemandYear> S, typename Visit>
void members(S& y, Visit&& visit) {
  visit("financial_year", y.financial_year);
  visit("children_in_need_at_31_march", y.children_in_need_at_31_march);
  visit("child_protection_plans_at_31_march", y.child_protection_plans_at_31_march);
  visit("looked_after_at_31_march", y.looked_after_at_31_march);
  visit("children_in_early_help_average", y.children_in_early_help_average);
  visit("children_with_hidden_need_average", y.children_with_hidden_need_average);
  visit("children_in_population_at_31_march", y.children_in_population_at_31_march);
  visit("referrals", y.referrals);
  visit("re_referrals_within_12_months", y.re_referrals_within_12_months);
  visit("re_referral_share", y.re_referral_share);
  visit("escalations_to_statutory_care", y.escalations_to_statutory_care);
  visit("step_downs_to_early_help", y.step_downs_to_early_help);
  visit("step_ups_from_early_help", y.step_ups_from_early_help);
  visit("child_protection_plan_starts", y.child_protection_plan_starts);
  visit("children_in_need_per_10000", y.children_in_need_per_10000);
}

template <either<PeriodDates> S, typename Visit>
void members(S& p, Visit&& visit) {
  visit("period_type", p.period_type);
  visit("period", p.period);
  visit("start_date", p.start_date);
  visit("end_date", p.end_date);
}

template <either<BudgetToPlacesStep> S, typename Visit>
void members(S& b, Visit&& visit) {
  visit("from_day", b.from_day);
  visit("practitioner_fte", b.practitioner_fte);
  visit("total_fte_with_management_and_admin", b.total_fte_with_management_and_admin);
  visit("places", b.places);
}

template <either<WaitQuantile> S, typename Visit>
void members(S& w, Visit&& visit) {
  members<std::conditional_t<std::is_const_v<S>, const Summary, Summary>>(w, visit);
  visit("pooled", w.pooled);
}

template <either<StaffingYear> S, typename Visit>
void members(S& y, Visit&& visit) {
  visit("financial_year", y.financial_year);
  visit("practitioner_fte_funded_at_end", y.practitioner_fte_funded_at_end);
  visit("practitioner_fte_needed_for_demand", y.practitioner_fte_needed_for_demand);
}

template <either<FteForWaitingStandard> S, typename Visit>
void members(S& f, Visit&& visit) {
  visit("fte", f.fte);
  visit("places", f.places);
  visit("target_share_within_standard", f.target_share_within_standard);
  visit("share_within_standard_at_fte", f.share_within_standard_at_fte);
  visit("basis", f.basis);
  visit("total_fte_with_management_and_admin", f.total_fte_with_management_and_admin);
  visit("places_missing_target", f.places_missing_target);
  visit("share_within_standard_at_places_missing", f.share_within_standard_at_places_missing);
  visit("replications_per_evaluation", f.replications_per_evaluation);
  visit("evaluations", f.evaluations);
  visit("method", f.method);
}

template <either<ServiceSummary> S, typename Visit>
void members(S& s, Visit&& visit) {
  visit("label", s.label);
  visit("capacity_limited", s.capacity_limited);
  visit("waiting_standard_days", s.waiting_standard_days);
  visit("budget_to_places", s.budget_to_places);
  visit("cost_per_practitioner_fte", s.cost_per_practitioner_fte);
  visit("occupied_families_average", s.occupied_families_average);
  visit("waiting_families_average", s.waiting_families_average);
  visit("fte_needed_for_demand", s.fte_needed_for_demand);
  visit("caseload_per_fte", s.caseload_per_fte);
  visit("utilisation", s.utilisation);
  visit("allocations", s.allocations);
  visit("allocated_from_wait", s.allocated_from_wait);
  visit("mean_wait_days", s.mean_wait_days);
  visit("share_allocated_within_standard", s.share_allocated_within_standard);
  visit("escalated_while_waiting", s.escalated_while_waiting);
  visit("dropped_out", s.dropped_out);
  visit("median_wait_days", s.median_wait_days);
  visit("p90_wait_days", s.p90_wait_days);
  visit("fte_basis", s.fte_basis);
  visit("practitioner_fte_funded_at_end", s.practitioner_fte_funded_at_end);
  visit("management_and_admin_fte_funded_at_end", s.management_and_admin_fte_funded_at_end);
  visit("by_financial_year", s.by_financial_year, kMayBeAbsent);
  visit("fte_needed_for_waiting_standard", s.fte_needed_for_waiting_standard);
}

template <either<Conservation> S, typename Visit>
void members(S& c, Visit&& visit) {
  visit("families_initial", c.families_initial);
  visit("families_arrived", c.families_arrived);
  visit("families_exited", c.families_exited);
  visit("families_present_at_end", c.families_present_at_end);
  visit("holds_in_every_replication", c.holds_in_every_replication);
}

template <either<RunSummary> S, typename Visit>
void members(S& s, Visit&& visit) {
  visit("schema_version", s.schema_version);
  visit("scenario", s.scenario);
  visit("council", s.council);
  visit("start_date", s.start_date);
  visit("horizon_years", s.horizon_years);
  visit("replications", s.replications);
  visit("units", s.units);
  visit("by_financial_year", s.by_financial_year);
  visit("periods", s.periods, kMayBeAbsent);
  visit("services_over_horizon", s.services_over_horizon);
  visit("conservation", s.conservation);
  visit("events_processed", s.events_processed);
  visit("seed", s.seed);
  visit("run_id", s.run_id);
  visit("waiting_standard_share", s.waiting_standard_share);
}

template <either<CalibrationRecord> S, typename Visit>
void members(S& c, Visit&& visit) {
  visit("file", c.file);
  visit("fit_year", c.fit_year);
  visit("date", c.date);
}

template <either<RunManifest> S, typename Visit>
void members(S& m, Visit&& visit) {
  visit("schema_version", m.schema_version);
  visit("run_id", m.run_id);
  visit("ehsim_version", m.ehsim_version);
  visit("git_commit", m.git_commit);
  visit("command", m.command);
  visit("scenario_path", m.scenario_path);
  visit("scenario_name", m.scenario_name);
  visit("scenario_sha256", m.scenario_sha256);
  visit("seed", m.seed);
  visit("replications", m.replications);
  visit("threads", m.threads);
  visit("waiting_standard_share", m.waiting_standard_share);
  visit("staffing_replications", m.staffing_replications);
  visit("started_utc", m.started_utc);
  visit("finished_utc", m.finished_utc);
  visit("wall_seconds", m.wall_seconds);
  visit("warm_up_years", m.warm_up_years);
  visit("calibration", m.calibration, kNullWhenNone);
  visit("warm_up_with", m.warm_up_with);
  visit("families_simulated", m.families_simulated);
  visit("events_processed", m.events_processed);
  visit("random_streams", m.random_streams);
}

}  // namespace

void to_json(json& j, const Summary& s) {
  members(s, Writer(j));
}
void from_json(const json& j, Summary& s) {
  members(s, Reader(j));
}
void to_json(json& j, const DemandYear& y) {
  members(y, Writer(j));
}
void from_json(const json& j, DemandYear& y) {
  members(y, Reader(j));
}
void to_json(json& j, const PeriodDates& p) {
  members(p, Writer(j));
}
void from_json(const json& j, PeriodDates& p) {
  members(p, Reader(j));
}
void to_json(json& j, const BudgetToPlacesStep& b) {
  members(b, Writer(j));
}
void from_json(const json& j, BudgetToPlacesStep& b) {
  members(b, Reader(j));
}
void to_json(json& j, const WaitQuantile& w) {
  members(w, Writer(j));
}
void from_json(const json& j, WaitQuantile& w) {
  members(w, Reader(j));
}
void to_json(json& j, const StaffingYear& y) {
  members(y, Writer(j));
}
void from_json(const json& j, StaffingYear& y) {
  members(y, Reader(j));
}
void to_json(json& j, const FteForWaitingStandard& f) {
  members(f, Writer(j));
}
void from_json(const json& j, FteForWaitingStandard& f) {
  members(f, Reader(j));
}
void to_json(json& j, const ServiceSummary& s) {
  members(s, Writer(j));
}
void from_json(const json& j, ServiceSummary& s) {
  members(s, Reader(j));
}
void to_json(json& j, const Conservation& c) {
  members(c, Writer(j));
}
void from_json(const json& j, Conservation& c) {
  members(c, Reader(j));
}
void to_json(json& j, const RunSummary& s) {
  members(s, Writer(j));
}
void from_json(const json& j, RunSummary& s) {
  members(s, Reader(j));
}

void to_json(json& j, const CalibrationRecord& c) {
  members(c, Writer(j));
}
void from_json(const json& j, CalibrationRecord& c) {
  members(c, Reader(j));
}
void to_json(json& j, const RunManifest& m) {
  members(m, Writer(j));
}
void from_json(const json& j, RunManifest& m) {
  members(m, Reader(j));
}

}  // namespace ehsim
