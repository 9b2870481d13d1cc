#include "economics/workbook_inputs.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "economics/comparison.hpp"
#include "economics/labels.hpp"

namespace ehsim::workbook_parts {

namespace {

// The Inputs sheet, section by section from the top; each section leaves `r_` below itself.
class InputsSheet {
 public:
  InputsSheet(Sheet& sheet, lxw_workbook* book, const Model& m, const Formats& f)
      : s_(sheet), book_(book), m_(m), f_(f) {}

  InputCells write() {
    s_.width(0, 0, 44);
    s_.width(1, 4, 18);
    s_.width(5, 10, 14);
    s_.width(11, 12, 60);
    s_.width(13, 13 + static_cast<int>(m_.alternatives.size()), 18);
    s_.text(r_++, 0, "Inputs", f_.title);
    s_.text(r_++, 0,
            "Yellow cells are inputs: change one and every formula of the Cash flows and Summary "
            "sheets recomputes. Grey cells on other sheets are simulated values and do not change.",
            f_.note);
    ++r_;
    appraisal();
    adjustments();
    haircuts();
    price_index();
    unit_costs();
    changed_parameters();
    s_.freeze(0, 1);
    return in_;
  }

 private:
  void header(const std::vector<std::string>& titles) {
    for (std::size_t i = 0; i < titles.size(); ++i)
      s_.text(r_, static_cast<int>(i), titles[i], f_.header);
  }
  void appraisal();
  void adjustments();
  void haircuts();
  void price_index();
  void unit_costs();
  void unit_cost_row(const ItemRow& item);
  void changed_parameters();

