#include "economics/workbook_sheet.hpp"

#include <atomic>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include <fmt/format.h>

#include "economics/labels.hpp"

namespace ehsim::workbook_parts {

std::string column_name(int c) {
  std::string name;
  for (++c; c > 0; c = (c - 1) / 26)
    name.insert(name.begin(), static_cast<char>('A' + (c - 1) % 26));
  return name;
}

std::string cell(int r, int c, bool fixed_row, bool fixed_col) {
  return fmt::format("{}{}{}{}", fixed_col ? "$" : "", column_name(c), fixed_row ? "$" : "", r + 1);
}

std::string quoted_sheet(const std::string& name) {
  std::string out = "'";
  for (char ch : name) out += ch == '\'' ? std::string("''") : std::string(1, ch);
  return out + "'";
}

std::string formula_text(const std::string& text) {
  std::string out = "\"";
  for (char ch : text) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

std::string name_from_id(const std::string& prefix, const std::string& id) {
  std::string out = prefix;
  for (char ch : id) out += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  return out;
}

std::string pointer_label(const std::string& pointer) {
  std::string out;
  std::size_t at = 1;
  while (at <= pointer.size()) {
    std::size_t end = pointer.find('/', at);
    if (end == std::string::npos) end = pointer.size();
    const std::string part = pointer.substr(at, end - at);
    at = end + 1;
    if (part.empty()) continue;
    if (!out.empty()) out += " › ";
    out += readable_id(part);
  }
  return out;
}

namespace {

constexpr lxw_color_t kInputFill = 0xFFF2CC;
constexpr lxw_color_t kInputFont = 0x1F4E79;
constexpr lxw_color_t kSimulatedFill = 0xE7E6E6;

lxw_format* make_format(lxw_workbook* book, const char* number_format, bool bold = false,
                        lxw_color_t fill = 0, lxw_color_t font = 0) {
  lxw_format* f = workbook_add_format(book);
  if (number_format != nullptr) format_set_num_format(f, number_format);
  if (bold) format_set_bold(f);
  if (fill != 0) {
    format_set_pattern(f, LXW_PATTERN_SOLID);
    format_set_bg_color(f, fill);
  }
  if (font != 0) format_set_font_color(f, font);
  return f;
}

constexpr const char* kMoney = "£#,##0;[Red]-£#,##0";
constexpr const char* kUnitMoney = "£#,##0.00;[Red]-£#,##0.00";
constexpr const char* kPercent = "0.0%";
constexpr const char* kRatio = "£0.00";
constexpr const char* kNumber = "#,##0.0";
constexpr const char* kInteger = "0";
constexpr const char* kFte = "#,##0.0";

}  // namespace

Formats make_formats(lxw_workbook* book) {
  Formats f{};
  f.title = make_format(book, nullptr, true);
  format_set_font_size(f.title, 14);
  f.bold = make_format(book, nullptr, true);
  f.header = make_format(book, nullptr, true, 0xD9E1F2);
  format_set_text_wrap(f.header);
  format_set_align(f.header, LXW_ALIGN_VERTICAL_TOP);
  f.note = make_format(book, nullptr);
  format_set_italic(f.note);
  f.section = make_format(book, nullptr, true);
  format_set_font_size(f.section, 12);
  f.input_text = make_format(book, "@", false, kInputFill, kInputFont);
  f.input_money = make_format(book, kUnitMoney, false, kInputFill, kInputFont);
  f.input_percent = make_format(book, kPercent, false, kInputFill, kInputFont);
  f.input_number = make_format(book, "0.0###", false, kInputFill, kInputFont);
  f.input_integer = make_format(book, kInteger, false, kInputFill, kInputFont);
  f.sim_money = make_format(book, kMoney, false, kSimulatedFill);
  f.sim_number = make_format(book, kNumber, false, kSimulatedFill);
  f.sim_fte = make_format(book, kFte, false, kSimulatedFill);
  f.sim_percent = make_format(book, kPercent, false, kSimulatedFill);
  f.sim_ratio = make_format(book, kRatio, false, kSimulatedFill);
  f.sim_text = make_format(book, nullptr, false, kSimulatedFill);
  f.money = make_format(book, kMoney);
  f.money_bold = make_format(book, kMoney, true);
  f.unit_money = make_format(book, kUnitMoney);
  f.percent = make_format(book, kPercent);
  f.factor = make_format(book, "0.0000");
  f.ratio = make_format(book, kRatio);
  f.number = make_format(book, kNumber);
  f.integer = make_format(book, kInteger);
  f.text = make_format(book, nullptr);
  f.wrap = make_format(book, nullptr);
  format_set_text_wrap(f.wrap);
  format_set_align(f.wrap, LXW_ALIGN_VERTICAL_TOP);
  return f;
}

lxw_format* simulated_format(lxw_workbook* book, const char* number_format) {
  return make_format(book, number_format, false, kSimulatedFill);
}

namespace {

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) throw std::runtime_error("cannot read back the workbook " + path.string());
  return bytes.str();
}

}  // namespace

void set_chance_axes(lxw_chart* chart, const char* title, const char* x_title,
                     const char* x_format) {
  chart_title_set_name(chart, title);
  chart_axis_set_name(chart->x_axis, x_title);
  chart_axis_set_name(chart->y_axis, "Chance");
  chart_axis_set_min(chart->y_axis, 0);
  chart_axis_set_max(chart->y_axis, 1);
  chart_axis_set_num_format(chart->y_axis, "0%");
  chart_axis_set_num_format(chart->x_axis, x_format);
}

std::string workbook_bytes(const std::function<void(lxw_workbook*)>& write) {
  static std::atomic<int> counter{0};
  const auto path = std::filesystem::temp_directory_path() /
                    fmt::format("ehsim-workbook-{}-{}.xlsx", ::getpid(), ++counter);
  lxw_workbook* book = workbook_new(path.string().c_str());
  if (book == nullptr) throw std::runtime_error("libxlsxwriter could not create " + path.string());
  try {
    write(book);
  } catch (...) {
    workbook_close(book);
    std::filesystem::remove(path);
    throw;
  }
  const lxw_error status = workbook_close(book);
  if (status != LXW_NO_ERROR) {
    std::filesystem::remove(path);
    throw std::runtime_error(std::string("libxlsxwriter: ") + lxw_strerror(status));
  }
  std::string bytes = read_bytes(path);
  std::filesystem::remove(path);
  return bytes;
}

}  // namespace ehsim::workbook_parts
