#include "input/reader.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

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

namespace {

// Every value a draw can take must be one the number may take, or a parameter set would be
// refused in the middle of an analysis. parameter_quantile keeps u within 1e-12 of 0 and 1, so
// its values at 0 and 1 are the extremes a draw can reach.
void check_support_in_range(Checker& checker, const std::string& at, const ParameterDistribution& d,
                            const Range& range) {
  const double lowest = parameter_quantile(d, 0.0), highest = parameter_quantile(d, 1.0);
  const bool below = range.low_open ? lowest <= range.low : lowest < range.low;
  if (below || highest > range.high) {
    checker.error(
        at, fmt::format("a {} distribution here can take values from {:.4g} to {:.4g}, "
                        "but the number must be {}; narrow it, or choose one that "
                        "stays in range (beta for a share, normal with low and high "
                        "to truncate)",
                        parameter_distribution_name(d.kind), lowest, highest, range.expected));
  }
}

// The forms an "uncertainty" may take, each centred on the number's own value where it has a
// centre: {distribution, sd} (mean = value), {distribution, low, high} (bounds, or for normal
// and lognormal a 90% interval), triangular {low, high} (mode = value), beta and gamma by mean
// (= value) and sd. Resolved here into the distribution's own parameters.
std::optional<Uncertainty> read_uncertainty(Checker& checker, const json& u, const std::string& at,
                                            double value, const Range& range) {
  ObjectReader ur(checker, &u, at,
                  {"distribution", "low", "high", "sd", "source", "assumption", "notes"});
  if (!ur.is_object()) return std::nullopt;
  const std::size_t errors = checker.error_count();
  const std::string kind = ur.string("distribution", "", true);
  const bool has_low = ur.has("low"), has_high = ur.has("high"), has_sd = ur.has("sd");
  const double low = ur.number("low", 0.0, kAnyNumber, false);
  const double high = ur.number("high", 0.0, kAnyNumber, false);
  const double sd = ur.number("sd", 0.0, kPositive, false);
  ur.string("notes", "", false);
  Uncertainty out;
  const bool sourced = ur.has("source"), assumed = ur.has("assumption");
  if (sourced == assumed) {
    checker.error(at,
                  "give exactly one of \"source\" (where the spread comes from) or "
                  "\"assumption\" (why it was chosen)");
  } else {
    out.assumption = assumed;
    out.source = ur.string(assumed ? "assumption" : "source", "", true);
  }
  const auto need = [&](bool present, const char* key, const char* form) {
    if (!present) checker.error(pointer_append(at, key), std::string("is missing; ") + form);
    return present;
  };
  auto& d = out.distribution;
  if (kind == "uniform") {
    d.kind = ParameterDistributionKind::uniform;
    if (need(has_low, "low", "a uniform distribution takes low and high") &&
        need(has_high, "high", "a uniform distribution takes low and high")) {
      d.p1 = low, d.p2 = high;
    }
  } else if (kind == "triangular") {
    d.kind = ParameterDistributionKind::triangular;
    if (need(has_low, "low",
             "a triangular distribution takes low and high (its mode is the value)") &&
        need(has_high, "high",
             "a triangular distribution takes low and high (its mode is the value)")) {
      d.p1 = low, d.p2 = value, d.p3 = high;
      if (!(low <= value && value <= high)) {
        checker.error(at, fmt::format("low {} and high {} must bracket the value {}, the "
                                      "triangular distribution's mode",
                                      low, high, value));
      }
    }
  } else if (kind == "normal") {
    d.kind = ParameterDistributionKind::normal;
    d.p1 = value;
    if (has_sd) {
      d.p2 = sd;
      // With sd, low and high truncate (a share or rate cannot go below 0).
      if (has_low) d.lower = low;
      if (has_high) d.upper = high;
    } else if (need(has_low && has_high, "sd",
                    "a normal distribution takes sd (and optional "
                    "low and high to truncate it), or low and high "
                    "as its 90% interval")) {
      d.p1 = 0.5 * (low + high);
      d.p2 = (high - low) / (2 * 1.6448536269514722);
    }
    if (std::isfinite(range.low) && d.lower < range.low) d.lower = range.low;
    if (std::isfinite(range.high) && d.upper > range.high) d.upper = range.high;
  } else if (kind == "lognormal") {
    d.kind = ParameterDistributionKind::lognormal;
    if (has_sd && value > 0) {
      // Moment matching: mean = value, standard deviation = sd.
      const double s2 = std::log1p(sd * sd / (value * value));
      d.p1 = std::log(value) - 0.5 * s2;
      d.p2 = std::sqrt(s2);
    } else if (has_low && has_high && low > 0 && high > low) {
      // A 90% interval: the 5th and 95th percentiles.
      d.p1 = 0.5 * (std::log(low) + std::log(high));
      d.p2 = (std::log(high) - std::log(low)) / (2 * 1.6448536269514722);
    } else {
      checker.error(at,
                    "a lognormal distribution takes sd (its mean is the value, > 0), or low "
                    "and high (0 < low < high) as its 90% interval");
    }
  } else if (kind == "beta") {
    d.kind = ParameterDistributionKind::beta;
    // Method of moments, mean = value: the share's spread must be possible for a share.
    const double variance = sd * sd;
    if (need(has_sd, "sd", "a beta distribution takes sd (its mean is the value)") && value > 0 &&
        value < 1 && variance < value * (1 - value)) {
      const double common = value * (1 - value) / variance - 1;
      d.p1 = value * common, d.p2 = (1 - value) * common;
    } else if (has_sd) {
      checker.error(at, fmt::format("a beta distribution needs a value strictly between 0 and 1 "
                                    "and sd below sqrt(value (1 - value)) = {:.4g}",
                                    std::sqrt(std::max(0.0, value * (1 - value)))));
    }
  } else if (kind == "gamma") {
    d.kind = ParameterDistributionKind::gamma;
    if (need(has_sd, "sd", "a gamma distribution takes sd (its mean is the value, > 0)") &&
        value > 0) {
      d.p1 = value * value / (sd * sd), d.p2 = sd * sd / value;
    } else if (has_sd) {
      checker.error(at, "a gamma distribution needs a value > 0 (its mean)");
    }
  } else if (ur.has("distribution")) {
    checker.error(ur.at("distribution"),
                  fmt::format("is '{}'; expected one of uniform, triangular, normal, lognormal, "
                              "beta, gamma",
                              kind));
  }
  if ((kind == "uniform" || (kind == "normal" && !has_sd)) && has_low && has_high &&
      !(low < high)) {
    checker.error(pointer_append(at, "high"),
                  fmt::format("is {}; expected a number above low ({})", high, low));
  }
  if (checker.error_count() == errors) check_support_in_range(checker, at, d, range);
  if (checker.error_count() != errors) return std::nullopt;
  return out;
}

}  // namespace

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
