#pragma once
// /initial_caseloads: how many children (or what share of families) are in each state when
// the simulation starts.

#include "input/section_context.hpp"

namespace ehsim {

// Reads /initial_caseloads into `context.scenario.initial`; the states and the population
// must be read already.
void read_initial_caseloads(SectionContext& context, ObjectReader& top);

}  // namespace ehsim
