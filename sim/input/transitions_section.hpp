#pragma once
// /pathway/transitions: where each transition goes (one state or outcomes with probabilities),
// how soon (a rate or a duration), for whom more or less often (hazard ratios by age band, risk
// factor and locality) and which events it counts. Read after the population, the states and
// the services, whose ids it names.

#include "input/pathway_section.hpp"
#include "input/section_context.hpp"

namespace ehsim {

// Reads `links.transitions` into `context.scenario.pathway.transitions`. Hazard ratios are
// checked against the population's ids only when `population_present` (otherwise the missing
// population has been reported already and one message is enough).
void read_transitions(SectionContext& context, const PathwayLinks& links, bool population_present);

// A service with eligible_need_levels takes families only from states at those levels: reports
// each transition outcome that would bring in a family from another level.
void check_eligible_need_levels(SectionContext& context, const PathwayLinks& links);

}  // namespace ehsim
