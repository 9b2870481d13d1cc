#include "economics/labels.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>
#include <utility>

namespace ehsim {

namespace {

// Words that are written differently from their id form.
constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kWords = {{
    {"dwp", "DWP"},
    {"nhs", "NHS"},
    {"neet", "NEET"},
    {"cin", "CIN"},
    {"cp", "CP"},
    {"lac", "LAC"},
    {"eif", "EIF"},
    {"camhs", "CAMHS"},
    {"fte", "FTE"},
    {"uk", "UK"},
    {"childrens", "children's"},
    {"non", "non"},
    {"s47", "section 47"},
    {"pru", "PRU"},
}};

}  // namespace

std::string readable_id(const std::string& id) {
  std::string out;
  std::size_t at = 0;
  while (at <= id.size()) {
    std::size_t end = id.find_first_of("_-", at);
    if (end == std::string::npos) end = id.size();
    std::string word = id.substr(at, end - at);
    at = end + 1;
    if (word.empty()) continue;
    const auto known =
        std::find_if(kWords.begin(), kWords.end(), [&](const auto& w) { return w.first == word; });
    if (known != kWords.end()) word = std::string(known->second);
    if (!out.empty()) out += ' ';
    out += word;
  }
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

}  // namespace ehsim
