#include "economics/workbook_cash_flows.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>

#include <fmt/format.h>

#include "economics/labels.hpp"

namespace ehsim::workbook_parts {

using nlohmann::json;

namespace {

// A row of per-year formulas and their values.
struct Line {
  int row = -1;
  std::vector<double> values;
  double at(int y) const { return values[static_cast<std::size_t>(y)]; }
  double total() const {
    double t = 0;
    for (double v : values) t += v;
    return t;
  }
};

// The sheet is written from the top in the order below; each step leaves `r_` under what it
// wrote and keeps the lines later steps refer to. The results block at the top is written last,
// once every line it sums is known.
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

  CashFlowResults write() {
    title();
    year_table_head();
    investment();
    cost_avoided();
    fiscal_breakdowns();
    net_saving_and_payback();
    with_haircut();
    simulated_ranges();
    results_block();
    s_.freeze(header_row_ + 1, 1);
    return out_;
  }

 private:
  // A cost item's line of cost avoided.
  struct ItemLine {
    const ItemRow* item;
    Line line;
  };

  void title();
  void year_table_head();
  void investment();
  void cost_avoided();
  void fiscal_breakdowns();
  void net_saving_and_payback();
  void with_haircut();
  void simulated_ranges();
  void results_block();
  void payback_result(int& t, const std::string& pv_investment_ref, bool invests);

  int year_col(int y) const { return kFirst + y; }
  int total_col() const { return kFirst + years_; }
  std::string at(int row, int y) const { return cell(row, year_col(y), false, false); }
  std::string row_range(int row) const {
    return cell(row, year_col(0)) + ":" + cell(row, year_col(years_ - 1));
  }
  // A line: the label, then per year the formula made by `formula(y)` with value `value(y)`.
  Line line(const std::string& label, const std::function<std::string(int)>& formula,
            const std::function<double(int)>& value, lxw_format* format, bool total = true) {
    Line l{r_, {}};
    s_.text(r_, kLabel, label, format == f_.money_bold ? f_.bold : nullptr);
    for (int y = 0; y < years_; ++y) {
      l.values.push_back(value(y));
      s_.formula(r_, year_col(y), formula(y), l.values.back(), format);
    }
    if (total) {
      s_.formula(r_, total_col(), fmt::format("SUM({}:{})", at(r_, 0), at(r_, years_ - 1)),
                 l.total(), format);
    }
    ++r_;
    return l;
  }
  std::string activity_ref(std::size_t scenario, const std::string& id, int y, bool service) const {
    const auto& rows = service ? act_.service_row[scenario] : act_.item_row[scenario];
    return activity_.ref(rows.at(id), act_.first_year_col + y);
  }
  double activity_value(std::size_t scenario, const std::string& id, int y, bool service) const {
    const ScenarioCosts* sc = scenario == 0 ? m_.baseline : m_.alternatives[scenario - 1];
    return activity(*sc,
                    service ? &ActivityYear::early_help_service_spend : &ActivityYear::item_units,
                    id, static_cast<std::size_t>(y));
  }
  void section(const std::string& title) {
    ++r_;
    s_.text(r_++, kLabel, title, f_.section);
  }
  // The cost items' lines of cost avoided: a column of them, and a year's values.
  std::string in_items(int col) const { return cell(av_first_, col) + ":" + cell(av_last_, col); }
  std::string year_items(int y) const {
    return cell(av_first_, year_col(y), true, false) + ":" +
           cell(av_last_, year_col(y), true, false);
  }
  // The cost avoided in year y by the items `pick` chooses.
  double sum_where(const std::function<bool(const UnitCost&)>& pick, int y) const {
    double t = 0;
    for (const auto& l : avoided_) {
      if (pick(l.item->any())) t += l.line.at(y);
    }
    return t;
  }
  // Sums a line's years discounted, as a formula and as a value.
  std::string sumproduct(const Line& l) const {
    return fmt::format("SUMPRODUCT({},{})", row_range(l.row), row_range(df_.row));
  }
  double discounted(const Line& l) const {
    double v = 0;
    for (int y = 0; y < years_; ++y) v += l.at(y) * df_.at(y);
    return v;
  }

