#include "economics/workbook_model.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "economics/labels.hpp"

namespace ehsim::workbook_parts {

void define_name(lxw_workbook* book, const std::string& name, const std::string& target) {
  if (workbook_define_name(book, name.c_str(), ("=" + target).c_str()) != LXW_NO_ERROR) {
    throw std::runtime_error("libxlsxwriter could not define the name " + name);
  }
}

std::string value_type_label(const std::string& type) {
  if (type == "fiscal_cashable") return "Fiscal cashable";
  if (type == "fiscal_non_cashable") return "Fiscal non-cashable";
  if (type == "economic") return "Economic";
  if (type == "social") return "Social";
  return readable_id(type);
}

bool is_fiscal_type(const std::string& type) {
  return type == "fiscal_cashable" || type == "fiscal_non_cashable";
}

std::string charged_per(const UnitCost& item,
                        const std::map<std::string, std::string>& state_labels) {
  const auto label = [&](const std::string& id) {
    const auto it = state_labels.find(id);
    return it != state_labels.end() && !it->second.empty() ? it->second : readable_id(id);
  };
  const std::string who = item.per_child ? "child" : "family";
  std::string out;
  if (!item.per_week_in_states.empty()) {
    out = who + "-week in ";
    bool first = true;
    for (const auto& state : item.per_week_in_states) {
      out += (first ? "" : ", ") + label(state);
      first = false;
    }
  }
  if (item.per_event) {
    out += (out.empty() ? "" : "; ") + fmt::format("{} ({} counted)", readable_id(*item.per_event),
                                                   item.per_child ? "children" : "families");
  }
  if (item.per_entry_to_state) {
    out += (out.empty() ? "" : "; ") + std::string("entry to ") + label(*item.per_entry_to_state) +
           (item.per_child ? " (per child)" : " (per family)");
  }
  return out;
}

const UnitCost& ItemRow::any() const {
  if (baseline != nullptr) return *baseline;
  for (const UnitCost* a : alternatives)
    if (a != nullptr) return *a;
  throw std::logic_error("cost item " + id + " is in no scenario");
}

namespace {

const ScenarioCosts& per_scenario_of(const ComparisonResults& c, const std::string& slug) {
  for (const auto& s : c.per_scenario) {
    if (s.slug == slug) return s;
  }
  throw std::runtime_error("comparison.json has no per_scenario entry for " + slug);
}

const UnitCost* unit_cost_in(const ScenarioCosts& scenario, const std::string& id) {
  for (const auto& item : scenario.unit_costs) {
    if (item.id == id) return &item;
  }
  return nullptr;
}

}  // namespace

Model::Model(ComparisonResults c) : results(std::move(c)) {
  replications = results.replications;
  baseline = &per_scenario_of(results, results.baseline.slug);
  for (const auto& alt : results.alternatives) {
    alternatives.push_back(&per_scenario_of(results, alt.scenario.slug));
  }
  for (const auto& y : baseline->activity_by_year) years.push_back(y.financial_year);
  add_items_and_services(*baseline);
  for (const ScenarioCosts* a : alternatives) add_items_and_services(*a);
}

void Model::add_items_and_services(const ScenarioCosts& s) {
  for (const auto& item : s.unit_costs) {
    if (std::none_of(items.begin(), items.end(),
                     [&](const ItemRow& r) { return r.id == item.id; })) {
      ItemRow row{item.id, unit_cost_in(*baseline, item.id), {}};
      for (const ScenarioCosts* a : alternatives)
        row.alternatives.push_back(unit_cost_in(*a, item.id));
      items.push_back(row);
    }
  }
  for (const auto& service : s.early_help_services) {
    if (std::none_of(services.begin(), services.end(),
                     [&](const auto& e) { return e.first == service.id; })) {
      services.emplace_back(service.id,
                            service.label.empty() ? readable_id(service.id) : service.label);
    }
  }
}

SimulatedFigure simulated_figure(const Estimate& e) {
  return {e, std::nullopt, std::nullopt};
}
SimulatedFigure simulated_figure(const Difference& d) {
  return {static_cast<const Estimate&>(d), d.unpaired_p05, d.unpaired_p95};
}
SimulatedFigure simulated_figure(const std::optional<Difference>& d) {
  return d ? simulated_figure(*d) : SimulatedFigure{};
}
SimulatedFigure simulated_figure(const std::optional<Estimate>& e) {
  return {e, std::nullopt, std::nullopt};
}

double activity(const ScenarioCosts& scenario, ActivityOf field, const std::string& id,
                std::size_t y) {
  const auto& years = scenario.activity_by_year;
  if (y >= years.size()) return 0.0;
  const auto& values = years[y].*field;
  const auto it = values.find(id);
  return it == values.end() ? 0.0 : it->second;
}

}  // namespace ehsim::workbook_parts
