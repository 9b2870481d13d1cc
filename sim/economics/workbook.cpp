#include "economics/workbook.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "economics/comparison.hpp"
#include "economics/comparison_results.hpp"
#include "economics/labels.hpp"
#include "economics/uncertainty_sheets.hpp"
#include "economics/workbook_sheet.hpp"

namespace ehsim {

using nlohmann::json;

namespace {

using namespace workbook_parts;

void define_name(lxw_workbook* book, const std::string& name, const std::string& target) {
  if (workbook_define_name(book, name.c_str(), ("=" + target).c_str()) != LXW_NO_ERROR) {
    throw std::runtime_error("libxlsxwriter could not define the name " + name);
  }
}

std::string value_type_label(const std::string& type) {
  if (type == "fiscal_cashable") return "Fiscal cashable";
  if (type == "fiscal_non_cashable") return "Fiscal non-cashable";
  if (type == "economic") return "Economic";
  if (type == "social") return "Social";
  return readable_id(type);
}

bool is_fiscal_type(const std::string& type) {
  return type == "fiscal_cashable" || type == "fiscal_non_cashable";
}

// "Charged per child-week in Looked after (foster), Looked after (other)".
std::string charged_per(const json& item, const std::map<std::string, std::string>& state_labels) {
  const auto label = [&](const std::string& id) {
    const auto it = state_labels.find(id);
    return it != state_labels.end() && !it->second.empty() ? it->second : readable_id(id);
  };
  const std::string who = item.value("per_child", true) ? "child" : "family";
  std::string out;
  if (!item.at("per_week_in_states").empty()) {
    out = who + "-week in ";
    bool first = true;
    for (const auto& s : item.at("per_week_in_states")) {
      out += (first ? "" : ", ") + label(s.get<std::string>());
      first = false;
    }
  }
  if (item.at("per_event").is_string()) {
    out += (out.empty() ? "" : "; ") +
           fmt::format("{} ({} counted)", readable_id(item.at("per_event").get<std::string>()),
                       item.value("per_child", true) ? "children" : "families");
  }
  if (item.at("per_entry_to_state").is_string()) {
    out += (out.empty() ? "" : "; ") + std::string("entry to ") +
           label(item.at("per_entry_to_state").get<std::string>()) +
           (item.value("per_child", true) ? " (per child)" : " (per family)");
  }
  return out;
}

// ---- the comparison as the workbook needs it -------------------------------------------------

struct ItemRow {
  std::string id;
  json baseline;                   // the baseline's unit cost (null when it has none)
  std::vector<json> alternatives;  // each alternative's (null when it has none)
  const json& any() const {
    if (!baseline.is_null()) return baseline;
    for (const auto& a : alternatives)
      if (!a.is_null()) return a;
    return baseline;
  }
  bool early_help() const { return any().value("category", "") == kEarlyHelpCategory; }
};

struct Model {
  const json& c;
  ComparisonResults results;              // the typed parts of c
  const json* baseline = nullptr;         // per_scenario entry
  std::vector<const json*> alternatives;  // per_scenario entries, in alternatives' order
  std::vector<std::string> years;         // financial year labels
  std::vector<ItemRow> items;             // every cost item of any scenario
  std::vector<std::pair<std::string, std::string>> services;  // early help services: id, label
  std::map<std::string, std::string> state_labels;
  int replications = 0;
};

const json* per_scenario_of(const json& c, const std::string& slug) {
  for (const auto& s : c.at("per_scenario")) {
    if (s.value("slug", "") == slug) return &s;
  }
  throw std::runtime_error("comparison.json has no per_scenario entry for " + slug);
}

const json& unit_cost_in(const json* scenario, const std::string& id) {
  static const json none;
  for (const auto& item : scenario->at("unit_costs")) {
    if (item.at("id") == id) return item;
  }
  return none;
}

Model model_of(const json& c) {
  Model m{c, c.get<ComparisonResults>(), nullptr, {}, {}, {}, {}, {}, 0};
  m.replications = c.value("replications", 0);
  m.baseline = per_scenario_of(c, c.at("baseline").at("slug").get<std::string>());
  for (const auto& alt : c.at("alternatives")) {
    m.alternatives.push_back(per_scenario_of(c, alt.at("slug").get<std::string>()));
  }
  for (const auto& y : m.baseline->at("activity_by_year")) {
    m.years.push_back(y.at("financial_year").get<std::string>());
  }
  std::vector<const json*> all = {m.baseline};
  all.insert(all.end(), m.alternatives.begin(), m.alternatives.end());
  for (const json* s : all) {
    for (const auto& item : s->at("unit_costs")) {
      const std::string id = item.at("id").get<std::string>();
      if (std::none_of(m.items.begin(), m.items.end(),
                       [&](const ItemRow& r) { return r.id == id; })) {
        ItemRow row{id, unit_cost_in(m.baseline, id), {}};
        for (const json* a : m.alternatives) row.alternatives.push_back(unit_cost_in(a, id));
        m.items.push_back(row);
      }
    }
    for (const auto& service : s->at("early_help_services")) {
      const std::string id = service.at("id").get<std::string>();
      if (std::none_of(m.services.begin(), m.services.end(),
                       [&](const auto& e) { return e.first == id; })) {
        const std::string label = service.value("label", "");
        m.services.emplace_back(id, label.empty() ? readable_id(id) : label);
      }
    }
  }
  if (m.baseline->contains("state_labels")) {
    for (const auto& s : m.baseline->at("state_labels").items()) {
      m.state_labels[s.key()] = s.value().get<std::string>();
    }
  }
  return m;
}

// One of ehsim's figures as the workbook shows it beside its own: the summary (none when
// comparison.json has null, a return per £1 that is not defined) and, for a paired difference,
// the unpaired range.
struct SimulatedFigure {
  std::optional<Estimate> estimate;
  std::optional<double> unpaired_p05, unpaired_p95;
};
SimulatedFigure simulated_figure(const Difference& d) {
  return {static_cast<const Estimate&>(d), d.unpaired_p05, d.unpaired_p95};
}
SimulatedFigure simulated_figure(const std::optional<Difference>& d) {
  return d ? simulated_figure(*d) : SimulatedFigure{};
}
SimulatedFigure simulated_figure(const std::optional<Estimate>& e) {
  return {e, std::nullopt, std::nullopt};
}

// A number, or null ("n/a" in a cell) when there is none.
json number_or_null(const std::optional<double>& v) {
  return v ? json(*v) : json(nullptr);
}
json text_or_null(const std::optional<std::string>& v) {
  return v ? json(*v) : json(nullptr);
}

// Mean units of a cost item (or spending of a service) in a scenario's year y.
double activity(const json* scenario, const char* field, const std::string& id, std::size_t y) {
  const auto& years = scenario->at("activity_by_year");
  if (y >= years.size()) return 0.0;
  const auto& values = years[y].at(field);
  return values.contains(id) ? values.at(id).get<double>() : 0.0;
}

// ---- Inputs ----------------------------------------------------------------------------------

struct InputCells {
  std::vector<std::string> optimism_bias, deadweight, attribution;  // names, per alternative
  std::vector<double> ob, dw, attr;
  std::map<std::string, std::string> unit_cost_base;              // item -> name
  std::vector<std::map<std::string, std::string>> unit_cost_alt;  // [alt] item -> reference
  std::map<std::string, double> uc_base_value;
  std::vector<std::map<std::string, double>> uc_alt_value;
  std::map<std::string, std::string> haircut;  // item -> reference
  std::map<std::string, double> haircut_value;
  double discount_rate = 0.035;
  std::optional<double> target;
};

InputCells write_inputs(Sheet& s, lxw_workbook* book, const Model& m, const Formats& f) {
  InputCells in;
  const json& c = m.c;
  s.width(0, 0, 44);
  s.width(1, 4, 18);
  s.width(5, 10, 14);
  s.width(11, 12, 60);
  s.width(13, 13 + static_cast<int>(m.alternatives.size()), 18);
  int r = 0;
  s.text(r++, 0, "Inputs", f.title);
  s.text(r++, 0,
         "Yellow cells are inputs: change one and every formula of the Cash flows and Summary "
         "sheets recomputes. Grey cells on other sheets are simulated values and do not change.",
         f.note);
  ++r;
  s.text(r++, 0, "Appraisal", f.section);
  const auto appraisal = m.baseline->at("appraisal");
  s.text(r, 0, "Price base year (all £ are at this year's prices)");
  s.text(r, 1, appraisal.at("price_base_year").get<std::string>(), f.input_text);
  s.text(r, 2, "name: PriceBaseYear; must be a year of the price index below", f.note);
  define_name(book, "PriceBaseYear", s.ref(r, 1));
  ++r;
  in.discount_rate = appraisal.at("discount_rate").get<double>();
  s.text(r, 0, "Discount rate, a year (year 0 = " + m.years.front() + ")");
  s.number(r, 1, in.discount_rate, f.input_percent);
  s.text(r, 2, "name: DiscountRate; HM Treasury Green Book: 3.5% for years 0-30", f.note);
  define_name(book, "DiscountRate", s.ref(r, 1));
  ++r;
  s.text(r, 0, "Savings target: net cashable saving a year (£)");
  if (c.contains("target") && c.at("target").is_number()) {
    in.target = c.at("target").get<double>();
    s.number(r, 1, *in.target, f.input_money);
  } else {
    s.text(r, 1, "none", f.input_text);
  }
  s.text(r, 2,
         "name: Target; the chance of meeting it (Cash flows) is simulated with the target "
         "given to ehsim compare --target, and does not change with this cell",
         f.note);
  define_name(book, "Target", s.ref(r, 1));
  r += 2;

  s.text(r++, 0, "Adjustments of each alternative", f.section);
  const std::vector<std::string> adjustment_header = {"Alternative", "Optimism bias on extra costs",
                                                      "Deadweight", "Attribution"};
  for (std::size_t i = 0; i < adjustment_header.size(); ++i) {
    s.text(r, static_cast<int>(i), adjustment_header[i], f.header);
  }
  s.text(r, 4,
         "Optimism bias raises the extra early help spending (Green Book); deadweight and "
         "attribution scale the cost avoided (HCA additionality guide). Names: Alt1_OptimismBias, "
         "Alt1_Deadweight, Alt1_Attribution, ...",
         f.note);
  ++r;
  for (std::size_t a = 0; a < m.alternatives.size(); ++a) {
    const json& adj = c.at("alternatives")[a].at("adjustments");
    const std::string prefix = fmt::format("Alt{}_", a + 1);
    s.text(r, 0, c.at("alternatives")[a].at("name").get<std::string>());
    in.ob.push_back(adj.at("optimism_bias").get<double>());
    in.dw.push_back(adj.at("deadweight").get<double>());
    in.attr.push_back(adj.at("attribution").get<double>());
    s.number(r, 1, in.ob.back(), f.input_percent);
    s.number(r, 2, in.dw.back(), f.input_percent);
    s.number(r, 3, in.attr.back(), f.input_percent);
    in.optimism_bias.push_back(prefix + "OptimismBias");
    in.deadweight.push_back(prefix + "Deadweight");
    in.attribution.push_back(prefix + "Attribution");
    define_name(book, in.optimism_bias.back(), s.ref(r, 1));
    define_name(book, in.deadweight.back(), s.ref(r, 2));
    define_name(book, in.attribution.back(), s.ref(r, 3));
    ++r;
  }
  ++r;

  s.text(r++, 0, "Optimism bias on benefits by evidence confidence grade (an assumption)",
         f.section);
  s.text(r, 0, "Grade", f.header);
  s.text(r, 1, "Haircut on the cost avoided", f.header);
  s.text(r, 2,
         "After the New Economy model's practice: the weaker the evidence for a unit cost, the "
         "more of the cost it avoids is taken off. ehsim's default table, linear from 0% "
         "(grade 1) to 40% (grade 5), is an assumption: replace it with your partnership's. "
         "Name: ConfidenceHaircut. ehsim's own figures do not apply it; the Cash flows show the "
         "business case with and without it.",
         f.note);
  ++r;
  const std::vector<std::string> grade_words = {
      "1 (best): independently audited or local administrative data",
      "2: a national statistical or peer-reviewed source, high confidence",
      "3: a published source, medium confidence",
      "4: an assumption built on a source, or low confidence",
      "5 (weakest): no source, or an unsupported estimate"};
  const int haircut_first = r;
  for (int g = 0; g < 5; ++g, ++r) {
    s.number(r, 0, g + 1, f.integer);
    s.number(r, 1, kConfidenceHaircut[g], f.input_percent);
    s.text(r, 2, grade_words[static_cast<std::size_t>(g)]);
  }
  define_name(book, "ConfidenceHaircut", s.range(haircut_first, 1, r - 1, 1));
  ++r;

  s.text(r++, 0, "Price index (restates each unit cost to the price base year)", f.section);
  s.text(r, 0, "Financial year", f.header);
  s.text(r, 1, "Index", f.header);
  s.text(r, 2, "Name: PriceIndex. From the baseline scenario's /economics/price_index.", f.note);
  ++r;
  const int index_first = r;
  for (const auto& entry : appraisal.at("price_index")) {
    s.text(r, 0, entry.at("financial_year").get<std::string>(), f.input_text);
    s.number(r, 1, entry.at("index").get<double>(), f.input_number);
    ++r;
  }
  if (r == index_first) {
    s.text(r, 0, appraisal.at("price_base_year").get<std::string>(), f.input_text);
    s.number(r, 1, 100, f.input_number);
    ++r;
  }
  define_name(book, "PriceIndex", s.range(index_first, 0, r - 1, 1));
  ++r;

  s.text(r++, 0, "Unit costs", f.section);
  std::vector<std::string> header = {"Cost item",
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
  for (const auto& alt : c.at("alternatives")) {
    header.push_back("Amount at base prices in " + alt.at("name").get<std::string>() + " (£)");
  }
  for (std::size_t i = 0; i < header.size(); ++i)
    s.text(r, static_cast<int>(i), header[i], f.header);
  ++r;
  in.unit_cost_alt.resize(m.alternatives.size());
  in.uc_alt_value.resize(m.alternatives.size());
  for (const auto& item : m.items) {
    const json& any = item.any();
    const json& base = item.baseline;
    s.text(r, 0, readable_id(item.id));
    s.text(r, 1, readable_id(any.value("category", "")));
    s.text(r, 2, readable_id(any.value("payer", "")));
    s.text(r, 3, value_type_label(any.value("value_type", "")));
    s.text(r, 4, charged_per(any, m.state_labels), f.wrap);
    const double amount = base.is_null() ? 0.0 : base.at("amount").get<double>();
    const std::string price_year = base.is_null() || !base.at("price_year").is_string()
                                       ? ""
                                       : base.at("price_year").get<std::string>();
    const double factor = base.is_null() ? 1.0 : base.at("price_factor").get<double>();
    s.number(r, 5, amount, f.input_money);
    s.text(r, 6, price_year, f.input_text);
    const std::string g = cell(r, 6, false, false);
    s.formula(r, 7,
              fmt::format("IF(OR({0}=\"\",{0}=PriceBaseYear),1,VLOOKUP(PriceBaseYear,PriceIndex,2,"
                          "FALSE)/VLOOKUP({0},PriceIndex,2,FALSE))",
                          g),
              factor, f.factor);
    const double at_base = base.is_null() ? 0.0 : base.at("amount_at_base_prices").get<double>();
    s.formula(r, 8, fmt::format("{}*{}", cell(r, 5, false, false), cell(r, 7, false, false)),
              at_base, f.unit_money);
    const std::string name = name_from_id("UnitCost_", item.id);
    define_name(book, name, s.ref(r, 8));
    in.unit_cost_base[item.id] = name;
    in.uc_base_value[item.id] = at_base;
    const int grade = any.value("evidence_grade", 5);
    s.number(r, 9, grade, f.input_integer);
    const double haircut = kConfidenceHaircut[std::clamp(grade, 1, 5) - 1];
    s.formula(r, 10, fmt::format("INDEX(ConfidenceHaircut,{})", cell(r, 9, false, false)), haircut,
              f.percent);
    in.haircut[item.id] = s.ref(r, 10);
    in.haircut_value[item.id] = haircut;
    s.text(r, 11, any.value("evidence_grade_reason", ""), f.wrap);
    const json& provenance = any.at("source").is_string() ? any.at("source") : any.at("assumption");
    s.text(r, 12,
           provenance.is_string() ? (any.at("source").is_string() ? "" : "assumption: ") +
                                        provenance.get<std::string>()
                                  : "no source given",
           f.wrap);
    for (std::size_t a = 0; a < m.alternatives.size(); ++a) {
      const json& own = item.alternatives[a];
      const int col = 13 + static_cast<int>(a);
      double value = 0.0;
      if (!own.is_null() && !base.is_null() && own.at("amount") == base.at("amount") &&
          own.at("price_year") == base.at("price_year")) {
        value = at_base;
        s.formula(r, col, cell(r, 8, false, false), value, f.unit_money);
      } else {
        value = own.is_null() ? 0.0 : own.at("amount_at_base_prices").get<double>();
        s.number(r, col, value, f.input_money);
      }
      in.unit_cost_alt[a][item.id] = s.ref(r, col);
      in.uc_alt_value[a][item.id] = value;
    }
    ++r;
  }
  s.text(r++, 0,
         "An alternative's amount follows the baseline's (a formula) unless the alternative "
         "changes it; an item a scenario does not have costs 0 there.",
         f.note);
  ++r;

  s.text(r++, 0, "Parameters the alternatives change (they drove the simulation)", f.section);
  s.text(r++, 0,
         "These are simulation inputs: changing them here changes nothing. Re-run ehsim compare "
         "with the changed scenario to see what follows.",
         f.note);
  const std::vector<std::string> changed = {"Alternative",         "Parameter",
                                            "JSON pointer",        "Baseline",
                                            "Alternative's value", "Source or assumption"};
  for (std::size_t i = 0; i < changed.size(); ++i)
    s.text(r, static_cast<int>(i), changed[i], f.header);
  ++r;
  for (const auto& alt : c.at("alternatives")) {
    for (const auto& d : alt.at("assumptions_differing")) {
      s.text(r, 0, alt.at("name").get<std::string>());
      s.text(r, 1, pointer_label(d.at("pointer").get<std::string>()), f.wrap);
      s.text(r, 2, d.at("pointer").get<std::string>());
      s.value(r, 3, d.at("baseline"));
      s.value(r, 4, d.at("alternative"));
      s.text(r, 5, d.at("source").get<std::string>(), f.wrap);
      ++r;
    }
  }
  s.freeze(0, 1);
  return in;
}

// ---- Simulated activity --------------------------------------------------------------------

struct ActivityCells {
  // [scenario 0 = baseline, 1.. = alternatives][id] -> row
  std::vector<std::map<std::string, int>> item_row, service_row;
  int first_year_col = 3;
};

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
  std::vector<const json*> scenarios = {m.baseline};
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
      const json& own = i == 0 ? item.baseline : item.alternatives[i - 1];
      s.text(r, 0, scenarios[i]->at("name").get<std::string>());
      s.text(r, 1, readable_id(item.id));
      s.text(r, 2, own.is_null() ? "not costed in this scenario" : own.value("units", ""));
      for (std::size_t y = 0; y < m.years.size(); ++y) {
        s.number(r, 3 + static_cast<int>(y), activity(scenarios[i], "item_units", item.id, y),
                 f.sim_number);
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
      s.text(r, 0, scenarios[i]->at("name").get<std::string>());
      s.text(r, 1, label);
      s.text(r, 2, "£");
      for (std::size_t y = 0; y < m.years.size(); ++y) {
        s.number(r, 3 + static_cast<int>(y),
                 activity(scenarios[i], "early_help_service_spend", id, y), f.sim_money);
      }
      cells.service_row[i][id] = r++;
    }
  }
  s.freeze(4, 2);
  return cells;
}

// ---- Cash flows ----------------------------------------------------------------------------

// Where the Summary finds an alternative's workbook figures: the cell and its value.
struct Result {
  std::string ref;
  double value = 0;
  std::string text;  // for a text result (the payback year)
};

struct CashFlowResults {
  std::map<std::string, Result> results;
  std::string net_cashable_row_ref_first;  // first year's cell of the net cashable saving
  std::vector<Result> net_cashable_by_year;
};

// A row of per-year formulas and their values.
struct Line {
  int row = -1;
  std::vector<double> values;
  double total() const {
    double t = 0;
    for (double v : values) t += v;
    return t;
  }
};

class CashFlows {
 public:
  CashFlows(Sheet& sheet, const Model& m, const Formats& f, const InputCells& in,
            const ActivityCells& act, const Sheet& activity, std::size_t alt)
      : s_(sheet),
        m_(m),
        f_(f),
        in_(in),
        act_(act),
        activity_(activity),
        a_(alt),
        years_(static_cast<int>(m.years.size())) {}

