// Goal-seek's workbook: the question, the answer and the acceptability curve (the chance of
// reaching the target against the budget) on one sheet, as a table and a chart, for a finance
// officer who works in a spreadsheet. Values, not formulas: each chance is a share of simulated
// futures the workbook cannot redo.

#include <fmt/format.h>

#include "economics/uncertainty_words.hpp"
#include "economics/workbook_sheet.hpp"
#include "uncertainty/goal_seek.hpp"

namespace ehsim {

using namespace workbook_parts;

namespace {

constexpr int kLabel = 0, kValue = 1, kNote = 2;

// The question's settings: a row each, label, value and what it means.
int write_question(Sheet& s, int r, const Formats& f, const GoalSeekResult& g) {
  const GoalSeekSpec& spec = g.spec;
  s.text(r++, kLabel, "The question", f.section);
  s.text(r, kLabel, "Alternative");
  s.text(r++, kValue, g.alternative_name);
  s.text(r, kLabel, "Service whose budget is searched");
  s.text(r, kValue, g.service_label);
  s.text(r++, kNote, g.pointer, f.note);
  s.text(r, kLabel, "Target: net cashable saving a year");
  s.number(r, kValue, spec.target, f.money);
  s.text(r++, kNote, "council-cashable cost avoided less the extra early help spending", f.note);
  s.text(r, kLabel, "In the financial year");
  s.text(r++, kValue, g.year_label);
  s.text(r, kLabel, "Chance required");
  s.number(r++, kValue, spec.probability, f.percent);
  s.text(r, kLabel, "Replications per budget");
  s.number(r, kValue, spec.replications, f.integer);
  s.text(r++, kNote, fmt::format("seed {}: the same simulated futures at every budget", spec.seed),
         f.note);
  s.text(r, kLabel, "Budgets searched: from");
  s.number(r++, kValue, spec.low.value_or(0), f.money);
  s.text(r, kLabel, "to");
  s.number(r++, kValue, spec.high.value_or(0), f.money);
  s.text(r, kLabel, "The baseline's budget for the service");
  s.number(r++, kValue, g.baseline_budget, f.money);
  s.text(r, kLabel, "The alternative's own budget");
  s.number(r++, kValue, g.funded_budget, f.money);
  return r + 1;
}

// The smallest budget meeting the chance, the bracket it was found in, the best and the funded.
int write_answer(Sheet& s, int r, const Formats& f, const GoalSeekResult& g) {
  s.text(r++, kLabel, "The answer", f.section);
  s.text(r, kLabel, "Smallest budget found that meets the chance");
  if (g.answer) {
    s.number(r, kValue, g.answer->budget, f.sim_money);
    s.text(r++, kNote,
           fmt::format("an extra {} a year over the baseline's; chance there {:.0f}%",
                       short_money(g.answer->extra_investment), 100 * g.answer->probability),
           f.note);
  } else {
    s.text(r++, kValue, "none in the range searched", f.sim_text);
  }
  if (g.below_answer) {
    s.text(r, kLabel, "Highest budget below it that does not");
    s.number(r, kValue, g.below_answer->budget, f.sim_money);
    s.text(r++, kNote, fmt::format("bisection stopped within {}", short_money(g.tolerance)),
           f.note);
  }
  s.text(r, kLabel, "Highest chance found");
  s.number(r, kValue, g.best.probability, f.sim_percent);
  s.text(r++, kNote, fmt::format("at a budget of {}", short_money(g.best.budget)), f.note);
  s.text(r, kLabel, "Chance at the alternative's own budget");
  s.number(r++, kValue, g.funded.probability, f.sim_percent);
  return r + 1;
}

struct CurveCells {
  int first_row = 0, last_row = 0;
};

CurveCells write_curve(Sheet& s, int r, const Formats& f, const GoalSeekResult& g) {
  s.text(r++, kLabel, "The acceptability curve: every budget evaluated, in budget order",
         f.section);
  const std::vector<std::string> titles = {"Budget a year", "Extra over the baseline's budget",
                                           "Chance of reaching the target",
                                           "Mean net cashable saving in " + g.year_label, "Point"};
  for (std::size_t c = 0; c < titles.size(); ++c)
    s.text(r, static_cast<int>(c), titles[c], f.header);
  const CurveCells cells{r + 1, r + static_cast<int>(g.curve.size())};
  for (const auto& p : g.curve) {
    ++r;
    s.number(r, 0, p.budget, f.sim_money);
    s.number(r, 1, p.extra_investment, f.sim_money);
    s.number(r, 2, p.probability, f.sim_percent);
    s.number(r, 3, p.mean_net_cashable, f.sim_money);
    s.text(r, 4, p.kind, f.sim_text);
  }
  return cells;
}

// The curve against the budget, with the chance required as a flat line across the range (its
// two ends in cells beside the table).
void add_curve_chart(Sheet& s, lxw_workbook* book, const Formats& f, const GoalSeekResult& g,
                     const CurveCells& curve) {
  constexpr int kEnds = 6;  // the chance required's two ends: budget, chance
  s.text(curve.first_row - 1, kEnds, "Range searched", f.header);
  s.text(curve.first_row - 1, kEnds + 1, "Chance required", f.header);
  s.number(curve.first_row, kEnds, g.spec.low.value_or(0), f.money);
  s.number(curve.first_row + 1, kEnds, g.spec.high.value_or(0), f.money);
  s.number(curve.first_row, kEnds + 1, g.spec.probability, f.percent);
  s.number(curve.first_row + 1, kEnds + 1, g.spec.probability, f.percent);

  lxw_chart* chart = workbook_add_chart(book, LXW_CHART_SCATTER_STRAIGHT_WITH_MARKERS);
  const auto row = [](int r) { return static_cast<lxw_row_t>(r); };
  const auto col = [](int c) { return static_cast<lxw_col_t>(c); };
  lxw_chart_series* points = chart_add_series(chart, nullptr, nullptr);
  chart_series_set_categories(points, s.name().c_str(), row(curve.first_row), col(0),
                              row(curve.last_row), col(0));
  chart_series_set_values(points, s.name().c_str(), row(curve.first_row), col(2),
                          row(curve.last_row), col(2));
  chart_series_set_name(points, "Chance of reaching the target");
  lxw_chart_series* required = chart_add_series(chart, nullptr, nullptr);
  chart_series_set_categories(required, s.name().c_str(), row(curve.first_row), col(kEnds),
                              row(curve.first_row + 1), col(kEnds));
  chart_series_set_values(required, s.name().c_str(), row(curve.first_row), col(kEnds + 1),
                          row(curve.first_row + 1), col(kEnds + 1));
  chart_series_set_name(required, "Chance required");
  set_chance_axes(chart, "The chance of reaching the target against the budget",
                  "Budget for the service, £ a year", "£#,##0");
  worksheet_insert_chart(s.raw(), row(curve.first_row + 3), col(kEnds), chart);
}

}  // namespace

std::string goal_seek_workbook(const GoalSeekResult& g) {
  return workbook_bytes([&](lxw_workbook* book) {
    const Formats f = make_formats(book);
    Sheet s(book, "Goal-seek");
    s.width(0, 0, 44);
    s.width(1, 4, 20);
    s.width(6, 7, 16);
    int r = 0;
    s.text(r++, 0, "How much to invest? The chance of reaching a savings target, budget by budget",
           f.title);
    s.text(r++, 0, goal_seek_sentence(g) + ".", f.bold);
    s.text(r++, 0,
           "Each budget is simulated against the baseline over the same families (common random "
           "numbers); the chance is the share of the simulated futures whose net cashable saving "
           "in the year reaches the target, every unit cost, effect and rate at its central value "
           "(the families' luck alone: ehsim compare --psa adds what we do not know about the "
           "numbers). The chance need not rise with the budget: read the whole curve. Grey cells "
           "are simulated values (ehsim goal-seek; docs/uncertainty.md).",
           f.note);
    ++r;
    r = write_question(s, r, f, g);
    r = write_answer(s, r, f, g);
    add_curve_chart(s, book, f, g, write_curve(s, r, f, g));
  });
}

}  // namespace ehsim
