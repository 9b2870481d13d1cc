#pragma once
// The workbook's sheets of results (internal to the workbook): the Summary (each alternative's
// headline measures, the workbook's formula beside ehsim's figures, and the savings target year
// by year), Demand (children avoided, simulated) and Staffing (FTE funded and needed, simulated).

#include <vector>

#include "economics/workbook_cash_flows.hpp"
#include "economics/workbook_model.hpp"
#include "economics/workbook_sheet.hpp"

namespace ehsim::workbook_parts {

// `flows`: each alternative's Cash flows sheet, whose figures the Summary refers to.
void write_summary(Sheet& s, const Model& m, const Formats& f,
                   const std::vector<CashFlowResults>& flows);
void write_demand(Sheet& s, const Model& m, const Formats& f);
void write_staffing(Sheet& s, const Model& m, const Formats& f);

}  // namespace ehsim::workbook_parts
