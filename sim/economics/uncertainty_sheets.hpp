#pragma once
// The workbook's "How sure are we?" sheets, one per analysis that was run (comparison.json's
// "uncertainty", from `ehsim compare --psa K`, `--one-way` and `--switching-values`):
// Parameter uncertainty and Acceptability curve with --psa, Tornado and Switching values with
// --one-way. Without them the workbook has none of these sheets and is as it was. Values, not
// formulas: each figure is a summary of simulations the workbook cannot redo. Internal to the
// workbook (economics/workbook.cpp).

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "economics/workbook_sheet.hpp"

namespace ehsim::workbook_parts {

struct UncertaintySheet {
  std::string name;
  std::function<void(Sheet&, lxw_workbook*, const Formats&)> write;
};

// The sheets of the analyses in `comparison`, in order; empty when none was run.
std::vector<UncertaintySheet> uncertainty_sheets(const nlohmann::json& comparison);

// How a finance officer names an uncertain number from its JSON pointer:
// "/economics/cost_items/foster_care/amount" -> "Foster care (unit cost, £)".
std::string uncertain_number_label(const std::string& pointer);

}  // namespace ehsim::workbook_parts