  static constexpr int kLabel = 0, kCategory = 1, kPayer = 2, kType = 3, kHaircut = 4, kFirst = 5;
  static constexpr int kResultsRows = 17;  // the results block at the top

  CashFlowResults write();

 private:
  int year_col(int y) const { return kFirst + y; }
  int total_col() const { return kFirst + years_; }
  std::string at(int row, int y) const { return cell(row, year_col(y), false, false); }
  std::string row_range(int row) const {
    return cell(row, year_col(0)) + ":" + cell(row, year_col(years_ - 1));
  }
  // A line: the label, then per year the formula made by `formula(y)` with value `value(y)`.
  Line line(int& r, const std::string& label, const std::function<std::string(int)>& formula,
            const std::function<double(int)>& value, lxw_format* format, bool total = true) {
    Line l{r, {}};
    s_.text(r, kLabel, label, format == f_.money_bold ? f_.bold : nullptr);
    for (int y = 0; y < years_; ++y) {
      l.values.push_back(value(y));
      s_.formula(r, year_col(y), formula(y), l.values.back(), format);
    }
    if (total) {
      s_.formula(r, total_col(), fmt::format("SUM({}:{})", at(r, 0), at(r, years_ - 1)), l.total(),
                 format);
    }
    ++r;
    return l;
  }
  std::string activity_ref(std::size_t scenario, const std::string& id, int y, bool service) const {
    const auto& rows = service ? act_.service_row[scenario] : act_.item_row[scenario];
    return activity_.ref(rows.at(id), act_.first_year_col + y);
  }
  double activity_value(std::size_t scenario, const std::string& id, int y, bool service) const {
    const json* sc = scenario == 0 ? m_.baseline : m_.alternatives[scenario - 1];
    return activity(sc, service ? "early_help_service_spend" : "item_units", id,
                    static_cast<std::size_t>(y));
  }
  void section(int& r, const std::string& title) {
    ++r;
    s_.text(r++, kLabel, title, f_.section);
  }

