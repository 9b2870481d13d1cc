#include "economics/comparison_results.hpp"

#include <type_traits>

namespace ehsim {

using nlohmann::json;
using results_json::either;
using results_json::kMayBeAbsent;
using results_json::kNullWhenNone;
using results_json::kOmittedWhenEmpty;
using results_json::Reader;
using results_json::Writer;

namespace {

// `Base` with the constness of `S`: a derived type's members start with its base's.
template <typename Base, typename S>
using like = std::conditional_t<std::is_const_v<S>, const Base, Base>;

// The members of each type, under their keys in comparison.json.

template <either<Estimate> S, typename Visit>
void members(S& e, Visit&& visit) {
  visit("mean", e.mean);
  visit("p05", e.p05);
  visit("p50", e.p50);
  visit("p95", e.p95);
  visit("se", e.se);
}

template <either<Difference> S, typename Visit>
void members(S& d, Visit&& visit) {
  members<like<Estimate, S>>(d, visit);
  visit("unpaired_p05", d.unpaired_p05);
  visit("unpaired_p95", d.unpaired_p95);
}

template <either<Payback> S, typename Visit>
void members(S& p, Visit&& visit) {
  visit("median_year", p.median_year, kNullWhenNone);
  visit("share_paying_back", p.share_paying_back);
}

template <either<ComparisonHeadline> S, typename Visit>
void members(S& h, Visit&& visit) {
  visit("extra_investment", h.extra_investment);
  visit("extra_investment_pv", h.extra_investment_pv);
  visit("cost_avoided", h.cost_avoided);
  visit("cost_avoided_pv", h.cost_avoided_pv);
  visit("cashable_saving", h.cashable_saving);
  visit("value_avoided_all_types", h.value_avoided_all_types);
  visit("value_avoided_all_types_pv", h.value_avoided_all_types_pv);
  visit("net_saving", h.net_saving);
  visit("net_saving_npv", h.net_saving_npv);
  visit("benefit_cost_ratio", h.benefit_cost_ratio, kNullWhenNone);
  visit("fiscal_return_per_pound", h.fiscal_return_per_pound, kNullWhenNone);
  visit("social_return_per_pound", h.social_return_per_pound, kNullWhenNone);
  visit("returns_undefined_reason", h.returns_undefined_reason, kNullWhenNone);
  visit("payback", h.payback);
  visit("cin_avoided_final_year", h.cin_avoided_final_year);
  visit("cp_avoided_final_year", h.cp_avoided_final_year);
  visit("lac_avoided_final_year", h.lac_avoided_final_year);
}

template <either<YearFlows> S, typename Visit>
void members(S& y, Visit&& visit) {
  visit("financial_year", y.financial_year);
  visit("extra_investment", y.extra_investment);
  visit("cost_avoided", y.cost_avoided);
  visit("net_saving", y.net_saving);
  visit("net_cashable_saving", y.net_cashable_saving);
  visit("cumulative_net_saving_discounted", y.cumulative_net_saving_discounted);
  visit("discount_factor", y.discount_factor);
  visit("cin_avoided", y.cin_avoided);
  visit("cp_avoided", y.cp_avoided);
  visit("lac_avoided", y.lac_avoided);
  visit("cin_avoided_per_10000", y.cin_avoided_per_10000);
  visit("cp_avoided_per_10000", y.cp_avoided_per_10000);
  visit("lac_avoided_per_10000", y.lac_avoided_per_10000);
  visit("probability_target_met", y.probability_target_met, kNullWhenNone);
}

template <either<CategoryAvoided> S, typename Visit>
void members(S& c, Visit&& visit) {
  visit("category", c.category);
  visit("cost_avoided", c.cost_avoided);
}

template <either<PayerAvoided> S, typename Visit>
void members(S& p, Visit&& visit) {
  visit("payer", p.payer);
  visit("cost_avoided", p.cost_avoided);
  visit("cashable", p.cashable);
}

template <either<StaffingComparedYear> S, typename Visit>
void members(S& y, Visit&& visit) {
  visit("financial_year", y.financial_year);
  visit("fte_funded_baseline", y.fte_funded_baseline);
  visit("fte_funded_alternative", y.fte_funded_alternative);
  visit("fte_needed_baseline", y.fte_needed_baseline);
  visit("fte_needed_alternative", y.fte_needed_alternative);
}

template <either<ServiceStaffing> S, typename Visit>
void members(S& s, Visit&& visit) {
  visit("service", s.service);
  visit("label", s.label);
  visit("fte_funded_baseline", s.fte_funded_baseline);
  visit("fte_funded_alternative", s.fte_funded_alternative);
  visit("difference", s.difference);
  visit("fte_needed_baseline", s.fte_needed_baseline);
  visit("fte_needed_alternative", s.fte_needed_alternative);
  visit("fte_needed_difference", s.fte_needed_difference);
  visit("basis", s.basis);
  visit("staff_funded_with_management_and_admin_baseline",
        s.staff_funded_with_management_and_admin_baseline);
  visit("staff_funded_with_management_and_admin_alternative",
        s.staff_funded_with_management_and_admin_alternative);
  visit("by_year", s.by_year, kMayBeAbsent);
}

template <either<Adjustments> S, typename Visit>
void members(S& a, Visit&& visit) {
  visit("optimism_bias", a.optimism_bias);
  visit("deadweight", a.deadweight);
  visit("attribution", a.attribution);
}

template <either<ScenarioIdentity> S, typename Visit>
void members(S& s, Visit&& visit) {
  visit("name", s.name);
  visit("path", s.path);
  visit("sha256", s.sha256);
  visit("slug", s.slug);
  visit("calibration", s.calibration, kNullWhenNone);
}

template <either<AlternativeResults> S, typename Visit>
void members(S& a, Visit&& visit) {
  members(a.scenario, visit);
  visit("headline", a.headline);
  visit("by_year", a.by_year);
  visit("by_category", a.by_category);
  visit("by_payer", a.by_payer);
  visit("staffing", a.staffing);
  visit("adjustments", a.adjustments);
  visit("assumptions_differing", a.assumptions_differing);
}

template <either<LateCosts> S, typename Visit>
void members(S& c, Visit&& visit) {
  visit("total", c.total);
  visit("by_category", c.by_category);
  visit("by_payer", c.by_payer, kMayBeAbsent);
  visit("economic_and_social_value", c.economic_and_social_value);
}

template <either<LateCostYear> S, typename Visit>
void members(S& y, Visit&& visit) {
  visit("financial_year", y.financial_year);
  members<like<LateCosts, S>>(y, visit);
}

template <either<EarlyHelpCostYear> S, typename Visit>
void members(S& y, Visit&& visit) {
  visit("financial_year", y.financial_year);
  visit("total", y.total);
}

template <either<HorizonCosts> S, typename Visit>
void members(S& h, Visit&& visit) {
  members<like<LateCosts, S>>(h, visit);
  visit("early_help", h.early_help);
}

template <either<PriceIndexEntry> S, typename Visit>
void members(S& p, Visit&& visit) {
  visit("financial_year", p.financial_year);
  visit("index", p.index);
}

template <either<Appraisal> S, typename Visit>
void members(S& a, Visit&& visit) {
  members<like<Adjustments, S>>(a, visit);
  visit("price_base_year", a.price_base_year);
  visit("discount_rate", a.discount_rate);
  visit("price_index", a.price_index);
}

template <either<UnitCost> S, typename Visit>
void members(S& u, Visit&& visit) {
  visit("id", u.id);
  visit("category", u.category);
  visit("payer", u.payer);
  visit("value_type", u.value_type);
  visit("per_child", u.per_child);
  visit("units", u.units);
  visit("per_week_in_states", u.per_week_in_states);
  visit("per_event", u.per_event, kNullWhenNone);
  visit("per_entry_to_state", u.per_entry_to_state, kNullWhenNone);
  visit("amount", u.amount);
  visit("price_year", u.price_year, kNullWhenNone);
  visit("price_factor", u.price_factor);
  visit("amount_at_base_prices", u.amount_at_base_prices);
  visit("source", u.source, kNullWhenNone);
  visit("assumption", u.assumption, kNullWhenNone);
  visit("evidence_grade", u.evidence_grade);
  visit("evidence_grade_reason", u.evidence_grade_reason);
}

template <either<LabelledService> S, typename Visit>
void members(S& s, Visit&& visit) {
  visit("id", s.id);
  visit("label", s.label);
}

template <either<ActivityYear> S, typename Visit>
void members(S& a, Visit&& visit) {
  visit("financial_year", a.financial_year);
  visit("item_units", a.item_units);
  visit("early_help_service_spend", a.early_help_service_spend);
}

template <either<ScenarioCosts> S, typename Visit>
void members(S& s, Visit&& visit) {
  visit("name", s.name);
  visit("slug", s.slug);
  visit("late_intervention_cost_by_year", s.late_intervention_cost_by_year);
  visit("early_help_cost_by_year", s.early_help_cost_by_year);
  visit("over_horizon", s.over_horizon);
  visit("appraisal", s.appraisal);
  visit("unit_costs", s.unit_costs, kMayBeAbsent);
  visit("early_help_services", s.early_help_services, kMayBeAbsent);
  visit("state_labels", s.state_labels, kMayBeAbsent);
  visit("activity_by_year", s.activity_by_year, kMayBeAbsent);
  visit("fte_needed_for_waiting_standard", s.fte_needed_for_waiting_standard, kMayBeAbsent);
}

template <either<ComparisonResults> S, typename Visit>
void members(S& c, Visit&& visit) {
  visit("schema_version", c.schema_version);
  visit("run_id", c.run_id);
  visit("ehsim_version", c.ehsim_version);
  visit("git_commit", c.git_commit);
  visit("created_utc", c.created_utc);
  visit("seed", c.seed);
  visit("replications", c.replications);
  visit("threads", c.threads);
  visit("price_base_year", c.price_base_year);
  visit("discount_rate", c.discount_rate);
  visit("money", c.money);
  visit("target", c.target, kNullWhenNone);
  visit("baseline", c.baseline);
  visit("alternatives", c.alternatives, kMayBeAbsent);
  visit("per_scenario", c.per_scenario);
  visit("warnings", c.warnings, kOmittedWhenEmpty);
}

}  // namespace

void to_json(json& j, const Estimate& e) {
  members(e, Writer(j));
}
void from_json(const json& j, Estimate& e) {
  members(e, Reader(j));
}
void to_json(json& j, const Difference& d) {
  members(d, Writer(j));
}
void from_json(const json& j, Difference& d) {
  members(d, Reader(j));
}
void to_json(json& j, const Payback& p) {
  members(p, Writer(j));
}
void from_json(const json& j, Payback& p) {
  members(p, Reader(j));
}
void to_json(json& j, const ComparisonHeadline& h) {
  members(h, Writer(j));
}
void from_json(const json& j, ComparisonHeadline& h) {
  members(h, Reader(j));
}
void to_json(json& j, const YearFlows& y) {
  members(y, Writer(j));
}
void from_json(const json& j, YearFlows& y) {
  members(y, Reader(j));
}
void to_json(json& j, const CategoryAvoided& c) {
  members(c, Writer(j));
}
void from_json(const json& j, CategoryAvoided& c) {
  members(c, Reader(j));
}
void to_json(json& j, const PayerAvoided& p) {
  members(p, Writer(j));
}
void from_json(const json& j, PayerAvoided& p) {
  members(p, Reader(j));
}
void to_json(json& j, const StaffingComparedYear& y) {
  members(y, Writer(j));
}
void from_json(const json& j, StaffingComparedYear& y) {
  members(y, Reader(j));
}
void to_json(json& j, const ServiceStaffing& s) {
  members(s, Writer(j));
}
void from_json(const json& j, ServiceStaffing& s) {
  members(s, Reader(j));
}
void to_json(json& j, const Adjustments& a) {
  members(a, Writer(j));
}
void from_json(const json& j, Adjustments& a) {
  members(a, Reader(j));
}
void to_json(json& j, const ScenarioIdentity& s) {
  members(s, Writer(j));
}
void from_json(const json& j, ScenarioIdentity& s) {
  members(s, Reader(j));
}
void to_json(json& j, const AlternativeResults& a) {
  members(a, Writer(j));
}
void from_json(const json& j, AlternativeResults& a) {
  members(a, Reader(j));
}
void to_json(json& j, const LateCostYear& y) {
  members(y, Writer(j));
}
void from_json(const json& j, LateCostYear& y) {
  members(y, Reader(j));
}
void to_json(json& j, const EarlyHelpCostYear& y) {
  members(y, Writer(j));
}
void from_json(const json& j, EarlyHelpCostYear& y) {
  members(y, Reader(j));
}
void to_json(json& j, const HorizonCosts& h) {
  members(h, Writer(j));
}
void from_json(const json& j, HorizonCosts& h) {
  members(h, Reader(j));
}
void to_json(json& j, const PriceIndexEntry& p) {
  members(p, Writer(j));
}
void from_json(const json& j, PriceIndexEntry& p) {
  members(p, Reader(j));
}
void to_json(json& j, const Appraisal& a) {
  members(a, Writer(j));
}
void from_json(const json& j, Appraisal& a) {
  members(a, Reader(j));
}
void to_json(json& j, const UnitCost& u) {
  members(u, Writer(j));
}
void from_json(const json& j, UnitCost& u) {
  members(u, Reader(j));
}
void to_json(json& j, const LabelledService& s) {
  members(s, Writer(j));
}
void from_json(const json& j, LabelledService& s) {
  members(s, Reader(j));
}
void to_json(json& j, const ActivityYear& a) {
  members(a, Writer(j));
}
void from_json(const json& j, ActivityYear& a) {
  members(a, Reader(j));
}
void to_json(json& j, const ScenarioCosts& s) {
  members(s, Writer(j));
}
void from_json(const json& j, ScenarioCosts& s) {
  members(s, Reader(j));
}
void to_json(json& j, const ComparisonResults& c) {
  members(c, Writer(j));
}
void from_json(const json& j, ComparisonResults& c) {
  members(c, Reader(j));
}

}  // namespace ehsim
