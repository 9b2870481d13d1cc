#pragma once
// /pathway's need levels and states, and its entry state. Transitions are read later
// (transitions_section.hpp): they may name services, which are read after the states.

#include <string>
#include <vector>

#include "input/section_context.hpp"

namespace ehsim {

// A state's "provided_by" as written: `given` is false when absent (or not a string). Linked
// to a service once the services are read.
struct ProvidedBy {
  bool given = false;
  std::string service;
  std::string pointer;
};

// What the pathway section leaves for the sections read after it.
struct PathwayLinks {
  std::string pointer = "/pathway";
  const nlohmann::json* transitions = nullptr;  // /pathway/transitions, when present
  std::vector<ProvidedBy> provided_by;          // per state, in the order of the states
};

// Reads need levels (sorted by level), states (then the built-in exits moved_away and
// aged_out) and the entry state into `context.scenario.pathway`.
PathwayLinks read_pathway(SectionContext& context, ObjectReader& top);

}  // namespace ehsim
