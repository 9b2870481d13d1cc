#include "input/initial_section.hpp"

namespace ehsim {
namespace {

using nlohmann::json;

// One state's starting caseload: "children" or "share_of_families", exactly one.
InitialStock read_initial_stock(SectionContext& context, const std::string& id, const json& value,
                                const std::string& pointer) {
  ObjectReader item(context.checker, &value, pointer, {"children", "share_of_families", "notes"});
  InitialStock stock;
  stock.state = resolve_state(context, id, pointer);
  item.string("notes", "", false);
  if (item.has("children") == item.has("share_of_families")) {
    context.checker.error(pointer, "give exactly one of \"children\" or \"share_of_families\"");
  }
  if (item.has("children")) stock.children = item.quantity("children", 0, kNonNegative, true).value;
  if (item.has("share_of_families")) {
    stock.share_of_families = item.quantity("share_of_families", 0, kShare, true).value;
  }
  if (stock.state >= 0 && context.scenario.pathway.states[stock.state].absorbing) {
    context.checker.error(pointer,
                          fmt::format("'{}' is an exit state; families cannot start there", id));
  }
  return stock;
}

void check_initial_totals(SectionContext& context, const std::string& at) {
  double share_total = 0, children_total = 0;
  for (const auto& stock : context.scenario.initial) {
    if (stock.share_of_families >= 0) share_total += stock.share_of_families;  // -1: not given
    children_total += stock.children;
  }
  if (share_total > 1.0 + kShareTolerance) {
    context.checker.error(at, fmt::format("the share_of_families values sum to {:.6g}; they "
                                          "must sum to at most 1",
                                          share_total));
  }
  const double population = context.scenario.population.children;
  if (population <= 0 || children_total <= population) return;
  context.checker.error(at, fmt::format("the initial caseloads hold {:.10g} children in all, "
                                        "more than the {:.10g} children of /population/children; "
                                        "the children in the initial caseloads must not exceed "
                                        "the population",
                                        children_total, population));
}

}  // namespace

void read_initial_caseloads(SectionContext& context, ObjectReader& top) {
  const json* map = top.get("initial_caseloads");
  if (map == nullptr) return;
  const std::string at = top.at("initial_caseloads");
  if (!map->is_object()) {
    context.checker.error(at, fmt::format("is {}; expected an object mapping state ids to "
                                          "{{\"children\": n}} or {{\"share_of_families\": s}}",
                                          describe_type(*map)));
    return;
  }
  for (const auto& [id, item_json] : map->items()) {
    context.scenario.initial.push_back(
        read_initial_stock(context, id, item_json, pointer_append(at, id)));
  }
  check_initial_totals(context, at);
}

}  // namespace ehsim
