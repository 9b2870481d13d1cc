#pragma once
// The results files (summary.json, manifest.json, comparison.json) as types: what every results
// type's to_json/from_json is made of. Each type lists its members once, in a
// `members(x, visit)` function of its own .cpp, and both directions walk that list: a Writer puts
// each member into a JSON object, a Reader takes each out of one. One list per type means a
// member cannot be written under one key and read under another. The list's order does not
// change the files: nlohmann::json writes an object's keys sorted.
//
// Reading is strict about what a reader relies on: a required member that is missing or of the
// wrong type throws ResultsFormatError naming its JSON pointer. A member added to schema version
// 1 after files were first written is optional on reading, since files of the same version may
// lack it: a std::optional (absent or null reads as none), or a list or map marked
// `kMayBeAbsent` (absent reads as empty). The writer always writes such a member.
//
// How a member is written: a std::optional that is empty is left out, or written as null with
// `kNullWhenNone`; a list marked `kOmittedWhenEmpty` is left out when empty.

#include <concepts>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

namespace ehsim {

// A member of a results file that is missing or of the wrong type: its JSON pointer within the
// file and what is wrong. The reader of the file adds the file's name (InputError, exit 2).
class ResultsFormatError : public std::runtime_error {
 public:
  ResultsFormatError(std::string pointer, std::string problem);
  const std::string& pointer() const { return pointer_; }
  const std::string& problem() const { return problem_; }
  // The same error seen from the value holding this one under `token` (a key or an index).
  ResultsFormatError within(const std::string& token) const;

 private:
  std::string pointer_, problem_;
};

namespace results_json {

// ---- reading one value, with errors whose pointer is relative to the value read -------------

void read_value(const nlohmann::json& j, double& out);
void read_value(const nlohmann::json& j, int& out);
void read_value(const nlohmann::json& j, std::uint64_t& out);
void read_value(const nlohmann::json& j, bool& out);
void read_value(const nlohmann::json& j, std::string& out);
void read_value(const nlohmann::json& j, nlohmann::json& out);  // any value, as it is
void require_object(const nlohmann::json& j);
// An object of a results type (its from_json, found by argument-dependent lookup), a list, a map.
template <typename T>
void read_value(const nlohmann::json& j, T& out);
template <typename T>
void read_value(const nlohmann::json& j, std::vector<T>& out);
template <typename T>
void read_value(const nlohmann::json& j, std::map<std::string, T>& out);

// Reads `read` and reports its error as seen from the value holding it under `token`.
template <typename Read>
void within(const std::string& token, Read&& read) {
  try {
    read();
  } catch (const ResultsFormatError& e) {
    throw e.within(token);
  }
}

template <typename T>
void read_value(const nlohmann::json& j, T& out) {
  require_object(j);
  from_json(j, out);
}

template <typename T>
void read_value(const nlohmann::json& j, std::vector<T>& out) {
  if (!j.is_array()) throw ResultsFormatError("", "expected an array, found " + j.dump());
  out.clear();
  out.resize(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) {
    within(std::to_string(i), [&] { read_value(j[i], out[i]); });
  }
}

template <typename T>
void read_value(const nlohmann::json& j, std::map<std::string, T>& out) {
  require_object(j);
  out.clear();
  for (auto it = j.begin(); it != j.end(); ++it) {
    within(it.key(), [&] { read_value(*it, out[it.key()]); });
  }
}

// ---- reading a member of an object ---------------------------------------------------------

// j[key], which must be there.
template <typename T>
void field(const nlohmann::json& j, const char* key, T& out) {
  require_object(j);
  const auto it = j.find(key);
  if (it == j.end()) throw ResultsFormatError("", "is missing").within(key);
  within(key, [&] { read_value(*it, out); });
}

// j[key], which may be absent or null.
template <typename T>
void field(const nlohmann::json& j, const char* key, std::optional<T>& out) {
  require_object(j);
  const auto it = j.find(key);
  out.reset();
  if (it == j.end() || it->is_null()) return;
  T value{};
  within(key, [&] { read_value(*it, value); });
  out = std::move(value);
}

// j[key], a list or map that may be absent (then empty).
template <typename T>
void field_or_empty(const nlohmann::json& j, const char* key, T& out) {
  require_object(j);
  out = T{};
  if (j.contains(key)) field(j, key, out);
}

// ---- both directions from one list of members ------------------------------------------------

// `S` is T or const T: a type's one list of members, `template <either<T> S, typename Visit>
// void members(S& x, Visit&& visit)`, serves writing (const) and reading.
template <typename S, typename T>
concept either = std::same_as<std::remove_const_t<S>, T>;

// How a member is written and read beyond the default (see the top of this file).
struct NullWhenNone {};
struct MayBeAbsent {};
struct OmittedWhenEmpty {};
inline constexpr NullWhenNone kNullWhenNone{};
inline constexpr MayBeAbsent kMayBeAbsent{};
inline constexpr OmittedWhenEmpty kOmittedWhenEmpty{};

// Puts each member visited into a JSON object (made empty first).
class Writer {
 public:
  explicit Writer(nlohmann::json& j) : j_(j) { j_ = nlohmann::json::object(); }
  template <typename T>
  void operator()(const char* key, const T& value) const {
    j_[key] = value;
  }
  template <typename T>
  void operator()(const char* key, const std::optional<T>& value) const {
    if (value) j_[key] = *value;
  }
  template <typename T>
  void operator()(const char* key, const std::optional<T>& value, NullWhenNone) const {
    j_[key] = value ? nlohmann::json(*value) : nlohmann::json(nullptr);
  }
  template <typename T>
  void operator()(const char* key, const T& value, MayBeAbsent) const {
    j_[key] = value;
  }
  template <typename T>
  void operator()(const char* key, const T& value, OmittedWhenEmpty) const {
    if (!value.empty()) j_[key] = value;
  }

 private:
  nlohmann::json& j_;
};

// Takes each member visited out of a JSON object, strictly (see the top of this file).
class Reader {
 public:
  explicit Reader(const nlohmann::json& j) : j_(j) { require_object(j_); }
  template <typename T>
  void operator()(const char* key, T& value) const {
    field(j_, key, value);
  }
  template <typename T>
  void operator()(const char* key, std::optional<T>& value, NullWhenNone) const {
    field(j_, key, value);
  }
  template <typename T>
  void operator()(const char* key, T& value, MayBeAbsent) const {
    field_or_empty(j_, key, value);
  }
  template <typename T>
  void operator()(const char* key, T& value, OmittedWhenEmpty) const {
    field_or_empty(j_, key, value);
  }

 private:
  const nlohmann::json& j_;
};

}  // namespace results_json
}  // namespace ehsim
