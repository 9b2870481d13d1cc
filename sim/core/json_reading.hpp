#pragma once
// Reading JSON whose parts are optional, such as comparison.json's "uncertainty" section (each
// analysis is there only when it ran): a missing member, a missing element or a value of another
// type reads as null or "" instead of throwing, so a writer can leave out what is not there.

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

namespace ehsim::json_reading {

inline const nlohmann::json& null_json() {
  static const nlohmann::json none;
  return none;
}

// j[key] when j is an object that has it, else null.
inline const nlohmann::json& member(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return null_json();
  const auto it = j.find(key);
  return it == j.end() ? null_json() : *it;
}

// list[i] when list is an array that long, else null.
inline const nlohmann::json& nth(const nlohmann::json& list, std::size_t i) {
  return list.is_array() && i < list.size() ? list[i] : null_json();
}

// j[key] when it is a string, else "".
inline std::string text_of(const nlohmann::json& j, const char* key) {
  const nlohmann::json& v = member(j, key);
  return v.is_string() ? v.get_ref<const std::string&>() : std::string();
}

}  // namespace ehsim::json_reading
