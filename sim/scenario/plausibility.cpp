#include "scenario/plausibility.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace ehsim {

std::vector<PlausibilityWarning> plausibility_warnings(const Scenario& scenario) {
  std::vector<PlausibilityWarning> warnings;
  const auto& transitions = scenario.pathway.transitions;
  for (const auto& t : transitions) {
    if (!t.has_rate || t.rate_per_year.value <= kSuspectRatePerYear) continue;
    std::vector<double> neighbours;
    for (const auto& other : transitions) {
      if (&other != &t && other.from == t.from && other.has_rate) {
        neighbours.push_back(other.rate_per_year.value);
      }
    }
    if (neighbours.empty() ||
        std::any_of(neighbours.begin(), neighbours.end(), [](double r) { return r >= 1.0; })) {
      continue;
    }
    const auto [low, high] = std::minmax_element(neighbours.begin(), neighbours.end());
    const std::string& state =
        t.from >= 0 ? scenario.pathway.states[static_cast<std::size_t>(t.from)].id : t.id;
    const std::string pointer =
        t.rate_per_year.provenance && !t.rate_per_year.provenance->pointer.empty()
            ? t.rate_per_year.provenance->pointer
            : fmt::format("/pathway/transitions/{}/rate_per_year", t.id);
    warnings.push_back(
        {pointer,
         fmt::format("is {:g} a year (on average {:.0f} days in '{}' before it) while the other "
                     "{} from '{}' {} {}; is it a percentage or a rate per month rather than per "
                     "year? (a warning only: the scenario is valid)",
                     t.rate_per_year.value, 365.25 / t.rate_per_year.value, state,
                     neighbours.size() == 1 ? std::string("transition")
                                            : fmt::format("{} transitions", neighbours.size()),
                     state, neighbours.size() == 1 ? "is" : "are",
                     *low == *high ? fmt::format("{:g} a year", *low)
                                   : fmt::format("between {:g} and {:g} a year", *low, *high))});
  }
  return warnings;
}

std::string format_warnings(const std::string& file,
                            const std::vector<PlausibilityWarning>& warnings) {
  std::string out;
  for (const auto& w : warnings) {
    out += fmt::format("ehsim: warning: {}: {}: {}\n", file, w.pointer, w.message);
  }
  return out;
}

}  // namespace ehsim
