#include "core/diagnostics.hpp"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

namespace ehsim {

std::string Diagnostic::format() const {
  if (pointer.empty()) return fmt::format("{}: {}", file, message);
  return fmt::format("{}: {}: {}", file, pointer, message);
}

void Diagnostics::add(std::string file, std::string pointer, std::string message) {
  items_.push_back({std::move(file), std::move(pointer), std::move(message)});
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

std::string Diagnostics::format() const {
  std::string out;
  for (const auto& d : items_) {
    out += d.format();
    out += '\n';
  }
  return out;
}

InputError::InputError(Diagnostics diagnostics)
    : std::runtime_error(diagnostics.empty() ? std::string("invalid input")
                                             : diagnostics.items().front().format()),
      diagnostics_(std::move(diagnostics)) {}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string closest_match(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& candidate : candidates) {
    const std::size_t d = edit_distance(word, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

}  // namespace ehsim
