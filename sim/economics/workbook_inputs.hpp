#pragma once
// The workbook's inputs (internal to the workbook): the Inputs sheet of named yellow cells
// (appraisal settings, each alternative's adjustments, the benefit haircut per evidence grade,
// the price index, the unit costs, the parameters the alternatives change) and the Simulated
// activity sheet (grey values: mean activity and early help spending per financial year). The
// Cash flows sheets' formulas refer to their cells.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <xlsxwriter.h>

#include "economics/workbook_model.hpp"
#include "economics/workbook_sheet.hpp"

namespace ehsim::workbook_parts {

// Where the Inputs sheet put each input: defined names or cell references, and their values.
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

InputCells write_inputs(Sheet& s, lxw_workbook* book, const Model& m, const Formats& f);

// Where the Simulated activity sheet put each scenario's activity.
struct ActivityCells {
  // [scenario 0 = baseline, 1.. = alternatives][id] -> row
  std::vector<std::map<std::string, int>> item_row, service_row;
  int first_year_col = 3;
};

ActivityCells write_activity(Sheet& s, const Model& m, const Formats& f);

}  // namespace ehsim::workbook_parts
