#pragma once
// A Cash flows sheet of the workbook (internal to the workbook): one alternative against the
// baseline, year by year, every figure a formula over the Inputs and the Simulated activity
// (extra investment by budget line, cost avoided by cost item, value type, category and payer,
// net saving, discounting and payback, the benefit haircut), ehsim's simulated ranges beside
// them as values, and a results block at the top that the Summary sheet refers to.

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "economics/workbook_inputs.hpp"
#include "economics/workbook_model.hpp"
#include "economics/workbook_sheet.hpp"

namespace ehsim::workbook_parts {

// Where the Summary finds an alternative's workbook figures: the cell and its value.
struct Result {
  std::string ref;
  double value = 0;
  std::string text;  // for a text result (the payback year)
};

struct CashFlowResults {
  // By the key of the headline figure ("net_saving_npv", ...), and "payback_year" and
  // "net_saving_npv_after_haircut".
  std::map<std::string, Result> results;
  std::vector<Result> net_cashable_by_year;
};

// The Cash flows sheet of alternative `alternative` (its index in the comparison).
CashFlowResults write_cash_flows(Sheet& sheet, const Model& m, const Formats& f,
                                 const InputCells& in, const ActivityCells& act,
                                 const Sheet& activity, std::size_t alternative);

}  // namespace ehsim::workbook_parts
