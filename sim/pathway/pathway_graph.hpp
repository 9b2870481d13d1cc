#pragma once
// The pathway as a Boost.Graph: used at load time to check its shape and to draw it. The
// engine does not walk this graph; it uses the flat per-state transition lists in Scenario.

#include <functional>
#include <string>

#include <boost/graph/adjacency_list.hpp>

#include "scenario/scenario.hpp"

namespace ehsim {

struct PathwayEdge {
  int transition = -1;  // index into Pathway::transitions
  int outcome = 0;      // index into Transition::outcomes
};

using PathwayGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, boost::no_property,
                          PathwayEdge>;

// One vertex per state (same index), one edge per transition outcome.
PathwayGraph build_pathway_graph(const Scenario& scenario);

using GraphProblemSink = std::function<void(const std::string& pointer, const std::string& message)>;

// Reports: states no family can reach; states from which no family can leave (other than by
// moving away or ageing out); transitions leaving an exit; self-transitions that count nothing.
void check_pathway_graph(const Scenario& scenario, const GraphProblemSink& report);

// Graphviz DOT: states grouped by need level, edges labelled with rates or durations.
std::string pathway_to_dot(const Scenario& scenario);

}  // namespace ehsim
