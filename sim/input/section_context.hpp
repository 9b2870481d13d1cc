#pragma once
// What the readers of a scenario's sections share: the checker that reports each problem
// against the file its value came from, the scenario being filled in section by section, and
// the checks several sections make (an id that must name a state or a need level, with "did
// you mean"; shares that must sum to 1; ids that must be unique; counts the engine can store).

#include <string>
#include <vector>

#include <fmt/format.h>

#include "input/reader.hpp"
#include "scenario/scenario.hpp"

namespace ehsim {

// Shares and probabilities written with a few decimals must sum to 1 within this.
inline constexpr double kShareTolerance = 1e-6;

struct SectionContext {
  Checker& checker;
  Scenario& scenario;  // the sections read so far; later sections resolve ids against them
};

// "a, b, c": for lists of allowed names in messages.
std::string join_words(const std::vector<std::string>& words);

// Reports `name` (a `what`, e.g. "state") as unknown at `pointer`: a close match as "did you
// mean", otherwise every known name.
void report_unknown_name(Checker& checker, const std::string& pointer, const char* what,
                         const std::string& name, const std::vector<std::string>& known);

// The index of state `id`, or -1 after reporting it as unknown at `pointer`.
int resolve_state(SectionContext& context, const std::string& id, const std::string& pointer);

// The index of need level `id` in the scenario's (sorted) need levels, or -1.
int need_level_index(const Scenario& scenario, const std::string& id);
std::vector<std::string> need_level_ids(const Scenario& scenario);

// Reports at `pointer` when `total` (of `what`, e.g. "the shares of the bins") is not 1.
void check_shares_sum(Checker& checker, double total, const std::string& pointer,
                      const std::string& what);

// Reports at `pointer` when more than `limit` of `what` are given; `why` names the storage.
void check_count_limit(Checker& checker, std::size_t count, std::size_t limit,
                       const std::string& pointer, const char* what, const char* why);

// Reports `id` at `pointer` when one of `existing` (anything with an `id`) already has it.
template <typename T>
void check_unique(Checker& checker, const std::vector<T>& existing, const std::string& id,
                  const std::string& pointer, const char* what) {
  for (const auto& e : existing) {
    if (e.id == id) {
      checker.error(pointer, fmt::format("{} '{}' is defined twice; ids must be unique", what, id));
    }
  }
}

}  // namespace ehsim
