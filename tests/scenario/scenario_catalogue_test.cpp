// The catalogue of broken scenarios: each file in tests/data/broken/ holds one fault (most are
// small overrides that extend the real baseline) and must produce the expected diagnostic: the
// file it is reported against, the JSON pointer, and a fragment of the message.

#include <cctype>
#include <exception>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "input/loader.hpp"
#include "scenario_test_support.hpp"

namespace ehsim {
namespace {

struct BrokenCase {
  const char* file;                     // under tests/data/<dir>/
  const char* pointer;                  // "" for whole-file problems
  const char* fragment;                 // part of the message that tells the user what is wrong
  const char* reported_file = nullptr;  // when the fault is reported against another file
};

std::ostream& operator<<(std::ostream& os, const BrokenCase& c) {
  return os << c.file;
}

std::string case_name(const ::testing::TestParamInfo<BrokenCase>& info) {
  std::string name = info.param.file;
  name = name.substr(0, name.find('.'));
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

const char* const kBaseline = "../../../scenarios/hertfordshire/model.json";

const std::vector<BrokenCase> kBroken = {
    // Whole-file problems: no pointer, the message must let the user find the spot.
    {"syntax_error.json", "", "JSON syntax error at line 3, column 23"},
    {"truncated.json", "", "line 3, column 28: syntax error while parsing value - invalid string"},
    {"empty.json", "", "the file is empty"},
    {"binary_garbage.json", "", "JSON syntax error at line 1, column 1"},
    {"not_object.json", "", "the top level is a JSON array; a scenario must be a JSON object"},
    // The extends chain.
    {"extends_not_string.json", "/extends", "is a number; expected the path of the parent"},
    {"missing_parent.json", "/extends", "no_such_parent.json' does not exist"},
    {"cycle_a.json", "/extends", "extends cycle", "cycle_b.json"},
    {"cycle_b.json", "/extends", "extends cycle", "cycle_a.json"},
    {"self_extends.json", "/extends", "extends cycle"},
    // A parent's own problem is reported against the parent, where it must be fixed.
    {"parent_syntax_error.json", "", "JSON syntax error at line 3", "syntax_error.json"},
    {"parent_not_object.json", "", "the top level is a JSON array", "not_object.json"},
    // Types, keys, required fields.
    {"wrong_type.json", "/horizon_years", "is a string (\"ten\"); expected a whole number"},
    {"unknown_key.json", "/horizon_yeras", "did you mean 'horizon_years'?"},
    {"missing_name.json", "/name", "is missing; expected a string"},
    {"schema_version.json", "/schema_version", "is 2; expected 1"},
    {"bad_date.json", "/start_date", "is '2018-02-30'; expected a date written YYYY-MM-DD"},
    {"date_not_quarter.json", "/start_date", "expected the first day of a financial quarter"},
    {"bad_financial_year.json", "/economics/price_base_year", "is '2017/19'; expected a financial"},
    // Ranges and sums.
    {"negative_rate.json", "/pathway/transitions/need_emerges/rate_per_year",
     "is -0.5; expected a rate per year"},
    {"probability_above_one.json", "/pathway/transitions/care_episode_ends/outcomes/0/probability",
     "is 1.2; expected a probability in [0, 1]"},
    {"outcomes_not_summing.json", "/pathway/transitions/care_episode_ends/outcomes",
     "outcome probabilities sum to 0.9; they must sum to 1"},
    {"locality_shares.json", "/population/localities",
     "shares of the localities sum to 1.2; they must sum to 1"},
    {"family_size_shares.json", "/population/children_per_family",
     "shares of children_per_family sum to 0.9"},
    {"initial_shares_over_one.json", "/initial_caseloads", "must sum to at most 1"},
    {"negative_budget.json", "/services/families_first_key_workers/budget_per_year",
     "is -100; expected a number >= 0"},
    {"bins_not_increasing.json", "/pathway/transitions/cp_plan_ends/duration/bins/1/upper_days",
     "bin upper bounds must increase"},
    // Names that must refer to something.
    {"unknown_state.json", "/pathway/transitions/need_emerges/to",
     "unknown state 'additonal_unidentified'; did you mean 'additional_unidentified'?"},
    {"unknown_need_level.json", "/pathway/states/universal/need", "did you mean 'universal'?"},
    {"unknown_event.json", "/pathway/transitions/cin_to_care/events/1",
     "unknown event 'placment_start'; did you mean 'placement_start'?"},
    {"derived_event.json", "/pathway/transitions/cin_to_care/events/1",
     "'step_up' is counted by the engine"},
    {"unknown_service.json", "/pathway/states/child_in_need/provided_by",
     "did you mean 'social_work'?"},
    {"bad_distribution.json",
     "/pathway/transitions/single_agency_support_ends/duration/distribution",
     "is 'gamma'; expected one of exponential, weibull, lognormal, empirical"},
    {"bad_uncertainty.json",
     "/pathway/transitions/need_emerges/rate_per_year/uncertainty/distribution",
     "is 'weibull'; expected one of uniform, triangular, normal, lognormal, beta, gamma"},
    {"uncertainty_out_of_range.json", "/economics/optimism_bias/uncertainty",
     "a lognormal distribution here can take values from"},
    {"uncertainty_group_not_positive_definite.json", "/uncertainty_groups/costs/correlation",
     "is not positive definite"},
    {"uncertainty_group_shares.json", "/uncertainty_groups/closures/numbers",
     "the shares named sum to 0.85; a Dirichlet draws shares that sum to 1"},
    {"bad_queue_order.json", "/services/families_first_key_workers/queue_order", "is 'random'"},
    {"builtin_exit_id.json", "/pathway/states/moved_away", "is a built-in exit state"},
    // The value at fault is in the baseline: the diagnostic names the baseline, not the override.
    {"deleted_state_still_used.json", "/pathway/transitions/care_episode_ends/outcomes/1/to",
     "unknown state 'permanence'", kBaseline},
    // Exactly one of two alternatives.
    {"to_and_outcomes.json", "/pathway/transitions/care_episode_ends",
     "give exactly one of \"to\" (a state) or \"outcomes\""},
    {"rate_and_duration.json", "/pathway/transitions/care_episode_ends",
     "give exactly one of \"rate_per_year\""},
    {"budget_and_fte.json", "/services/social_work", "give exactly one of \"budget_per_year\""},
    // Where families start and how they may move: the pathway graph.
    {"initial_in_exit.json", "/initial_caseloads/permanence", "is an exit state"},
    {"exit_has_transition.json", "/pathway/transitions/back_from_permanence/from",
     "leaves 'permanence', an absorbing (exit) state"},
    {"self_transition.json", "/pathway/transitions/universal_churn/to",
     "goes from 'universal' back to 'universal' without counting an event"},
    {"unreachable_state.json", "/pathway/states/orphan", "no family can reach 'orphan'"},
    {"trapped_state.json", "/pathway/states/limbo", "families in 'limbo' are trapped"},
    {"entry_is_exit.json", "/pathway/entry_state", "is an exit state"},
    // Validator bugs found while writing this suite, each fixed (they were disabled cases).
    // 1e400 overflows a double: nlohmann's out_of_range used to escape load_scenario_file.
    {"huge_number.json", "/pathway/transitions/need_emerges/rate_per_year",
     "the number 1e400 is too large"},
    // Dates must be written exactly YYYY-MM-DD (sscanf used to read "2018-4-011" as 2018-04-01).
    {"lax_date.json", "/start_date", "is '2018-4-011'; expected a date written YYYY-MM-DD"},
    {"lax_date_sign.json", "/start_date", "is '+018-04-01'; expected a date written YYYY-MM-DD"},
    {"lax_date_space.json", "/start_date", "is '2018-04-1 '; expected a date written YYYY-MM-DD"},
    {"financial_year_sign.json", "/economics/price_base_year",
     "is '+017/18'; expected a financial"},
    // Empty ids used to pass silently (and an empty entry_state made `ehsim run` crash).
    {"empty_entry_state.json", "/pathway/entry_state",
     "is an empty string; expected the id of a state"},
    {"empty_need.json", "/pathway/states/universal/need",
     "is an empty string; expected the id of a need level, one of: universal, additional"},
    {"empty_provided_by.json", "/pathway/states/child_in_need/provided_by",
     "is an empty string; expected the id of a service"},
    // A self-transition written with "outcomes" is reported at the outcome, not at ".../to".
    {"self_transition_outcomes.json", "/pathway/transitions/universal_churn/outcomes/0",
     "without counting an event"},
    // Repeated keys, with the pointer of the repeated key, also inside arrays.
    {"duplicate_key.json", "/horizon_years", "appears more than once in the same object"},
    {"duplicate_key_nested.json", "/population/children_per_family/1/share",
     "appears more than once"},
    {"empty_extends.json", "/extends", "is an empty string; expected the path of the parent"},
    {"extends_directory.json", "/extends", "which is a directory; expected the path of a parent"},
    // Columns count characters, not bytes: "££" before the error is two columns, not four.
    {"column_in_bytes.json", "", "line 2, column 14"},
    // Limits of the engine's family record.
    {"too_many_risk_factors.json", "/population/risk_factors",
     "has 17 risk factors; at most 16 are allowed"},
    {"too_many_localities.json", "/population/localities",
     "has 257 localities; at most 256 are allowed"},
    // A duration takes only its own distribution's parameters.
    {"weibull_with_mean_days.json",
     "/pathway/transitions/single_agency_support_ends/duration/mean_days",
     "is a parameter of the exponential distribution, not of weibull; a weibull duration takes "
     "shape, scale_days"},
    // An exit holds no families: no need level, no service status, no places.
    {"exit_need.json", "/pathway/states/permanence/need", "'permanence' is an exit"},
    {"exit_service_status.json", "/pathway/states/permanence/service_status",
     "so it has no service status"},
    {"exit_provided_by.json", "/pathway/states/permanence/provided_by",
     "no service provides places in it"},
    {"initial_children_over_population.json", "/initial_caseloads",
     "hold 301472 children in all, more than the 256018 children of /population/children"},
    // The services' locality_teams and eligible_need_levels.
    {"locality_teams_not_boolean.json", "/services/social_work/locality_teams",
     "is a string (\"yes\"); expected true or false"},
    {"eligible_unknown_level.json", "/services/social_work/eligible_need_levels/0",
     "unknown need level 'specialst'; did you mean 'specialist'?"},
    {"eligible_empty.json", "/services/social_work/eligible_need_levels",
     "is an empty array; expected a non-empty array of need level ids"},
    {"eligible_not_array.json", "/services/social_work/eligible_need_levels",
     "is a string; expected a non-empty array of need level ids"},
    {"eligible_refuses_outcome.json", "/pathway/transitions/acute_incident_referral/outcomes/2",
     "transition 'acute_incident_referral' moves families from 'universal' (need level "
     "'universal') into 'families_first_key_work', provided by 'families_first_key_workers', "
     "which takes families only from the need levels in its eligible_need_levels: intensive, "
     "specialist",
     kBaseline},  // reported where the outcome is written, like every other pointer
    {"eligible_repeated_level.json", "/services/families_first_key_workers/eligible_need_levels/4",
     "need level 'specialist' is listed twice"},
};

void expect_diagnostic(const std::filesystem::path& dir, const BrokenCase& c) {
  const auto file = dir / c.file;
  const auto reported = c.reported_file == nullptr ? file : dir / c.reported_file;
  ASSERT_TRUE(std::filesystem::exists(file)) << file;
  LoadResult result;
  try {
    result = load_scenario_file(file);
  } catch (const std::exception& e) {
    // load_scenario_file promises never to throw for bad input.
    FAIL() << "load_scenario_file threw: " << e.what();
  }
  EXPECT_TRUE(testing::has_diagnostic(result.diagnostics, reported, c.pointer, c.fragment))
      << "expected " << reported.filename() << ": " << c.pointer << ": ..." << c.fragment
      << "...\ngot:\n"
      << result.diagnostics.format();
  // Each file isolates one fault: anything more is a spurious or duplicated report.
  EXPECT_EQ(result.diagnostics.size(), 1u) << result.diagnostics.format();
}

class ScenarioCatalogue : public ::testing::TestWithParam<BrokenCase> {};

TEST_P(ScenarioCatalogue, ReportsTheFaultAtItsPointer) {
  expect_diagnostic(testing::data_dir() / "broken", GetParam());
}

INSTANTIATE_TEST_SUITE_P(Broken, ScenarioCatalogue, ::testing::ValuesIn(kBroken), case_name);

TEST(ScenarioCatalogueFiles, EveryBrokenFileIsInTheTable) {
  // A file added to tests/data/broken/ without a row would test nothing.
  std::size_t listed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(testing::data_dir() / "broken")) {
    const std::string name = entry.path().filename().string();
    if (name == "three_faults.json") continue;  // ScenarioLoad checks it: three diagnostics
    bool found = false;
    for (const auto& c : kBroken) found = found || name == c.file;
    EXPECT_TRUE(found) << name << " has no row in kBroken";
    ++listed;
  }
  EXPECT_EQ(listed, kBroken.size());
}

}  // namespace
}  // namespace ehsim
