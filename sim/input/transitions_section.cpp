#include "input/transitions_section.hpp"

#include <algorithm>
#include <optional>

#include "input/duration_reader.hpp"

namespace ehsim {
namespace {

using nlohmann::json;

// The events a transition or outcome declares; the derived ones are the engine's to count.
std::vector<EventKind> read_events(Checker& checker, const json* list, const std::string& at) {
  std::vector<EventKind> events;
  if (list == nullptr) return events;
  if (!list->is_array()) {
    checker.error(at, fmt::format("is {}; expected an array of event names such as "
                                  "[\"referral\"]",
                                  describe_type(*list)));
    return events;
  }
  std::vector<std::string> declarable;
  for (int i = 0; i < kFirstDerivedEvent; ++i) {
    declarable.push_back(event_kind_name(static_cast<EventKind>(i)));
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    std::string name;
    if (!check_string(checker, (*list)[i], pointer_append(at, i), name)) continue;
    const auto kind = event_kind_from_name(name);
    if (kind && static_cast<int>(*kind) >= kFirstDerivedEvent) {
      checker.error(pointer_append(at, i),
                    fmt::format("'{}' is counted by the engine from the states' attributes; "
                                "remove it from the list",
                                name));
    } else if (!kind) {
      report_unknown_name(checker, pointer_append(at, i), "event", name, declarable);
    } else {
      events.push_back(*kind);
    }
  }
  return events;
}

// The probabilities of the outcomes read so far, and which one (if any) takes the rest.
struct OutcomeShares {
  double total = 0;  // of the outcomes other than the remainder
  std::optional<std::size_t> remainder;
};

// Outcome `index` of "outcomes". Its probability may be "remainder": 1 less the others', so
// the others can be changed (by a calibration, say) without rewriting it.
Outcome read_outcome(SectionContext& context, ObjectReader& item, std::size_t index,
                     OutcomeShares& shares) {
  Outcome o;
  const std::string to = item.string("to", "", true);
  if (item.has("to") && item.get("to")->is_string())
    o.to = resolve_state(context, to, item.at("to"));
  const json* p = item.get("probability");
  if (p != nullptr && p->is_string() && p->get<std::string>() == "remainder") {
    if (shares.remainder) {
      context.checker.error(item.at("probability"),
                            "is \"remainder\" a second time; only one outcome may take the rest");
    }
    shares.remainder = index;
  } else {
    o.probability = item.quantity("probability", 0, kProbability, true).value;
    shares.total += o.probability;
  }
  o.events = read_events(context.checker, item.get("events"), item.at("events"));
  item.string("notes", "", false);
  return o;
}

void read_outcomes(SectionContext& context, ObjectReader& r, Transition& t) {
  t.written_with_outcomes = true;
  const json* list = r.get("outcomes");
  const std::string at = r.at("outcomes");
  if (!list->is_array() || list->empty()) {
    context.checker.error(at, fmt::format("is {}; expected a non-empty array of {{\"to\", "
                                          "\"probability\"}}",
                                          describe_type(*list)));
    return;
  }
  OutcomeShares shares;
  for (std::size_t i = 0; i < list->size(); ++i) {
    ObjectReader item(context.checker, &(*list)[i], pointer_append(at, i),
                      {"to", "probability", "events", "notes"});
    t.outcomes.push_back(read_outcome(context, item, i, shares));
  }
  if (!shares.remainder) {
    check_shares_sum(context.checker, shares.total, at, "the outcome probabilities");
    return;
  }
  if (shares.total > 1.0 + kShareTolerance) {
    context.checker.error(at, fmt::format("the outcome probabilities other than the "
                                          "\"remainder\" sum to {:.6g}; they must sum to at most 1",
                                          shares.total));
  }
  t.outcomes[*shares.remainder].probability = std::max(0.0, 1.0 - shares.total);
}

void read_destinations(SectionContext& context, ObjectReader& r, Transition& t) {
  if (r.has("to") == r.has("outcomes")) {
    context.checker.error(r.pointer(),
                          "give exactly one of \"to\" (a state) or \"outcomes\" (states "
                          "with probabilities)");
    return;
  }
  if (r.has("outcomes")) {
    read_outcomes(context, r, t);
    return;
  }
  const std::string to = r.string("to", "", true);
  if (r.get("to")->is_string())
    t.outcomes.push_back({resolve_state(context, to, r.at("to")), 1.0, {}});
}

// Hazard ratios for one attribute (age band, risk factor, locality) by id; `out` holds one
// ratio per known id, 1 unless given.
template <typename T>
void read_ratio_map(SectionContext& context, ObjectReader& hr, const std::string& key,
                    const std::vector<T>& known, std::vector<double>& out) {
  const json* map = hr.get(key);
  if (map == nullptr) return;
  const std::string at = hr.at(key);
  if (!map->is_object()) {
    context.checker.error(at, fmt::format("is {}; expected an object mapping {} ids to hazard "
                                          "ratios",
                                          describe_type(*map), key));
    return;
  }
  for (const auto& [id, ratio] : map->items()) {
    auto it = std::find_if(known.begin(), known.end(), [&](const T& k) { return k.id == id; });
    if (it == known.end()) {
      std::vector<std::string> ids;
      for (const auto& k : known) ids.push_back(k.id);
      report_unknown_name(context.checker, pointer_append(at, id), key.c_str(), id, ids);
      continue;
    }
    out[static_cast<std::size_t>(it - known.begin())] =
        read_quantity(context.checker, ratio, pointer_append(at, id), kNonNegative).value;
  }
}

void read_hazard_ratios(SectionContext& context, ObjectReader& r, Transition& t,
                        bool population_present) {
  const auto& pop = context.scenario.population;
  t.age_band_hazard_ratio.assign(pop.age_bands.size(), 1.0);
  t.risk_factor_hazard_ratio.assign(pop.risk_factors.size(), 1.0);
  t.locality_hazard_ratio.assign(pop.localities.size(), 1.0);
  const json* value = r.get("hazard_ratios");
  if (value == nullptr) return;
  ObjectReader hr(context.checker, value, r.at("hazard_ratios"),
                  {"age_band", "risk_factor", "locality"});
  if (!population_present) return;
  read_ratio_map(context, hr, "age_band", pop.age_bands, t.age_band_hazard_ratio);
  read_ratio_map(context, hr, "risk_factor", pop.risk_factors, t.risk_factor_hazard_ratio);
  read_ratio_map(context, hr, "locality", pop.localities, t.locality_hazard_ratio);
}

// How soon the transition happens: at a constant rate, or after a distributed duration.
void read_timing(SectionContext& context, ObjectReader& r, Transition& t) {
  if (r.has("rate_per_year") == r.has("duration")) {
    context.checker.error(r.pointer(),
                          "give exactly one of \"rate_per_year\" (exponential time to the "
                          "transition) or \"duration\" (a distribution of time in the state)");
  }
  if (r.has("rate_per_year")) {
    t.has_rate = true;
    t.rate_per_year =
        r.quantity("rate_per_year", 0, {0, 3650, false, false, "a rate per year, 0 to 3650"}, true);
  }
  if (const json* d = r.get("duration"))
    t.duration = read_duration(context.checker, *d, r.at("duration"));
}

void read_transition(SectionContext& context, bool population_present, const std::string& id,
                     const json& value, const std::string& pointer) {
  ObjectReader r(context.checker, &value, pointer,
                 {"label", "from", "to", "outcomes", "rate_per_year", "duration", "hazard_ratio",
                  "hazard_ratios", "events", "notes"});
  if (!r.is_object()) return;
  Transition t;
  t.id = id;
  r.string("label", "", false);
  r.string("notes", "", false);
  const std::string from = r.string("from", "", true);
  if (r.has("from") && r.get("from")->is_string())
    t.from = resolve_state(context, from, r.at("from"));
  read_destinations(context, r, t);
  read_timing(context, r, t);
  t.hazard_ratio = r.quantity("hazard_ratio", 1, kNonNegative, false).value;
  t.events = read_events(context.checker, r.get("events"), r.at("events"));
  read_hazard_ratios(context, r, t, population_present);
  context.scenario.pathway.transitions.push_back(std::move(t));
}

// Where a problem with outcome `o` is reported: its "to", or its entry in "outcomes".
std::string outcome_pointer(const PathwayLinks& links, const Transition& t, std::size_t o) {
  const std::string transition = pointer_append(pointer_append(links.pointer, "transitions"), t.id);
  if (!t.written_with_outcomes) return pointer_append(transition, "to");
  return pointer_append(pointer_append(transition, "outcomes"), o);
}

void check_eligible(SectionContext& context, const PathwayLinks& links, const Transition& t,
                    std::size_t o) {
  const Scenario& s = context.scenario;
  const int to = t.outcomes[o].to;
  if (to < 0 || s.pathway.states[static_cast<std::size_t>(to)].service < 0) return;
  const State& from = s.pathway.states[static_cast<std::size_t>(t.from)];
  const State& into = s.pathway.states[static_cast<std::size_t>(to)];
  const Service& sv = s.services[static_cast<std::size_t>(into.service)];
  const auto& eligible = sv.eligible_need_levels;
  if (eligible.empty() || from.need_level < 0 ||
      std::find(eligible.begin(), eligible.end(), from.need_level) != eligible.end()) {
    return;
  }
  const auto level_id = [&](int index) {
    return s.pathway.need_levels[static_cast<std::size_t>(index)].id;
  };
  std::vector<std::string> allowed;
  for (int level : eligible) allowed.push_back(level_id(level));
  const std::string level = level_id(from.need_level);
  context.checker.error(
      outcome_pointer(links, t, o),
      fmt::format("transition '{}' moves families from '{}' (need level '{}') into "
                  "'{}', provided by '{}', which takes families only from the need "
                  "levels in its eligible_need_levels: {}; route this outcome "
                  "elsewhere or add '{}' to the service's eligible_need_levels",
                  t.id, from.id, level, into.id, sv.id, join_words(allowed), level));
}

}  // namespace

void read_transitions(SectionContext& context, const PathwayLinks& links, bool population_present) {
  const json* map = links.transitions;
  if (map == nullptr) return;
  const std::string at = pointer_append(links.pointer, "transitions");
  if (!map->is_object() || map->empty()) {
    context.checker.error(at, fmt::format("is {}; expected an object mapping transition ids to "
                                          "{{\"from\", \"to\", \"rate_per_year\"}}",
                                          describe_type(*map)));
    return;
  }
  for (const auto& [id, item_json] : map->items()) {
    read_transition(context, population_present, id, item_json, pointer_append(at, id));
  }
}

void check_eligible_need_levels(SectionContext& context, const PathwayLinks& links) {
  for (const auto& t : context.scenario.pathway.transitions) {
    if (t.from < 0) continue;
    for (std::size_t o = 0; o < t.outcomes.size(); ++o) check_eligible(context, links, t, o);
  }
}

}  // namespace ehsim
