#include "pathway/pathway_graph.hpp"

#include <fmt/format.h>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/reverse_graph.hpp>

#include "core/json_pointer.hpp"

namespace ehsim {
namespace {

// Marks every vertex reachable from `sources` in graph `g` (a graph or a reversed view).
template <typename Graph>
std::vector<bool> reachable_from(const Graph& g, const std::vector<int>& sources) {
  const auto n = boost::num_vertices(g);
  std::vector<boost::default_color_type> colour(n, boost::white_color);
  auto colour_map =
      boost::make_iterator_property_map(colour.begin(), boost::get(boost::vertex_index, g));
  std::vector<bool> seen(n, false);
  for (int source : sources) {
    if (source < 0 || colour[static_cast<std::size_t>(source)] != boost::white_color) continue;
    boost::breadth_first_visit(g, static_cast<std::size_t>(source),
                               boost::visitor(boost::default_bfs_visitor()).color_map(colour_map));
  }
  for (std::size_t v = 0; v < n; ++v) seen[v] = colour[v] != boost::white_color;
  return seen;
}

std::string state_pointer(const State& s) {
  return pointer_append("/pathway/states", s.id);
}
std::string transition_pointer(const Transition& t) {
  return pointer_append("/pathway/transitions", t.id);
}

std::string describe_timing(const Transition& t) {
  if (t.has_rate) {
    return fmt::format("{:.3g}/yr", t.rate_per_year.value * t.hazard_ratio);
  }
  const auto& d = t.duration;
  switch (d.kind) {
    case DistributionKind::exponential:
      return fmt::format("exp mean {:.0f}d", d.mean_days);
    case DistributionKind::weibull:
      return fmt::format("Weibull k={:.2g} λ={:.0f}d", d.shape, d.scale_days);
    case DistributionKind::lognormal:
      return fmt::format("lognormal median {:.0f}d σ={:.2g}", d.median_days, d.sigma);
    case DistributionKind::empirical:
      return fmt::format("empirical, {} bins", d.bins.size());
  }
  return "";
}

std::string dot_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

PathwayGraph build_pathway_graph(const Scenario& scenario) {
  const auto& p = scenario.pathway;
  PathwayGraph g(p.states.size());
  for (std::size_t t = 0; t < p.transitions.size(); ++t) {
    const auto& transition = p.transitions[t];
    for (std::size_t o = 0; o < transition.outcomes.size(); ++o) {
      const auto& outcome = transition.outcomes[o];
      if (transition.from < 0 || outcome.to < 0) continue;
      boost::add_edge(static_cast<std::size_t>(transition.from),
                      static_cast<std::size_t>(outcome.to),
                      PathwayEdge{static_cast<int>(t), static_cast<int>(o)}, g);
    }
  }
  return g;
}

void check_pathway_graph(const Scenario& scenario, const GraphProblemSink& report) {
  const auto& p = scenario.pathway;
  const PathwayGraph g = build_pathway_graph(scenario);

  for (const auto& t : p.transitions) {
    if (t.from >= 0 && p.states[t.from].absorbing) {
      report(pointer_append(transition_pointer(t), "from"),
             fmt::format("leaves '{}', an absorbing (exit) state; no transition may leave an exit",
                         p.states[t.from].id));
    }
    for (std::size_t o = 0; o < t.outcomes.size(); ++o) {
      const auto& outcome = t.outcomes[o];
      if (outcome.to != t.from || !t.events.empty() || !outcome.events.empty()) continue;
      const std::string where =
          t.written_with_outcomes
              ? pointer_append(pointer_append(transition_pointer(t), "outcomes"), o)
              : pointer_append(transition_pointer(t), "to");
      report(where, fmt::format("goes from '{}' back to '{}' without counting an event; a "
                                "self-transition is allowed only to count one (e.g. a referral "
                                "that ends in no further action: add \"events\": [\"referral\"])",
                                p.states[t.from].id, p.states[t.from].id));
    }
  }
  if (p.entry_state >= 0 && p.states[p.entry_state].absorbing) {
    report("/pathway/entry_state",
           "is an exit state; new families must start in a transient state");
  }

  std::vector<int> starts;
  if (p.entry_state >= 0) starts.push_back(p.entry_state);
  for (const auto& stock : scenario.initial) starts.push_back(stock.state);
  const auto reached = reachable_from(g, starts);

  // Families may leave any state by moving away or ageing out; this check is about the declared
  // pathway: from each state some declared transitions must lead to an exit or back to entry.
  std::vector<int> ends;
  if (p.entry_state >= 0) ends.push_back(p.entry_state);
  for (std::size_t s = 0; s < p.states.size(); ++s) {
    const bool builtin =
        static_cast<int>(s) == p.moved_away_state || static_cast<int>(s) == p.aged_out_state;
    if (p.states[s].absorbing && !builtin) ends.push_back(static_cast<int>(s));
  }
  const auto can_leave = reachable_from(boost::make_reverse_graph(g), ends);

  for (std::size_t s = 0; s < p.states.size(); ++s) {
    const State& state = p.states[s];
    const bool builtin =
        static_cast<int>(s) == p.moved_away_state || static_cast<int>(s) == p.aged_out_state;
    if (builtin) continue;
    if (!reached[s]) {
      report(state_pointer(state),
             fmt::format("no family can reach '{}' from the entry state or the initial caseloads; "
                         "add a transition into it or remove it",
                         state.id));
    }
    if (!state.absorbing && !can_leave[s]) {
      report(
          state_pointer(state),
          fmt::format("families in '{}' are trapped: no sequence of transitions leads from it to "
                      "an exit state or back to the entry state; add a transition out of it",
                      state.id));
    }
  }
}

std::string pathway_to_dot(const Scenario& scenario) {
  const auto& p = scenario.pathway;
  const PathwayGraph g = build_pathway_graph(scenario);
  std::string out = fmt::format("digraph \"{}\" {{\n", dot_escape(scenario.name));
  out +=
      "  rankdir=LR;\n  node [shape=box, style=\"rounded,filled\", fillcolor=\"#f2f2f2\", "
      "fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=9];\n";
  for (std::size_t level = 0; level < p.need_levels.size(); ++level) {
    const auto& need = p.need_levels[level];
    out += fmt::format(
        "  subgraph \"cluster_{}\" {{\n    label=\"Level {:g}: {}\";\n    "
        "style=dashed;\n",
        dot_escape(need.id), need.level, dot_escape(need.label));
    for (const auto& s : p.states) {
      if (s.need_level != static_cast<int>(level)) continue;
      const char* fill = s.statutory()    ? "#f4c7c3"
                         : s.early_help() ? "#c6e2c3"
                         : s.hidden_need  ? "#fde9b0"
                                          : "#f2f2f2";
      out += fmt::format("    \"{}\" [label=\"{}\\n({})\", fillcolor=\"{}\"];\n", dot_escape(s.id),
                         dot_escape(s.label), service_status_name(s.service_status), fill);
    }
    out += "  }\n";
  }
  for (const auto& s : p.states) {
    if (s.absorbing)
      out += fmt::format("  \"{}\" [label=\"{}\", shape=doubleoctagon];\n", dot_escape(s.id),
                         dot_escape(s.label));
  }
  auto [edge, edge_end] = boost::edges(g);
  for (; edge != edge_end; ++edge) {
    const PathwayEdge& e = g[*edge];
    const Transition& t = p.transitions[e.transition];
    const Outcome& o = t.outcomes[e.outcome];
    std::string label = describe_timing(t);
    if (t.outcomes.size() > 1) label += fmt::format(" × {:.0f}%", o.probability * 100);
    out += fmt::format("  \"{}\" -> \"{}\" [label=\"{}\"];\n", dot_escape(p.states[t.from].id),
                       dot_escape(p.states[o.to].id), dot_escape(label));
  }
  out +=
      "  note [shape=note, label=\"Every family can also move away or age out (youngest child "
      "reaches 18) from any state\"];\n";
  out += "}\n";
  return out;
}

}  // namespace ehsim