  Sheet& s_;
  const Model& m_;
  const Formats& f_;
  const InputCells& in_;
  const ActivityCells& act_;
  const Sheet& activity_;
  std::size_t a_;
  int years_;
};

CashFlowResults CashFlows::write() {
  const AlternativeResults& alt = m_.results.alternatives.at(a_);
  const std::string ob = in_.optimism_bias[a_], dw = in_.deadweight[a_], attr = in_.attribution[a_];
  const double obv = in_.ob[a_], dwv = in_.dw[a_], attrv = in_.attr[a_];
  const std::size_t sa = a_ + 1;  // the alternative's index among the scenarios
  s_.width(kLabel, kLabel, 58);
  s_.width(kCategory, kType, 16);
  s_.width(kHaircut, kHaircut, 10);
  s_.width(kFirst, total_col(), 14);
  int r = 0;
  s_.text(r++, 0,
          fmt::format("Cash flows: {} against {}", alt.scenario.name, m_.results.baseline.name),
          f_.title);
  s_.text(r++, 0,
          fmt::format("£ at {} prices. Every figure in black is a formula over the Inputs (yellow) "
                      "and the Simulated activity (grey, mean over {} replications). Grey cells "
                      "here are ehsim's replication-by-replication figures, as values.",
                      m_.baseline->at("appraisal").at("price_base_year").get<std::string>(),
                      m_.replications),
          f_.note);
  const int results_top = r + 1;
  r = results_top + kResultsRows;

  // The year table.
  const int header_row = r;
  s_.text(r, kLabel, "Line", f_.header);
  s_.text(r, kCategory, "Category", f_.header);
  s_.text(r, kPayer, "Payer", f_.header);
  s_.text(r, kType, "Value type", f_.header);
  s_.text(r, kHaircut, "Benefit haircut", f_.header);
  for (int y = 0; y < years_; ++y)
    s_.text(r, year_col(y), m_.years[static_cast<std::size_t>(y)], f_.header);
  s_.text(r, total_col(), "Total", f_.header);
  ++r;
  const int t_row = r;
  s_.text(r, kLabel, "Year index t (0 = the first financial year)");
  for (int y = 0; y < years_; ++y) s_.number(r, year_col(y), y, f_.integer);
  ++r;
  std::vector<double> df_values;
  for (int y = 0; y < years_; ++y) df_values.push_back(1.0 / std::pow(1.0 + in_.discount_rate, y));
  const Line df = line(
      r, "Discount factor 1 / (1 + DiscountRate)^t",
      [&](int y) {
        return fmt::format("1/(1+DiscountRate)^{}", cell(t_row, year_col(y), true, false));
      },
      [&](int y) { return df_values[static_cast<std::size_t>(y)]; }, f_.factor, false);

  // Investment by budget line.
  section(r,
          "Extra investment: the alternative's early help spending minus the baseline's, "
          "times (1 + optimism bias)");
  std::vector<Line> investment_lines;
  for (const auto& [id, label] : m_.services) {
    investment_lines.push_back(line(
        r, "Budget line: " + label,
        [&, id = id](int y) {
          return fmt::format("({}-{})*(1+{})", activity_ref(sa, id, y, true),
                             activity_ref(0, id, y, true), ob);
        },
        [&, id = id](int y) {
          return (activity_value(sa, id, y, true) - activity_value(0, id, y, true)) * (1 + obv);
        },
        f_.money));
  }
  for (const auto& item : m_.items) {
    if (!item.early_help()) continue;
    const std::string base_uc = in_.unit_cost_base.at(item.id);
    const std::string alt_uc = in_.unit_cost_alt[a_].at(item.id);
    const double bv = in_.uc_base_value.at(item.id), av = in_.uc_alt_value[a_].at(item.id);
    investment_lines.push_back(line(
        r, "Early help cost item: " + readable_id(item.id),
        [&](int y) {
          return fmt::format("({}*{}-{}*{})*(1+{})", activity_ref(sa, item.id, y, false), alt_uc,
                             activity_ref(0, item.id, y, false), base_uc, ob);
        },
        [&](int y) {
          return (activity_value(sa, item.id, y, false) * av -
                  activity_value(0, item.id, y, false) * bv) *
                 (1 + obv);
        },
        f_.money));
  }
  const int inv_first = investment_lines.empty() ? r : investment_lines.front().row;
  const int inv_last = investment_lines.empty() ? r : investment_lines.back().row;
  const Line investment = line(
      r, "Total extra investment",
      [&](int y) {
        return investment_lines.empty()
                   ? std::string("0")
                   : fmt::format("SUM({}:{})", at(inv_first, y), at(inv_last, y));
      },
      [&](int y) {
        double t = 0;
        for (const auto& l : investment_lines) t += l.values[static_cast<std::size_t>(y)];
        return t;
      },
      f_.money_bold);

  // Cost avoided by cost item.
  section(r,
          "Late-intervention cost avoided, by cost item: baseline minus alternative, times "
          "(1 - deadweight) x attribution");
  struct ItemLine {
    const ItemRow* item;
    Line line;
  };
  std::vector<ItemLine> avoided;
  for (const auto& item : m_.items) {
    if (item.early_help()) continue;
    const json& any = item.any();
    const std::string base_uc = in_.unit_cost_base.at(item.id);
    const std::string alt_uc = in_.unit_cost_alt[a_].at(item.id);
    const double bv = in_.uc_base_value.at(item.id), av = in_.uc_alt_value[a_].at(item.id);
    const int row = r;
    s_.text(row, kCategory, readable_id(any.value("category", "")));
    s_.text(row, kPayer, readable_id(any.value("payer", "")));
    s_.text(row, kType, value_type_label(any.value("value_type", "")));
    s_.formula(row, kHaircut, in_.haircut.at(item.id), in_.haircut_value.at(item.id), f_.percent);
    avoided.push_back({&item, line(
                                  r, readable_id(item.id),
                                  [&](int y) {
                                    return fmt::format("({}*{}-{}*{})*(1-{})*{}",
                                                       activity_ref(0, item.id, y, false), base_uc,
                                                       activity_ref(sa, item.id, y, false), alt_uc,
                                                       dw, attr);
                                  },
                                  [&](int y) {
                                    return (activity_value(0, item.id, y, false) * bv -
                                            activity_value(sa, item.id, y, false) * av) *
                                           ((1 - dwv) * attrv);
                                  },
                                  f_.money)});
  }
  const int av_first = avoided.empty() ? r : avoided.front().line.row;
  const int av_last = avoided.empty() ? r : avoided.back().line.row;
  const auto in_items = [&](int col) { return cell(av_first, col) + ":" + cell(av_last, col); };
  const auto year_items = [&](int y) {
    return cell(av_first, year_col(y), true, false) + ":" + cell(av_last, year_col(y), true, false);
  };
  const auto sum_where = [&](const std::function<bool(const json&)>& pick, int y) {
    double t = 0;
    for (const auto& l : avoided) {
      if (pick(l.item->any())) t += l.line.values[static_cast<std::size_t>(y)];
    }
    return t;
  };

  section(r, "Cost avoided by value type (HMT / New Economy)");
  std::map<std::string, Line> by_type;
  for (const std::string type : {"fiscal_cashable", "fiscal_non_cashable", "economic", "social"}) {
    by_type[type] = line(
        r, value_type_label(type),
        [&](int y) {
          return fmt::format("SUMIF({},{},{})", in_items(kType),
                             formula_text(value_type_label(type)), year_items(y));
        },
        [&](int y) {
          return sum_where([&](const json& i) { return i.value("value_type", "") == type; }, y);
        },
        f_.money);
  }
  const Line fiscal = line(
      r, "Fiscal cost avoided (cashable + non-cashable)",
      [&](int y) {
        return fmt::format("{}+{}", at(by_type["fiscal_cashable"].row, y),
                           at(by_type["fiscal_non_cashable"].row, y));
      },
      [&](int y) {
        return by_type["fiscal_cashable"].values[static_cast<std::size_t>(y)] +
               by_type["fiscal_non_cashable"].values[static_cast<std::size_t>(y)];
      },
      f_.money_bold);
  const Line all_value = line(
      r, "All value avoided (fiscal, economic and social)",
      [&](int y) {
        return fmt::format("SUM({}:{})", at(by_type["fiscal_cashable"].row, y),
                           at(by_type["social"].row, y));
      },
      [&](int y) {
        double t = 0;
        for (const auto& [_, l] : by_type) t += l.values[static_cast<std::size_t>(y)];
        return t;
      },
      f_.money);

  const auto fiscal_sum = [&](int key_col, const std::string& label, int y) {
    return fmt::format(
        "SUMIFS({0},{1},{2},{3},\"Fiscal cashable\")+SUMIFS({0},{1},{2},{3},"
        "\"Fiscal non-cashable\")",
        year_items(y), in_items(key_col), formula_text(label), in_items(kType));
  };
  std::vector<std::string> categories, payers;
  for (const auto& l : avoided) {
    const json& i = l.item->any();
    if (!is_fiscal_type(i.value("value_type", ""))) continue;
    const std::string cat = i.value("category", ""), payer = i.value("payer", "");
    if (std::find(categories.begin(), categories.end(), cat) == categories.end())
      categories.push_back(cat);
    if (std::find(payers.begin(), payers.end(), payer) == payers.end()) payers.push_back(payer);
  }
  section(r, "Fiscal cost avoided by category (Early Intervention Foundation)");
  for (const auto& category : categories) {
    line(
        r, readable_id(category),
        [&](int y) { return fiscal_sum(kCategory, readable_id(category), y); },
        [&](int y) {
          return sum_where(
              [&](const json& i) {
                return i.value("category", "") == category &&
                       is_fiscal_type(i.value("value_type", ""));
              },
              y);
        },
        f_.money);
  }
  section(r, "Fiscal cost avoided by payer (who benefits)");
  for (const auto& payer : payers) {
    line(
        r, readable_id(payer), [&](int y) { return fiscal_sum(kPayer, readable_id(payer), y); },
        [&](int y) {
          return sum_where(
              [&](const json& i) {
                return i.value("payer", "") == payer && is_fiscal_type(i.value("value_type", ""));
              },
              y);
        },
        f_.money);
  }
  section(r, "Cashable saving by payer");
  for (const auto& payer : payers) {
    line(
        r, readable_id(payer),
        [&](int y) {
          return fmt::format("SUMIFS({},{},{},{},\"Fiscal cashable\")", year_items(y),
                             in_items(kPayer), formula_text(readable_id(payer)), in_items(kType));
        },
        [&](int y) {
          return sum_where(
              [&](const json& i) {
                return i.value("payer", "") == payer &&
                       i.value("value_type", "") == "fiscal_cashable";
              },
              y);
        },
        f_.money);
  }

  section(r, "Net saving, discounting and payback");
  const auto vals = [](const Line& l, int y) { return l.values[static_cast<std::size_t>(y)]; };
  const Line net = line(
      r, "Net saving (fiscal cost avoided - extra investment)",
      [&](int y) { return fmt::format("{}-{}", at(fiscal.row, y), at(investment.row, y)); },
      [&](int y) { return vals(fiscal, y) - vals(investment, y); }, f_.money_bold);
  const Line net_cashable = line(
      r, "Net cashable saving (cashable saving - extra investment)",
      [&](int y) {
        return fmt::format("{}-{}", at(by_type["fiscal_cashable"].row, y), at(investment.row, y));
      },
      [&](int y) { return vals(by_type["fiscal_cashable"], y) - vals(investment, y); }, f_.money);
  const Line pv = line(
      r, "Present value of the net saving (net saving x discount factor)",
      [&](int y) { return fmt::format("{}*{}", at(net.row, y), at(df.row, y)); },
      [&](int y) { return vals(net, y) * vals(df, y); }, f_.money);
  std::vector<double> cumulative_values;
  for (int y = 0; y < years_; ++y) {
    cumulative_values.push_back((y == 0 ? 0.0 : cumulative_values.back()) + vals(pv, y));
  }
  const Line cumulative = line(
      r, "Cumulative present value",
      [&](int y) {
        return y == 0 ? at(pv.row, 0) : fmt::format("{}+{}", at(r, y - 1), at(pv.row, y));
      },
      [&](int y) { return cumulative_values[static_cast<std::size_t>(y)]; }, f_.money_bold, false);
  const Line paid = line(
      r, "Paid back by the end of the year (1 = yes)",
      [&](int y) { return fmt::format("IF({}>=0,1,0)", at(cumulative.row, y)); },
      [&](int y) { return vals(cumulative, y) >= 0 ? 1.0 : 0.0; }, f_.integer, false);

  section(r,
          "With optimism bias on benefits by evidence grade (New Economy practice; ehsim's own "
          "figures do not apply it)");
  std::vector<Line> adjusted;
  for (const auto& l : avoided) {
    const std::string haircut = cell(l.line.row, kHaircut);
    const double h = in_.haircut_value.at(l.item->id);
    const int row = r;
    s_.text(row, kType, value_type_label(l.item->any().value("value_type", "")));
    adjusted.push_back(line(
        r, readable_id(l.item->id) + ", after its haircut",
        [&](int y) { return fmt::format("{}*(1-{})", at(l.line.row, y), haircut); },
        [&](int y) { return vals(l.line, y) * (1 - h); }, f_.money));
  }
  const int adj_first = adjusted.empty() ? r : adjusted.front().row;
  const int adj_last = adjusted.empty() ? r : adjusted.back().row;
  const Line fiscal_adjusted = line(
      r, "Fiscal cost avoided after the haircut",
      [&](int y) {
        const std::string types = cell(adj_first, kType) + ":" + cell(adj_last, kType);
        const std::string values = cell(adj_first, year_col(y), true, false) + ":" +
                                   cell(adj_last, year_col(y), true, false);
        return fmt::format(
            "SUMIF({0},\"Fiscal cashable\",{1})+SUMIF({0},\"Fiscal non-cashable\",{1})", types,
            values);
      },
      [&](int y) {
        double t = 0;
        for (std::size_t i = 0; i < avoided.size(); ++i) {
          if (is_fiscal_type(avoided[i].item->any().value("value_type", ""))) {
            t += adjusted[i].values[static_cast<std::size_t>(y)];
          }
        }
        return t;
      },
      f_.money_bold);
  const Line net_adjusted = line(
      r, "Net saving after the haircut",
      [&](int y) {
        return fmt::format("{}-{}", at(fiscal_adjusted.row, y), at(investment.row, y));
      },
      [&](int y) { return vals(fiscal_adjusted, y) - vals(investment, y); }, f_.money);
  const Line pv_adjusted = line(
      r, "Present value of the net saving after the haircut",
      [&](int y) { return fmt::format("{}*{}", at(net_adjusted.row, y), at(df.row, y)); },
      [&](int y) { return vals(net_adjusted, y) * vals(df, y); }, f_.money);

  // ehsim's figures, replication by replication, as values.
  section(r, fmt::format("Simulated ranges from ehsim (values; paired differences over {} "
                         "replications)",
                         m_.replications));
  const auto& by_year = alt.by_year;
  const auto simulated = [&](const std::string& label,
                             const std::function<json(const YearFlows&)>& value,
                             lxw_format* format) {
    s_.text(r, kLabel, label);
    for (int y = 0; y < years_ && static_cast<std::size_t>(y) < by_year.size(); ++y) {
      s_.value(r, year_col(y), value(by_year[static_cast<std::size_t>(y)]), format);
    }
    ++r;
  };
  // A statistic of a figure that files of the same schema version may lack.
  const auto of = [](const std::optional<Difference>& d, double Estimate::*stat) {
    return d ? json((*d).*stat) : json(nullptr);
  };
  using Y = const YearFlows&;
  simulated(
      "Extra investment: mean", [](Y y) { return json(y.extra_investment.mean); }, f_.sim_money);
  simulated(
      "Fiscal cost avoided: mean", [](Y y) { return json(y.cost_avoided.mean); }, f_.sim_money);
  simulated(
      "Fiscal cost avoided: 5th percentile", [](Y y) { return json(y.cost_avoided.p05); },
      f_.sim_money);
  simulated(
      "Fiscal cost avoided: 95th percentile", [](Y y) { return json(y.cost_avoided.p95); },
      f_.sim_money);
  simulated(
      "Net saving: mean", [](Y y) { return json(y.net_saving.mean); }, f_.sim_money);
  simulated(
      "Net saving: 5th percentile", [](Y y) { return json(y.net_saving.p05); }, f_.sim_money);
  simulated(
      "Net saving: 95th percentile", [](Y y) { return json(y.net_saving.p95); }, f_.sim_money);
  simulated(
      "Net cashable saving: 5th percentile",
      [&](Y y) { return of(y.net_cashable_saving, &Estimate::p05); }, f_.sim_money);
  simulated(
      "Net cashable saving: 95th percentile",
      [&](Y y) { return of(y.net_cashable_saving, &Estimate::p95); }, f_.sim_money);
  simulated(
      "Cumulative present value: 5th percentile",
      [](Y y) { return json(y.cumulative_net_saving_discounted.p05); }, f_.sim_money);
  simulated(
      "Cumulative present value: 95th percentile",
      [](Y y) { return json(y.cumulative_net_saving_discounted.p95); }, f_.sim_money);
  CashFlowResults out;
  if (in_.target) {
    simulated(
        fmt::format("Chance the net cashable saving is at least the target (£{:.0f})", *in_.target),
        [](Y y) { return number_or_null(y.probability_target_met); }, f_.sim_percent);
  } else {
    s_.text(r++, kLabel, "Chance of meeting a target: no --target was given to ehsim compare",
            f_.note);
  }
  for (int y = 0; y < years_; ++y) {
    out.net_cashable_by_year.push_back(
        {s_.ref(net_cashable.row, year_col(y)), vals(net_cashable, y), ""});
  }

  // The results block at the top.
  int t = results_top;
  s_.text(t, kLabel, "Results", f_.header);
  const std::vector<std::string> result_header = {"Workbook (formula, mean activity)",
                                                  "ehsim: mean", "ehsim: 5th percentile",
                                                  "ehsim: median", "ehsim: 95th percentile"};
  for (std::size_t i = 0; i < result_header.size(); ++i) {
    s_.text(t, kFirst + static_cast<int>(i), result_header[i], f_.header);
  }
  worksheet_set_row(s_.raw(), static_cast<lxw_row_t>(t), 30, nullptr);
  ++t;
  const ComparisonHeadline& h = alt.headline;
  const double pv_inv = [&] {
    double v = 0;
    for (int y = 0; y < years_; ++y) v += vals(investment, y) * vals(df, y);
    return v;
  }();
  const auto sumproduct = [&](const Line& l) {
    return fmt::format("SUMPRODUCT({},{})", row_range(l.row), row_range(df.row));
  };
  const auto discounted = [&](const Line& l) {
    double v = 0;
    for (int y = 0; y < years_; ++y) v += vals(l, y) * vals(df, y);
    return v;
  };
  const auto result = [&](const std::string& key, const std::string& label,
                          const std::string& formula, double value, lxw_format* format,
                          lxw_format* sim_format, const std::optional<SimulatedFigure>& ehsim) {
    s_.text(t, kLabel, label);
    s_.formula(t, kFirst, formula, value, format);
    out.results[key] = {s_.ref(t, kFirst), value, ""};
    if (ehsim) {
      if (const auto& e = ehsim->estimate) {
        int col = kFirst + 1;
        for (const double v : {e->mean, e->p05, e->p50, e->p95}) s_.number(t, col++, v, sim_format);
      } else {
        s_.text(t, kFirst + 1, "n/a", sim_format);
      }
    }
    ++t;
  };
  result("extra_investment", "Extra investment, total", s_.ref(investment.row, total_col()),
         investment.total(), f_.money, f_.sim_money, simulated_figure(h.extra_investment));
  result("extra_investment_pv", "Present value of the extra investment", sumproduct(investment),
         pv_inv, f_.money, f_.sim_money, simulated_figure(h.extra_investment_pv));
  result("cost_avoided", "Fiscal cost avoided, total", s_.ref(fiscal.row, total_col()),
         fiscal.total(), f_.money, f_.sim_money, simulated_figure(h.cost_avoided));
  result("cost_avoided_pv", "Present value of the fiscal cost avoided", sumproduct(fiscal),
         discounted(fiscal), f_.money, f_.sim_money, simulated_figure(h.cost_avoided_pv));
  result("cashable_saving", "Cashable saving, total",
         s_.ref(by_type["fiscal_cashable"].row, total_col()), by_type["fiscal_cashable"].total(),
         f_.money, f_.sim_money, simulated_figure(h.cashable_saving));
  result("value_avoided_all_types", "All value avoided (fiscal, economic, social), total",
         s_.ref(all_value.row, total_col()), all_value.total(), f_.money, f_.sim_money,
         simulated_figure(h.value_avoided_all_types));
  result("net_saving", "Net saving, total", s_.ref(net.row, total_col()), net.total(), f_.money,
         f_.sim_money, simulated_figure(h.net_saving));
  result("net_saving_npv", "Net present value (NPV) of the net saving", s_.ref(pv.row, total_col()),
         pv.total(), f_.money_bold, f_.sim_money, simulated_figure(h.net_saving_npv));
  const std::string pv_inv_ref = out.results.at("extra_investment_pv").ref;
  const bool invests = pv_inv > 1.0;
  result(
      "fiscal_return_per_pound", "Fiscal return per £1 invested (discounted)",
      fmt::format("IF({0}>1,{1}/{0},\"n/a\")", pv_inv_ref, out.results.at("cost_avoided_pv").ref),
      invests ? discounted(fiscal) / pv_inv : NAN, f_.ratio, f_.sim_ratio,
      simulated_figure(h.fiscal_return_per_pound));
  result("social_return_per_pound",
         "Social return per £1 invested (all value; equals the benefit-cost ratio)",
         fmt::format("IF({0}>1,{1}/{0},\"n/a\")", pv_inv_ref, sumproduct(all_value)),
         invests ? discounted(all_value) / pv_inv : NAN, f_.ratio, f_.sim_ratio,
         simulated_figure(h.social_return_per_pound));
  // The payback year: the first year whose cumulative present value is at least 0.
  std::string payback_value = "not within the horizon";
  if (!invests) payback_value = "n/a: no extra investment";
  for (int y = 0; y < years_ && invests; ++y) {
    if (vals(paid, y) == 1.0) {
      payback_value = m_.years[static_cast<std::size_t>(y)];
      break;
    }
  }
  s_.text(t, kLabel, "Payback year (first year the cumulative present value is at least £0)");
  s_.formula_text(
      t, kFirst,
      fmt::format("IF({}>1,IFERROR(INDEX({},MATCH(1,{},0)),\"not within the horizon\"),\"n/a: no "
                  "extra investment\")",
                  pv_inv_ref, row_range(header_row), row_range(paid.row)),
      payback_value, f_.text);
  out.results["payback_year"] = {s_.ref(t, kFirst), 0, payback_value};
  const Payback& payback = h.payback;
  s_.value(t, kFirst + 1, text_or_null(payback.median_year), f_.sim_text);
  s_.text(t, kFirst + 2,
          fmt::format("ehsim: the year by which half the replications have paid back; {:.0f}% "
                      "of replications ever do",
                      100 * payback.share_paying_back),
          f_.note);
  ++t;
  result("net_saving_npv_after_haircut", "NPV after optimism bias on benefits (workbook only)",
         s_.ref(pv_adjusted.row, total_col()), pv_adjusted.total(), f_.money, f_.sim_money,
         std::nullopt);
  s_.text(t - 1, kFirst + 1, "not computed by ehsim", f_.note);
  s_.text(t++, kLabel,
          "Totals, present values and the NPV are linear in the activity, so the workbook's "
          "figures equal ehsim's means; returns per £1 and the payback year are not, so ehsim's "
          "(replication by replication) may differ slightly from these, computed on mean flows.",
          f_.note);
  s_.freeze(header_row + 1, 1);
  return out;
}

// ---- Summary, Demand, Staffing, Run details, About -------------------------------------------

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
    const AlternativeResults& alt = m.results.alternatives.at(a);
    const ComparisonHeadline& h = alt.headline;
    const std::string& name = alt.scenario.name;
    for (const auto& [key, label, figure] : kHeadline) {
      const bool children = key.find("avoided_final_year") != std::string::npos;
      const bool ratio = key.find("per_pound") != std::string::npos || key == "benefit_cost_ratio";
      lxw_format* format = children ? f.number : ratio ? f.ratio : f.money;
      lxw_format* sim = children ? f.sim_number : ratio ? f.sim_ratio : f.sim_money;
      s.text(r, 0, name);
      s.text(r, 1, label);
      const auto& results = flows[a].results;
      const std::string result_key = key == "benefit_cost_ratio" ? "social_return_per_pound" : key;
      if (results.count(result_key) != 0u) {
        const Result& res = results.at(result_key);
        s.formula(r, 2, res.ref, res.value, format);
      } else {
        s.text(r, 2, "(simulated only)", f.note);
      }
      const SimulatedFigure v = figure(h);
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
      ++r;
    }
    const Result& payback = flows[a].results.at("payback_year");
    s.text(r, 0, name);
    s.text(r, 1, "Payback year");
    s.formula_text(r, 2, payback.ref, payback.text, f.text);
    s.value(r, 3, text_or_null(h.payback.median_year), f.sim_text);
    s.text(r, 4,
           fmt::format("ehsim: median year; {:.0f}% of replications pay back",
                       100 * h.payback.share_paying_back),
           f.note);
    ++r;
    const Result& adjusted = flows[a].results.at("net_saving_npv_after_haircut");
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
    ++r;
  }
  // The savings target by year.
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
      s.value(r, 4, number_or_null(alt.by_year.at(y).probability_target_met), f.sim_percent);
      ++r;
    }
  }
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
  const auto needs_of = [&](const json* scenario, const std::string& service) -> json {
    if (scenario->contains("fte_needed_for_waiting_standard") &&
        scenario->at("fte_needed_for_waiting_standard").contains(service)) {
      return scenario->at("fte_needed_for_waiting_standard").at(service);
    }
    return json();
  };
  for (std::size_t a = 0; a < m.alternatives.size(); ++a) {
    const json& alt = m.c.at("alternatives")[a];
    for (const auto& service : alt.at("staffing")) {
      const std::string id = service.at("service").get<std::string>();
      const std::string label = service.value("label", "").empty()
                                    ? readable_id(id)
                                    : service.at("label").get<std::string>();
      const auto row_s = [&](const std::string& measure, const json& v) {
        s.text(r, 0, alt.at("name").get<std::string>());
        s.text(r, 1, label);
        s.text(r, 2, measure);
        if (v.is_object()) {
          int col = 3;
          for (const char* stat : {"mean", "p05", "p50", "p95"})
            s.value(r, col++, v.at(stat), f.sim_fte);
        } else {
          s.value(r, 3, v, f.sim_fte);
        }
        ++r;
      };
      row_s("Practitioner FTE funded at the end, baseline", service.at("fte_funded_baseline"));
      row_s("Practitioner FTE funded at the end, alternative",
            service.at("fte_funded_alternative"));
      row_s("Practitioner FTE funded: difference", service.at("difference"));
      row_s("Practitioner FTE needed for demand (horizon average), baseline",
            service.at("fte_needed_baseline"));
      row_s("Practitioner FTE needed for demand (horizon average), alternative",
            service.at("fte_needed_alternative"));
      row_s("Practitioner FTE needed for demand: difference", service.at("fte_needed_difference"));
      row_s("All staff funded at the end incl. managers and admin, baseline",
            service.value("staff_funded_with_management_and_admin_baseline", json()));
      row_s("All staff funded at the end incl. managers and admin, alternative",
            service.value("staff_funded_with_management_and_admin_alternative", json()));
      for (const auto& [which, scenario] :
           {std::pair<std::string, const json*>{"baseline", m.baseline},
            {"alternative", m.alternatives[a]}}) {
        const json need = needs_of(scenario, id);
        if (!need.is_object()) continue;
        row_s(fmt::format("Practitioner FTE needed for {:.0f}% of families to start within the "
                          "waiting standard, {}",
                          100 * number_or(need.at("target_share_within_standard")), which),
              need.at("fte"));
      }
    }
  }
  ++r;
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
  for (const auto& alt : m.c.at("alternatives")) {
    for (const auto& service : alt.at("staffing")) {
      if (!service.contains("by_year")) continue;
      for (const auto& year : service.at("by_year")) {
        s.text(r, 0, alt.at("name").get<std::string>());
        s.text(r, 1, service.value("label", ""));
        s.text(r, 2, year.at("financial_year").get<std::string>());
        int col = 3;
        for (const char* key : {"fte_funded_baseline", "fte_funded_alternative",
                                "fte_needed_baseline", "fte_needed_alternative"}) {
          s.value(r, col++, year.at(key).at("mean"), f.sim_fte);
        }
        ++r;
      }
    }
  }
  s.freeze(4, 0);
}

