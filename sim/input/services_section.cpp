#include "input/services_section.hpp"

#include <algorithm>
#include <chrono>

#include "input/dates.hpp"

namespace ehsim {
namespace {

using nlohmann::json;

void read_service_kind(Checker& checker, ObjectReader& r, Service& sv) {
  sv.kind = r.string("kind", "early_help", false);
  if (sv.kind != "early_help" && sv.kind != "statutory") {
    checker.error(r.at("kind"),
                  fmt::format("is '{}'; expected \"early_help\" or \"statutory\"", sv.kind));
  }
}

// The start date as a day count: budget changes are stored as days from it.
std::chrono::sys_days start_day(const Scenario& s) {
  return std::chrono::sys_days{std::chrono::year_month_day{
      std::chrono::year{s.start_year}, std::chrono::month{static_cast<unsigned>(s.start_month)},
      std::chrono::day{1}}};
}

// One dated budget step; nullopt (after reporting why, if it can) when it cannot be used.
std::optional<BudgetStep> read_budget_step(SectionContext& context, ObjectReader& item,
                                           const Service& sv) {
  const std::string from = item.string("from", "", true);
  BudgetStep step;
  step.budget_per_year = item.quantity("budget_per_year", 0, kNonNegative, true).value;
  std::chrono::year_month_day ymd{};
  if (!item.has("from") || !item.get("from")->is_string()) return std::nullopt;
  if (!parse_date(from, ymd)) {
    context.checker.error(item.at("from"),
                          fmt::format("is '{}'; expected a date YYYY-MM-DD", from));
    return std::nullopt;
  }
  step.from_day =
      static_cast<double>((std::chrono::sys_days{ymd} - start_day(context.scenario)).count());
  if (step.from_day <= sv.budget.back().from_day) {
    context.checker.error(item.at("from"),
                          fmt::format("is '{}'; budget changes must be after the start date and "
                                      "in date order",
                                      from));
    return std::nullopt;
  }
  return step;
}

void read_budget_changes(SectionContext& context, ObjectReader& r, Service& sv) {
  const json* list = r.get("budget_changes");
  if (list == nullptr) return;
  const std::string at = r.at("budget_changes");
  if (!list->is_array()) {
    context.checker.error(at, fmt::format("is {}; expected an array of {{\"from\": "
                                          "\"YYYY-MM-DD\", \"budget_per_year\": £}}",
                                          describe_type(*list)));
    return;
  }
  if (sv.budget.empty()) {
    context.checker.error(at, "budget changes need a starting \"budget_per_year\"");
    return;
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    ObjectReader item(context.checker, &(*list)[i], pointer_append(at, i),
                      {"from", "budget_per_year"});
    if (auto step = read_budget_step(context, item, sv)) sv.budget.push_back(*step);
  }
}

void read_cost_per_fte(Checker& checker, ObjectReader& r, Service& sv) {
  const json* value = r.require("cost_per_fte",
                                "an object {\"salary\", \"on_costs_share\", "
                                "\"overheads_share\"}");
  ObjectReader c(checker, value, r.at("cost_per_fte"),
                 {"salary", "on_costs_share", "overheads_share", "notes"});
  if (!c.is_object()) return;
  const Range share_of_salary{0, 2, false, false, "a share of salary, 0 to 2"};
  sv.cost_per_fte.salary = c.quantity("salary", 0, kPositive, true).value;
  sv.cost_per_fte.on_costs_share = c.quantity("on_costs_share", 0, share_of_salary, false).value;
  sv.cost_per_fte.overheads_share = c.quantity("overheads_share", 0, share_of_salary, false).value;
  c.string("notes", "", false);
}

// A service is funded by a budget (which may change on dates) or given as FTE, not both.
void read_service_funding(SectionContext& context, ObjectReader& r, Service& sv) {
  if (r.has("budget_per_year") == r.has("fte")) {
    context.checker.error(r.pointer(),
                          "give exactly one of \"budget_per_year\" (£ a year) or \"fte\" "
                          "(practitioner full-time equivalents)");
  }
  if (r.has("budget_per_year")) {
    sv.budget.push_back({0.0, r.quantity("budget_per_year", 0, kNonNegative, true).value});
  }
  if (r.has("fte")) sv.fte = r.quantity("fte", 0, kNonNegative, true).value;
  read_budget_changes(context, r, sv);
  read_cost_per_fte(context.checker, r, sv);
}

void read_service_staffing(ObjectReader& r, Service& sv) {
  sv.caseload_per_fte = r.quantity("caseload_per_fte", 1, kPositive, true).value;
  sv.management_ratio = r.quantity("management_ratio", 0,
                                   {0, 1, false, false, "managers per practitioner, 0 to 1"}, false)
                            .value;
  sv.admin_ratio = r.quantity("admin_ratio", 0,
                              {0, 1, false, false, "admin staff per practitioner, 0 to 1"}, false)
                       .value;
}

void read_service_queue(Checker& checker, ObjectReader& r, Service& sv) {
  sv.capacity_limited = r.boolean("capacity_limited", false);
  const std::string order = r.string("queue_order", "first_come", false);
  if (order == "first_come") {
    sv.queue_order = QueueOrder::first_come;
  } else if (order == "highest_need") {
    sv.queue_order = QueueOrder::highest_need;
  } else {
    checker.error(r.at("queue_order"),
                  fmt::format("is '{}'; expected \"first_come\" or \"highest_need\"", order));
  }
  sv.waiting_standard_days = r.quantity("waiting_standard_days", 28, kPositive, false).value;
  sv.wait_dropout_rate_per_year =
      r.quantity("wait_dropout_rate_per_year", 0, kNonNegative, false).value;
  sv.staff_change_lag_days = r.quantity("staff_change_lag_days", 0, kNonNegative, false).value;
  sv.locality_teams = r.boolean("locality_teams", false);
}

void read_eligible_need_levels(SectionContext& context, ObjectReader& r, Service& sv) {
  const json* list = r.get("eligible_need_levels");
  if (list == nullptr) return;
  const std::string at = r.at("eligible_need_levels");
  const std::vector<std::string> level_ids = need_level_ids(context.scenario);
  if (!list->is_array() || list->empty()) {
    context.checker.error(at,
                          fmt::format("is {}; expected a non-empty array of need level ids such as "
                                      "[\"{}\"] (leave the key out to accept every need level)",
                                      list->is_array() ? "an empty array" : describe_type(*list),
                                      level_ids.empty() ? "targeted" : level_ids.back()));
    return;
  }
  auto& eligible = sv.eligible_need_levels;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string pointer = pointer_append(at, i);
    std::string id;
    if (!check_string(context.checker, (*list)[i], pointer, id)) continue;
    const int level = need_level_index(context.scenario, id);
    if (level < 0) {
      report_unknown_name(context.checker, pointer, "need level", id, level_ids);
    } else if (std::find(eligible.begin(), eligible.end(), level) != eligible.end()) {
      context.checker.error(pointer,
                            fmt::format("need level '{}' is listed twice; list each once", id));
    } else {
      eligible.push_back(level);
    }
  }
}

void read_service(SectionContext& context, const std::string& id, const json& value,
                  const std::string& pointer) {
  ObjectReader r(context.checker, &value, pointer,
                 {"label", "kind", "budget_per_year", "budget_changes", "fte", "cost_per_fte",
                  "caseload_per_fte", "management_ratio", "admin_ratio", "capacity_limited",
                  "queue_order", "waiting_standard_days", "wait_dropout_rate_per_year",
                  "staff_change_lag_days", "locality_teams", "eligible_need_levels", "notes"});
  Service sv;
  sv.id = id;
  sv.label = r.string("label", id, false);
  r.string("notes", "", false);
  read_service_kind(context.checker, r, sv);
  read_service_funding(context, r, sv);
  read_service_staffing(r, sv);
  read_service_queue(context.checker, r, sv);
  read_eligible_need_levels(context, r, sv);
  context.scenario.services.push_back(sv);
}

// Sets each state's service from its "provided_by"; reports a name that is no service.
void link_states_to_services(SectionContext& context, const std::vector<ProvidedBy>& provided_by) {
  Scenario& s = context.scenario;
  for (std::size_t i = 0; i < s.pathway.states.size(); ++i) {
    const ProvidedBy& provided = provided_by[i];
    if (!provided.given) continue;
    for (std::size_t k = 0; k < s.services.size(); ++k) {
      if (s.services[k].id == provided.service) s.pathway.states[i].service = static_cast<int>(k);
    }
    if (s.pathway.states[i].service < 0) {
      std::vector<std::string> ids;
      for (const auto& sv : s.services) ids.push_back(sv.id);
      report_unknown_name(context.checker, provided.pointer, "service", provided.service, ids);
    }
  }
}

}  // namespace

void read_services(SectionContext& context, ObjectReader& top,
                   const std::vector<ProvidedBy>& provided_by) {
  const json* map = top.get("services");
  const std::string at = top.at("services");
  if (map != nullptr && !map->is_object()) {
    context.checker.error(at, fmt::format("is {}; expected an object mapping service ids to "
                                          "services",
                                          describe_type(*map)));
    map = nullptr;
  }
  if (map != nullptr) {
    for (const auto& [id, item_json] : map->items()) {
      read_service(context, id, item_json, pointer_append(at, id));
    }
  }
  link_states_to_services(context, provided_by);
}

}  // namespace ehsim
