#pragma once
// How the report writes numbers for people: money as £2.1m, counts with thousands separators,
// shares as percentages, ranges as "£4.1m–£8.9m". One place, so the summary, the tables and the
// tests agree.

#include <string>

namespace ehsim::viz {

// £ with a magnitude suffix: £950, £12k, £2.1m, £1.3bn; negative values as −£2.1m.
std::string format_money(double pounds);
// A count rounded to a whole number, with thousands separators: 1,234.
std::string format_count(double value);
// A share in [0, 1] as a whole percentage: 0.86 -> 86%.
std::string format_percent(double share);
// A return per £1, to the penny: £1.29.
std::string format_pence(double pounds);
// A scenario's own number as a reader would write it: three significant figures, thousands
// separated, no trailing zeros: 1,620, 472, 82.5, 0.563.
std::string format_number(double value);
// Escapes &, <, >, " and ' for HTML text and attribute values.
std::string html_escape(const std::string& text);

}  // namespace ehsim::viz
