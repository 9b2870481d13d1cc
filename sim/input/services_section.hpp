#pragma once
// /services: each service's budget or FTE, cost per FTE, caseloads, queue and eligibility; and
// the link from each state that names a service in "provided_by" to that service.

#include <vector>

#include "input/pathway_section.hpp"
#include "input/section_context.hpp"

namespace ehsim {

// Reads /services into `context.scenario.services` (the states must be read already: budget
// changes are dated from the start date, eligibility names need levels) and sets each state's
// service from `provided_by` (one per state, from read_pathway).
void read_services(SectionContext& context, ObjectReader& top,
                   const std::vector<ProvidedBy>& provided_by);

}  // namespace ehsim
