#include "input/economics_section.hpp"

#include <algorithm>

#include "input/dates.hpp"

namespace ehsim {
namespace {

using nlohmann::json;

const std::vector<std::string> kCostCategories = {"early_help",
                                                  "childrens_social_care",
                                                  "youth_justice",
                                                  "neet_economic_inactivity",
                                                  "school_absence_exclusion",
                                                  "mental_health",
                                                  "domestic_abuse",
                                                  "substance_misuse",
                                                  "health_and_a_and_e"};

// In the order of the ValueType enum.
const std::vector<std::string> kValueTypes = {"fiscal_cashable", "fiscal_non_cashable", "economic",
                                              "social"};

void check_financial_year(Checker& checker, const std::string& year, const std::string& pointer) {
  if (!is_financial_year(year)) {
    checker.error(pointer, fmt::format("is '{}'; expected a financial year written like "
                                       "\"2017/18\"",
                                       year));
  }
}

void read_price_index(Checker& checker, ObjectReader& r, Economics& e) {
  const json* map = r.get("price_index");
  if (map == nullptr) return;
  if (!map->is_object()) {
    checker.error(r.at("price_index"),
                  fmt::format("is {}; expected an object mapping financial years (\"2017/18\") "
                              "to index values",
                              describe_type(*map)));
    return;
  }
  for (const auto& [year, value] : map->items()) {
    const std::string pointer = pointer_append(r.at("price_index"), year);
    check_financial_year(checker, year, pointer);
    e.price_index.emplace_back(year, read_quantity(checker, value, pointer, kPositive).value);
  }
}

// What a cost is: its category, who pays it and which kind of value it is.
void read_cost_classification(Checker& checker, ObjectReader& r, CostItem& c) {
  c.category = r.string("category", "", true);
  if (r.has("category") && std::find(kCostCategories.begin(), kCostCategories.end(), c.category) ==
                               kCostCategories.end()) {
    report_unknown_name(checker, r.at("category"), "cost category", c.category, kCostCategories);
  }
  c.payer = r.string("payer", "", true);
  const std::string value_type = r.string("value_type", "fiscal_cashable", false);
  const auto vt = std::find(kValueTypes.begin(), kValueTypes.end(), value_type);
  if (vt == kValueTypes.end()) {
    report_unknown_name(checker, r.at("value_type"), "value type", value_type, kValueTypes);
  } else {
    c.value_type = static_cast<ValueType>(vt - kValueTypes.begin());
  }
}

// The amount, and the year whose prices it is in when a sourced amount says so.
void read_cost_amount(Checker& checker, ObjectReader& r, CostItem& c) {
  c.amount = r.quantity("amount", 0, kNonNegative, true);
  if (!c.amount.provenance) return;
  const json& amount = *r.get("amount");
  if (amount.is_object() && amount.contains("price_year") && amount["price_year"].is_string()) {
    c.price_year = amount["price_year"].get<std::string>();
    check_financial_year(checker, c.price_year, pointer_append(r.at("amount"), "price_year"));
  }
}

void read_cost_states(SectionContext& context, ObjectReader& r, CostItem& c) {
  const json* list = r.require("states", "an array of state ids");
  if (list == nullptr) return;
  if (!list->is_array() || list->empty()) {
    context.checker.error(
        r.at("states"),
        fmt::format("is {}; expected a non-empty array of state ids", describe_type(*list)));
    return;
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string pointer = pointer_append(r.at("states"), i);
    std::string id;
    if (!check_string(context.checker, (*list)[i], pointer, id)) continue;
    const int index = resolve_state(context, id, pointer);
    if (index >= 0) c.per_week_in_states.push_back(index);
  }
}

void read_cost_event(Checker& checker, ObjectReader& r, CostItem& c) {
  const std::string event = r.string("event", "", true);
  if (auto kind = event_kind_from_name(event)) {
    c.per_event = *kind;
  } else if (r.has("event")) {
    std::vector<std::string> names;
    for (int i = 0; i < kEventKindCount; ++i) {
      names.push_back(event_kind_name(static_cast<EventKind>(i)));
    }
    report_unknown_name(checker, r.at("event"), "event", event, names);
  }
}

// What the amount is paid per: a week in some states, an event, or an entry to one state.
void read_cost_basis(SectionContext& context, ObjectReader& r, CostItem& c) {
  const std::string per = r.string("per", "", true);
  if (per == "week_in_state") {
    read_cost_states(context, r, c);
  } else if (per == "event") {
    read_cost_event(context.checker, r, c);
  } else if (per == "entry_to_state") {
    read_cost_states(context, r, c);
    if (c.per_week_in_states.size() == 1) {
      c.per_entry_to_state = c.per_week_in_states.front();
    } else if (r.has("states")) {
      context.checker.error(r.at("states"), "a cost per entry names exactly one state");
    }
    c.per_week_in_states.clear();
  } else if (r.has("per")) {
    context.checker.error(r.at("per"), fmt::format("is '{}'; expected \"week_in_state\", "
                                                   "\"event\" or \"entry_to_state\"",
                                                   per));
  }
}

void read_cost_item(SectionContext& context, const std::string& id, const json& value,
                    const std::string& pointer) {
  ObjectReader r(context.checker, &value, pointer,
                 {"label", "category", "payer", "value_type", "per", "states", "event", "amount",
                  "per_child", "notes"});
  if (!r.is_object()) return;
  CostItem c;
  c.id = id;
  r.string("label", "", false);
  r.string("notes", "", false);
  read_cost_classification(context.checker, r, c);
  c.per_child = r.boolean("per_child", true);
  read_cost_amount(context.checker, r, c);
  read_cost_basis(context, r, c);
  context.scenario.economics.cost_items.push_back(c);
}

void read_cost_items(SectionContext& context, ObjectReader& r) {
  const json* map = r.get("cost_items");
  if (map == nullptr) return;
  const std::string at = r.at("cost_items");
  if (!map->is_object()) {
    context.checker.error(at, fmt::format("is {}; expected an object mapping cost item ids to "
                                          "items",
                                          describe_type(*map)));
    return;
  }
  for (const auto& [id, item_json] : map->items()) {
    read_cost_item(context, id, item_json, pointer_append(at, id));
  }
}

}  // namespace

void read_economics(SectionContext& context, ObjectReader& top) {
  const json* value = top.get("economics");
  if (value == nullptr) return;
  ObjectReader r(context.checker, value, top.at("economics"),
                 {"price_base_year", "discount_rate", "optimism_bias", "deadweight", "attribution",
                  "price_index", "cost_items", "notes"});
  auto& e = context.scenario.economics;
  r.string("notes", "", false);
  e.price_base_year = r.string("price_base_year", e.price_base_year, false);
  if (r.has("price_base_year")) {
    check_financial_year(context.checker, e.price_base_year, r.at("price_base_year"));
  }
  e.discount_rate = r.quantity("discount_rate", 0.035,
                               {0, 0.2, false, false, "a rate from 0 to 0.2 a year"}, false)
                        .value;
  e.optimism_bias =
      r.quantity("optimism_bias", 0, {0, 2, false, false, "a share from 0 to 2"}, false).value;
  e.deadweight = r.quantity("deadweight", 0, kShare, false).value;
  e.attribution = r.quantity("attribution", 1, kShare, false).value;
  read_price_index(context.checker, r, e);
  read_cost_items(context, r);
}

}  // namespace ehsim