void write_run_details(Sheet& s, const json& c, const Formats& f) {
  s.width(0, 0, 30);
  s.width(1, 1, 90);
  int r = 0;
  s.text(r++, 0, "Run details", f.title);
  const auto row = [&](const std::string& item, const json& value) {
    s.text(r, 0, item);
    s.value(r, 1, value);
    ++r;
  };
  const std::vector<std::pair<const char*, const char*>> keys = {
      {"run_id", "Run id (the same in every file of this run)"},
      {"ehsim_version", "ehsim version"},
      {"git_commit", "ehsim commit"},
      {"created_utc", "Created (UTC)"},
      {"seed", "Seed"},
      {"replications", "Replications"},
      {"threads", "Threads"},
      {"price_base_year", "Price base year"},
      {"discount_rate", "Discount rate"},
      {"target", "Savings target (£ a year)"}};
  for (const auto& [key, label] : keys) row(label, c.value(key, json()));
  row("Baseline", c.at("baseline").at("name"));
  row("Baseline file", c.at("baseline").at("path"));
  row("Baseline SHA-256", c.at("baseline").at("sha256"));
  for (const auto& alt : c.at("alternatives")) {
    row("Alternative", alt.at("name"));
    row("Alternative file", alt.at("path"));
    row("Alternative SHA-256", alt.at("sha256"));
  }
  row("Method",
      "paired differences over common random numbers: replication r of the alternative minus "
      "replication r of the baseline; money in £ at the price base year; see docs/economics.md");
}

