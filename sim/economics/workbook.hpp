#pragma once
// The Excel workbook for finance officers, in the style of the HMT / New Economy local
// cost-benefit model: an Inputs sheet of named cells (price base, discount rate, optimism bias,
// deadweight, attribution, unit costs with their price year, source and evidence grade, the
// benefit haircut per grade, the changed parameters), the simulated activity as values, and a
// Cash flows sheet per alternative whose every figure is a formula over the two, so that a
// changed unit cost or discount rate recomputes the business case in Excel or LibreOffice.
// Ranges and the chances of meeting the target come from the simulation, as values beside.
// It is written from comparison.json alone, so the two always agree (docs/economics.md §5).

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ehsim {

// The sheets, in order: About, Inputs, Simulated activity, one Cash flows sheet per alternative
// ("Cash flows", or "Cash flows 1", "Cash flows 2", ... when there are several), Summary,
// Demand, Staffing, Run details.
std::vector<std::string> workbook_sheet_names(const nlohmann::json& comparison);

// The .xlsx file's bytes. Throws std::runtime_error when libxlsxwriter fails.
std::string comparison_workbook(const nlohmann::json& comparison);

}  // namespace ehsim
