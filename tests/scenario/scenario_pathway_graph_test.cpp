// check_pathway_graph and pathway_to_dot on the baseline and on the baseline with exactly one
// fault added in code (the catalogue covers the same faults through the loader).

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "pathway/pathway_graph.hpp"
#include "input/loader.hpp"
#include "scenario_test_support.hpp"

namespace ehsim {
namespace {

using Problems = std::vector<std::pair<std::string, std::string>>;  // pointer, message

Scenario baseline() {
  const LoadResult result = load_scenario_file(testing::baseline_path());
  EXPECT_TRUE(result.ok()) << result.diagnostics.format();
  return result.scenario;
}

Problems problems_of(const Scenario& scenario) {
  Problems found;
  check_pathway_graph(scenario, [&](const std::string& pointer, const std::string& message) {
    found.emplace_back(pointer, message);
  });
  return found;
}

int add_state(Scenario& s, const std::string& id) {
  State state;
  state.id = id;
  state.label = id;
  state.need_level = 0;
  s.pathway.states.push_back(state);
  return static_cast<int>(s.pathway.states.size()) - 1;
}

void add_transition(Scenario& s, const std::string& id, int from, int to) {
  Transition t;
  t.id = id;
  t.from = from;
  t.outcomes.push_back({to, 1.0, {}});
  t.has_rate = true;
  t.rate_per_year.value = 0.1;
  s.pathway.transitions.push_back(t);
}

TEST(ScenarioPathwayGraph, ShippedScenariosHaveNoGraphProblems) {
  for (const auto& file : {testing::baseline_path(), testing::families_first_path()}) {
    const LoadResult result = load_scenario_file(file);
    ASSERT_TRUE(result.ok()) << result.diagnostics.format();
    EXPECT_EQ(problems_of(result.scenario), Problems{}) << file;
  }
}

TEST(ScenarioPathwayGraph, GraphHasOneVertexPerStateAndOneEdgePerOutcome) {
  const Scenario s = baseline();
  const PathwayGraph g = build_pathway_graph(s);
  std::size_t outcomes = 0;
  for (const auto& t : s.pathway.transitions) outcomes += t.outcomes.size();
  EXPECT_EQ(boost::num_vertices(g), s.pathway.states.size());
  EXPECT_EQ(boost::num_edges(g), outcomes);
}

struct GraphFault {
  const char* name;
  std::function<void(Scenario&)> inject;
  const char* pointer;
  const char* fragment;
};

std::ostream& operator<<(std::ostream& os, const GraphFault& f) {
  return os << f.name;
}

const std::vector<GraphFault>& graph_faults() {
  static const std::vector<GraphFault> faults = {
      {"TransitionOutOfExit",
       [](Scenario& s) {
         add_transition(s, "x", s.state_index("permanence"), s.state_index("universal"));
       },
       "/pathway/transitions/x/from", "an absorbing (exit) state"},
      {"SelfTransitionCountingNothing",
       [](Scenario& s) {
         add_transition(s, "x", s.state_index("universal"), s.state_index("universal"));
       },
       "/pathway/transitions/x/to", "without counting an event"},
      {"EntryStateIsAnExit",
       [](Scenario& s) { s.pathway.entry_state = s.state_index("permanence"); },
       "/pathway/entry_state", "is an exit state"},
      {"UnreachableState",
       [](Scenario& s) {
         const int orphan = add_state(s, "orphan");
         add_transition(s, "x", orphan, s.state_index("universal"));
       },
       "/pathway/states/orphan", "no family can reach 'orphan'"},
      {"TrappedState",
       [](Scenario& s) {
         const int limbo = add_state(s, "limbo");
         add_transition(s, "x", s.state_index("universal"), limbo);
       },
       "/pathway/states/limbo", "are trapped"},
  };
  return faults;
}

class ScenarioPathwayGraphFault : public ::testing::TestWithParam<GraphFault> {};

TEST_P(ScenarioPathwayGraphFault, IsTheOnlyProblemReported) {
  Scenario s = baseline();
  GetParam().inject(s);
  const Problems found = problems_of(s);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found.front().first, GetParam().pointer);
  EXPECT_NE(found.front().second.find(GetParam().fragment), std::string::npos)
      << found.front().second;
}

std::string fault_name(const ::testing::TestParamInfo<GraphFault>& param) {
  return param.param.name;
}

INSTANTIATE_TEST_SUITE_P(OneFault, ScenarioPathwayGraphFault, ::testing::ValuesIn(graph_faults()),
                         fault_name);

TEST(ScenarioPathwayGraph, SelfTransitionCountingAnEventIsAllowed) {
  // A referral that ends in no further action returns to the same state on purpose.
  Scenario s = baseline();
  add_transition(s, "x", s.state_index("universal"), s.state_index("universal"));
  s.pathway.transitions.back().events = {EventKind::referral};
  EXPECT_EQ(problems_of(s), Problems{});
}

TEST(ScenarioPathwayGraph, LeavingOnlyByMovingAwayIsStillTrapped) {
  // Every family can move away or age out of any state; a declared transition to those built-in
  // exits must not hide a state whose pathway goes nowhere.
  Scenario s = baseline();
  const int limbo = add_state(s, "limbo");
  add_transition(s, "in", s.state_index("universal"), limbo);
  add_transition(s, "out", limbo, s.pathway.moved_away_state);
  const Problems found = problems_of(s);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found.front().first, "/pathway/states/limbo");
  EXPECT_NE(found.front().second.find("trapped"), std::string::npos);
}

TEST(ScenarioPathwayGraph, ReturningToTheEntryStateIsAWayOut) {
  Scenario s = baseline();
  const int detour = add_state(s, "detour");
  add_transition(s, "in", s.state_index("universal"), detour);
  add_transition(s, "out", detour, s.pathway.entry_state);
  EXPECT_EQ(problems_of(s), Problems{});
}

TEST(ScenarioPathwayGraph, DotOfBaselineHasAClusterPerNeedLevel) {
  const Scenario s = baseline();
  const std::string dot = pathway_to_dot(s);
  EXPECT_EQ(dot.rfind("digraph", 0), 0u) << dot.substr(0, 80);
  ASSERT_EQ(s.pathway.need_levels.size(), 4u);
  for (const auto& level : s.pathway.need_levels) {
    EXPECT_NE(dot.find("subgraph \"cluster_" + level.id + "\""), std::string::npos) << level.id;
  }
  for (const auto& state : s.pathway.states) {
    EXPECT_NE(dot.find("\"" + state.id + "\" ["), std::string::npos) << state.id;
  }
  std::size_t arrows = 0;
  for (auto at = dot.find("->"); at != std::string::npos; at = dot.find("->", at + 2)) ++arrows;
  EXPECT_EQ(arrows, boost::num_edges(build_pathway_graph(s)));
  EXPECT_EQ(dot.back(), '\n');
  EXPECT_EQ(dot.substr(dot.size() - 2), "}\n");
}

}  // namespace
}  // namespace ehsim
