#include "results/periods.hpp"

#include <chrono>

#include <fmt/format.h>

namespace ehsim {

std::vector<PeriodRange> reporting_periods(const Calendar& calendar) {
  std::vector<PeriodRange> periods;
  const auto& quarters = calendar.quarters();
  for (std::size_t q = 0; q < quarters.size(); ++q) {
    periods.push_back({"quarter", quarters[q].label, static_cast<int>(q), static_cast<int>(q),
                       quarters[q].days()});
  }
  for (std::size_t y = 0; y < calendar.years().size(); ++y) {
    PeriodRange p{"financial_year", calendar.years()[y].label, -1, -1, calendar.years()[y].days()};
    for (std::size_t q = 0; q < quarters.size(); ++q) {
      if (quarters[q].financial_year != static_cast<int>(y)) continue;
      if (p.first_quarter < 0) p.first_quarter = static_cast<int>(q);
      p.last_quarter = static_cast<int>(q);
    }
    periods.push_back(p);
  }
  return periods;
}

namespace {

std::string date_after_start(const CompiledModel& m, double days) {
  using namespace std::chrono;
  const year_month_day start{year{m.scenario.start_year},
                             month{static_cast<unsigned>(m.scenario.start_month)},
                             day{1}};  // as the calendar counts days
  const year_month_day date{sys_days{start} + std::chrono::days{static_cast<int>(days)}};
  return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

}  // namespace

std::string period_start_date(const CompiledModel& m, const PeriodRange& p) {
  return date_after_start(
      m, m.calendar.quarters()[static_cast<std::size_t>(p.first_quarter)].start_day);
}

std::string period_end_date(const CompiledModel& m, const PeriodRange& p) {
  return date_after_start(
      m, m.calendar.quarters()[static_cast<std::size_t>(p.last_quarter)].end_day - 1);
}

}  // namespace ehsim
