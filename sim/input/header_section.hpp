#pragma once
// The scenario's top-level fields: schema version, name, start date, horizon, warm-up, seed,
// replications and the record of the calibration it came from.

#include "input/section_context.hpp"

namespace ehsim {

// Reads the header fields from the top-level object into `context.scenario`.
void read_header(SectionContext& context, ObjectReader& top);

}  // namespace ehsim
