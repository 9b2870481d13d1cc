#include "economics/workbook_results.hpp"

#include <optional>

#include <fmt/format.h>

#include "economics/labels.hpp"

namespace ehsim::workbook_parts {

namespace {

// The headline measures: the key of the workbook's own figure (from the Cash flows), the label
// and ehsim's figure.
struct HeadlineMeasure {
  std::string key, label;
  SimulatedFigure (*figure)(const ComparisonHeadline&);
};
using HeadlineOf = const ComparisonHeadline&;
const std::vector<HeadlineMeasure> kHeadline = {
    {"extra_investment", "Extra investment, total",
     [](HeadlineOf h) { return simulated_figure(h.extra_investment); }},
    {"extra_investment_pv", "Present value of the extra investment",
     [](HeadlineOf h) { return simulated_figure(h.extra_investment_pv); }},
    {"cost_avoided", "Fiscal cost avoided, total",
     [](HeadlineOf h) { return simulated_figure(h.cost_avoided); }},
    {"cost_avoided_pv", "Present value of the fiscal cost avoided",
     [](HeadlineOf h) { return simulated_figure(h.cost_avoided_pv); }},
    {"cashable_saving", "Cashable saving, total",
     [](HeadlineOf h) { return simulated_figure(h.cashable_saving); }},
    {"value_avoided_all_types", "All value avoided, total",
     [](HeadlineOf h) { return simulated_figure(h.value_avoided_all_types); }},
    {"net_saving", "Net saving, total",
     [](HeadlineOf h) { return simulated_figure(h.net_saving); }},
    {"net_saving_npv", "Net present value of the net saving",
     [](HeadlineOf h) { return simulated_figure(h.net_saving_npv); }},
    {"fiscal_return_per_pound", "Fiscal return per £1",
     [](HeadlineOf h) { return simulated_figure(h.fiscal_return_per_pound); }},
    {"social_return_per_pound", "Social return per £1",
     [](HeadlineOf h) { return simulated_figure(h.social_return_per_pound); }},
    {"benefit_cost_ratio", "Benefit-cost ratio",
     [](HeadlineOf h) { return simulated_figure(h.benefit_cost_ratio); }},
    {"cin_avoided_final_year", "Children in need avoided, end of the last year",
     [](HeadlineOf h) { return simulated_figure(h.cin_avoided_final_year); }},
    {"cp_avoided_final_year", "Children on protection plans avoided, end of the last year",
     [](HeadlineOf h) { return simulated_figure(h.cp_avoided_final_year); }},
    {"lac_avoided_final_year", "Looked-after children avoided, end of the last year",
     [](HeadlineOf h) { return simulated_figure(h.lac_avoided_final_year); }}};

// One headline measure of an alternative: the workbook's figure (a reference to its Cash flows
// sheet, or "(simulated only)") beside ehsim's mean, percentiles and unpaired range.
void headline_row(Sheet& s, int r, const Formats& f, const HeadlineMeasure& measure,
                  const ComparisonHeadline& h, const CashFlowResults& flows) {
  const bool children = measure.key.find("avoided_final_year") != std::string::npos;
  const bool ratio =
      measure.key.find("per_pound") != std::string::npos || measure.key == "benefit_cost_ratio";
  lxw_format* format = children ? f.number : ratio ? f.ratio : f.money;
  lxw_format* sim = children ? f.sim_number : ratio ? f.sim_ratio : f.sim_money;
  s.text(r, 1, measure.label);
  const std::string result_key =
      measure.key == "benefit_cost_ratio" ? "social_return_per_pound" : measure.key;
  if (flows.results.count(result_key) != 0u) {
    const Result& res = flows.results.at(result_key);
    s.formula(r, 2, res.ref, res.value, format);
  } else {
    s.text(r, 2, "(simulated only)", f.note);
  }
  const SimulatedFigure v = measure.figure(h);
  if (const auto& e = v.estimate) {
    int col = 3;
    for (const std::optional<double>& stat :
         {std::optional<double>(e->mean), std::optional<double>(e->p05),
          std::optional<double>(e->p50), std::optional<double>(e->p95), v.unpaired_p05,
          v.unpaired_p95}) {
      if (stat) s.number(r, col, *stat, sim);
      ++col;
    }
  } else {
    s.text(r, 3, "n/a", f.sim_text);
  }
}

// An alternative's headline measures, its payback year, the NPV after the haircut and why
// returns per £1 are not defined (when they are not).
void alternative_summary(Sheet& s, int& r, const Formats& f, const AlternativeResults& alt,
                         const CashFlowResults& flows) {
  const ComparisonHeadline& h = alt.headline;
  const std::string& name = alt.scenario.name;
  for (const auto& measure : kHeadline) {
    s.text(r, 0, name);
    headline_row(s, r++, f, measure, h, flows);
  }
  const Result& payback = flows.results.at("payback_year");
  s.text(r, 0, name);
  s.text(r, 1, "Payback year");
  s.formula_text(r, 2, payback.ref, payback.text, f.text);
  s.value(r, 3, or_null(h.payback.median_year), f.sim_text);
  s.text(r, 4,
         fmt::format("ehsim: median year; {:.0f}% of replications pay back",
                     100 * h.payback.share_paying_back),
         f.note);
  ++r;
  const Result& adjusted = flows.results.at("net_saving_npv_after_haircut");
  s.text(r, 0, name);
  s.text(r, 1, "NPV after optimism bias on benefits (workbook only)");
  s.formula(r, 2, adjusted.ref, adjusted.value, f.money);
  ++r;
  if (h.returns_undefined_reason) {
    s.text(r, 0, name);
    s.text(r, 1, "Why returns per £1 are n/a");
    s.text(r, 2, *h.returns_undefined_reason);
    ++r;
  }
}

// The savings target by year: the workbook's net cashable saving against the target, and
// ehsim's chance of meeting it.
void target_by_year(Sheet& s, int& r, const Model& m, const Formats& f,
                    const std::vector<CashFlowResults>& flows) {
  s.text(r++, 0, "The savings target, year by year", f.section);
  const std::vector<std::string> target_header = {
      "Alternative", "Financial year", "Net cashable saving (workbook, mean)", "Target (£, Inputs)",
      "Chance of meeting it (ehsim, simulated)"};
  for (std::size_t i = 0; i < target_header.size(); ++i)
    s.text(r, static_cast<int>(i), target_header[i], f.header);
  ++r;
  for (std::size_t a = 0; a < m.alternatives.size(); ++a) {
    const AlternativeResults& alt = m.results.alternatives.at(a);
    for (std::size_t y = 0; y < m.years.size(); ++y) {
      s.text(r, 0, alt.scenario.name);
      s.text(r, 1, m.years[y]);
      const Result& res = flows[a].net_cashable_by_year[y];
      s.formula(r, 2, res.ref, res.value, f.money);
      if (m.results.target) {
        s.formula(r, 3, "Target", *m.results.target, f.money);
      } else {
        s.text(r, 3, "none");
      }
      s.value(r, 4, or_null(alt.by_year.at(y).probability_target_met), f.sim_percent);
      ++r;
    }
  }
}

}  // namespace

void write_summary(Sheet& s, const Model& m, const Formats& f,
                   const std::vector<CashFlowResults>& flows) {
  s.width(0, 0, 30);
  s.width(1, 1, 56);
  s.width(2, 9, 16);
  int r = 0;
  s.text(r++, 0, "Summary", f.title);
  s.text(r++, 0,
         fmt::format("The workbook's figure (a formula over the Inputs and the mean activity) "
                     "beside ehsim's, which are summaries of {} paired differences (grey, values). "
                     "The paired 5th-95th percentile range is the uncertainty from the simulated "
                     "futures; the unpaired range shows what it would be without common random "
                     "numbers.",
                     m.replications),
         f.note);
  ++r;
  const std::vector<std::string> header = {"Alternative",
                                           "Measure",
                                           "Workbook (formula)",
                                           "ehsim: mean",
                                           "5th percentile",
                                           "median",
                                           "95th percentile",
                                           "unpaired 5th percentile",
                                           "unpaired 95th percentile"};
  for (std::size_t i = 0; i < header.size(); ++i)
    s.text(r, static_cast<int>(i), header[i], f.header);
  ++r;
  for (std::size_t a = 0; a < m.alternatives.size(); ++a) {
    alternative_summary(s, r, f, m.results.alternatives.at(a), flows[a]);
    ++r;
  }
  target_by_year(s, r, m, f, flows);
  s.freeze(4, 2);
}

void write_demand(Sheet& s, const Model& m, const Formats& f) {
  s.width(0, 0, 30);
  s.width(1, 1, 14);
  s.width(2, 2, 52);
  s.width(3, 6, 14);
  int r = 0;
  s.text(r++, 0, "Demand avoided", f.title);
  s.text(r++, 0,
         "Children at 31 March each year, baseline minus alternative (simulated values, paired "
         "differences).",
         f.note);
  ++r;
  const std::vector<std::string> header = {"Alternative",    "Financial year", "Measure",
                                           "mean",           "5th percentile", "median",
                                           "95th percentile"};
  for (std::size_t i = 0; i < header.size(); ++i)
    s.text(r, static_cast<int>(i), header[i], f.header);
  ++r;
  using Y = const YearFlows&;
  const std::vector<std::pair<std::string, SimulatedFigure (*)(Y)>> measures = {
      {"Children in need avoided", [](Y y) { return simulated_figure(y.cin_avoided); }},
      {"Children on child protection plans avoided",
       [](Y y) { return simulated_figure(y.cp_avoided); }},
      {"Looked-after children avoided", [](Y y) { return simulated_figure(y.lac_avoided); }},
      {"Children in need avoided per 10,000 children",
       [](Y y) { return simulated_figure(y.cin_avoided_per_10000); }},
      {"Child protection plans avoided per 10,000 children",
       [](Y y) { return simulated_figure(y.cp_avoided_per_10000); }},
      {"Looked-after children avoided per 10,000 children",
       [](Y y) { return simulated_figure(y.lac_avoided_per_10000); }}};
  for (const auto& alt : m.results.alternatives) {
    for (const auto& year : alt.by_year) {
      for (const auto& [label, figure] : measures) {
        s.text(r, 0, alt.scenario.name);
        s.text(r, 1, year.financial_year);
        s.text(r, 2, label);
        if (const auto e = figure(year).estimate) {
          int col = 3;
          for (const double v : {e->mean, e->p05, e->p50, e->p95})
            s.number(r, col++, v, f.sim_number);
        } else {
          s.text(r, 3, "n/a", f.sim_number);
        }
        ++r;
      }
    }
  }
  s.freeze(4, 0);
}

namespace {

// A row of the Staffing sheet: the alternative, the service and the measure.
class StaffingRows {
 public:
  StaffingRows(Sheet& s, const Formats& f, int& r, const std::string& alternative,
               const std::string& service)
      : s_(s), f_(f), r_(r), alternative_(alternative), service_(service) {}
  // A figure's mean and 5th, 50th and 95th percentiles, or "n/a" when the file lacks it.
  void estimate(const std::string& measure, const SimulatedFigure& v) {
    start(measure);
    if (const auto& e = v.estimate) {
      int col = 3;
      for (const double stat : {e->mean, e->p05, e->p50, e->p95})
        s_.number(r_, col++, stat, f_.sim_fte);
    } else {
      s_.value(r_, 3, nlohmann::json(), f_.sim_fte);
    }
    ++r_;
  }
  void number(const std::string& measure, const std::optional<double>& v) {
    start(measure);
    s_.value(r_, 3, or_null(v), f_.sim_fte);
    ++r_;
  }

