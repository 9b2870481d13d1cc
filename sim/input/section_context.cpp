#include "input/section_context.hpp"

#include <cmath>

namespace ehsim {

std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
  return out;
}

void report_unknown_name(Checker& checker, const std::string& pointer, const char* what,
                         const std::string& name, const std::vector<std::string>& known) {
  if (name.empty()) {
    checker.error(pointer, fmt::format("is an empty string; expected the id of a {}, one of: {}",
                                       what, join_words(known)));
    return;
  }
  const std::string suggestion = closest_match(name, known);
  if (!suggestion.empty()) {
    checker.error(pointer,
                  fmt::format("unknown {} '{}'; did you mean '{}'?", what, name, suggestion));
  } else {
    checker.error(pointer, fmt::format("unknown {} '{}'; expected one of: {}", what, name,
                                       join_words(known)));
  }
}

int resolve_state(SectionContext& context, const std::string& id, const std::string& pointer) {
  const int index = context.scenario.state_index(id);
  if (index < 0) {
    std::vector<std::string> ids;
    for (const auto& s : context.scenario.pathway.states) ids.push_back(s.id);
    report_unknown_name(context.checker, pointer, "state", id, ids);
  }
  return index;
}

int need_level_index(const Scenario& scenario, const std::string& id) {
  const auto& levels = scenario.pathway.need_levels;
  for (std::size_t i = 0; i < levels.size(); ++i) {
    if (levels[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

std::vector<std::string> need_level_ids(const Scenario& scenario) {
  std::vector<std::string> ids;
  for (const auto& l : scenario.pathway.need_levels) ids.push_back(l.id);
  return ids;
}

void check_shares_sum(Checker& checker, double total, const std::string& pointer,
                      const std::string& what) {
  if (std::abs(total - 1.0) > kShareTolerance) {
    checker.error(pointer, fmt::format("{} sum to {:.6g}; they must sum to 1", what, total));
  }
}

void check_count_limit(Checker& checker, std::size_t count, std::size_t limit,
                       const std::string& pointer, const char* what, const char* why) {
  if (count <= limit) return;
  checker.error(pointer, fmt::format("has {} {}; at most {} are allowed ({}); combine some of "
                                     "them",
                                     count, what, limit, why));
}

}  // namespace ehsim
