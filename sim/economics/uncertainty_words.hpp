#pragma once
// What the workbook and the report both say about comparison.json's "uncertainty" section, in
// the same words: the value of information in a sentence a finance officer can read, and how a
// switching value's question is named.

#include <cstddef>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

namespace ehsim {

// "£1.2m", "£150k", "£0", "-£50k": to three figures, as a finance officer would say it.
std::string short_money(double pounds);

using NameOf = std::function<std::string(const std::string&)>;
using MoneyText = std::function<std::string(double)>;

// "On what is known now the best choice is Families First. Perfect information on all 6
// uncertain numbers would be worth up to £8.6m to this decision; the evidence most worth buying
// first is on X (up to £2.6m), then Y (£2.3m)." From uncertainty.psa.value_of_information, with
// `numbers` the count of uncertain numbers, the options named by slug and the numbers by
// pointer; "" when `voi` holds no value of information.
std::string value_of_information_sentence(const nlohmann::json& voi, std::size_t numbers,
                                          const NameOf& option_name, const NameOf& number_name,
                                          const MoneyText& money);

// The question a switching value answers, for a heading or a column: "NPV becomes £0",
// "Savings target missed (2027/28)", "Preferred option changes" (from its "criterion"; an
// entry without one is of the NPV).
std::string switching_question(const nlohmann::json& switching_value);

}  // namespace ehsim
