#include "core/results_json.hpp"

#include <fmt/format.h>

namespace ehsim {

using nlohmann::json;

ResultsFormatError::ResultsFormatError(std::string pointer, std::string problem)
    : std::runtime_error(fmt::format("{}: {}", pointer.empty() ? "/" : pointer, problem)),
      pointer_(std::move(pointer)),
      problem_(std::move(problem)) {}

ResultsFormatError ResultsFormatError::within(const std::string& token) const {
  std::string escaped;  // RFC 6901: "~" as "~0", "/" as "~1"
  for (const char c : token) {
    if (c == '~')
      escaped += "~0";
    else if (c == '/')
      escaped += "~1";
    else
      escaped += c;
  }
  return {"/" + escaped + pointer_, problem_};
}

namespace results_json {

namespace {

[[noreturn]] void expected(const char* what, const json& found) {
  throw ResultsFormatError("", fmt::format("expected {}, found {}", what, found.dump()));
}

}  // namespace

void read_value(const json& j, double& out) {
  if (!j.is_number()) expected("a number", j);
  out = j.get<double>();
}

void read_value(const json& j, int& out) {
  if (!j.is_number_integer()) expected("an integer", j);
  out = j.get<int>();
}

void read_value(const json& j, std::uint64_t& out) {
  if (!j.is_number_unsigned()) expected("a whole number of at least 0", j);
  out = j.get<std::uint64_t>();
}

void read_value(const json& j, bool& out) {
  if (!j.is_boolean()) expected("true or false", j);
  out = j.get<bool>();
}

void read_value(const json& j, std::string& out) {
  if (!j.is_string()) expected("a string", j);
  out = j.get<std::string>();
}

void read_value(const json& j, json& out) {
  out = j;
}

void require_object(const json& j) {
  if (!j.is_object()) expected("an object", j);
}

}  // namespace results_json
}  // namespace ehsim
