#pragma once
// /economics: the price base, discounting and the HMT adjustments (optimism bias, deadweight,
// attribution), a price index, and the cost items that value the simulated activity.

#include "input/section_context.hpp"

namespace ehsim {

// Reads /economics into `context.scenario.economics`; the states must be read already (cost
// items name them).
void read_economics(SectionContext& context, ObjectReader& top);

}  // namespace ehsim
