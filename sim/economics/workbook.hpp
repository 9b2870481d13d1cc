#pragma once
// The Excel workbook for finance officers: a view of comparison.json, one sheet per question
// (Summary, Costs by year, Savings by payer, Demand, Staffing, Assumptions, Run details), so
// every figure in the workbook can be traced to the JSON and back.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ehsim {

inline const std::vector<std::string> kWorkbookSheets = {
    "Summary",  "Costs by year", "Savings by payer", "Demand",
    "Staffing", "Assumptions",   "Run details"};

// The .xlsx file's bytes. Throws std::runtime_error when libxlsxwriter fails.
std::string comparison_workbook(const nlohmann::json& comparison);

}  // namespace ehsim
