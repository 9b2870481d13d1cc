#include "input/reader.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "input/uncertainty_reader.hpp"

namespace ehsim {

using nlohmann::json;

std::string describe_type(const json& value) {
  switch (value.type()) {
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "an array";
    case json::value_t::string:
      return "a string";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::null:
      return "null";
    default:
      return "a number";
  }
}

namespace {
std::string shown(const json& value) {
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return text;
}
}  // namespace

void Checker::error(const std::string& pointer, const std::string& message) {
  diags_.add(doc_.origin_of(pointer), pointer, message);
}

ObjectReader::ObjectReader(Checker& checker, const json* value, std::string pointer,
                           std::vector<std::string> allowed_keys)
    : checker_(checker), pointer_(std::move(pointer)) {
  if (value == nullptr) return;
  if (!value->is_object()) {
    checker_.error(pointer_,
                   fmt::format("is {}; expected an object {{...}}", describe_type(*value)));
    return;
  }
  object_ = value;
  for (const auto& [key, _] : value->items()) {
    if (std::find(allowed_keys.begin(), allowed_keys.end(), key) != allowed_keys.end()) continue;
    const std::string suggestion = closest_match(key, allowed_keys);
    std::string message = fmt::format("unknown key '{}'", key);
    if (!suggestion.empty()) {
      message += fmt::format("; did you mean '{}'?", suggestion);
    } else {
      std::string list;
      for (const auto& k : allowed_keys) list += (list.empty() ? "" : ", ") + k;
      message += fmt::format("; the keys allowed here are: {}", list);
    }
    checker_.error(pointer_append(pointer_, key), message);
  }
}

bool ObjectReader::has(const std::string& key) const {
  return get(key) != nullptr;
}

const json* ObjectReader::get(const std::string& key) const {
  if (object_ == nullptr) return nullptr;
  auto it = object_->find(key);
  return it == object_->end() ? nullptr : &*it;
}

const json* ObjectReader::require(const std::string& key, const char* expected) {
  const json* value = get(key);
  if (value == nullptr && object_ != nullptr) {
    checker_.error(at(key), fmt::format("is missing; expected {}", expected));
  }
  return value;
}

bool check_number(Checker& checker, const json& value, const std::string& pointer,
                  const Range& range, double& out) {
  if (!value.is_number()) {
    checker.error(pointer, fmt::format("is {} ({}); expected {}", describe_type(value),
                                       shown(value), range.expected));
    return false;
  }
  const double x = value.get<double>();
  const bool below = range.low_open ? !(x > range.low) : !(x >= range.low);
  const bool above = !(x <= range.high);
  const bool fractional = range.integer && std::floor(x) != x;
  if (below || above || fractional || !std::isfinite(x)) {
    checker.error(pointer, fmt::format("is {}; expected {}", shown(value), range.expected));
    return false;
  }
  out = x;
  return true;
}

bool check_string(Checker& checker, const json& value, const std::string& pointer,
                  std::string& out) {
  if (!value.is_string()) {
    checker.error(pointer,
                  fmt::format("is {} ({}); expected a string", describe_type(value), shown(value)));
    return false;
  }
  out = value.get<std::string>();
  return true;
}

Quantity read_quantity(Checker& checker, const json& value, const std::string& pointer,
                       const Range& range) {
  Quantity q;
  if (!value.is_object()) {
    if (check_number(checker, value, pointer, range, q.value)) checker.record(pointer, q);
    return q;
  }
  ObjectReader reader(checker, &value, pointer,
                      {"value", "source", "assumption", "price_year", "uncertainty", "notes"});
  q.value = reader.number("value", 0.0, range, true);
  const bool sourced = reader.has("source");
  const bool assumed = reader.has("assumption");
  if (sourced && assumed) {
    checker.error(pointer, "has both \"source\" and \"assumption\"; give exactly one");
  } else if (!sourced && !assumed) {
    checker.error(pointer,
                  "a number written as an object needs \"source\" (document, table, year) or "
                  "\"assumption\" (why this value was chosen)");
  } else {
    Provenance p;
    p.assumption = assumed;
    p.text = reader.string(assumed ? "assumption" : "source", "", true);
    p.pointer = pointer;
    if (p.text.empty())
      checker.error(reader.at(assumed ? "assumption" : "source"),
                    "is empty; say where the number comes from");
    q.provenance = p;
  }
  reader.string("price_year", "", false);
  reader.string("notes", "", false);
  if (const json* u = reader.get("uncertainty")) {
    q.uncertainty = read_uncertainty(checker, *u, reader.at("uncertainty"), q.value, range);
  }
  checker.record(pointer, q);
  return q;
}

double ObjectReader::number(const std::string& key, double fallback, const Range& range,
                            bool required) {
  const json* value = required ? require(key, range.expected) : get(key);
  double out = fallback;
  if (value != nullptr) check_number(checker_, *value, at(key), range, out);
  return out;
}

Quantity ObjectReader::quantity(const std::string& key, double fallback, const Range& range,
                                bool required) {
  const json* value = required ? require(key, range.expected) : get(key);
  if (value == nullptr) {
    Quantity q;
    q.value = fallback;
    return q;
  }
  return read_quantity(checker_, *value, at(key), range);
}

std::string ObjectReader::string(const std::string& key, const std::string& fallback,
                                 bool required) {
  const json* value = required ? require(key, "a string") : get(key);
  std::string out = fallback;
  if (value != nullptr) check_string(checker_, *value, at(key), out);
  return out;
}

bool ObjectReader::boolean(const std::string& key, bool fallback) {
  const json* value = get(key);
  if (value == nullptr) return fallback;
  if (!value->is_boolean()) {
    checker_.error(at(key), fmt::format("is {} ({}); expected true or false", describe_type(*value),
                                        shown(*value)));
    return fallback;
  }
  return value->get<bool>();
}

}  // namespace ehsim
