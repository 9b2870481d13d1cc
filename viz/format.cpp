#include "format.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace ehsim::viz {
namespace {

std::string with_separators(long long whole) {
  std::string digits = std::to_string(whole < 0 ? -whole : whole);
  std::string out;
  const std::size_t n = digits.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return whole < 0 ? "\u2212" + out : out;
}

}  // namespace

std::string format_money(double pounds) {
  const double a = std::fabs(pounds);
  std::string body;
  if (a >= 1e9) {
    body = fmt::format("£{:.1f}bn", a / 1e9);
  } else if (a >= 1e6) {
    // £999.96m would round up to £1000.0m; keep the suffix honest.
    body = a >= 999.95e6 ? fmt::format("£{:.1f}bn", a / 1e9) : fmt::format("£{:.1f}m", a / 1e6);
  } else if (a >= 1e3) {
    body = a >= 999.5e3 ? fmt::format("£{:.1f}m", a / 1e6) : fmt::format("£{:.0f}k", a / 1e3);
  } else {
    body = fmt::format("£{:.0f}", a);
  }
  const bool negative = pounds < 0 && body != "£0";
  return negative ? "\u2212" + body : body;
}

std::string format_count(double value) {
  return with_separators(std::llround(value));
}

std::string format_percent(double share) {
  return fmt::format("{:.0f}%", share * 100.0);
}

std::string format_pence(double pounds) {
  return pounds < 0 ? fmt::format("\u2212£{:.2f}", -pounds) : fmt::format("£{:.2f}", pounds);
}

std::string format_number(double value) {
  const double a = std::fabs(value);
  if (a >= 1000) return with_separators(std::llround(value));
  if (a == 0) return "0";
  // Decimals for three significant figures: 471.58 -> 0, 82.5 -> 1, 0.5632 -> 3.
  const int decimals = std::max(0, 2 - static_cast<int>(std::floor(std::log10(a))));
  std::string text = fmt::format("{:.{}f}", a, decimals);
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return value < 0 && text != "0" ? "\u2212" + text : text;
}

std::string html_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace ehsim::viz
