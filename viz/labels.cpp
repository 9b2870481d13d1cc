#include "labels.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>
#include <utility>
#include <vector>

#include "economics/labels.hpp"
#include "results.hpp"

namespace ehsim::viz {
namespace {

// Words that are written differently from their id form.
constexpr std::array<std::pair<std::string_view, std::string_view>, 11> kWords = {{
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
}};

std::string readable(const std::string& id) {
  std::string out;
  std::size_t at = 0;
  while (at <= id.size()) {
    std::size_t end = id.find('_', at);
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

std::string lookup(const std::map<std::string, std::string>& labels, const std::string& id) {
  const auto it = labels.find(id);
  return it != labels.end() && !it->second.empty() ? it->second : readable(id);
}

}  // namespace

std::string number_label(const std::string& pointer, const nlohmann::json& document,
                         const KnownLabels& known) {
  return ehsim::number_label(pointer, document,
                             [&](const std::string& state) { return human_label(state, known); });
}

void add_result_labels(const ResultsInput& input, KnownLabels& known) {
  for (const auto& s : input.scenarios) {
    if (!s.summary) continue;
    for (const auto& [id, service] : s.summary->services_over_horizon) {
      known.services.emplace(id, service.label);
    }
  }
}

std::string human_label(const std::string& id, const KnownLabels& known) {
  if (const auto it = known.services.find(id); it != known.services.end() && !it->second.empty())
    return it->second;
  if (const auto it = known.states.find(id); it != known.states.end() && !it->second.empty())
    return it->second;
  if (const auto it = known.localities.find(id);
      it != known.localities.end() && !it->second.empty())
    return it->second;
  if (!looks_like_an_id(id)) return id;
  if (const auto team = id.find('@'); team != std::string::npos) {
    return lookup(known.services, id.substr(0, team)) + " — " +
           lookup(known.localities, id.substr(team + 1));
  }
  return readable(id);
}

}  // namespace ehsim::viz
