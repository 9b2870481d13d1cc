#pragma once
// Field-by-field reading of a JSON document with diagnostics: every accessor checks type and
// range, reports problems against the value's JSON pointer and returns a usable fallback so that
// reading continues and all problems in a file are found in one pass.

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/diagnostics.hpp"
#include "core/json_pointer.hpp"
#include "input/document.hpp"
#include "scenario/scenario.hpp"

namespace ehsim {

// The allowed values of a number, and how to describe them to a person.
struct Range {
  double low = -std::numeric_limits<double>::infinity();
  double high = std::numeric_limits<double>::infinity();
  bool low_open = false;  // true: the value must be strictly greater than `low`
  bool integer = false;
  const char* expected = "a number";
};

inline constexpr Range kAnyNumber{};
inline constexpr Range kNonNegative{0.0, std::numeric_limits<double>::infinity(), false, false,
                                    "a number >= 0"};
inline constexpr Range kPositive{0.0, std::numeric_limits<double>::infinity(), true, false,
                                 "a number > 0"};
inline constexpr Range kProbability{0.0, 1.0, false, false, "a probability in [0, 1]"};
inline constexpr Range kShare{0.0, 1.0, false, false, "a share in [0, 1]"};


// Reports problems against the file each value came from.
class Checker {
 public:
  Checker(const ResolvedDocument& doc, Diagnostics& diags) : doc_(doc), diags_(diags) {}
  void error(const std::string& pointer, const std::string& message);
  std::size_t error_count() const { return diags_.size(); }
  // Every quantity read, with its pointer: the scenario's table of assumptions and sources.
  void record(const std::string& pointer, const Quantity& q) { quantities_.push_back({pointer, q}); }
  const std::vector<SourcedNumber>& quantities() const { return quantities_; }

 private:
  std::vector<SourcedNumber> quantities_;
  const ResolvedDocument& doc_;
  Diagnostics& diags_;
};

// Reads one JSON object whose allowed keys are known; unknown keys are reported at once, with
// a "did you mean" suggestion when a known key is close.
class ObjectReader {
 public:
  ObjectReader(Checker& checker, const nlohmann::json* value, std::string pointer,
               std::vector<std::string> allowed_keys);

  bool is_object() const { return object_ != nullptr; }
  const std::string& pointer() const { return pointer_; }
  std::string at(const std::string& key) const { return pointer_append(pointer_, key); }
  Checker& checker() { return checker_; }

  bool has(const std::string& key) const;
  const nlohmann::json* get(const std::string& key) const;  // nullptr if absent
  // Reports a missing key and returns nullptr.
  const nlohmann::json* require(const std::string& key, const char* expected);

  double number(const std::string& key, double fallback, const Range& range, bool required);
  Quantity quantity(const std::string& key, double fallback, const Range& range, bool required);
  std::string string(const std::string& key, const std::string& fallback, bool required);
  bool boolean(const std::string& key, bool fallback);

 private:
  Checker& checker_;
  const nlohmann::json* object_ = nullptr;
  std::string pointer_;
};

// Standalone checks on a value at a pointer.
bool check_number(Checker& checker, const nlohmann::json& value, const std::string& pointer,
                  const Range& range, double& out);
Quantity read_quantity(Checker& checker, const nlohmann::json& value, const std::string& pointer,
                       const Range& range);
bool check_string(Checker& checker, const nlohmann::json& value, const std::string& pointer,
                  std::string& out);

// The short name of a JSON value's type for messages: "a string", "an object", ...
std::string describe_type(const nlohmann::json& value);

}  // namespace ehsim
