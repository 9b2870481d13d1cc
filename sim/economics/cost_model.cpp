#include "economics/cost_model.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/diagnostics.hpp"

namespace ehsim {

const char* value_type_name(ValueType type) {
  switch (type) {
    case ValueType::fiscal_cashable:
      return "fiscal_cashable";
    case ValueType::fiscal_non_cashable:
      return "fiscal_non_cashable";
    case ValueType::economic:
      return "economic";
    case ValueType::social:
      return "social";
  }
  return "unknown";
}

namespace {

const double* index_of_year(const Economics& economics, const std::string& year) {
  for (const auto& [label, value] : economics.price_index) {
    if (label == year) return &value;
  }
  return nullptr;
}

// index(base) / index(price year); an amount without a price year is taken to be at base prices.
double price_factor(const Scenario& scenario, const CostItem& item, Diagnostics& problems) {
  const Economics& e = scenario.economics;
  if (item.price_year.empty() || item.price_year == e.price_base_year) return 1.0;
  const double* base = index_of_year(e, e.price_base_year);
  const double* own = index_of_year(e, item.price_year);
  const std::string pointer = fmt::format("/economics/cost_items/{}/amount/price_year", item.id);
  if (base == nullptr) {
    problems.add(scenario.file, "/economics/price_index",
                 fmt::format("has no value for the price base year {}; it is needed to restate "
                             "cost item '{}' from {} prices",
                             e.price_base_year, item.id, item.price_year));
    return 1.0;
  }
  if (own == nullptr) {
    problems.add(scenario.file, pointer,
                 fmt::format("is {}, which /economics/price_index does not list; add the index "
                             "for {} so the amount can be restated in {} prices",
                             item.price_year, item.price_year, e.price_base_year));
    return 1.0;
  }
  return *base / *own;
}

}  // namespace

bool is_early_help_service(const Scenario& scenario, int service) {
  if (scenario.services[static_cast<std::size_t>(service)].kind == "early_help") return true;
  return std::any_of(scenario.pathway.states.begin(), scenario.pathway.states.end(),
                     [&](const State& s) { return s.service == service && s.early_help(); });
}

std::vector<BudgetStep> spending_steps(const Service& service) {
  if (service.fte) {
    // Staffed by FTE: the practitioners and, in proportion, their managers and admin staff.
    const double staff_per_practitioner = 1.0 + service.management_ratio + service.admin_ratio;
    return {{0.0, *service.fte * service.cost_per_fte.total() * staff_per_practitioner}};
  }
  return service.budget;
}

double spend_between(const std::vector<BudgetStep>& steps, double from_day, double to_day) {
  double spend = 0;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const double step_end = i + 1 < steps.size() ? steps[i + 1].from_day : to_day;
    const double overlap = std::min(step_end, to_day) - std::max(steps[i].from_day, from_day);
    if (overlap > 0) spend += steps[i].budget_per_year * overlap / kDaysPerYear;
  }
  return spend;
}

CostModel::CostModel(const CompiledModel& model) : model_(model) {
  const Scenario& scenario = model.scenario;
  Diagnostics problems;
  for (const auto& item : scenario.economics.cost_items) {
    const double factor = price_factor(scenario, item, problems);
    items_.push_back({&item, item.amount.value * factor, factor});
  }
  if (!problems.empty()) throw InputError(std::move(problems));
  for (std::size_t k = 0; k < scenario.services.size(); ++k) {
    if (!is_early_help_service(scenario, static_cast<int>(k))) continue;
    services_.push_back({scenario.services[k].id, spending_steps(scenario.services[k])});
  }
}

double CostModel::discount_factor(int financial_year) const {
  return 1.0 / std::pow(1.0 + model_.scenario.economics.discount_rate, financial_year);
}

