#pragma once
// A run's files as types, written by the run and read by the report: its headline figures
// (summary.json, RunSummary) and how it was made (manifest.json, RunManifest). One definition of
// each part's keys, with to_json/from_json (nlohmann ADL, so `json j = summary;` and
// `j.get<RunSummary>()` work). build_summary and the pipeline's run_summary and run_manifest
// fill these structs and the run writes them through to_json; a reader turns the file into them
// once, at its boundary, and reads fields, not keys. How reading treats missing members:
// core/results_json.hpp.
//
// Optional on reading (members added to schema version 1 after files were first written, or
// written only by some runs): in summary.json the periods, the run id, the seed and the waiting
// standard share, and of a service its utilisation, staffing basis and by-year FTE, the pooled
// wait quantiles and the FTE the staffing search found; in manifest.json the run id, the
// staffing search's settings, the warm-up and the calibration.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/results_json.hpp"
#include "scenario/scenario.hpp"
#include "stats/summary.hpp"

namespace ehsim {

// A figure across replications as summary.json writes it: {mean, se, sd, p05, p50, p95, n}.
void to_json(nlohmann::json& j, const Summary& s);
void from_json(const nlohmann::json& j, Summary& s);

// The headline demand of one financial year (summary.json's by_financial_year[t]): children at
// 31 March and on average, and the year's flows.
struct DemandYear {
  std::string financial_year;  // "2018/19"
  Summary children_in_need_at_31_march, child_protection_plans_at_31_march,
      looked_after_at_31_march, children_in_early_help_average, children_with_hidden_need_average,
      children_in_population_at_31_march, referrals, re_referrals_within_12_months,
      re_referral_share, escalations_to_statutory_care, step_downs_to_early_help,
      step_ups_from_early_help, child_protection_plan_starts, children_in_need_per_10000;
  bool operator==(const DemandYear&) const = default;
};
void to_json(nlohmann::json& j, const DemandYear& y);
void from_json(const nlohmann::json& j, DemandYear& y);

// A reporting period and its first and last days (summary.json's periods[i]).
struct PeriodDates {
  std::string period_type, period, start_date, end_date;
  bool operator==(const PeriodDates&) const = default;
};
void to_json(nlohmann::json& j, const PeriodDates& p);
void from_json(const nlohmann::json& j, PeriodDates& p);

// A step of a service's budget turned into staff and places, from `from_day` of the horizon.
struct BudgetToPlacesStep {
  double from_day = 0, practitioner_fte = 0, total_fte_with_management_and_admin = 0;
  int places = 0;
  bool operator==(const BudgetToPlacesStep&) const = default;
};
void to_json(nlohmann::json& j, const BudgetToPlacesStep& b);
void from_json(const nlohmann::json& j, BudgetToPlacesStep& b);

// A quantile of the wait (days) over the replications in which someone waited, and of every
// wait of every replication pooled.
struct WaitQuantile : Summary {
  std::optional<double> pooled;  // optional on reading
  bool operator==(const WaitQuantile&) const = default;
};
void to_json(nlohmann::json& j, const WaitQuantile& w);
void from_json(const nlohmann::json& j, WaitQuantile& w);

// Practitioners funded at a financial year's end and needed for its demand.
struct StaffingYear {
  std::string financial_year;
  Summary practitioner_fte_funded_at_end, practitioner_fte_needed_for_demand;
  bool operator==(const StaffingYear&) const = default;
};
void to_json(nlohmann::json& j, const StaffingYear& y);
void from_json(const nlohmann::json& j, StaffingYear& y);

// What the staffing search found a service needs for its waiting standard (practitioner FTE).
// summary.json writes all of it; comparison.json's per_scenario the first four members.
struct FteForWaitingStandard {
  double fte = 0;
  int places = 0;
  double target_share_within_standard = 0, share_within_standard_at_fte = 0;
  std::optional<std::string> basis, method;
  std::optional<double> total_fte_with_management_and_admin;
  std::optional<int> places_missing_target;
  std::optional<double> share_within_standard_at_places_missing;
  std::optional<int> replications_per_evaluation, evaluations;
  bool operator==(const FteForWaitingStandard&) const = default;
};
void to_json(nlohmann::json& j, const FteForWaitingStandard& f);
void from_json(const nlohmann::json& j, FteForWaitingStandard& f);

// A service over the horizon (summary.json's services_over_horizon[id]): budget to places, use,
// waits and staffing. FTE figures count practitioners unless named otherwise.
struct ServiceSummary {
  std::string label;
  bool capacity_limited = false;
  double waiting_standard_days = 0;
  std::vector<BudgetToPlacesStep> budget_to_places;
  double cost_per_practitioner_fte = 0;
  Summary occupied_families_average, waiting_families_average, fte_needed_for_demand,
      caseload_per_fte, allocations, allocated_from_wait, mean_wait_days,
      share_allocated_within_standard, escalated_while_waiting, dropped_out;
  std::optional<Summary> utilisation;
  WaitQuantile median_wait_days, p90_wait_days;
  std::optional<std::string> fte_basis;
  std::optional<double> practitioner_fte_funded_at_end, management_and_admin_fte_funded_at_end;
  std::vector<StaffingYear> by_financial_year;  // empty when the file has none
  std::optional<FteForWaitingStandard> fte_needed_for_waiting_standard;  // when searched for
  bool operator==(const ServiceSummary&) const = default;
};
void to_json(nlohmann::json& j, const ServiceSummary& s);
void from_json(const nlohmann::json& j, ServiceSummary& s);

// Every family is accounted for: those at the start and arriving equal those leaving and left.
struct Conservation {
  Summary families_initial, families_arrived, families_exited, families_present_at_end;
  bool holds_in_every_replication = false;
  bool operator==(const Conservation&) const = default;
};
void to_json(nlohmann::json& j, const Conservation& c);
void from_json(const nlohmann::json& j, Conservation& c);

// summary.json.
struct RunSummary {
  int schema_version = 0;
  std::string scenario, council;
  std::string start_date;  // "2018-04-01"
  double horizon_years = 0;
  int replications = 0;
  std::string units;
  std::vector<DemandYear> by_financial_year;
  std::vector<PeriodDates> periods;                             // empty when the file has none
  std::map<std::string, ServiceSummary> services_over_horizon;  // by service id
  Conservation conservation;
  Summary events_processed;
  // Written by a run (not by build_summary alone): its seed, id and the staffing search's target.
  std::optional<std::uint64_t> seed;
  std::optional<std::string> run_id;
  std::optional<double> waiting_standard_share;
  bool operator==(const RunSummary&) const = default;
};
void to_json(nlohmann::json& j, const RunSummary& s);
// Does not check schema_version against this program's: the reader of the file does that first.
void from_json(const nlohmann::json& j, RunSummary& s);

// The calibration that fitted a scenario's flow rates ({file, fit_year, date}; null when none).
void to_json(nlohmann::json& j, const CalibrationRecord& c);
void from_json(const nlohmann::json& j, CalibrationRecord& c);

// manifest.json: how the run was made, for provenance.
struct RunManifest {
  int schema_version = 0;
  std::optional<std::string> run_id;  // left out by a run made in memory
  std::string ehsim_version, git_commit;
  std::string command;  // "run", "compare", ...
  std::string scenario_path, scenario_name, scenario_sha256;
  std::uint64_t seed = 0;
  int replications = 0, threads = 0;
  std::optional<double> waiting_standard_share;  // optional on reading
  std::optional<int> staffing_replications;      // optional on reading
  std::string started_utc, finished_utc;
  double wall_seconds = 0;
  std::optional<int> warm_up_years;              // optional on reading
  std::optional<CalibrationRecord> calibration;  // written as null when none
  std::optional<std::string> warm_up_with;       // the scenario file the warm-up ran; optional
  double families_simulated = 0, events_processed = 0;
  std::string random_streams;
  bool operator==(const RunManifest&) const = default;
};
void to_json(nlohmann::json& j, const RunManifest& m);
// Does not check schema_version against this program's: the reader of the file does that first.
void from_json(const nlohmann::json& j, RunManifest& m);

}  // namespace ehsim
