#include "economics/assumptions.hpp"

#include <array>
#include <set>
#include <string_view>

#include "core/results_json.hpp"

namespace ehsim {

using nlohmann::json;

namespace {

// Descriptive text, not parameters: a change of wording is not a change of assumption.
constexpr std::array<std::string_view, 5> kDescriptiveKeys = {"name", "description", "notes",
                                                              "label", "extends"};

bool is_descriptive(const std::string& key) {
  for (auto k : kDescriptiveKeys) {
    if (k == key) return true;
  }
  return false;
}

bool is_quantity(const json* j) {
  return j != nullptr && j->is_object() && j->contains("value") && (*j)["value"].is_number();
}

json value_of(const json* j) {
  if (j == nullptr) return nullptr;
  return is_quantity(j) ? (*j)["value"] : *j;
}

std::string source_of(const json* j) {
  if (!is_quantity(j)) return "";
  if (j->contains("source") && (*j)["source"].is_string()) return (*j)["source"].get<std::string>();
  if (j->contains("assumption") && (*j)["assumption"].is_string()) {
    return "assumption: " + (*j)["assumption"].get<std::string>();
  }
  return "";
}

std::string escape_token(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

const json* child(const json* j, const std::string& key) {
  if (j == nullptr || !j->is_object() || !j->contains(key)) return nullptr;
  return &(*j)[key];
}

const json* element(const json* j, std::size_t i) {
  if (j == nullptr || !j->is_array() || i >= j->size()) return nullptr;
  return &(*j)[i];
}

void walk(const json* base, const json* alt, const std::string& pointer,
          std::vector<DifferingAssumption>& out) {
  const bool objects =
      (base == nullptr || base->is_object()) && (alt == nullptr || alt->is_object());
  if (objects && !is_quantity(base) && !is_quantity(alt) && (base || alt)) {
    std::set<std::string> keys;
    for (const json* side : {base, alt}) {
      if (side) {
        for (const auto& [key, _] : side->items()) keys.insert(key);
      }
    }
    for (const auto& key : keys) {
      if (!is_descriptive(key))
        walk(child(base, key), child(alt, key), pointer + "/" + escape_token(key), out);
    }
    return;
  }
  if (base && alt && base->is_array() && alt->is_array() && base->size() == alt->size()) {
    for (std::size_t i = 0; i < base->size(); ++i) {
      walk(element(base, i), element(alt, i), pointer + "/" + std::to_string(i), out);
    }
    return;
  }
  const json b = value_of(base), a = value_of(alt);
  if (b == a) return;
  std::string source = source_of(alt);
  if (source.empty()) source = source_of(base);
  if (source.empty()) source = "not stated in the scenario file";
  out.push_back({pointer, b, a, source});
}

}  // namespace

std::vector<DifferingAssumption> differing_assumptions(const json& baseline,
                                                       const json& alternative) {
  std::vector<DifferingAssumption> out;
  walk(&baseline, &alternative, "", out);
  return out;
}

namespace {

template <results_json::either<DifferingAssumption> S, typename Visit>
void members(S& d, Visit&& visit) {
  visit("pointer", d.pointer);
  visit("baseline", d.baseline);
  visit("alternative", d.alternative);
  visit("source", d.source);
}

}  // namespace

void to_json(json& j, const DifferingAssumption& d) {
  members(d, results_json::Writer(j));
}
void from_json(const json& j, DifferingAssumption& d) {
  members(d, results_json::Reader(j));
}

}  // namespace ehsim
