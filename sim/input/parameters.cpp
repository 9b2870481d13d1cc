#include "input/parameters.hpp"

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace ehsim {

using nlohmann::json;

ParameterSet& ParameterSet::set(std::string pointer, double value) {
  values.push_back({std::move(pointer), value});
  return *this;
}

namespace {

// Where a value goes: the node to replace, or the object that will receive a new key.
struct Target {
  json* number = nullptr;  // an existing number, or a sourced number's "value"
  json* sourced = nullptr;  // the {"value": ...} object, when the number is written with one
  json* parent = nullptr;   // the object that lacks the key
  std::string key;
};

// Finds where `pointer` points, or says why it cannot take a number.
std::string locate(json& doc, const json::json_pointer& pointer, Target& target) {
  if (doc.contains(pointer)) {
    json& node = doc.at(pointer);
    if (node.is_number()) {
      target.number = &node;
      return {};
    }
    if (node.is_object() && node.contains("value") && node.at("value").is_number()) {
      target.sourced = &node;
      target.number = &node.at("value");
      return {};
    }
    return fmt::format("holds {}, not a number; an override replaces a number (or the \"value\" "
                       "of a sourced number)",
                       node.is_object() ? "an object without a numeric \"value\""
                                        : std::string("a ") + node.type_name());
  }
  if (pointer.empty()) return "is the whole scenario; name a number inside it";
  const json::json_pointer parent = pointer.parent_pointer();
  if (!doc.contains(parent) || !doc.at(parent).is_object()) {
    return fmt::format("names nothing in the scenario (no object at {}); check the spelling "
                       "against the scenario file",
                       parent.to_string().empty() ? "the top level" : parent.to_string());
  }
  target.parent = &doc.at(parent);
  target.key = pointer.back();
  return {};
}

}  // namespace

ResolvedDocument with_parameters(const ResolvedDocument& document, const ParameterSet& parameters,
                                 Diagnostics& diagnostics) {
  ResolvedDocument result = document;
  for (const auto& [text, value] : parameters.values) {
    json::json_pointer pointer;
    try {
      pointer = json::json_pointer(text);
    } catch (const json::exception&) {
      diagnostics.add(parameters.origin, text,
                      "is not a JSON pointer; expected a path such as "
                      "/pathway/transitions/need_emerges/rate_per_year");
      continue;
    }
    if (!std::isfinite(value)) {
      diagnostics.add(parameters.origin, text,
                      fmt::format("is given the value {}; expected a finite number", value));
      continue;
    }
    Target target;
    if (const std::string problem = locate(result.merged, pointer, target); !problem.empty()) {
      diagnostics.add(parameters.origin, text, problem);
      continue;
    }
    if (target.number != nullptr) {
      *target.number = value;
    } else {
      (*target.parent)[target.key] = value;
    }
    if (target.sourced != nullptr && !parameters.source.empty()) {
      target.sourced->erase("assumption");
      (*target.sourced)["source"] = parameters.source;
    }
    result.overridden.push_back(text);
  }
  result.override_origin = parameters.origin;
  return result;
}

double number_at(const ResolvedDocument& document, const std::string& text) {
  Diagnostics diagnostics;
  try {
    const json::json_pointer pointer(text);
    if (document.merged.contains(pointer)) {
      const json& node = document.merged.at(pointer);
      if (node.is_number()) return node.get<double>();
      if (node.is_object() && node.contains("value") && node.at("value").is_number()) {
        return node.at("value").get<double>();
      }
    }
    diagnostics.add(document.chain.empty() ? "scenario" : document.chain.front(), text,
                    "is not a number in the scenario");
  } catch (const json::exception&) {
    diagnostics.add("parameter", text, "is not a JSON pointer");
  }
  throw InputError(std::move(diagnostics));
}

}  // namespace ehsim
