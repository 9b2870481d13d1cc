#include "input/header_section.hpp"

#include <chrono>

#include "input/dates.hpp"

namespace ehsim {
namespace {

constexpr int kScenarioSchemaVersion = 1;

// The start date must open a financial quarter so that quarters and financial years line up.
void read_start_date(SectionContext& context, ObjectReader& top) {
  const std::string start = top.string("start_date", "2018-04-01", true);
  if (!top.has("start_date") || !top.get("start_date")->is_string()) return;
  std::chrono::year_month_day ymd{};
  if (!parse_date(start, ymd)) {
    context.checker.error(top.at("start_date"),
                          fmt::format("is '{}'; expected a date written YYYY-MM-DD", start));
  } else if (static_cast<unsigned>(ymd.day()) != 1 ||
             (static_cast<unsigned>(ymd.month()) - 1) % 3 != 0) {
    context.checker.error(top.at("start_date"),
                          fmt::format("is '{}'; expected the first day of a financial quarter "
                                      "(1 April, 1 July, 1 October or 1 January) so that quarters "
                                      "and financial years line up",
                                      start));
  } else {
    Scenario& s = context.scenario;
    s.start_year = static_cast<int>(ymd.year());
    s.start_month = static_cast<int>(static_cast<unsigned>(ymd.month()));
    s.start_day = 1;
  }
}

void read_run_settings(ObjectReader& top, Scenario& s) {
  s.horizon_years = top.number("horizon_years", 10,
                               {1, 50, false, true, "a whole number of years, 1 to 50"}, true);
  s.warm_up_years = static_cast<int>(top.number(
      "warm_up_years", 0, {0, 50, false, true, "a whole number of years, 0 to 50"}, false));
  s.seed = static_cast<std::uint64_t>(
      top.number("seed", 1, {0, 9007199254740991.0, false, true, "a whole number >= 0"}, false));
  s.replications = static_cast<int>(top.number(
      "replications", 100, {1, 100000, false, true, "a whole number from 1 to 100000"}, false));
}

void read_calibration_record(SectionContext& context, ObjectReader& top) {
  const nlohmann::json* value = top.get("calibration");
  if (value == nullptr) return;
  ObjectReader r(context.checker, value, top.at("calibration"),
                 {"file", "fit_year", "date", "notes"});
  if (!r.is_object()) return;
  CalibrationRecord record;
  record.file = r.string("file", "", true);
  record.fit_year = r.string("fit_year", "", false);
  record.date = r.string("date", "", false);
  r.string("notes", "", false);
  context.scenario.calibration = record;
}

}  // namespace

void read_header(SectionContext& context, ObjectReader& top) {
  // Read for its check only: there is one version so far.
  top.number("schema_version", kScenarioSchemaVersion,
             {1, 1, false, true, "1 (the only version so far)"}, true);
  Scenario& s = context.scenario;
  s.name = top.string("name", "", true);
  s.description = top.string("description", "", false);
  s.council = top.string("council", "", false);
  top.string("notes", "", false);
  read_start_date(context, top);
  read_run_settings(top, s);
  read_calibration_record(context, top);
}

}  // namespace ehsim
