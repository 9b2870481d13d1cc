#include "economics/uncertainty_words.hpp"

#include <cmath>

#include <fmt/format.h>

#include "core/json_reading.hpp"

namespace ehsim {

using nlohmann::json;
using namespace json_reading;

namespace {

double number_of(const json& j, const char* key) {
  const json& v = member(j, key);
  return v.is_number() ? v.get<double>() : 0.0;
}

// "all 6 uncertain numbers", "the one uncertain number", or the calibration's flows alone.
std::string what_is_known(std::size_t numbers) {
  if (numbers == 0) return "the calibrated flows";
  if (numbers == 1) return "the one uncertain number";
  return fmt::format("all {} uncertain numbers", numbers);
}

// "; the evidence most worth buying first is on X (up to £2.6m), then Y (£2.3m)": the two
// numbers worth most, or that none is worth anything alone.
std::string first_evidence(const json& evppi, const NameOf& number_name, const MoneyText& money) {
  const json& first = nth(evppi, 0);
  const json& second = nth(evppi, 1);
  if (number_of(first, "evppi") <= 0) return "; no one number alone would change it";
  std::string text =
      fmt::format("; the evidence most worth buying first is on {} (up to {})",
                  number_name(text_of(first, "pointer")), money(number_of(first, "evppi")));
  if (number_of(second, "evppi") > 0) {
    text += fmt::format(", then {} ({})", number_name(text_of(second, "pointer")),
                        money(number_of(second, "evppi")));
  }
  return text;
}

}  // namespace

std::string short_money(double pounds) {
  const std::string sign = pounds < 0 ? "-" : "";
  const double a = std::abs(pounds);
  if (a >= 1e6) return fmt::format("{}£{:.3g}m", sign, a / 1e6);
  if (a >= 1e3) return fmt::format("{}£{:.3g}k", sign, a / 1e3);
  return fmt::format("{}£{:.0f}", a < 0.5 ? "" : sign, a);
}

std::string value_of_information_sentence(const json& voi, std::size_t numbers,
                                          const NameOf& option_name, const NameOf& number_name,
                                          const MoneyText& money) {
  if (!member(voi, "evpi").is_number()) return "";
  std::string text = fmt::format("On what is known now the best choice is {}.",
                                 option_name(text_of(voi, "decision")));
  const double evpi = number_of(voi, "evpi");
  if (evpi <= 0) {
    return text +
           " It is the best in every parameter set, so no evidence on these numbers would change "
           "the decision, only the size of the saving: the value of information is £0.";
  }
  return text +
         fmt::format(" Perfect information on {} would be worth up to {} to this decision",
                     what_is_known(numbers), money(evpi)) +
         first_evidence(member(voi, "evppi"), number_name, money) + ".";
}

std::string switching_question(const json& switching_value) {
  const std::string criterion = text_of(switching_value, "criterion");
  if (criterion == "target_missed") {
    const std::string year = text_of(switching_value, "financial_year");
    return year.empty() ? "Savings target missed" : "Savings target missed (" + year + ")";
  }
  if (criterion == "preferred_option_changes") return "Preferred option changes";
  return "NPV becomes £0";
}

}  // namespace ehsim