namespace {

// Children entering a state are not tallied (only families are), so a per-child cost per entry
// uses the state's children per family over the quarter, or over the run if it was empty.
double children_per_family(const ReplicationTally& t, int q, int s) {
  if (t.family_days[t.qs(q, s)] > 0) return t.child_days[t.qs(q, s)] / t.family_days[t.qs(q, s)];
  double children = 0, families = 0;
  for (int p = 0; p < t.quarters; ++p) {
    children += t.child_days[t.qs(p, s)];
    families += t.family_days[t.qs(p, s)];
  }
  return families > 0 ? children / families : 1.0;
}

}  // namespace

double item_units_in_quarter(const CostItem& item, const ReplicationTally& t, int q) {
  double units = 0;
  for (int s : item.per_week_in_states) {
    const auto& days = item.per_child ? t.child_days : t.family_days;
    units += days[t.qs(q, s)] / kDaysPerWeek;
  }
  if (item.per_event) {
    const auto& events = item.per_child ? t.events_children : t.events_families;
    units += events[t.qe(q, static_cast<int>(*item.per_event))];
  }
  if (item.per_entry_to_state) {
    const int s = *item.per_entry_to_state;
    units += t.entries[t.qs(q, s)] * (item.per_child ? children_per_family(t, q, s) : 1.0);
  }
  return units;
}

std::string item_units_name(const CostItem& item) {
  const std::string who = item.per_child ? "child" : "family";
  if (!item.per_week_in_states.empty()) return who + "-weeks";
  if (item.per_event) return item.per_child ? "events (children)" : "events (families)";
  if (item.per_entry_to_state) return item.per_child ? "entries (children)" : "entries (families)";
  return "units";
}

namespace {}  // namespace

CostLedger compute_ledger(const CostModel& costs, const ReplicationTally& tally) {
  const auto& quarters = costs.model().calendar.quarters();
  CostLedger ledger;
  ledger.quarters = static_cast<int>(quarters.size());
  for (const auto& priced : costs.items()) {
    auto& units = ledger.item_units.emplace_back(quarters.size(), 0.0);
    auto& cost = ledger.item_cost.emplace_back(quarters.size(), 0.0);
    for (int q = 0; q < ledger.quarters; ++q) {
      const auto i = static_cast<std::size_t>(q);
      units[i] = item_units_in_quarter(*priced.item, tally, q);
      cost[i] = units[i] * priced.amount_at_base_prices;
    }
  }
  for (const auto& service : costs.early_help_services()) {
    auto& row = ledger.service_cost.emplace_back(quarters.size(), 0.0);
    for (std::size_t q = 0; q < quarters.size(); ++q) {
      row[q] = spend_between(service.steps, quarters[q].start_day, quarters[q].end_day);
    }
  }
  return ledger;
}

double PeriodAccount::late_total(bool fiscal_only) const {
  double total = 0;
  for (const auto& [key, value] : late) {
    if (!fiscal_only || is_fiscal(key.value_type)) total += value;
  }
  return total;
}

PeriodAccount account_for(const CostModel& costs, const CostLedger& ledger,
                          const PeriodRange& period) {
  const auto sum = [&](const std::vector<double>& per_quarter) {
    double total = 0;
    for (int q = period.first_quarter; q <= period.last_quarter; ++q) {
      total += per_quarter[static_cast<std::size_t>(q)];
    }
    return total;
  };
  PeriodAccount account;
  for (const auto& row : ledger.service_cost) {
    account.service_spend.push_back(sum(row));
    account.early_help_services += account.service_spend.back();
  }
  for (std::size_t i = 0; i < costs.items().size(); ++i) {
    const CostItem& item = *costs.items()[i].item;
    account.item_units.push_back(sum(ledger.item_units[i]));
    const double cost = sum(ledger.item_cost[i]);
    if (item.category == kEarlyHelpCategory) {
      account.early_help_items += cost;
    } else {
      account.late[{item.category, item.payer, item.value_type}] += cost;
    }
  }
  return account;
}

}  // namespace ehsim