// What the uncertainty sheets add, when the analyses were run (else "").
std::string how_sure_paragraph(const json& c) {
  std::vector<std::string> names;
  for (const auto& sheet : uncertainty_sheets(c)) names.push_back("'" + sheet.name + "'");
  if (names.empty()) return "";
  return fmt::format(
      "How sure are we? The sheets {} hold the uncertainty analyses ehsim ran: the ranges with "
      "the uncertain numbers (unit costs, effects, the calibration) varied as well as chance, the "
      "chance each £1 comes back, the numbers the case rests on and the values at which it would "
      "turn. They are simulated values (grey): they change only when ehsim is run again.",
      fmt::join(names, ", "));
}

void write_about(Sheet& s, const json& c, const Formats& f,
                 const std::vector<std::string>& cash_flow_sheets) {
  s.width(0, 0, 120);
  int r = 0;
  s.text(r++, 0, "ehsim business case: " + c.at("baseline").at("name").get<std::string>(), f.title);
  // A baseline no calibration fitted to the council's statistics makes every figure a sketch.
  const json& calibration =
      c.at("baseline").contains("calibration") ? c.at("baseline").at("calibration") : json(nullptr);
  s.text(r++, 0,
         calibration.is_object()
             ? "Calibrated: the baseline's flow rates were fitted to the council's " +
                   calibration.value("fit_year", std::string()) + " statistics by " +
                   calibration.value("file", std::string()) + " (" +
                   calibration.value("date", std::string()) + ")."
             : "ILLUSTRATIVE: this baseline is not calibrated to the council's statistics; its "
               "flow rates are set by hand and every figure below inherits them.");
  for (const auto& warning : c.value("warnings", json::array())) {
    s.text(r++, 0, "NOT PRICED: " + warning.get<std::string>());
  }
  const std::vector<std::string> lines = {
      "What this workbook is. The business case of each alternative against the baseline, in the "
      "style of the HM Treasury / New Economy local cost-benefit model: inputs drive the figures, "
      "so you can trace every number and change an assumption to see what follows.",
      "",
      "Colours. Yellow cells (Inputs) are inputs you may change. Grey cells are simulated values "
      "from ehsim: they do not change when an input does. Black cells are formulas.",
      "",
      "What is a formula. Everything on the " +
          (cash_flow_sheets.size() == 1 ? std::string("'") + cash_flow_sheets.front() + "' sheet"
                                        : std::string("Cash flows sheets")) +
          ": each year's extra investment by budget line, late-intervention cost avoided by cost "
          "item, category, payer and value type (fiscal cashable, fiscal non-cashable, economic, "
          "social), net saving, discount factor, present value, cumulative present value, payback "
          "year, NPV and returns per £1, and the NPV after optimism bias on benefits. Each cost is "
          "activity x unit cost: the activity from the Simulated activity sheet, the unit cost "
          "from Inputs (restated to the price base year with the price index). The Summary's "
          "'Workbook' column refers to those cells.",
      "",
      "What is simulated. The Simulated activity sheet (mean child-weeks, events and entries per "
      "financial year of each scenario, over every replication, and each early help service's "
      "spending), and every grey cell: ehsim's means, 5th-95th percentile ranges, the chance of "
      "meeting the savings target each year, demand avoided and staffing. They come from the "
      "simulation and change only when ehsim is run again.",
      "",
      "Why the workbook agrees with ehsim. The workbook works on mean activity; ehsim's headline "
      "figures and ranges come from replication-by-replication pairs (replication r of the "
      "alternative against replication r of the baseline, which met the same luck). For linear "
      "quantities - costs, cost avoided, investment, net saving, present values and the NPV - the "
      "mean of the pairs equals the figure computed on mean activity, so with the inputs as "
      "written the workbook's totals equal ehsim's means (up to rounding). Ratios and the payback "
      "year are not linear: ehsim's mean return per £1 is the mean of each replication's ratio, "
      "and its payback year is the year by which half the replications have paid back, so these "
      "may differ slightly from the workbook's, which are computed on mean flows. Ranges cannot be "
      "recomputed from means at all: they stay ehsim's values, for the inputs ehsim ran with.",
      "",
      "Changing an input. A unit cost, its price year, the price index, the discount rate, the "
      "price base year, optimism bias, deadweight, attribution and the evidence grades and "
      "haircuts are all used by formulas. The Parameters the alternatives change (rates, budgets) "
      "drove the simulation: changing them here changes nothing; re-run ehsim compare.",
      "",
      "Optimism bias on benefits. New Economy practice takes a haircut off benefits by the "
      "confidence grade of the evidence for each unit cost. The grades default from the "
      "scenario's own words about each amount (a source, 'high confidence', an assumption) and "
      "the haircut table is an assumption: both are inputs. ehsim's own figures do not apply the "
      "haircut; the Cash flows and Summary show the NPV with and without it.",
      "",
      "Method and formulas: docs/economics.md in the ehsim repository. Run details: the last "
      "sheet."};
  std::vector<std::string> text = lines;
  if (const auto how_sure = how_sure_paragraph(c); !how_sure.empty())
    text.insert(text.end() - 1, {how_sure, ""});
  for (const auto& line : text) s.text(r++, 0, line, line.empty() ? nullptr : f.wrap);
}

}  // namespace

