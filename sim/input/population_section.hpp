#pragma once
// /population: how many children, in families of what sizes, of what ages, where, with which
// risk factors, and how families arrive and leave.

#include "input/section_context.hpp"

namespace ehsim {

// Reads /population into `context.scenario.population`. Returns whether the section is an
// object: without one there are no ids for later sections (hazard ratios) to check against.
bool read_population(SectionContext& context, ObjectReader& top);

}  // namespace ehsim
