#pragma once
// The workbook's building blocks, shared by its sheets (economics/workbook.cpp and
// economics/uncertainty_sheets.cpp): cell references, the cell formats and a worksheet that
// writes values and formulas with their cached results. Internal to the workbook.

#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>

#include <xlsxwriter.h>
#include <nlohmann/json.hpp>

namespace ehsim::workbook_parts {

// "A", "B", ..., "Z", "AA" for the 0-based column c.
std::string column_name(int c);
// "B7", "$B$7", "B$7" or "$B7".
std::string cell(int r, int c, bool fixed_row = true, bool fixed_col = true);
std::string quoted_sheet(const std::string& name);
// A text constant inside a formula.
std::string formula_text(const std::string& text);
// A defined name from an id: letters, digits and underscores only.
std::string name_from_id(const std::string& prefix, const std::string& id);
// "/economics/cost_items/foster_care/amount" -> "Economics › Cost items › Foster care › Amount".
std::string pointer_label(const std::string& pointer);

inline double number_or(const nlohmann::json& v, double fallback = 0.0) {
  return v.is_number() ? v.get<double>() : fallback;
}

struct Formats {
  lxw_format* title;
  lxw_format* bold;
  lxw_format* header;
  lxw_format* note;
  lxw_format* section;
  // Inputs: yellow cells the user may change.
  lxw_format* input_text;
  lxw_format* input_money;
  lxw_format* input_percent;
  lxw_format* input_number;
  lxw_format* input_integer;
  // Simulated values: grey cells.
  lxw_format* sim_money;
  lxw_format* sim_number;
  lxw_format* sim_fte;
  lxw_format* sim_percent;
  lxw_format* sim_ratio;
  lxw_format* sim_text;
  // Formulas and plain values.
  lxw_format* money;
  lxw_format* money_bold;
  lxw_format* unit_money;
  lxw_format* percent;
  lxw_format* factor;
  lxw_format* ratio;
  lxw_format* number;
  lxw_format* integer;
  lxw_format* text;
  lxw_format* wrap;
};

// The formats every workbook has. libxlsxwriter writes each format added to the book into its
// styles, so a sheet that is only sometimes written adds its own (simulated_format) only when it
// is: a workbook without it stays as it was.
Formats make_formats(lxw_workbook* book);
// A grey cell (a simulated value) in `number_format` ("General", "0.000", ...).
lxw_format* simulated_format(lxw_workbook* book, const char* number_format);

// A workbook's bytes: `write` adds its sheets to a book that libxlsxwriter writes to a private
// temporary file, read back and removed, so that the caller can write every output atomically
// together. Throws std::runtime_error when libxlsxwriter fails (and whatever `write` throws).
std::string workbook_bytes(const std::function<void(lxw_workbook*)>& write);

// A chart of chances against something: its title, the x axis's title and number format, and
// the y axis's chances from 0% to 100%.
void set_chance_axes(lxw_chart* chart, const char* title, const char* x_title,
                     const char* x_format);

// One worksheet: cells by row and column (0-based), formulas with their computed values so that
// a reader that does not recalculate (pandas, a viewer) sees the same numbers.
class Sheet {
 public:
  Sheet(lxw_workbook* book, const std::string& name)
      : sheet_(workbook_add_worksheet(book, name.c_str())), name_(name) {
    if (sheet_ == nullptr) throw std::runtime_error("libxlsxwriter could not add sheet " + name);
  }
  const std::string& name() const { return name_; }
  lxw_worksheet* raw() const { return sheet_; }
  void text(int r, int c, const std::string& value, lxw_format* f = nullptr) {
    worksheet_write_string(sheet_, row(r), col(c), value.c_str(), f);
  }
  void number(int r, int c, double value, lxw_format* f = nullptr) {
    if (!std::isfinite(value)) return text(r, c, "n/a", f);
    worksheet_write_number(sheet_, row(r), col(c), value, f);
  }
  // A JSON value: a number, "n/a" for null, or its text.
  void value(int r, int c, const nlohmann::json& v, lxw_format* f = nullptr) {
    if (v.is_number()) return number(r, c, v.get<double>(), f);
    if (v.is_null()) return text(r, c, "n/a", f);
    text(r, c, v.is_string() ? v.get<std::string>() : v.dump(), f);
  }
  // A formula and its value; a value that is not a number (a ratio without investment) is
  // cached as the text the formula then gives, "n/a".
  void formula(int r, int c, const std::string& formula, double value, lxw_format* f = nullptr) {
    if (!std::isfinite(value)) return formula_text(r, c, formula, "n/a", f);
    worksheet_write_formula_num(sheet_, row(r), col(c), ("=" + formula).c_str(), f, value);
  }
  void formula_text(int r, int c, const std::string& formula, const std::string& value,
                    lxw_format* f = nullptr) {
    worksheet_write_formula_str(sheet_, row(r), col(c), ("=" + formula).c_str(), f, value.c_str());
  }
  void width(int first, int last, double w) {
    worksheet_set_column(sheet_, col(first), col(last), w, nullptr);
  }
  void freeze(int rows, int cols) { worksheet_freeze_panes(sheet_, row(rows), col(cols)); }
  // The cell as another sheet refers to it: 'Inputs'!$B$4.
  std::string ref(int r, int c, bool fixed = true) const {
    return quoted_sheet(name_) + "!" + cell(r, c, fixed, fixed);
  }
  std::string range(int r0, int c0, int r1, int c1) const {
    return quoted_sheet(name_) + "!" + cell(r0, c0) + ":" + cell(r1, c1);
  }

 private:
  static lxw_row_t row(int r) { return static_cast<lxw_row_t>(r); }
  static lxw_col_t col(int c) { return static_cast<lxw_col_t>(c); }
  lxw_worksheet* sheet_;
  std::string name_;
};

}  // namespace ehsim::workbook_parts
