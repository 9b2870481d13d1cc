#pragma once
// The periods results are reported for: each quarter and each financial year of the horizon,
// as ranges of the calendar's quarters.

#include <string>
#include <vector>

#include "engine/model.hpp"

namespace ehsim {

// A reporting period as a range of quarters.
struct PeriodRange {
  std::string type, label;
  int first_quarter = 0, last_quarter = 0;  // inclusive
  double days = 0;
};
std::vector<PeriodRange> reporting_periods(const Calendar& calendar);

// A period's first and last day as ISO dates ("2018-04-01", "2019-03-31"), both inclusive.
std::string period_start_date(const CompiledModel& model, const PeriodRange& period);
std::string period_end_date(const CompiledModel& model, const PeriodRange& period);

}  // namespace ehsim