  Sheet& s_;
  const Model& m_;
  const Formats& f_;
  const InputCells& in_;
  const ActivityCells& act_;
  const Sheet& activity_;
  std::size_t a_;
  int years_;

  int r_ = 0;                             // the next row
  int results_top_ = 0, header_row_ = 0;  // the results block's first row; the years' row
  Line df_, investment_;                  // discount factors; total extra investment
  std::vector<ItemLine> avoided_;         // cost avoided by cost item
  int av_first_ = 0, av_last_ = 0;        // their rows
  std::map<std::string, Line> by_type_;   // cost avoided by value type
  Line fiscal_, all_value_;               // fiscal cost avoided; all value avoided
  Line net_, net_cashable_, pv_, paid_;   // net saving, its present value and payback
  Line pv_adjusted_;                      // the present value after the benefit haircut
  CashFlowResults out_;
};

void CashFlows::title() {
  const AlternativeResults& alt = m_.results.alternatives.at(a_);
  s_.width(kLabel, kLabel, 58);
  s_.width(kCategory, kType, 16);
  s_.width(kHaircut, kHaircut, 10);
  s_.width(kFirst, total_col(), 14);
  s_.text(r_++, 0,
          fmt::format("Cash flows: {} against {}", alt.scenario.name, m_.results.baseline.name),
          f_.title);
  s_.text(r_++, 0,
          fmt::format("£ at {} prices. Every figure in black is a formula over the Inputs (yellow) "
                      "and the Simulated activity (grey, mean over {} replications). Grey cells "
                      "here are ehsim's replication-by-replication figures, as values.",
                      m_.appraisal().price_base_year, m_.replications),
          f_.note);
  results_top_ = r_ + 1;
  r_ = results_top_ + kResultsRows;
}

// The years across, each one's index t and discount factor.
void CashFlows::year_table_head() {
  header_row_ = r_;
  s_.text(r_, kLabel, "Line", f_.header);
  s_.text(r_, kCategory, "Category", f_.header);
  s_.text(r_, kPayer, "Payer", f_.header);
  s_.text(r_, kType, "Value type", f_.header);
  s_.text(r_, kHaircut, "Benefit haircut", f_.header);
  for (int y = 0; y < years_; ++y)
    s_.text(r_, year_col(y), m_.years[static_cast<std::size_t>(y)], f_.header);
  s_.text(r_, total_col(), "Total", f_.header);
  ++r_;
  const int t_row = r_;
  s_.text(r_, kLabel, "Year index t (0 = the first financial year)");
  for (int y = 0; y < years_; ++y) s_.number(r_, year_col(y), y, f_.integer);
  ++r_;
  df_ = line(
      "Discount factor 1 / (1 + DiscountRate)^t",
      [&](int y) {
        return fmt::format("1/(1+DiscountRate)^{}", cell(t_row, year_col(y), true, false));
      },
      [&](int y) { return 1.0 / std::pow(1.0 + in_.discount_rate, y); }, f_.factor, false);
}

// Extra investment by budget line and early help cost item, times (1 + optimism bias).
void CashFlows::investment() {
  section(
      "Extra investment: the alternative's early help spending minus the baseline's, "
      "times (1 + optimism bias)");
  const std::string& ob = in_.optimism_bias[a_];
  const double obv = in_.ob[a_];
  const std::size_t sa = a_ + 1;  // the alternative's index among the scenarios
  std::vector<Line> lines;
  for (const auto& [id, label] : m_.services) {
    lines.push_back(line(
        "Budget line: " + label,
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
    lines.push_back(line(
        "Early help cost item: " + readable_id(item.id),
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
  const int first = lines.empty() ? r_ : lines.front().row;
  const int last = lines.empty() ? r_ : lines.back().row;
  investment_ = line(
      "Total extra investment",
      [&](int y) {
        return lines.empty() ? std::string("0")
                             : fmt::format("SUM({}:{})", at(first, y), at(last, y));
      },
      [&](int y) {
        double t = 0;
        for (const auto& l : lines) t += l.at(y);
        return t;
      },
      f_.money_bold);
}

// Cost avoided by cost item (baseline minus alternative, times (1 - deadweight) x attribution),
// then by value type, fiscal and all value.
void CashFlows::cost_avoided() {
  section(
      "Late-intervention cost avoided, by cost item: baseline minus alternative, times "
      "(1 - deadweight) x attribution");
  const std::string &dw = in_.deadweight[a_], &attr = in_.attribution[a_];
  const double dwv = in_.dw[a_], attrv = in_.attr[a_];
  const std::size_t sa = a_ + 1;
  for (const auto& item : m_.items) {
    if (item.early_help()) continue;
    const UnitCost& any = item.any();
    const std::string base_uc = in_.unit_cost_base.at(item.id);
    const std::string alt_uc = in_.unit_cost_alt[a_].at(item.id);
    const double bv = in_.uc_base_value.at(item.id), av = in_.uc_alt_value[a_].at(item.id);
    s_.text(r_, kCategory, readable_id(any.category));
    s_.text(r_, kPayer, readable_id(any.payer));
    s_.text(r_, kType, value_type_label(any.value_type));
    s_.formula(r_, kHaircut, in_.haircut.at(item.id), in_.haircut_value.at(item.id), f_.percent);
    avoided_.push_back({&item, line(
                                   readable_id(item.id),
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
  av_first_ = avoided_.empty() ? r_ : avoided_.front().line.row;
  av_last_ = avoided_.empty() ? r_ : avoided_.back().line.row;

  section("Cost avoided by value type (HMT / New Economy)");
  for (const std::string type : {"fiscal_cashable", "fiscal_non_cashable", "economic", "social"}) {
    by_type_[type] = line(
        value_type_label(type),
        [&](int y) {
          return fmt::format("SUMIF({},{},{})", in_items(kType),
                             formula_text(value_type_label(type)), year_items(y));
        },
        [&](int y) {
          return sum_where([&](const UnitCost& i) { return i.value_type == type; }, y);
        },
        f_.money);
  }
  const Line& cashable = by_type_["fiscal_cashable"];
  const Line& non_cashable = by_type_["fiscal_non_cashable"];
  fiscal_ = line(
      "Fiscal cost avoided (cashable + non-cashable)",
      [&](int y) { return fmt::format("{}+{}", at(cashable.row, y), at(non_cashable.row, y)); },
      [&](int y) { return cashable.at(y) + non_cashable.at(y); }, f_.money_bold);
  all_value_ = line(
      "All value avoided (fiscal, economic and social)",
      [&](int y) {
        return fmt::format("SUM({}:{})", at(cashable.row, y), at(by_type_["social"].row, y));
      },
      [&](int y) {
        double t = 0;
        for (const auto& [_, l] : by_type_) t += l.at(y);
        return t;
      },
      f_.money);
}

// Fiscal cost avoided by category and by payer, and the cashable saving by payer.
void CashFlows::fiscal_breakdowns() {
  const auto fiscal_sum = [&](int key_col, const std::string& label, int y) {
    return fmt::format(
        "SUMIFS({0},{1},{2},{3},\"Fiscal cashable\")+SUMIFS({0},{1},{2},{3},"
        "\"Fiscal non-cashable\")",
        year_items(y), in_items(key_col), formula_text(label), in_items(kType));
  };
  std::vector<std::string> categories, payers;
  for (const auto& l : avoided_) {
    const UnitCost& i = l.item->any();
    if (!is_fiscal_type(i.value_type)) continue;
    if (std::find(categories.begin(), categories.end(), i.category) == categories.end())
      categories.push_back(i.category);
    if (std::find(payers.begin(), payers.end(), i.payer) == payers.end()) payers.push_back(i.payer);
  }
  section("Fiscal cost avoided by category (Early Intervention Foundation)");
  for (const auto& category : categories) {
    line(
        readable_id(category),
        [&](int y) { return fiscal_sum(kCategory, readable_id(category), y); },
        [&](int y) {
          return sum_where(
              [&](const UnitCost& i) {
                return i.category == category && is_fiscal_type(i.value_type);
              },
              y);
        },
        f_.money);
  }
  section("Fiscal cost avoided by payer (who benefits)");
  for (const auto& payer : payers) {
    line(
        readable_id(payer), [&](int y) { return fiscal_sum(kPayer, readable_id(payer), y); },
        [&](int y) {
          return sum_where(
              [&](const UnitCost& i) { return i.payer == payer && is_fiscal_type(i.value_type); },
              y);
        },
        f_.money);
  }
  section("Cashable saving by payer");
  for (const auto& payer : payers) {
    line(
        readable_id(payer),
        [&](int y) {
          return fmt::format("SUMIFS({},{},{},{},\"Fiscal cashable\")", year_items(y),
                             in_items(kPayer), formula_text(readable_id(payer)), in_items(kType));
        },
        [&](int y) {
          return sum_where(
              [&](const UnitCost& i) {
                return i.payer == payer && i.value_type == "fiscal_cashable";
              },
              y);
        },
        f_.money);
  }
}

void CashFlows::net_saving_and_payback() {
  section("Net saving, discounting and payback");
  const Line& cashable = by_type_["fiscal_cashable"];
  net_ = line(
      "Net saving (fiscal cost avoided - extra investment)",
      [&](int y) { return fmt::format("{}-{}", at(fiscal_.row, y), at(investment_.row, y)); },
      [&](int y) { return fiscal_.at(y) - investment_.at(y); }, f_.money_bold);
  net_cashable_ = line(
      "Net cashable saving (cashable saving - extra investment)",
      [&](int y) { return fmt::format("{}-{}", at(cashable.row, y), at(investment_.row, y)); },
      [&](int y) { return cashable.at(y) - investment_.at(y); }, f_.money);
  pv_ = line(
      "Present value of the net saving (net saving x discount factor)",
      [&](int y) { return fmt::format("{}*{}", at(net_.row, y), at(df_.row, y)); },
      [&](int y) { return net_.at(y) * df_.at(y); }, f_.money);
  std::vector<double> cumulative_values;
  for (int y = 0; y < years_; ++y) {
    cumulative_values.push_back((y == 0 ? 0.0 : cumulative_values.back()) + pv_.at(y));
  }
  const Line cumulative = line(
      "Cumulative present value",
      [&](int y) {
        return y == 0 ? at(pv_.row, 0) : fmt::format("{}+{}", at(r_, y - 1), at(pv_.row, y));
      },
      [&](int y) { return cumulative_values[static_cast<std::size_t>(y)]; }, f_.money_bold, false);
  paid_ = line(
      "Paid back by the end of the year (1 = yes)",
      [&](int y) { return fmt::format("IF({}>=0,1,0)", at(cumulative.row, y)); },
      [&](int y) { return cumulative.at(y) >= 0 ? 1.0 : 0.0; }, f_.integer, false);
}

// Each item's cost avoided after the haircut for its evidence grade, and the net saving after.
void CashFlows::with_haircut() {
  section(
      "With optimism bias on benefits by evidence grade (New Economy practice; ehsim's own "
      "figures do not apply it)");
  std::vector<Line> adjusted;
  for (const auto& l : avoided_) {
    const std::string haircut = cell(l.line.row, kHaircut);
    const double h = in_.haircut_value.at(l.item->id);
    s_.text(r_, kType, value_type_label(l.item->any().value_type));
    adjusted.push_back(line(
        readable_id(l.item->id) + ", after its haircut",
        [&](int y) { return fmt::format("{}*(1-{})", at(l.line.row, y), haircut); },
        [&](int y) { return l.line.at(y) * (1 - h); }, f_.money));
  }
  const int first = adjusted.empty() ? r_ : adjusted.front().row;
  const int last = adjusted.empty() ? r_ : adjusted.back().row;
  const Line fiscal_adjusted = line(
      "Fiscal cost avoided after the haircut",
      [&](int y) {
        const std::string types = cell(first, kType) + ":" + cell(last, kType);
        const std::string values =
            cell(first, year_col(y), true, false) + ":" + cell(last, year_col(y), true, false);
        return fmt::format(
            "SUMIF({0},\"Fiscal cashable\",{1})+SUMIF({0},\"Fiscal non-cashable\",{1})", types,
            values);
      },
      [&](int y) {
        double t = 0;
        for (std::size_t i = 0; i < avoided_.size(); ++i) {
          if (is_fiscal_type(avoided_[i].item->any().value_type)) t += adjusted[i].at(y);
        }
        return t;
      },
      f_.money_bold);
  const Line net_adjusted = line(
      "Net saving after the haircut",
      [&](int y) {
        return fmt::format("{}-{}", at(fiscal_adjusted.row, y), at(investment_.row, y));
      },
      [&](int y) { return fiscal_adjusted.at(y) - investment_.at(y); }, f_.money);
  pv_adjusted_ = line(
      "Present value of the net saving after the haircut",
      [&](int y) { return fmt::format("{}*{}", at(net_adjusted.row, y), at(df_.row, y)); },
      [&](int y) { return net_adjusted.at(y) * df_.at(y); }, f_.money);
}

// ehsim's figures, replication by replication, as values.
void CashFlows::simulated_ranges() {
  section(
      fmt::format("Simulated ranges from ehsim (values; paired differences over {} "
                  "replications)",
                  m_.replications));
  const auto& by_year = m_.results.alternatives.at(a_).by_year;
  const auto simulated = [&](const std::string& label,
                             const std::function<json(const YearFlows&)>& value,
                             lxw_format* format) {
    s_.text(r_, kLabel, label);
    for (int y = 0; y < years_ && static_cast<std::size_t>(y) < by_year.size(); ++y) {
      s_.value(r_, year_col(y), value(by_year[static_cast<std::size_t>(y)]), format);
    }
    ++r_;
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
  if (in_.target) {
    simulated(
        fmt::format("Chance the net cashable saving is at least the target (£{:.0f})", *in_.target),
        [](Y y) { return or_null(y.probability_target_met); }, f_.sim_percent);
  } else {
    s_.text(r_++, kLabel, "Chance of meeting a target: no --target was given to ehsim compare",
            f_.note);
  }
  for (int y = 0; y < years_; ++y) {
    out_.net_cashable_by_year.push_back(
        {s_.ref(net_cashable_.row, year_col(y)), net_cashable_.at(y), ""});
  }
}

// The results block at the top: the workbook's totals, present values, returns and payback,
// with ehsim's mean and percentiles beside each.
void CashFlows::results_block() {
  int t = results_top_;
  s_.text(t, kLabel, "Results", f_.header);
  const std::vector<std::string> result_header = {"Workbook (formula, mean activity)",
                                                  "ehsim: mean", "ehsim: 5th percentile",
                                                  "ehsim: median", "ehsim: 95th percentile"};
  for (std::size_t i = 0; i < result_header.size(); ++i) {
    s_.text(t, kFirst + static_cast<int>(i), result_header[i], f_.header);
  }
  worksheet_set_row(s_.raw(), static_cast<lxw_row_t>(t), 30, nullptr);
  ++t;
  const ComparisonHeadline& h = m_.results.alternatives.at(a_).headline;
  const double pv_inv = discounted(investment_);
  const auto result = [&](const std::string& key, const std::string& label,
                          const std::string& formula, double value, lxw_format* format,
                          lxw_format* sim_format, const std::optional<SimulatedFigure>& ehsim) {
    s_.text(t, kLabel, label);
    s_.formula(t, kFirst, formula, value, format);
    out_.results[key] = {s_.ref(t, kFirst), value, ""};
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
  const Line& cashable = by_type_["fiscal_cashable"];
  result("extra_investment", "Extra investment, total", s_.ref(investment_.row, total_col()),
         investment_.total(), f_.money, f_.sim_money, simulated_figure(h.extra_investment));
  result("extra_investment_pv", "Present value of the extra investment", sumproduct(investment_),
         pv_inv, f_.money, f_.sim_money, simulated_figure(h.extra_investment_pv));
  result("cost_avoided", "Fiscal cost avoided, total", s_.ref(fiscal_.row, total_col()),
         fiscal_.total(), f_.money, f_.sim_money, simulated_figure(h.cost_avoided));
  result("cost_avoided_pv", "Present value of the fiscal cost avoided", sumproduct(fiscal_),
         discounted(fiscal_), f_.money, f_.sim_money, simulated_figure(h.cost_avoided_pv));
  result("cashable_saving", "Cashable saving, total", s_.ref(cashable.row, total_col()),
         cashable.total(), f_.money, f_.sim_money, simulated_figure(h.cashable_saving));
  result("value_avoided_all_types", "All value avoided (fiscal, economic, social), total",
         s_.ref(all_value_.row, total_col()), all_value_.total(), f_.money, f_.sim_money,
         simulated_figure(h.value_avoided_all_types));
  result("net_saving", "Net saving, total", s_.ref(net_.row, total_col()), net_.total(), f_.money,
         f_.sim_money, simulated_figure(h.net_saving));
  result("net_saving_npv", "Net present value (NPV) of the net saving",
         s_.ref(pv_.row, total_col()), pv_.total(), f_.money_bold, f_.sim_money,
         simulated_figure(h.net_saving_npv));
  const std::string pv_inv_ref = out_.results.at("extra_investment_pv").ref;
  const bool invests = pv_inv > 1.0;
  result(
      "fiscal_return_per_pound", "Fiscal return per £1 invested (discounted)",
      fmt::format("IF({0}>1,{1}/{0},\"n/a\")", pv_inv_ref, out_.results.at("cost_avoided_pv").ref),
      invests ? discounted(fiscal_) / pv_inv : NAN, f_.ratio, f_.sim_ratio,
      simulated_figure(h.fiscal_return_per_pound));
  result("social_return_per_pound",
         "Social return per £1 invested (all value; equals the benefit-cost ratio)",
         fmt::format("IF({0}>1,{1}/{0},\"n/a\")", pv_inv_ref, sumproduct(all_value_)),
         invests ? discounted(all_value_) / pv_inv : NAN, f_.ratio, f_.sim_ratio,
         simulated_figure(h.social_return_per_pound));
  payback_result(t, pv_inv_ref, invests);
  result("net_saving_npv_after_haircut", "NPV after optimism bias on benefits (workbook only)",
         s_.ref(pv_adjusted_.row, total_col()), pv_adjusted_.total(), f_.money, f_.sim_money,
         std::nullopt);
  s_.text(t - 1, kFirst + 1, "not computed by ehsim", f_.note);
  s_.text(t++, kLabel,
          "Totals, present values and the NPV are linear in the activity, so the workbook's "
          "figures equal ehsim's means; returns per £1 and the payback year are not, so ehsim's "
          "(replication by replication) may differ slightly from these, computed on mean flows.",
          f_.note);
}

// The payback year: the first year whose cumulative present value is at least 0.
void CashFlows::payback_result(int& t, const std::string& pv_investment_ref, bool invests) {
  std::string payback_value = "not within the horizon";
  if (!invests) payback_value = "n/a: no extra investment";
  for (int y = 0; y < years_ && invests; ++y) {
    if (paid_.at(y) == 1.0) {
      payback_value = m_.years[static_cast<std::size_t>(y)];
      break;
    }
  }
  s_.text(t, kLabel, "Payback year (first year the cumulative present value is at least £0)");
  s_.formula_text(
      t, kFirst,
      fmt::format("IF({}>1,IFERROR(INDEX({},MATCH(1,{},0)),\"not within the horizon\"),\"n/a: no "
                  "extra investment\")",
                  pv_investment_ref, row_range(header_row_), row_range(paid_.row)),
      payback_value, f_.text);
  out_.results["payback_year"] = {s_.ref(t, kFirst), 0, payback_value};
  const Payback& payback = m_.results.alternatives.at(a_).headline.payback;
  s_.value(t, kFirst + 1, or_null(payback.median_year), f_.sim_text);
  s_.text(t, kFirst + 2,
          fmt::format("ehsim: the year by which half the replications have paid back; {:.0f}% "
                      "of replications ever do",
                      100 * payback.share_paying_back),
          f_.note);
  ++t;
}

}  // namespace

CashFlowResults write_cash_flows(Sheet& sheet, const Model& m, const Formats& f,
                                 const InputCells& in, const ActivityCells& act,
                                 const Sheet& activity, std::size_t alternative) {
  return CashFlows(sheet, m, f, in, act, activity, alternative).write();
}

}  // namespace ehsim::workbook_parts
