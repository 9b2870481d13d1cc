#pragma once
// Goal-seek: the smallest budget for one of the alternative's services at which the chance that
// the council's net cashable saving reaches a target in a given financial year is at least P,
// and the acceptability curve (that chance against the budget) it is found on. Every evaluation
// compares the alternative, its budget set by JSON pointer in memory, with the baseline over
// the same seed and replications (common random numbers); the baseline is simulated once.
// docs/uncertainty.md ("Goal-seek") has the method.

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pipeline/compare.hpp"

namespace ehsim {

struct GoalSeekSpec {
  std::string service;  // the alternative's service whose budget_per_year is the lever
  double target = 0;    // net cashable saving a year to reach, £ (may be negative: a net cost)
  // The financial year: its label ("2022/23") or its number in the horizon (1 is the first).
  std::string year;
  double probability = 0.8;  // the chance required, strictly between 0 and 1
  int replications = 8;
  std::uint64_t seed = 1;
  int threads = 0;  // 0: all cores
  int grid = 8;     // points on the acceptability curve, both ends included
  // The budgets searched (£ a year); by default the baseline's budget for the service (0 if it
  // has none) to four times the alternative's.
  std::optional<double> low, high;
  const std::atomic<bool>* cancel = nullptr;
  std::function<void(int done, int planned)> progress;  // after each evaluation
};

// The alternative at one budget for the service, against the baseline.
struct GoalSeekPoint {
  double budget = 0;             // the service's budget_per_year, £
  double extra_investment = 0;   // budget less the baseline's for the service, £ a year
  double probability = 0;        // share of replications whose net cashable saving >= target
  double mean_net_cashable = 0;  // in the year, £, mean over replications
  std::string kind;              // "grid", "refinement" or "funded" (the alternative's own)
};

struct GoalSeekResult {
  GoalSeekSpec spec;    // with low and high filled in
  std::string pointer;  // /services/<id>/budget_per_year
  std::string service_label, council, alternative_name;
  int year_index = 0;  // 0 is the horizon's first financial year
  std::string year_label;
  double baseline_budget = 0, funded_budget = 0;  // the baseline's and the alternative's own
  std::vector<GoalSeekPoint> curve;               // every evaluation, in budget order
  GoalSeekPoint funded;                           // the alternative as written
  // The smallest budget found meeting the probability, and the highest budget evaluated below
  // it that does not (absent when the answer is the low end of the range).
  std::optional<GoalSeekPoint> answer, below_answer;
  GoalSeekPoint best;           // the highest probability found (the first such, by budget)
  double tolerance = 0;         // the bisection stopped when the bracket was this narrow, £
  int evaluations = 0;          // alternative simulations (the baseline's one not counted)
  int planned_evaluations = 0;  // at most, for a progress bar: grid, bisection, funded level
};

// The spec checked and resolved (the range, the year, the budgets), nothing simulated. Throws
// InputError naming every problem: not exactly two scenarios, an unknown service, a service
// staffed by FTE or with budget changes, a probability outside (0, 1), a year outside the
// horizon, low >= high, fewer than 2 grid points or no replications.
GoalSeekResult prepare_goal_seek(const std::vector<ComparedScenario>& scenarios,
                                 const GoalSeekSpec& spec);

// The search. Throws InputError as prepare_goal_seek does, before anything is simulated, and
// Cancelled when `cancel` is set.
GoalSeekResult run_goal_seek(const std::vector<ComparedScenario>& scenarios,
                             const GoalSeekSpec& spec);

// goal-seek.json: the settings, the curve and the answer; and goal-seek.csv: the curve.
nlohmann::json goal_seek_json(const GoalSeekResult& result);
std::string goal_seek_csv(const GoalSeekResult& result);

// The answer in one sentence of plain English.
std::string goal_seek_sentence(const GoalSeekResult& result);

// ehsim-goal-seek.xlsx: one sheet with the question, the answer and the curve as a table and a
// chart, the figures of goal-seek.json (uncertainty/goal_seek_workbook.cpp).
std::string goal_seek_workbook(const GoalSeekResult& result);

}  // namespace ehsim
