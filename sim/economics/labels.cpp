#include "economics/labels.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json_pointer.hpp"

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

const nlohmann::json* child(const nlohmann::json& node, const std::string& part) {
  if (node.is_object()) {
    const auto it = node.find(part);
    return it == node.end() ? nullptr : &*it;
  }
  if (!node.is_array() || part.empty() ||
      !std::all_of(part.begin(), part.end(), [](unsigned char c) { return std::isdigit(c); })) {
    return nullptr;
  }
  const std::size_t index = std::stoul(part);
  return index < node.size() ? &node[index] : nullptr;
}

std::string string_at(const nlohmann::json& node, const char* key) {
  const auto it = node.is_object() ? node.find(key) : node.end();
  return node.is_object() && it != node.end() && it->is_string() ? it->get<std::string>() : "";
}

// The label of the thing at parts[0..depth]: its own "label", or a transition's states (one
// with outcomes, which has no single "to", by the state it leaves and its own id:
// "Families First key work: key work step up").
std::string own_label(const nlohmann::json& node, const std::vector<std::string>& parts,
                      std::size_t depth,
                      const std::function<std::string(const std::string&)>& state_label) {
  if (std::string label = string_at(node, "label"); !label.empty()) return label;
  const std::string from = string_at(node, "from"), to = string_at(node, "to");
  if (depth < 1 || parts[depth - 1] != "transitions" || from.empty()) return "";
  if (!to.empty()) return state_label(from) + " → " + state_label(to);
  std::string id = readable_id(parts[depth]);
  id[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(id[0])));
  return state_label(from) + ": " + id;
}

// What a number is of the thing that holds it, from the keys below that thing: "amount" is a
// cost item's unit cost; other keys are made readable.
std::string what_of(const std::vector<std::string>& rest) {
  std::string out;
  for (const auto& part : rest) {
    if (part == "value") continue;
    std::string word = part == "amount"          ? "unit cost"
                       : part == "rate_per_year" ? "rate a year"
                                                 : readable_id(part);
    // Mid-sentence, "Budget per year" reads "budget per year"; an acronym stays.
    if (word.size() > 1 && !std::isupper(static_cast<unsigned char>(word[1])))
      word[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(word[0])));
    out += (out.empty() ? "" : ", ") + word;
  }
  return out;
}

}  // namespace

std::string number_label(const std::string& pointer, const nlohmann::json& document,
                         const std::function<std::string(const std::string&)>& state_label) {
  const auto parts = pointer_parts(pointer);
  const nlohmann::json* node = &document;
  std::string label;
  std::size_t labelled = 0;  // parts up to the labelled thing
  for (std::size_t i = 0; i < parts.size() && node != nullptr; ++i) {
    node = child(*node, parts[i]);
    if (node == nullptr) break;
    if (std::string own = own_label(*node, parts, i, state_label); !own.empty()) {
      label = std::move(own);
      labelled = i + 1;
    }
  }
  if (label.empty()) {
    // A setting of its own section, such as /economics/optimism_bias, is named by its key.
    const bool setting =
        node != nullptr && (parts.size() == 2 || (parts.size() == 3 && parts[2] == "value"));
    return setting && looks_like_an_id(parts[1]) ? readable_id(parts[1]) : pointer;
  }
  const std::string what = what_of(
      std::vector<std::string>(parts.begin() + static_cast<std::ptrdiff_t>(labelled), parts.end()));
  if (what.empty()) return label;
  // "(social value) (unit cost)" would read as two asides.
  return label.ends_with(')') ? label + ", " + what : label + " (" + what + ")";
}

bool looks_like_an_id(const std::string& text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) {
    return std::islower(c) || std::isdigit(c) || c == '_' || c == '-' || c == '@';
  });
}

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
