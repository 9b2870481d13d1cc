#include "input/dates.hpp"

#include <cctype>

namespace ehsim {
namespace {

// True when `text` is exactly four digits, '-', two digits, '-', two digits.
bool has_date_shape(const std::string& text) {
  if (text.size() != 10) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 4 || i == 7;
    if (dash ? text[i] != '-' : !std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

}  // namespace

bool parse_date(const std::string& text, std::chrono::year_month_day& out) {
  if (!has_date_shape(text)) return false;
  const int y = std::stoi(text.substr(0, 4));
  const auto m = static_cast<unsigned>(std::stoi(text.substr(5, 2)));
  const auto d = static_cast<unsigned>(std::stoi(text.substr(8, 2)));
  out =
      std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  return out.ok();
}

bool is_financial_year(const std::string& year) {
  if (year.size() != 7 || year[4] != '/') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6}) {
    if (!std::isdigit(static_cast<unsigned char>(year[i]))) return false;
  }
  return (std::stoi(year.substr(0, 4)) + 1) % 100 == std::stoi(year.substr(5, 2));
}

}  // namespace ehsim