  Sheet& s_;
  lxw_workbook* book_;
  const Model& m_;
  const Formats& f_;
  InputCells in_;
  int r_ = 0;  // the next row
};

void InputsSheet::appraisal() {
  s_.text(r_++, 0, "Appraisal", f_.section);
  const Appraisal& appraisal = m_.appraisal();
  s_.text(r_, 0, "Price base year (all £ are at this year's prices)");
  s_.text(r_, 1, appraisal.price_base_year, f_.input_text);
  s_.text(r_, 2, "name: PriceBaseYear; must be a year of the price index below", f_.note);
  define_name(book_, "PriceBaseYear", s_.ref(r_, 1));
  ++r_;
  in_.discount_rate = appraisal.discount_rate;
  s_.text(r_, 0, "Discount rate, a year (year 0 = " + m_.years.front() + ")");
  s_.number(r_, 1, in_.discount_rate, f_.input_percent);
  s_.text(r_, 2, "name: DiscountRate; HM Treasury Green Book: 3.5% for years 0-30", f_.note);
  define_name(book_, "DiscountRate", s_.ref(r_, 1));
  ++r_;
  s_.text(r_, 0, "Savings target: net cashable saving a year (£)");
  if (m_.results.target) {
    in_.target = m_.results.target;
    s_.number(r_, 1, *in_.target, f_.input_money);
  } else {
    s_.text(r_, 1, "none", f_.input_text);
  }
  s_.text(r_, 2,
          "name: Target; the chance of meeting it (Cash flows) is simulated with the target "
          "given to ehsim compare --target, and does not change with this cell",
          f_.note);
  define_name(book_, "Target", s_.ref(r_, 1));
  r_ += 2;
}

void InputsSheet::adjustments() {
  s_.text(r_++, 0, "Adjustments of each alternative", f_.section);
  header({"Alternative", "Optimism bias on extra costs", "Deadweight", "Attribution"});
  s_.text(r_, 4,
          "Optimism bias raises the extra early help spending (Green Book); deadweight and "
          "attribution scale the cost avoided (HCA additionality guide). Names: Alt1_OptimismBias, "
          "Alt1_Deadweight, Alt1_Attribution, ...",
          f_.note);
  ++r_;
  for (std::size_t a = 0; a < m_.alternatives.size(); ++a) {
    const AlternativeResults& alt = m_.results.alternatives[a];
    const Adjustments& adj = present(alt.adjustments, "adjustments for " + alt.scenario.name);
    const std::string prefix = fmt::format("Alt{}_", a + 1);
    s_.text(r_, 0, alt.scenario.name);
    in_.ob.push_back(adj.optimism_bias);
    in_.dw.push_back(adj.deadweight);
    in_.attr.push_back(adj.attribution);
    s_.number(r_, 1, in_.ob.back(), f_.input_percent);
    s_.number(r_, 2, in_.dw.back(), f_.input_percent);
    s_.number(r_, 3, in_.attr.back(), f_.input_percent);
    in_.optimism_bias.push_back(prefix + "OptimismBias");
    in_.deadweight.push_back(prefix + "Deadweight");
    in_.attribution.push_back(prefix + "Attribution");
    define_name(book_, in_.optimism_bias.back(), s_.ref(r_, 1));
    define_name(book_, in_.deadweight.back(), s_.ref(r_, 2));
    define_name(book_, in_.attribution.back(), s_.ref(r_, 3));
    ++r_;
  }
  ++r_;
}

void InputsSheet::haircuts() {
  s_.text(r_++, 0, "Optimism bias on benefits by evidence confidence grade (an assumption)",
          f_.section);
  s_.text(r_, 0, "Grade", f_.header);
  s_.text(r_, 1, "Haircut on the cost avoided", f_.header);
  s_.text(r_, 2,
          "After the New Economy model's practice: the weaker the evidence for a unit cost, the "
          "more of the cost it avoids is taken off. ehsim's default table, linear from 0% "
          "(grade 1) to 40% (grade 5), is an assumption: replace it with your partnership's. "
          "Name: ConfidenceHaircut. ehsim's own figures do not apply it; the Cash flows show the "
          "business case with and without it.",
          f_.note);
  ++r_;
  const std::vector<std::string> grade_words = {
      "1 (best): independently audited or local administrative data",
      "2: a national statistical or peer-reviewed source, high confidence",
      "3: a published source, medium confidence",
      "4: an assumption built on a source, or low confidence",
      "5 (weakest): no source, or an unsupported estimate"};
  const int haircut_first = r_;
  for (int g = 0; g < 5; ++g, ++r_) {
    s_.number(r_, 0, g + 1, f_.integer);
    s_.number(r_, 1, kConfidenceHaircut[g], f_.input_percent);
    s_.text(r_, 2, grade_words[static_cast<std::size_t>(g)]);
  }
  define_name(book_, "ConfidenceHaircut", s_.range(haircut_first, 1, r_ - 1, 1));
  ++r_;
}

void InputsSheet::price_index() {
  const Appraisal& appraisal = m_.appraisal();
  s_.text(r_++, 0, "Price index (restates each unit cost to the price base year)", f_.section);
  s_.text(r_, 0, "Financial year", f_.header);
  s_.text(r_, 1, "Index", f_.header);
  s_.text(r_, 2, "Name: PriceIndex. From the baseline scenario's /economics/price_index.", f_.note);
  ++r_;
  const int index_first = r_;
  for (const auto& entry : appraisal.price_index) {
    s_.text(r_, 0, entry.financial_year, f_.input_text);
    s_.number(r_, 1, entry.index, f_.input_number);
    ++r_;
  }
  if (r_ == index_first) {
    s_.text(r_, 0, appraisal.price_base_year, f_.input_text);
    s_.number(r_, 1, 100, f_.input_number);
    ++r_;
  }
  define_name(book_, "PriceIndex", s_.range(index_first, 0, r_ - 1, 1));
  ++r_;
}

void InputsSheet::unit_costs() {
  s_.text(r_++, 0, "Unit costs", f_.section);
  std::vector<std::string> titles = {"Cost item",
                                     "Category",
                                     "Payer",
                                     "Value type",
                                     "Charged per",
                                     "Amount (£, at its price year)",
                                     "Price year",
                                     "Price factor to the base year",
                                     "Amount at base prices (£)",
                                     "Evidence grade (1 best to 5)",
                                     "Haircut on benefits",
                                     "Why this grade (ehsim's default from the scenario)",
                                     "Source or assumption (from the scenario)"};
  for (const auto& alt : m_.results.alternatives) {
    titles.push_back("Amount at base prices in " + alt.scenario.name + " (£)");
  }
  header(titles);
  ++r_;
  in_.unit_cost_alt.resize(m_.alternatives.size());
  in_.uc_alt_value.resize(m_.alternatives.size());
  for (const auto& item : m_.items) unit_cost_row(item);
  s_.text(r_++, 0,
          "An alternative's amount follows the baseline's (a formula) unless the alternative "
          "changes it; an item a scenario does not have costs 0 there.",
          f_.note);
  ++r_;
}

// A cost item: the baseline's amount restated to the price base year (a formula over its price
// year and the index), its evidence grade and haircut, then each alternative's amount.
void InputsSheet::unit_cost_row(const ItemRow& item) {
  const int r = r_++;
  const UnitCost& any = item.any();
  const UnitCost* base = item.baseline;
  s_.text(r, 0, readable_id(item.id));
  s_.text(r, 1, readable_id(any.category));
  s_.text(r, 2, readable_id(any.payer));
  s_.text(r, 3, value_type_label(any.value_type));
  s_.text(r, 4, charged_per(any, m_.state_labels()), f_.wrap);
  const double amount = base == nullptr ? 0.0 : base->amount;
  const std::string price_year = base == nullptr ? "" : base->price_year.value_or("");
  const double factor = base == nullptr ? 1.0 : base->price_factor;
  s_.number(r, 5, amount, f_.input_money);
  s_.text(r, 6, price_year, f_.input_text);
  const std::string g = cell(r, 6, false, false);
  s_.formula(r, 7,
             fmt::format("IF(OR({0}=\"\",{0}=PriceBaseYear),1,VLOOKUP(PriceBaseYear,PriceIndex,2,"
                         "FALSE)/VLOOKUP({0},PriceIndex,2,FALSE))",
                         g),
             factor, f_.factor);
  const double at_base = base == nullptr ? 0.0 : base->amount_at_base_prices;
  s_.formula(r, 8, fmt::format("{}*{}", cell(r, 5, false, false), cell(r, 7, false, false)),
             at_base, f_.unit_money);
  const std::string name = name_from_id("UnitCost_", item.id);
  define_name(book_, name, s_.ref(r, 8));
  in_.unit_cost_base[item.id] = name;
  in_.uc_base_value[item.id] = at_base;
  const int grade = any.evidence_grade;
  s_.number(r, 9, grade, f_.input_integer);
  const double haircut = kConfidenceHaircut[std::clamp(grade, 1, 5) - 1];
  s_.formula(r, 10, fmt::format("INDEX(ConfidenceHaircut,{})", cell(r, 9, false, false)), haircut,
             f_.percent);
  in_.haircut[item.id] = s_.ref(r, 10);
  in_.haircut_value[item.id] = haircut;
  s_.text(r, 11, any.evidence_grade_reason, f_.wrap);
  s_.text(r, 12,
          any.source       ? *any.source
          : any.assumption ? "assumption: " + *any.assumption
                           : "no source given",
          f_.wrap);
  for (std::size_t a = 0; a < m_.alternatives.size(); ++a) {
    const UnitCost* own = item.alternatives[a];
    const int col = 13 + static_cast<int>(a);
    double value = 0.0;
    if (own != nullptr && base != nullptr && own->amount == base->amount &&
        own->price_year == base->price_year) {
      value = at_base;
      s_.formula(r, col, cell(r, 8, false, false), value, f_.unit_money);
    } else {
      value = own == nullptr ? 0.0 : own->amount_at_base_prices;
      s_.number(r, col, value, f_.input_money);
    }
    in_.unit_cost_alt[a][item.id] = s_.ref(r, col);
    in_.uc_alt_value[a][item.id] = value;
  }
}

void InputsSheet::changed_parameters() {
  s_.text(r_++, 0, "Parameters the alternatives change (they drove the simulation)", f_.section);
  s_.text(r_++, 0,
          "These are simulation inputs: changing them here changes nothing. Re-run ehsim compare "
          "with the changed scenario to see what follows.",
          f_.note);
  header({"Alternative", "Parameter", "JSON pointer", "Baseline", "Alternative's value",
          "Source or assumption"});
  ++r_;
  for (const auto& alt : m_.results.alternatives) {
    for (const auto& d : alt.assumptions_differing) {
      s_.text(r_, 0, alt.scenario.name);
      s_.text(r_, 1, pointer_label(d.pointer), f_.wrap);
      s_.text(r_, 2, d.pointer);
      s_.value(r_, 3, d.baseline);
      s_.value(r_, 4, d.alternative);
      s_.text(r_, 5, d.source, f_.wrap);
      ++r_;
    }
  }
}

}  // namespace

InputCells write_inputs(Sheet& s, lxw_workbook* book, const Model& m, const Formats& f) {
  return InputsSheet(s, book, m, f).write();
}

ActivityCells write_activity(Sheet& s, const Model& m, const Formats& f) {
  ActivityCells cells;
  s.width(0, 0, 34);
  s.width(1, 1, 40);
  s.width(2, 2, 18);
  s.width(3, 3 + static_cast<int>(m.years.size()), 13);
  int r = 0;
  s.text(r++, 0, "Simulated activity", f.title);
  s.text(r++, 0,
         fmt::format("Simulated values (grey): the mean over {} replications of what each cost "
                     "item is charged on, per financial year. Cost = activity x unit cost is "
                     "computed on the Cash flows sheets. Do not edit: re-run ehsim to change them.",
                     m.replications),
         f.note);
  ++r;
  std::vector<const ScenarioCosts*> scenarios = {m.baseline};
  scenarios.insert(scenarios.end(), m.alternatives.begin(), m.alternatives.end());
  const auto header = [&](const std::string& second, const std::string& third) {
    s.text(r, 0, "Scenario", f.header);
    s.text(r, 1, second, f.header);
    s.text(r, 2, third, f.header);
    for (std::size_t y = 0; y < m.years.size(); ++y)
      s.text(r, 3 + static_cast<int>(y), m.years[y], f.header);
    ++r;
  };
  s.text(r++, 0, "Mean activity per financial year (simulated)", f.section);
  header("Cost item", "Units");
  cells.item_row.resize(scenarios.size());
  cells.service_row.resize(scenarios.size());
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    for (const auto& item : m.items) {
      const UnitCost* own = i == 0 ? item.baseline : item.alternatives[i - 1];
      s.text(r, 0, scenarios[i]->name);
      s.text(r, 1, readable_id(item.id));
      s.text(r, 2, own == nullptr ? "not costed in this scenario" : own->units);
      for (std::size_t y = 0; y < m.years.size(); ++y) {
        s.number(r, 3 + static_cast<int>(y),
                 activity(*scenarios[i], &ActivityYear::item_units, item.id, y), f.sim_number);
      }
      cells.item_row[i][item.id] = r++;
    }
  }
  ++r;
  s.text(r++, 0, "Early help spending by service (£ a year, from the scenarios' budgets)",
         f.section);
  s.text(
      r++, 0,
      "The budget (or FTE cost) in force, spread over the days of each year: the same in every "
      "replication. A budget drives the simulated places, so changing it means re-running ehsim.",
      f.note);
  header("Service", "Units");
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    for (const auto& [id, label] : m.services) {
      s.text(r, 0, scenarios[i]->name);
      s.text(r, 1, label);
      s.text(r, 2, "£");
      for (std::size_t y = 0; y < m.years.size(); ++y) {
        s.number(r, 3 + static_cast<int>(y),
                 activity(*scenarios[i], &ActivityYear::early_help_service_spend, id, y),
                 f.sim_money);
      }
      cells.service_row[i][id] = r++;
    }
  }
  s.freeze(4, 2);
  return cells;
}

}  // namespace ehsim::workbook_parts
