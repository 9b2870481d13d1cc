#pragma once
// The uncertainty tests' small comparison: the economics tests' small county and its
// investment, stripped of their own uncertain numbers and calibration record, with the
// uncertainties a test gives; and quick sensitivity settings.

#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "input/document.hpp"
#include "pipeline/compare.hpp"
#include "uncertainty/sensitivity.hpp"

namespace ehsim::test {

using nlohmann::json;

constexpr const char* kAssessment = "/economics/cost_items/early_help_assessment/amount";
constexpr const char* kFosterCare = "/economics/cost_items/foster_care/amount";

inline std::filesystem::path economics_data(const std::string& name) {
  return std::filesystem::path(EHSIM_SOURCE_DIR) / "tests/economics/data" / name;
}

inline void strip_uncertainty(json& j) {
  if (j.is_object()) {
    j.erase("uncertainty");
    for (auto& [key, value] : j.items()) strip_uncertainty(value);
  } else if (j.is_array()) {
    for (auto& value : j) strip_uncertainty(value);
  }
}

// A key-work effect strong enough that more key work saves cash within three years, built into
// the tests so that they do not move with the shipped scenario's evidence-based (and smaller)
// effect: closures 90% with needs met, none left with complex need, and few referrals during.
inline void strong_key_work(nlohmann::json& merged) {
  auto& transitions = merged["pathway"]["transitions"];
  auto& outcomes = transitions["key_work_ends"]["outcomes"];
  outcomes[0]["probability"] = 0.9;
  outcomes[1]["probability"] = 0.1;
  outcomes[2]["probability"] = 0.0;
  transitions["key_work_step_up"]["rate_per_year"] = 0.1;
}

// A small test county without its calibration record (so no plausible set); `edit` may change
// the merged document before it is read.
template <typename Edit>
PreparedScenario edited_county(const std::string& file, Edit edit) {
  Diagnostics diagnostics;
  ResolvedDocument document = resolve_scenario_file(economics_data(file), diagnostics);
  EXPECT_TRUE(diagnostics.empty());
  document.merged.erase("calibration");
  edit(document.merged);
  return PreparedScenario::from_document(std::move(document));
}

// The given uncertainties (pointer -> the "uncertainty" object) written onto their numbers.
inline void add_uncertainties(json& merged, const json& uncertainties) {
  for (const auto& [pointer, uncertainty] : uncertainties.items()) {
    json& number = merged[json::json_pointer(pointer)];
    const double value =
        number.is_object() ? number.at("value").get<double>() : number.get<double>();
    number = {{"value", value}, {"assumption", "test"}, {"uncertainty", uncertainty}};
  }
}

// The small test county with no uncertain numbers, then the given uncertainties; `edit` may
// change the merged document first.
template <typename Edit>
PreparedScenario small_county_edited(const std::string& file, const json& uncertainties,
                                     bool strong, Edit edit) {
  return edited_county(file, [&](json& merged) {
    strip_uncertainty(merged);
    if (strong) strong_key_work(merged);
    edit(merged);
    add_uncertainties(merged, uncertainties);
  });
}

inline PreparedScenario small_county(const std::string& file,
                                     const json& uncertainties = json::object(),
                                     bool strong = false) {
  return small_county_edited(file, uncertainties, strong, [](json&) {});
}

inline std::vector<ComparedScenario> small_comparison(const json& uncertainties = json::object(),
                                                      bool strong = false) {
  std::vector<std::pair<std::string, PreparedScenario>> scenarios;
  scenarios.emplace_back("baseline", small_county("small.json", uncertainties, strong));
  scenarios.emplace_back("invest", small_county("small-invest.json", uncertainties, strong));
  return prepare_comparison(std::move(scenarios));
}

inline SensitivitySettings quick(int replications, int threads = 2) {
  SensitivitySettings s;
  s.seed = 11;
  s.replications = replications;
  s.threads = threads;
  return s;
}

inline json uniform(double low, double high) {
  return {{"distribution", "uniform"}, {"low", low}, {"high", high}, {"assumption", "test"}};
}

}  // namespace ehsim::test
