#include "engine/calendar.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

namespace ehsim {

namespace {
using namespace std::chrono;

std::string financial_year_label(int first_calendar_year) {
  return fmt::format("{}/{:02d}", first_calendar_year, (first_calendar_year + 1) % 100);
}
}  // namespace

Calendar::Calendar(const Scenario& scenario) {
  const year_month_day start{year{scenario.start_year},
                             month{static_cast<unsigned>(scenario.start_month)}, day{1}};
  const sys_days start_days{start};
  const int total_quarters = static_cast<int>(scenario.horizon_years) * 4;
  start_date_ = fmt::format("{:04d}-{:02d}-01", scenario.start_year, scenario.start_month);
  for (int q = 0; q < total_quarters; ++q) {
    const year_month_day from = start + months{3 * q};
    const year_month_day to = start + months{3 * (q + 1)};
    const int m = static_cast<int>(static_cast<unsigned>(from.month()));
    const int y = static_cast<int>(from.year());
    const int fy_start = m >= 4 ? y : y - 1;  // financial years start on 1 April
    const int quarter_in_year = ((m - 4 + 12) % 12) / 3 + 1;
    Period p;
    p.start_day = static_cast<double>((sys_days{from} - start_days).count());
    p.end_day = static_cast<double>((sys_days{to} - start_days).count());
    p.label = fmt::format("{} Q{}", financial_year_label(fy_start), quarter_in_year);
    const std::string fy = financial_year_label(fy_start);
    if (years_.empty() || years_.back().label != fy) {
      years_.push_back({p.start_day, p.end_day, fy, static_cast<int>(years_.size())});
    }
    years_.back().end_day = p.end_day;
    p.financial_year = static_cast<int>(years_.size()) - 1;
    quarters_.push_back(p);
  }
  horizon_days_ = quarters_.empty() ? 0 : quarters_.back().end_day;
  const year_month_day warm_up_start = start - std::chrono::years{scenario.warm_up_years};
  warm_up_days_ = static_cast<double>((start_days - sys_days{warm_up_start}).count());
}

int Calendar::quarter_of(double day) const {
  auto it = std::upper_bound(quarters_.begin(), quarters_.end(), day,
                             [](double d, const Period& p) { return d < p.end_day; });
  if (it == quarters_.end()) return static_cast<int>(quarters_.size()) - 1;
  return static_cast<int>(it - quarters_.begin());
}

}  // namespace ehsim
