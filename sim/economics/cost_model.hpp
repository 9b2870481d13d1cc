#pragma once
// Costs from a replication's tallies, computed after the run (the engine knows nothing of
// money). Unit costs are restated to the price base year once, when the CostModel is built; a
// CostLedger then holds one replication's costs per quarter, and a PeriodAccount sums a ledger
// over any reporting period (a quarter, a financial year, the horizon) by category, payer and
// value type. Formulas: docs/economics.md.

#include <compare>
#include <map>
#include <string>
#include <vector>

#include "engine/model.hpp"
#include "engine/tally.hpp"
#include "results/run_results.hpp"

namespace ehsim {

inline constexpr double kDaysPerWeek = 7.0;
inline constexpr const char* kEarlyHelpCategory = "early_help";

const char* value_type_name(ValueType type);
inline bool is_fiscal(ValueType type) {
  return type == ValueType::fiscal_cashable || type == ValueType::fiscal_non_cashable;
}

// A unit cost ready to apply: the amount in £ at the price base year.
struct PricedItem {
  const CostItem* item = nullptr;
  double amount_at_base_prices = 0;
  double price_factor = 1;  // index(base year) / index(item's price year)
};

// An early help service's spending: its budget steps (or its FTE cost) as £ per year from a day.
struct ServiceSpend {
  std::string id;
  std::vector<BudgetStep> steps;  // sorted by from_day; the first starts at day 0
};

class CostModel {
 public:
  // Throws InputError when an item's price year is missing from the price index.
  explicit CostModel(const CompiledModel& model);

  const CompiledModel& model() const { return model_; }
  const std::vector<PricedItem>& items() const { return items_; }
  const std::vector<ServiceSpend>& early_help_services() const { return services_; }
  // 1 / (1 + r)^t for the financial year with index t (0 = the first financial year of the run).
  double discount_factor(int financial_year) const;

 private:
  const CompiledModel& model_;
  std::vector<PricedItem> items_;
  std::vector<ServiceSpend> services_;
};

// Whether a service's spending counts as early help: it provides an early help state, or says so.
bool is_early_help_service(const Scenario& scenario, int service);

// What an early help service spends a year: its budget, or FTE x cost per FTE x (1 +
// management + admin) when it is staffed by FTE rather than funded by a budget.
std::vector<BudgetStep> spending_steps(const Service& service);

// The spending of `steps` between two days (budget per year spread evenly over the year).
double spend_between(const std::vector<BudgetStep>& steps, double from_day, double to_day);

// One replication's costs per quarter, £ at the price base year, undiscounted.
struct CostLedger {
  int quarters = 0;
  std::vector<std::vector<double>> item_units;    // [item][quarter]: what the item is charged on
  std::vector<std::vector<double>> item_cost;     // [item][quarter]: units x amount at base prices
  std::vector<std::vector<double>> service_cost;  // [early help service][quarter]
};

// What a cost item is charged on in one quarter of a replication: child- (or family-) weeks in
// its states, events, or entries to its state (children entering, for a per-child item). The
// item's cost is these units times its amount at base prices, so a mean cost is the mean of the
// units times the amount (the workbook relies on it).
double item_units_in_quarter(const CostItem& item, const ReplicationTally& tally, int quarter);

// What a cost item's units are, in words: "child-weeks", "events (children)", "entries".
std::string item_units_name(const CostItem& item);

CostLedger compute_ledger(const CostModel& costs, const ReplicationTally& tally);

// A cost's place in the accounts: the Early Intervention Foundation category, who pays, and the
// kind of value (Green Book / HMT local CBA model).
struct CostKey {
  std::string category;
  std::string payer;
  ValueType value_type = ValueType::fiscal_cashable;
  auto operator<=>(const CostKey&) const = default;
};

// The costs of one period of one replication.
struct PeriodAccount {
  double early_help_services = 0;     // service budgets and FTE costs
  double early_help_items = 0;        // cost items in the early_help category
  std::map<CostKey, double> late;     // late-intervention costs, every other category
  std::vector<double> item_units;     // per cost item (CostModel::items() order)
  std::vector<double> service_spend;  // per early help service (early_help_services() order)
  double early_help() const { return early_help_services + early_help_items; }
  double late_total(bool fiscal_only) const;
};

PeriodAccount account_for(const CostModel& costs, const CostLedger& ledger,
                          const PeriodRange& period);

}  // namespace ehsim
