#pragma once
// Reporting periods: financial quarters and UK financial years (April to March), as day offsets
// from the scenario's start date. The engine runs in continuous days since the start.

#include <string>
#include <vector>

#include "scenario/scenario.hpp"

namespace ehsim {

struct Period {
  double start_day = 0;  // inclusive, days since the scenario start
  double end_day = 0;    // exclusive
  std::string label;     // "2018/19 Q1" for quarters, "2018/19" for years
  int financial_year = 0;  // index into Calendar::years (for quarters)
  double days() const { return end_day - start_day; }
};

class Calendar {
 public:
  explicit Calendar(const Scenario& scenario);
  double horizon_days() const { return horizon_days_; }
  const std::vector<Period>& quarters() const { return quarters_; }
  const std::vector<Period>& years() const { return years_; }
  // The quarter containing `day` (0 <= day < horizon).
  int quarter_of(double day) const;
  std::string start_date() const { return start_date_; }
  // Days from the start of the warm-up (the same calendar date, warm_up_years earlier) to the
  // start date: the simulation begins at minus this day.
  double warm_up_days() const { return warm_up_days_; }

 private:
  double horizon_days_ = 0;
  double warm_up_days_ = 0;
  std::vector<Period> quarters_;
  std::vector<Period> years_;
  std::string start_date_;
};

}  // namespace ehsim
