#include "economics/workbook.hpp"

#include <fmt/format.h>
#include <xlsxwriter.h>

#include "economics/uncertainty_sheets.hpp"
#include "economics/workbook_cash_flows.hpp"
#include "economics/workbook_inputs.hpp"
#include "economics/workbook_model.hpp"
#include "economics/workbook_results.hpp"
#include "economics/workbook_sheet.hpp"

// The book: its sheets in order, each written by its group's file (workbook_inputs.cpp,
// workbook_cash_flows.cpp, workbook_results.cpp, uncertainty_sheets.cpp), and the two sheets
// about the book itself, About and Run details, written here.

namespace ehsim {

using nlohmann::json;

namespace {

using namespace workbook_parts;

void write_run_details(Sheet& s, const ComparisonResults& c, const Formats& f) {
  s.width(0, 0, 30);
  s.width(1, 1, 90);
  int r = 0;
  s.text(r++, 0, "Run details", f.title);
  const auto row = [&](const std::string& item, const json& value) {
    s.text(r, 0, item);
    s.value(r, 1, value);
    ++r;
  };
  row("Run id (the same in every file of this run)", or_null(c.run_id));
  row("ehsim version", c.ehsim_version);
  row("ehsim commit", c.git_commit);
  row("Created (UTC)", or_null(c.created_utc));
  row("Seed", c.seed);
  row("Replications", c.replications);
  row("Threads", c.threads);
  row("Price base year", c.price_base_year);
  row("Discount rate", c.discount_rate);
  row("Savings target (£ a year)", or_null(c.target));
  row("Baseline", c.baseline.name);
  row("Baseline file", c.baseline.path);
  row("Baseline SHA-256", c.baseline.sha256);
  for (const auto& alt : c.alternatives) {
    row("Alternative", alt.scenario.name);
    row("Alternative file", alt.scenario.path);
    row("Alternative SHA-256", alt.scenario.sha256);
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

// `comparison` for its uncertainty section, which is read by key (uncertainty_sheets.hpp).
void write_about(Sheet& s, const ComparisonResults& c, const json& comparison, const Formats& f,
                 const std::vector<std::string>& cash_flow_sheets) {
  s.width(0, 0, 120);
  int r = 0;
  s.text(r++, 0, "ehsim business case: " + c.baseline.name, f.title);
  // A baseline no calibration fitted to the council's statistics makes every figure a sketch.
  const auto& calibration = c.baseline.calibration;
  s.text(r++, 0,
         calibration
             ? "Calibrated: the baseline's flow rates were fitted to the council's " +
                   calibration->fit_year + " statistics by " + calibration->file + " (" +
                   calibration->date + ")."
             : "ILLUSTRATIVE: this baseline is not calibrated to the council's statistics; its "
               "flow rates are set by hand and every figure below inherits them.");
  for (const auto& warning : c.warnings) s.text(r++, 0, "NOT PRICED: " + warning);
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
  if (const auto how_sure = how_sure_paragraph(comparison); !how_sure.empty())
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
    const Model m(comparison.get<ComparisonResults>());
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
      results.push_back(write_cash_flows(cash[a], m, f, in, act, activity, a));
      cash_names.push_back(cash[a].name());
    }
    write_summary(summary, m, f, results);
    for (std::size_t i = 0; i < how_sure.size(); ++i)
      how_sure[i].write(how_sure_sheets[i], book, f);
    write_demand(demand, m, f);
    write_staffing(staffing, m, f);
    write_run_details(details, m.results, f);
    write_about(about, m.results, comparison, f, cash_names);
  });
}

}  // namespace ehsim
