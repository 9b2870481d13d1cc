#pragma once
// Shared helpers for the scenario tests: where the data lives, a scratch directory that cleans
// up after itself, and a readable way to look for one diagnostic among many.

#include <filesystem>
#include <string>

#include "core/diagnostics.hpp"

namespace ehsim::testing {

inline std::filesystem::path source_dir() {
  return EHSIM_SOURCE_DIR;
}
inline std::filesystem::path data_dir() {
  return EHSIM_TEST_DATA_DIR;
}
inline std::filesystem::path scenarios_dir() {
  return source_dir() / "scenarios";
}
inline std::filesystem::path baseline_path() {
  return scenarios_dir() / "hertfordshire" / "model.json";
}
inline std::filesystem::path families_first_path() {
  return scenarios_dir() / "hertfordshire" / "families-first.json";
}

// A fresh directory under the system temp dir, removed when the test ends.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  // Writes `content` to `name` inside the directory and returns the full path.
  std::filesystem::path write(const std::string& name, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

// "[[[...]]]" nested `depth` levels: too deep for the reader, built here rather than committed.
std::string deeply_nested_arrays(int depth);
// "[[[1]]]": `depth` arrays with a number in the innermost.
std::string deeply_nested_arrays_with_value(int depth);
// {"a":{"a":...1...}} nested `depth` levels.
std::string deeply_nested_objects(int depth);

// Two paths name the same file (diagnostics keep paths as written, e.g. "x/../y.json").
bool same_file(const std::filesystem::path& a, const std::filesystem::path& b);

// True when some diagnostic is about `file` at `pointer` and its message contains `fragment`
// (an empty fragment matches any message).
bool has_diagnostic(const Diagnostics& diags, const std::filesystem::path& file,
                    const std::string& pointer, const std::string& fragment);

}  // namespace ehsim::testing
