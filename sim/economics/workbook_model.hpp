#pragma once
// The comparison as the workbook's sheets need it (internal to the workbook,
// economics/workbook*.cpp): comparison.json read into ComparisonResults, each scenario's own
// costs, the financial years, every cost item and early help service of any scenario, and the
// small helpers the sheets share.

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <xlsxwriter.h>
#include <nlohmann/json.hpp>

#include "economics/comparison_results.hpp"
#include "economics/cost_model.hpp"

namespace ehsim::workbook_parts {

// A workbook-wide name for a cell or range ("DiscountRate"); throws when libxlsxwriter refuses.
void define_name(lxw_workbook* book, const std::string& name, const std::string& target);

// "Fiscal cashable" for "fiscal_cashable", and so on.
std::string value_type_label(const std::string& type);
bool is_fiscal_type(const std::string& type);

// "Charged per child-week in Looked after (foster), Looked after (other)".
std::string charged_per(const UnitCost& item,
                        const std::map<std::string, std::string>& state_labels);

// What a comparison.json made by this version always has (a file's reader may find it absent).
template <typename T>
const T& present(const std::optional<T>& value, const std::string& what) {
  if (!value) throw std::runtime_error("the comparison has no " + what);
  return *value;
}

// A cost item of any scenario, with each scenario's unit cost for it.
struct ItemRow {
  std::string id;
  const UnitCost* baseline = nullptr;         // the baseline's unit cost (none when it has none)
  std::vector<const UnitCost*> alternatives;  // each alternative's (none when it has none)
  // The item as any scenario that has it states it (the baseline's first).
  const UnitCost& any() const;
  bool early_help() const { return any().category == kEarlyHelpCategory; }
};

// The comparison as the workbook needs it: the results, each scenario's costs, the years, every
// cost item and early help service of any scenario.
struct Model {
  explicit Model(ComparisonResults c);
  Model(const Model&) = delete;  // holds pointers into its own results
  Model& operator=(const Model&) = delete;

  ComparisonResults results;
  const ScenarioCosts* baseline = nullptr;                    // per_scenario entry
  std::vector<const ScenarioCosts*> alternatives;             // per_scenario entries, in order
  std::vector<std::string> years;                             // financial year labels
  std::vector<ItemRow> items;                                 // every cost item of any scenario
  std::vector<std::pair<std::string, std::string>> services;  // early help services: id, label
  int replications = 0;

  const std::map<std::string, std::string>& state_labels() const { return baseline->state_labels; }
  const Appraisal& appraisal() const {
    return present(baseline->appraisal, "appraisal settings for " + baseline->name);
  }

 private:
  void add_items_and_services(const ScenarioCosts& s);
};

// One of ehsim's figures as the workbook shows it beside its own: the summary (none when
// comparison.json has null, a return per £1 that is not defined) and, for a paired difference,
// the unpaired range.
struct SimulatedFigure {
  std::optional<Estimate> estimate;
  std::optional<double> unpaired_p05, unpaired_p95;
};
SimulatedFigure simulated_figure(const Estimate& e);
SimulatedFigure simulated_figure(const Difference& d);
SimulatedFigure simulated_figure(const std::optional<Difference>& d);
SimulatedFigure simulated_figure(const std::optional<Estimate>& e);

// A value, or null ("n/a" in a cell) when there is none.
template <typename T>
nlohmann::json or_null(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

// Mean units of a cost item (item_units) or spending of a service (early_help_service_spend) in
// a scenario's year y; 0 when the scenario has none.
using ActivityOf = std::map<std::string, double> ActivityYear::*;
double activity(const ScenarioCosts& scenario, ActivityOf field, const std::string& id,
                std::size_t y);

}  // namespace ehsim::workbook_parts