 private:
  void start(const std::string& measure) {
    s_.text(r_, 0, alternative_);
    s_.text(r_, 1, service_);
    s_.text(r_, 2, measure);
  }
  Sheet& s_;
  const Formats& f_;
  int& r_;
  const std::string &alternative_, &service_;
};

// What the staffing search found `scenario` needs for `service`'s waiting standard, if it ran.
const FteForWaitingStandard* needs_of(const ScenarioCosts& scenario, const std::string& service) {
  const auto& needs = scenario.fte_needed_for_waiting_standard;
  const auto it = needs.find(service);
  return it == needs.end() ? nullptr : &it->second;
}

// Alternative a's staff of one service in both scenarios over the horizon.
void service_staffing(Sheet& s, int& r, const Model& m, const Formats& f, std::size_t a,
                      const ServiceStaffing& service) {
  const std::string& id = service.service;
  const std::string label = service.label.empty() ? readable_id(id) : service.label;
  StaffingRows rows(s, f, r, m.results.alternatives[a].scenario.name, label);
  rows.estimate("Practitioner FTE funded at the end, baseline",
                simulated_figure(service.fte_funded_baseline));
  rows.estimate("Practitioner FTE funded at the end, alternative",
                simulated_figure(service.fte_funded_alternative));
  rows.estimate("Practitioner FTE funded: difference", simulated_figure(service.difference));
  rows.estimate("Practitioner FTE needed for demand (horizon average), baseline",
                simulated_figure(service.fte_needed_baseline));
  rows.estimate("Practitioner FTE needed for demand (horizon average), alternative",
                simulated_figure(service.fte_needed_alternative));
  rows.estimate("Practitioner FTE needed for demand: difference",
                simulated_figure(service.fte_needed_difference));
  rows.number("All staff funded at the end incl. managers and admin, baseline",
              service.staff_funded_with_management_and_admin_baseline);
  rows.number("All staff funded at the end incl. managers and admin, alternative",
              service.staff_funded_with_management_and_admin_alternative);
  for (const auto& [which, scenario] :
       {std::pair<std::string, const ScenarioCosts*>{"baseline", m.baseline},
        {"alternative", m.alternatives[a]}}) {
    const FteForWaitingStandard* need = needs_of(*scenario, id);
    if (need == nullptr) continue;
    rows.number(fmt::format("Practitioner FTE needed for {:.0f}% of families to start within "
                            "the waiting standard, {}",
                            100 * need->target_share_within_standard, which),
                need->fte);
  }
}

// Practitioner FTE funded and needed by financial year (means), every alternative's services.
void staffing_by_year(Sheet& s, int& r, const Model& m, const Formats& f) {
  s.text(r++, 0, "Practitioner FTE by financial year (means)", f.section);
  const std::vector<std::string> year_header = {"Alternative",
                                                "Service",
                                                "Financial year",
                                                "Funded, baseline",
                                                "Funded, alternative",
                                                "Needed for demand, baseline",
                                                "Needed for demand, alternative"};
  for (std::size_t i = 0; i < year_header.size(); ++i)
    s.text(r, static_cast<int>(i), year_header[i], f.header);
  ++r;
  for (const auto& alt : m.results.alternatives) {
    for (const auto& service : alt.staffing) {
      for (const auto& year : service.by_year) {
        s.text(r, 0, alt.scenario.name);
        s.text(r, 1, service.label);
        s.text(r, 2, year.financial_year);
        int col = 3;
        for (const Estimate* fte : {&year.fte_funded_baseline, &year.fte_funded_alternative,
                                    &year.fte_needed_baseline, &year.fte_needed_alternative}) {
          s.number(r, col++, fte->mean, f.sim_fte);
        }
        ++r;
      }
    }
  }
}

}  // namespace

void write_staffing(Sheet& s, const Model& m, const Formats& f) {
  s.width(0, 0, 30);
  s.width(1, 1, 34);
  s.width(2, 2, 60);
  s.width(3, 8, 15);
  int r = 0;
  s.text(r++, 0, "Staffing", f.title);
  s.text(r++, 0,
         "Full-time equivalents (FTE) of practitioners, who hold the cases, unless a line says "
         "otherwise: funded by the budget, needed for the demand that reached the service at its "
         "caseload, and needed for the waiting standard (ehsim's staffing search). Managers and "
         "admin staff funded from the same budget are shown apart. Simulated values.",
         f.note);
  ++r;
  const std::vector<std::string> header = {"Alternative",    "Service", "Measure",        "mean",
                                           "5th percentile", "median",  "95th percentile"};
  for (std::size_t i = 0; i < header.size(); ++i)
    s.text(r, static_cast<int>(i), header[i], f.header);
  ++r;
  for (std::size_t a = 0; a < m.alternatives.size(); ++a) {
    for (const auto& service : m.results.alternatives[a].staffing) {
      service_staffing(s, r, m, f, a, service);
    }
  }
  ++r;
  staffing_by_year(s, r, m, f);
  s.freeze(4, 0);
}

}  // namespace ehsim::workbook_parts
