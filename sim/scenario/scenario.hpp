#pragma once
// The typed, validated scenario: what the engine runs. Built once from JSON by the loader
// (scenario/loader.hpp); immutable afterwards. Identifiers (states, transitions, services)
// are resolved to indices here so the hot loop never compares strings.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "random/parameter_distribution.hpp"

namespace ehsim {

// Where a number came from: a citation, or the words "assumption: ..." saying why we chose it.
struct Provenance {
  std::string text;         // the source citation or the assumption's reason
  bool assumption = false;  // true when the number is an assumption, not a sourced figure
  std::string pointer;      // JSON pointer of the number in the resolved scenario
};

// How uncertain a number is: its distribution, with where that comes from. Probabilistic
// sensitivity analysis draws the number from it; one-way sensitivity takes its 5th and 95th
// percentiles.
struct Uncertainty {
  ParameterDistribution distribution;
  std::string source;  // or the assumption behind the spread
  bool assumption = false;
};

// Uncertain numbers drawn together ("uncertainty_groups" in a scenario): the shares of one
// set (a transition's outcomes, say) drawn as a Dirichlet, or numbers each with its own
// distribution drawn with correlated ranks through a Gaussian copula.
enum class UncertaintyGroupKind { dirichlet, gaussian_copula };

struct UncertaintyGroup {
  std::string id;
  std::string pointer;  // of the group in the scenario, e.g. /uncertainty_groups/front_door
  UncertaintyGroupKind kind = UncertaintyGroupKind::dirichlet;
  std::vector<std::string> numbers;  // the members' JSON pointers, in the order written
  // dirichlet: alpha_i = concentration x the member's value (its central share).
  std::vector<double> alpha;
  // gaussian_copula: the lower-triangular Cholesky factor of the correlation matrix, row by row
  // (numbers.size() squared entries).
  std::vector<double> cholesky;
  std::string source;  // or the assumption behind the joint spread
  bool assumption = false;
};

// A number with its provenance. Bare numbers in a scenario are allowed but unsourced.
struct Quantity {
  double value = 0.0;
  std::optional<Provenance> provenance;
  std::optional<Uncertainty> uncertainty;
};

// A number as written in the scenario, with its JSON pointer: the table of assumptions.
struct SourcedNumber {
  std::string pointer;
  Quantity quantity;
};

// Counted events. The first group is declared on transitions in the scenario; the second is
// derived by the engine from the states' attributes, so it cannot be mislabelled. A fixed
// vocabulary, so tallies are arrays indexed by this enum.
enum class EventKind : int {
  identification,
  early_help_assessment,
  referral,
  assessment,
  no_further_action,
  assessed_not_in_need,  // assessed, and found not to be a child in need (DfE's closure reason)
  section_47,
  child_protection_conference,
  care_proceedings,
  placement_start,
  case_closure,
  // derived:
  re_referral,                   // a referral within 365 days of the family's previous referral
  escalation_to_statutory,       // entry to a statutory state from a non-statutory one: DfE's
                                 // "episode of need starting"
  statutory_episode_end,         // from a statutory state to a non-statutory one (or leaving the
                                 // area or ageing out from one): DfE's "episode of need ending"
  step_up,                       // from an early help service to statutory care
  step_down,                     // from statutory care to an early help service
  child_protection_plan_start,   // entry to a child protection state from another status
  child_protection_plan_repeat,  // ... by a family that has been on a plan before
  child_protection_plan_end,     // leaving child protection for another status or an exit
  care_entry,                    // entry to a looked-after state from another status
  count_
};
inline constexpr int kEventKindCount = static_cast<int>(EventKind::count_);
inline constexpr int kFirstDerivedEvent = static_cast<int>(EventKind::re_referral);
const char* event_kind_name(EventKind kind);
std::optional<EventKind> event_kind_from_name(const std::string& name);

// The service statuses of the brief (section 2), in order of intensity.
enum class ServiceStatus : int {
  none,
  single_agency_early_help,
  targeted_early_help,
  intensive_family_intervention,
  child_in_need,
  child_protection,
  looked_after,
  count_
};
const char* service_status_name(ServiceStatus status);
std::optional<ServiceStatus> service_status_from_name(const std::string& name);
inline bool is_statutory(ServiceStatus s) {
  return s >= ServiceStatus::child_in_need;
}
inline bool is_early_help(ServiceStatus s) {
  return s > ServiceStatus::none && s < ServiceStatus::child_in_need;
}

enum class DistributionKind { exponential, weibull, lognormal, empirical };

// One bin of an empirical duration table: the share of durations in (previous upper, upper].
struct EmpiricalBin {
  double upper_days = 0.0;
  double share = 0.0;
};

// A duration (time in a state until a transition) in days.
struct DurationDistribution {
  DistributionKind kind = DistributionKind::exponential;
  double mean_days = 0.0;          // exponential
  double shape = 1.0;              // weibull
  double scale_days = 0.0;         // weibull
  double median_days = 0.0;        // lognormal: exp(mu)
  double sigma = 0.0;              // lognormal: standard deviation of log duration
  std::vector<EmpiricalBin> bins;  // empirical, upper bounds increasing, shares summing to 1
};

// Limits set by how the engine stores a family: its risk factors are bits of a 16-bit mask and
// its locality an 8-bit index (0 to 255). The loader refuses scenarios beyond them.
inline constexpr std::size_t kMaxRiskFactors = 16;
inline constexpr std::size_t kMaxLocalities = 256;

struct AgeBand {
  std::string id;
  double from_years = 0.0;  // the band runs from here to the next band's start (or 18)
};

struct Locality {
  std::string id;
  double share = 0.0;
};

struct RiskFactor {
  std::string id;
  double prevalence = 0.0;  // share of families with the factor
  double loading = 0.0;     // weight on the shared latent vulnerability (co-occurrence)
};

struct ChildrenPerFamily {
  int children = 1;
  double share = 0.0;
};

struct Population {
  double children = 0.0;  // children aged 0-17 at the start
  std::vector<ChildrenPerFamily> children_per_family;
  double child_spacing_years = 2.5;
  std::vector<AgeBand> age_bands;
  std::vector<Locality> localities;
  std::vector<RiskFactor> risk_factors;
  double births_per_year = 0.0;  // new families whose first child is born
  double families_moving_in_per_year = 0.0;
  double moving_away_rate_per_year = 0.0;  // hazard of a family leaving the council's area
};

struct NeedLevel {
  std::string id;
  double level = 1.0;  // position on the continuum (1 universal ... 4 acute; 2.5 allowed)
  std::string label;
};

struct State {
  std::string id;
  std::string label;
  int need_level = -1;  // index into Pathway::need_levels; -1 for exits
  ServiceStatus service_status = ServiceStatus::none;
  bool absorbing = false;    // an exit: no transition may leave it
  bool hidden_need = false;  // need present but not identified by any service
  int service = -1;          // index into Scenario::services that provides places, or -1
  bool statutory() const { return !absorbing && is_statutory(service_status); }
  bool early_help() const { return !absorbing && is_early_help(service_status); }
};

struct Outcome {
  int to = -1;  // state index
  double probability = 1.0;
  std::vector<EventKind> events;  // events recorded when this outcome is taken
};

struct Transition {
  std::string id;
  int from = -1;
  std::vector<Outcome> outcomes;  // one outcome with probability 1 for a plain transition
  bool has_rate = false;          // true: exponential with rate; false: duration distribution
  Quantity rate_per_year;
  DurationDistribution duration;
  std::vector<double> age_band_hazard_ratio;     // per population age band (default 1)
  std::vector<double> risk_factor_hazard_ratio;  // per risk factor (default 1)
  std::vector<double> locality_hazard_ratio;     // per locality (default 1)
  double hazard_ratio = 1.0;           // an overall multiplier: how scenarios express an effect
  std::vector<EventKind> events;       // events recorded whichever outcome is taken
  bool written_with_outcomes = false;  // "outcomes" rather than "to" in the file (for messages)
};

struct Pathway {
  std::vector<NeedLevel> need_levels;
  std::vector<State> states;
  std::vector<Transition> transitions;
  int entry_state = -1;  // where new families (births, moves in) start
  int moved_away_state = -1;
  int aged_out_state = -1;
};

enum class QueueOrder { first_come, highest_need };

// A budget or staffing level in force from a date on (time-varying budgets).
struct BudgetStep {
  double from_day = 0.0;  // days since the scenario start
  double budget_per_year = 0.0;
};

struct CostPerFte {
  double salary = 0.0;
  double on_costs_share = 0.0;   // employer's NI and pension, as a share of salary
  double overheads_share = 0.0;  // accommodation, IT, travel, as a share of salary
  double total() const { return salary * (1.0 + on_costs_share + overheads_share); }
};

struct Service {
  std::string id;
  std::string label;
  std::string kind;                // "early_help" or "statutory"
  std::vector<BudgetStep> budget;  // budget per year from each date; sorted by from_day
  std::optional<double> fte;       // direct practitioner FTE when given instead of a budget
  CostPerFte cost_per_fte;
  double caseload_per_fte = 0.0;  // families held at once by one practitioner
  double management_ratio = 0.0;  // managers per practitioner FTE (funded from the budget)
  double admin_ratio = 0.0;       // admin staff per practitioner FTE (funded from the budget)
  bool capacity_limited = false;  // when false, every referred family is taken at once
  QueueOrder queue_order = QueueOrder::first_come;
  double waiting_standard_days = 28.0;
  double wait_dropout_rate_per_year = 0.0;
  double staff_change_lag_days = 0.0;  // budget changes take effect after this delay
  // When true the places are split among the population's localities in proportion to their
  // shares, and each locality team keeps its own waiting list.
  bool locality_teams = false;
  // Need levels (indices into Pathway::need_levels) from which a family may be moved into a
  // state this service provides; empty means every level.
  std::vector<int> eligible_need_levels;
};

enum class ValueType { fiscal_cashable, fiscal_non_cashable, economic, social };

// A unit cost: per week a family spends in a state, or per event.
struct CostItem {
  std::string id;
  std::string category;  // EIF late-intervention category, or "early_help"
  std::string payer;     // council, nhs, police, dwp, schools, ...
  ValueType value_type = ValueType::fiscal_cashable;
  bool per_child = true;  // multiplied by the number of children in the family
  std::vector<int> per_week_in_states;
  std::optional<EventKind> per_event;
  std::optional<int> per_entry_to_state;
  Quantity amount;  // £ per week or per event, in the item's price year
  std::string price_year;
};

struct Economics {
  std::string price_base_year = "2017/18";
  double discount_rate = 0.035;
  double optimism_bias = 0.0;  // raises costs of the intervention
  double deadweight = 0.0;     // share of benefit that would have happened anyway
  double attribution = 1.0;    // share of benefit attributable to the intervention
  std::vector<CostItem> cost_items;
  // Inflation index: financial year -> index value; used to restate prices in the base year.
  std::vector<std::pair<std::string, double>> price_index;
};

// Initial stock of a state at the start of the run.
struct InitialStock {
  int state = -1;
  double children = 0.0;          // children in the state (DfE counts children)
  double share_of_families = -1;  // or a share of the synthetic families; -1 if not given
};

// Which calibration fitted this scenario's flow rates to the council's statistics: a scenario
// without one is illustrative, and the report and workbook say so.
struct CalibrationRecord {
  std::string file;      // the calibration file, as the scenario names it
  std::string fit_year;  // "2017-18"
  std::string date;      // when it was run
  bool operator==(const CalibrationRecord&) const = default;
};

struct Scenario {
  std::string name;
  std::string description;
  std::string council;
  std::string file;             // the path it was loaded from
  std::string resolved_sha256;  // hash of the resolved (merged) JSON
  int start_year = 2018, start_month = 4, start_day = 1;
  double horizon_years = 10.0;
  // Years simulated before the start date and not reported, so that the start holds the
  // stocks, waiting lists and referral histories of the model's own dynamics.
  int warm_up_years = 0;
  std::uint64_t seed = 1;
  int replications = 100;
  Population population;
  Pathway pathway;
  std::vector<Service> services;
  std::vector<InitialStock> initial;
  Economics economics;
  std::optional<CalibrationRecord> calibration;
  std::vector<SourcedNumber> quantities;  // every number with its source, in reading order
  std::vector<UncertaintyGroup> uncertainty_groups;  // by id

  int state_index(const std::string& id) const;  // -1 when absent
  double horizon_days() const;
};

}  // namespace ehsim
