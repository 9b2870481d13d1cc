#pragma once
// The two ways a scenario writes time: calendar dates ("2018-04-01") and financial years
// ("2017/18", April to March).

#include <chrono>
#include <string>

namespace ehsim {

// Parses "YYYY-MM-DD"; false if not written exactly so or not a real date (2018-02-30).
bool parse_date(const std::string& text, std::chrono::year_month_day& out);

// True for "2017/18": four digits, '/', the last two digits of the next year.
bool is_financial_year(const std::string& year);

}  // namespace ehsim
