#pragma once
// Problems found in a user's input, each with the file, the JSON pointer of the offending value,
// what is wrong and what would be right. Collected, not thrown one at a time, so a user sees
// every problem in a file at once.

#include <stdexcept>
#include <string>
#include <vector>

namespace ehsim {

struct Diagnostic {
  std::string file;
  std::string pointer;  // JSON pointer into the resolved scenario; empty for whole-file problems
  std::string message;  // what is wrong and what would be right
  std::string format() const;
};

class Diagnostics {
 public:
  void add(std::string file, std::string pointer, std::string message);
  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  const std::vector<Diagnostic>& items() const { return items_; }
  void append(const Diagnostics& other);
  std::string format() const;  // one line per diagnostic

 private:
  std::vector<Diagnostic> items_;
};

// Thrown when input is invalid: the command line turns it into exit code 2.
class InputError : public std::runtime_error {
 public:
  explicit InputError(Diagnostics diagnostics);
  const Diagnostics& diagnostics() const { return diagnostics_; }

 private:
  Diagnostics diagnostics_;
};

// Edit distance, for "did you mean ...?" suggestions.
std::size_t edit_distance(const std::string& a, const std::string& b);
// The closest candidate within a small edit distance, or empty.
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace ehsim
