#include "input/pathway_section.hpp"

#include <algorithm>

namespace ehsim {
namespace {

using nlohmann::json;

void read_need_levels(SectionContext& context, ObjectReader& r) {
  const json* map = r.require("need_levels", "an object mapping need level ids to {\"level\"}");
  if (map == nullptr) return;
  const std::string at = r.at("need_levels");
  if (!map->is_object() || map->empty()) {
    context.checker.error(at, fmt::format("is {}; expected an object mapping need level ids to "
                                          "{{\"level\": 1..4}}",
                                          describe_type(*map)));
    return;
  }
  auto& levels = context.scenario.pathway.need_levels;
  for (const auto& [id, item_json] : map->items()) {
    ObjectReader item(context.checker, &item_json, pointer_append(at, id),
                      {"level", "label", "notes"});
    NeedLevel level;
    level.id = id;
    level.level = item.number(
        "level", 1, {1, 4, false, false, "a level from 1 (universal) to 4 (acute)"}, true);
    level.label = item.string("label", id, false);
    item.string("notes", "", false);
    levels.push_back(level);
  }
  std::stable_sort(levels.begin(), levels.end(),
                   [](const NeedLevel& a, const NeedLevel& b) { return a.level < b.level; });
}

// An exit holds no families: it has no need level, no service status and takes no places.
void refuse_exit_keys(Checker& checker, ObjectReader& item, const std::string& id) {
  static const std::vector<std::pair<std::string, std::string>> kNotOnExits = {
      {"need", "it has no need level"},
      {"service_status", "it has no service status"},
      {"provided_by", "no service provides places in it"}};
  for (const auto& [key, reason] : kNotOnExits) {
    if (!item.has(key)) continue;
    checker.error(item.at(key),
                  fmt::format("'{}' is an exit (\"absorbing\": true): families leave the "
                              "simulation there, so {}; remove \"{}\" (an exit may carry only "
                              "label, notes and absorbing)",
                              id, reason, key));
  }
}

void read_state_need(SectionContext& context, ObjectReader& item, State& state) {
  const std::string need = item.string("need", "", true);
  if (!item.has("need") || !item.get("need")->is_string()) return;
  state.need_level = need_level_index(context.scenario, need);
  if (state.need_level < 0) {
    report_unknown_name(context.checker, item.at("need"), "need level", need,
                        need_level_ids(context.scenario));
  }
}

void read_state_status(Checker& checker, ObjectReader& item, State& state) {
  const std::string status = item.string("service_status", "none", false);
  if (auto parsed = service_status_from_name(status)) {
    state.service_status = *parsed;
    return;
  }
  std::vector<std::string> names;
  for (int i = 0; i < static_cast<int>(ServiceStatus::count_); ++i) {
    names.push_back(service_status_name(static_cast<ServiceStatus>(i)));
  }
  report_unknown_name(checker, item.at("service_status"), "service status", status, names);
}

ProvidedBy read_provided_by(ObjectReader& item) {
  ProvidedBy provided;
  provided.pointer = item.at("provided_by");
  provided.service = item.string("provided_by", "", false);
  provided.given = item.has("provided_by") && item.get("provided_by")->is_string();
  return provided;
}

void read_state(SectionContext& context, PathwayLinks& links, const std::string& id,
                const json& value, const std::string& pointer) {
  ObjectReader item(
      context.checker, &value, pointer,
      {"label", "need", "service_status", "absorbing", "hidden_need", "provided_by", "notes"});
  State state;
  state.id = id;
  state.label = item.string("label", id, false);
  item.string("notes", "", false);
  state.absorbing = item.boolean("absorbing", false);
  state.hidden_need = item.boolean("hidden_need", false);
  ProvidedBy provided;
  if (state.absorbing) {
    refuse_exit_keys(context.checker, item, id);
  } else {
    read_state_need(context, item, state);
    read_state_status(context.checker, item, state);
    provided = read_provided_by(item);
  }
  if (state.absorbing && state.hidden_need) {
    context.checker.error(item.at("hidden_need"),
                          "an absorbing (exit) state cannot hold hidden need");
  }
  links.provided_by.push_back(provided);
  context.scenario.pathway.states.push_back(state);
}

void add_builtin_exit(SectionContext& context, PathwayLinks& links, const std::string& id,
                      const std::string& label) {
  State exit;
  exit.id = id;
  exit.label = label;
  exit.absorbing = true;
  context.scenario.pathway.states.push_back(exit);
  links.provided_by.push_back({});
}

void read_states(SectionContext& context, PathwayLinks& links, ObjectReader& r) {
  const json* map = r.require("states", "an object mapping state ids to states");
  if (map == nullptr) return;
  const std::string at = r.at("states");
  if (!map->is_object() || map->empty()) {
    context.checker.error(at, fmt::format("is {}; expected an object mapping state ids to "
                                          "{{\"need\", \"service_status\"}}",
                                          describe_type(*map)));
    return;
  }
  for (const auto& [id, item_json] : map->items()) {
    if (id == "moved_away" || id == "aged_out") {
      context.checker.error(pointer_append(at, id),
                            fmt::format("'{}' is a built-in exit state; choose another id", id));
      continue;
    }
    read_state(context, links, id, item_json, pointer_append(at, id));
  }
  add_builtin_exit(context, links, "moved_away", "Moved out of the area");
  add_builtin_exit(context, links, "aged_out", "Youngest child reached 18");
  auto& pathway = context.scenario.pathway;
  pathway.moved_away_state = static_cast<int>(pathway.states.size()) - 2;
  pathway.aged_out_state = static_cast<int>(pathway.states.size()) - 1;
}

}  // namespace

PathwayLinks read_pathway(SectionContext& context, ObjectReader& top) {
  PathwayLinks links;
  const json* value = top.get("pathway");
  if (value == nullptr) {
    top.require("pathway", "an object with need_levels, states and transitions");
    return links;
  }
  links.pointer = top.at("pathway");
  ObjectReader r(context.checker, value, links.pointer,
                 {"need_levels", "states", "transitions", "entry_state", "notes"});
  read_need_levels(context, r);
  read_states(context, links, r);
  links.transitions = r.require("transitions", "an object mapping transition ids to transitions");
  const std::string entry = r.string("entry_state", "", true);
  if (r.has("entry_state") && r.get("entry_state")->is_string()) {
    context.scenario.pathway.entry_state = resolve_state(context, entry, r.at("entry_state"));
  }
  return links;
}

}  // namespace ehsim