std::vector<std::string> workbook_sheet_names(const json& comparison) {
  std::vector<std::string> names = {"About", "Inputs", "Simulated activity"};
  const std::size_t alternatives = comparison.at("alternatives").size();
  for (std::size_t a = 0; a < alternatives; ++a) {
    names.push_back(alternatives == 1 ? std::string("Cash flows")
                                      : fmt::format("Cash flows {}", a + 1));
  }
  names.push_back("Summary");
  for (const auto& sheet : uncertainty_sheets(comparison)) names.push_back(sheet.name);
  names.insert(names.end(), {"Demand", "Staffing", "Run details"});
  return names;
}

std::string comparison_workbook(const json& comparison) {
  return workbook_bytes([&](lxw_workbook* book) {
    const Formats f = make_formats(book);
    const Model m = model_of(comparison);
    const auto names = workbook_sheet_names(comparison);
    // Sheets are added in their order; the Cash flows refer to Inputs and Simulated activity.
    Sheet about(book, names[0]);
    Sheet inputs(book, names[1]);
    Sheet activity(book, names[2]);
    std::vector<Sheet> cash;
    const std::size_t alternatives = m.alternatives.size();
    for (std::size_t a = 0; a < alternatives; ++a) cash.emplace_back(book, names[3 + a]);
    Sheet summary(book, names[3 + alternatives]);
    const auto how_sure = uncertainty_sheets(comparison);
    std::vector<Sheet> how_sure_sheets;
    for (const auto& sheet : how_sure) how_sure_sheets.emplace_back(book, sheet.name);
    const std::size_t after = 4 + alternatives + how_sure.size();
    Sheet demand(book, names[after]);
    Sheet staffing(book, names[after + 1]);
    Sheet details(book, names[after + 2]);
    const InputCells in = write_inputs(inputs, book, m, f);
    const ActivityCells act = write_activity(activity, m, f);
    std::vector<CashFlowResults> results;
    std::vector<std::string> cash_names;
    for (std::size_t a = 0; a < alternatives; ++a) {
      results.push_back(CashFlows(cash[a], m, f, in, act, activity, a).write());
      cash_names.push_back(cash[a].name());
    }
    write_summary(summary, m, f, results);
    for (std::size_t i = 0; i < how_sure.size(); ++i)
      how_sure[i].write(how_sure_sheets[i], book, f);
    write_demand(demand, m, f);
    write_staffing(staffing, m, f);
    write_run_details(details, comparison, f);
    write_about(about, comparison, f, cash_names);
  });
}

}  // namespace ehsim
