#pragma once
// CSV as RFC 4180 has it: a field holding a comma, a quote or a line break is quoted, with its
// quotes doubled; the reader understands the same. So a state called `sup,ported "x"` survives
// a round trip through timeseries.csv.

#include <string>
#include <string_view>
#include <vector>

namespace ehsim {

std::string csv_field(std::string_view text);
// The fields, each quoted as needed, joined by commas and ended with a line feed.
std::string csv_row(const std::vector<std::string>& fields);

// Every record of a CSV text. Accepts LF or CRLF line ends; a final line end is optional.
// Throws std::invalid_argument on a quote left open or a character after a closing quote.
std::vector<std::vector<std::string>> parse_csv(std::string_view text);

}  // namespace ehsim
