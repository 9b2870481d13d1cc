// Goal-seek, against answers known without the search: a budget that buys nothing (the service
// is never full), whose net cashable saving is exactly minus the extra spending, so that every
// point of the curve has a closed form; a budget that buys a saving in the small county, whose
// answer must be where the chance crosses P and agree with the ordinary comparison run at that
// budget; the same answer on one and two threads; and bad questions refused before anything runs.

#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "../support/xlsx_reader.hpp"
#include "input/document.hpp"
#include "pipeline/compare.hpp"
#include "test_temp_path.hpp"
#include "uncertainty/goal_seek.hpp"
#include "uncertainty_test_support.hpp"

namespace ehsim {
namespace {

using nlohmann::json;
using test::number_in;
using test::row_with;
using test::sheet_cells;
namespace fs = std::filesystem;

constexpr const char* kKeyWork = "families_first_key_workers";
constexpr const char* kKeyWorkBudget = "/services/families_first_key_workers/budget_per_year";

std::vector<ComparedScenario> comparison_of(PreparedScenario baseline, PreparedScenario alt) {
  std::vector<std::pair<std::string, PreparedScenario>> scenarios;
  scenarios.emplace_back("baseline", std::move(baseline));
  scenarios.emplace_back("alternative", std::move(alt));
  return prepare_comparison(std::move(scenarios));
}

// The key workers take every family referred at once, so their budget changes spending and
// nothing else: baseline and alternative simulate the same families (common random numbers).
void never_full(json& merged) {
  merged["services"][kKeyWork]["capacity_limited"] = false;
  merged["economics"]["optimism_bias"] = 0.2;
}
std::vector<ComparedScenario> budget_that_buys_nothing() {
  return comparison_of(test::edited_county("small.json", never_full),
                       test::edited_county("small.json", never_full));
}

std::vector<ComparedScenario> small_investment() {
  return comparison_of(test::edited_county("small.json", test::strong_key_work),
                       test::edited_county("small-invest.json", test::strong_key_work));
}

GoalSeekSpec spec_for(double target, double probability, int replications, int threads = 2) {
  GoalSeekSpec spec;
  spec.service = kKeyWork;
  spec.target = target;
  spec.year = "2021/22";  // the small county's fourth and last financial year
  spec.probability = probability;
  spec.replications = replications;
  spec.seed = 11;
  spec.threads = threads;
  return spec;
}

// The ordinary comparison (the pipeline's own path) with the alternative's key-work budget set:
// one financial year, with the target's chance.
json ordinary_year(std::vector<ComparedScenario> (*make)(), double budget, double target,
                   int replications, const std::string& label) {
  auto scenarios = make();
  ParameterSet set;
  set.set(kKeyWorkBudget, budget);
  std::vector<std::pair<std::string, PreparedScenario>> changed;
  changed.emplace_back("baseline", std::move(scenarios[0].prepared));
  changed.emplace_back("alternative", scenarios[1].prepared.with_parameters(set));
  RunSettings run;
  run.monte_carlo.seed = 11;
  run.monte_carlo.replications = replications;
  run.monte_carlo.threads = 2;
  run.staffing_replications = 0;
  const ComparisonResult result =
      run_comparison(prepare_comparison(std::move(changed)), run, {target, {}});
  for (const auto& year : result.document.at("alternatives").at(0).at("by_year")) {
    if (year.at("financial_year") == label) return year;
  }
  ADD_FAILURE() << "no financial year " << label;
  return json::object();
}

// --- known answers -----------------------------------------------------------------------------

// Net cashable saving in the year = -k (b - b0) exactly, k the alternative's spending per £ of
// budget in that year (optimism bias and the year's days: 2019/20 has 29 February, so a year
// mistaken for its neighbour shows), measured from the ordinary comparison. So p(b) is 1 up to b* =
// b0 + T / k for a target of -T and 0 above; the smallest budget meeting any P is the low end, and
// a target above the saving at the low end is met by none.
TEST(GoalSeek, ABudgetThatBuysNothingHasAClosedFormCurve) {
  const double b0 = 150000, low = 75000, high = 600000;
  const json year = ordinary_year(&budget_that_buys_nothing, high, 0.0, 2, "2019/20");
  ASSERT_EQ(year.at("cost_avoided").at("p05").get<double>(), 0.0);
  ASSERT_EQ(year.at("cost_avoided").at("p95").get<double>(), 0.0);
  const double k = year.at("extra_investment").at("mean").get<double>() / (high - b0);
  EXPECT_NEAR(k, 1.2 * 366 / 365.25, 1e-3) << "optimism bias 0.2, a leap year of days";
  const double b_star = 400000;  // between the grid's 375k and 450k
  GoalSeekSpec spec = spec_for(-k * (b_star - b0), 0.8, 3);
  spec.year = "2";
  spec.low = low;
  spec.high = high;
  const GoalSeekResult r = run_goal_seek(budget_that_buys_nothing(), spec);

  ASSERT_EQ(r.curve.size(), 9u);  // 8 grid points and the funded level (the baseline's budget)
  EXPECT_DOUBLE_EQ(r.baseline_budget, b0);
  for (const auto& p : r.curve) {
    EXPECT_NEAR(p.mean_net_cashable, -k * (p.budget - b0), 1e-6 * k * high) << p.budget;
    EXPECT_EQ(p.probability, p.budget <= b_star ? 1.0 : 0.0) << p.budget;
    EXPECT_DOUBLE_EQ(p.extra_investment, p.budget - b0);
  }
  EXPECT_DOUBLE_EQ(r.curve[1].budget, 150000);  // 75k steps from 75k
  ASSERT_TRUE(r.answer.has_value());
  EXPECT_DOUBLE_EQ(r.answer->budget, low);
  EXPECT_FALSE(r.below_answer.has_value());
  EXPECT_EQ(r.evaluations, 9);  // no bisection
  EXPECT_DOUBLE_EQ(r.funded.budget, b0);
  EXPECT_DOUBLE_EQ(r.funded.probability, 1.0);

  // A saving above what the low end gives (k (b0 - low)) is met by no budget in the range.
  spec.target = k * (b0 - low) + 1000;
  const GoalSeekResult none = run_goal_seek(budget_that_buys_nothing(), spec);
  EXPECT_FALSE(none.answer.has_value());
  EXPECT_EQ(none.best.probability, 0.0);
  EXPECT_NE(goal_seek_sentence(none).find("No budget for"), std::string::npos)
      << goal_seek_sentence(none);
}

// In the small county the key-work budget buys a saving (until the service has room for every
// family it would take): the answer is where the chance first reaches P, the grid point before
// it fails, the bracket is as narrow as promised, and both ends agree with the ordinary
// comparison run at those budgets.
TEST(GoalSeek, AChanceThatRisesWithTheBudgetIsBracketedWhereItReachesP) {
  const double target = 0.5e6, probability = 0.5;
  const int replications = 4;
  const GoalSeekResult r =
      run_goal_seek(small_investment(), spec_for(target, probability, replications));
  ASSERT_TRUE(r.answer.has_value()) << goal_seek_sentence(r);
  ASSERT_TRUE(r.below_answer.has_value()) << "the low end already meets it: a weaker test";
  EXPECT_GE(r.answer->probability, probability);
  EXPECT_LT(r.below_answer->probability, probability);
  EXPECT_GT(r.answer->budget, r.below_answer->budget);
  EXPECT_LE(r.answer->budget - r.below_answer->budget,
            std::max(0.01 * r.answer->budget, 10000.0) + 1e-6);
  EXPECT_GT(r.evaluations, spec_for(0, 0.5, 1).grid + 1) << "the bracket was refined";
  // Every grid budget below the answer fails; the one just below is the bracket's start.
  const GoalSeekPoint* last_grid_below = nullptr;
  for (const auto& p : r.curve) {
    if (p.kind == "grid" && p.budget < r.answer->budget) {
      EXPECT_LT(p.probability, probability) << p.budget;
      last_grid_below = &p;
    }
  }
  ASSERT_NE(last_grid_below, nullptr);
  EXPECT_LE(last_grid_below->budget, r.below_answer->budget);

  for (const GoalSeekPoint* p : {&*r.answer, &*r.below_answer}) {
    const json year =
        ordinary_year(&small_investment, p->budget, target, replications, r.year_label);
    EXPECT_EQ(year.at("financial_year"), r.year_label);
    EXPECT_DOUBLE_EQ(year.at("probability_target_met").get<double>(), p->probability) << p->budget;
    EXPECT_NEAR(year.at("net_cashable_saving").at("mean").get<double>(), p->mean_net_cashable,
                1e-6 * std::abs(p->mean_net_cashable))
        << p->budget;
  }
  const std::string sentence = goal_seek_sentence(r);
  EXPECT_EQ(sentence.rfind("An extra £", 0), 0u) << sentence;
  EXPECT_NE(sentence.find("a 50% chance that Hertfordshire's net cashable saving reaches £500k "
                          "a year by 2021/22"),
            std::string::npos)
      << sentence;
}

TEST(GoalSeek, SameSeedSameResultsOnOneAndTwoThreads) {
  GoalSeekSpec one = spec_for(1.2e6, 0.5, 2, 1), two = spec_for(1.2e6, 0.5, 2, 2);
  one.grid = two.grid = 6;
  const GoalSeekResult a = run_goal_seek(small_investment(), one);
  const GoalSeekResult b = run_goal_seek(small_investment(), two);
  EXPECT_EQ(goal_seek_json(a).dump(), goal_seek_json(b).dump());
  EXPECT_EQ(goal_seek_csv(a), goal_seek_csv(b));
  EXPECT_TRUE(a.answer.has_value()) << "a search that refines, not only a grid";
}

// --- the workbook ------------------------------------------------------------------------------

// A cell's number against goal-seek.json's: libxlsxwriter writes 15 significant figures.
void expect_same(double cell, const json& figure, const std::string& what) {
  EXPECT_NEAR(cell, figure.get<double>(), 1e-12 * std::max(1.0, std::abs(figure.get<double>())))
      << what;
}

// ehsim-goal-seek.xlsx holds goal-seek.json's figures: the sentence, the question, the answer and
// every point of the curve in budget order.
TEST(GoalSeekWorkbook, HoldsGoalSeekJsonsFigures) {
  GoalSeekSpec spec = spec_for(1.2e6, 0.5, 2);
  spec.grid = 3;
  const GoalSeekResult r = run_goal_seek(small_investment(), spec);
  const json doc = goal_seek_json(r);
  const auto cells = sheet_cells(goal_seek_workbook(r), "Goal-seek");
  ASSERT_FALSE(cells.empty()) << "a sheet called Goal-seek";
  EXPECT_EQ(cells.at("A2"), doc.at("answer").at("sentence").get<std::string>() + ".");
  const auto setting = [&](const std::string& label) {
    return number_in(cells, fmt::format("B{}", row_with(cells, "A", label)));
  };
  const json& settings = doc.at("settings");
  expect_same(setting("Target: net cashable saving a year"),
              settings.at("target_net_cashable_saving"), "target");
  expect_same(setting("Chance required"), settings.at("probability"), "chance required");
  expect_same(setting("The alternative's own budget"), settings.at("funded_budget"), "funded");
  EXPECT_EQ(cells.at(fmt::format("B{}", row_with(cells, "A", "In the financial year"))), "2021/22");
  const int smallest = row_with(cells, "A", "Smallest budget found that meets the chance");
  ASSERT_GT(smallest, 0);
  if (r.answer) {
    expect_same(number_in(cells, fmt::format("B{}", smallest)),
                doc.at("answer").at("budget").at("budget_per_year"), "the answer");
  } else {
    EXPECT_EQ(cells.at(fmt::format("B{}", smallest)), "none in the range searched");
  }
  expect_same(setting("Chance at the alternative's own budget"),
              doc.at("answer").at("funded").at("probability"), "funded chance");
  const int header = row_with(cells, "A", "Budget a year");
  ASSERT_GT(header, 0);
  const json& curve = doc.at("curve");
  ASSERT_EQ(curve.size(), r.curve.size());
  for (std::size_t i = 0; i < curve.size(); ++i) {
    const int row = header + 1 + static_cast<int>(i);
    const auto at = [&](char column) { return number_in(cells, fmt::format("{}{}", column, row)); };
    expect_same(at('A'), curve[i].at("budget_per_year"), "budget");
    expect_same(at('B'), curve[i].at("extra_investment_per_year"), "extra");
    expect_same(at('C'), curve[i].at("probability"), "chance");
    expect_same(at('D'), curve[i].at("mean_net_cashable_saving"), "mean saving");
    EXPECT_EQ(cells.at(fmt::format("E{}", row)), curve[i].at("kind").get<std::string>());
  }
  EXPECT_EQ(cells.count(fmt::format("A{}", header + 1 + static_cast<int>(curve.size()))), 0u)
      << "no row after the curve's last";
}

// --- bad questions -----------------------------------------------------------------------------

std::string refusal(GoalSeekSpec spec) {
  try {
    prepare_goal_seek(small_investment(), spec);
  } catch (const InputError& e) {
    return e.diagnostics().format();
  }
  return "";
}

TEST(GoalSeek, BadQuestionsAreRefusedNamingWhatWouldDo) {
  GoalSeekSpec spec = spec_for(0, 0.8, 2);
  EXPECT_EQ(refusal(spec), "");
  EXPECT_EQ(prepare_goal_seek(small_investment(), spec).year_index, 3);
  spec.year = "4";
  EXPECT_EQ(prepare_goal_seek(small_investment(), spec).year_label, "2021/22");

  const auto refused = [&](auto change, const std::string& words) {
    GoalSeekSpec bad = spec_for(0, 0.8, 2);
    change(bad);
    const std::string message = refusal(bad);
    EXPECT_NE(message.find(words), std::string::npos) << message;
  };
  refused([](GoalSeekSpec& s) { s.service = "nope"; },
          "--service: 'nope' is not a service of the alternative");
  refused([](GoalSeekSpec& s) { s.service = "nope"; }, "expected one of: " + std::string(kKeyWork));
  refused([](GoalSeekSpec& s) { s.service = "social_work"; }, "staffed by \"fte\"");
  refused([](GoalSeekSpec& s) { s.probability = 1; },
          "--probability: is 1; expected a chance "
          "strictly between 0 and 1");
  refused([](GoalSeekSpec& s) { s.probability = 0; }, "--probability: is 0");
  refused([](GoalSeekSpec& s) { s.year = "2022/23"; },
          "--year: '2022/23' is not a financial year of the horizon; expected a label from "
          "2018/19 to 2021/22 or a year number from 1 to 4");
  refused([](GoalSeekSpec& s) { s.year = "0"; }, "--year: '0'");
  refused([](GoalSeekSpec& s) { s.year = "5"; }, "--year: '5'");
  refused([](GoalSeekSpec& s) { s.low = 500000, s.high = 400000; }, "expected --low < --high");
  GoalSeekSpec low_only = spec_for(0, 0.8, 2);
  low_only.low = 300000;  // the default high is four times the alternative's 300k: fine
  EXPECT_EQ(refusal(low_only), "");
  refused([](GoalSeekSpec& s) { s.low = 1.2e6; }, "expected --low < --high");  // = 4 x 300k
  refused([](GoalSeekSpec& s) { s.grid = 1; }, "--grid: is 1; expected at least 2");
  refused([](GoalSeekSpec& s) { s.replications = 0; }, "--replications");
  // Several problems at once are all named.
  GoalSeekSpec many = spec_for(0, 2, 2);
  many.year = "1999/00";
  const std::string both = refusal(many);
  EXPECT_NE(both.find("--probability"), std::string::npos) << both;
  EXPECT_NE(both.find("--year"), std::string::npos) << both;
  // The search refuses the same way, before simulating anything.
  spec.probability = 1.5;
  EXPECT_THROW(run_goal_seek(small_investment(), spec), InputError);
}

// --- the command -------------------------------------------------------------------------------

int run_ehsim(const std::string& arguments, const fs::path& err = "/dev/null") {
  const std::string command =
      fmt::format("'{}' {} >/dev/null 2>'{}'", EHSIM_BINARY, arguments, err.string());
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(GoalSeekCommand, WritesTheCurveAndRefusesBadQuestionsWritingNothing) {
  const fs::path out = test::temp_path("ehsim-goal-seek-test");
  const fs::path err = test::temp_path("ehsim-goal-seek-test.err");
  fs::remove_all(out);
  const std::string files = fmt::format("'{}' '{}'", test::economics_data("small.json").string(),
                                        test::economics_data("small-invest.json").string());
  const std::string good = fmt::format(
      "goal-seek {} --service {} --target 0 --year 2021/22 -n 2 -j 2 --grid 2 -q --out '{}'", files,
      kKeyWork, out.string());

  EXPECT_EQ(run_ehsim(fmt::format("goal-seek {} --service nope --target 0 --year 2021/22 -q "
                                  "--out '{}'",
                                  files, out.string()),
                      err),
            2);
  EXPECT_NE(read_text(err).find("'nope' is not a service"), std::string::npos) << read_text(err);
  EXPECT_EQ(run_ehsim(fmt::format("goal-seek {} --service {} --target 0 --year 2030/31 "
                                  "--probability 1.2 -q --out '{}'",
                                  files, kKeyWork, out.string()),
                      err),
            2);
  EXPECT_NE(read_text(err).find("--probability: is 1.2"), std::string::npos) << read_text(err);
  EXPECT_NE(read_text(err).find("--year: '2030/31'"), std::string::npos) << read_text(err);
  EXPECT_EQ(run_ehsim(fmt::format("goal-seek {} --service {} --target lots --year 4 -q --out "
                                  "'{}'",
                                  files, kKeyWork, out.string()),
                      err),
            2);
  EXPECT_NE(read_text(err).find("--target: is 'lots'"), std::string::npos) << read_text(err);
  EXPECT_FALSE(fs::exists(out)) << "nothing is written for a bad question";

  ASSERT_EQ(run_ehsim(good, err), 0) << read_text(err);
  const json doc = json::parse(read_text(out / "goal-seek.json"));
  EXPECT_EQ(doc.at("settings").at("financial_year"), "2021/22");
  // Two grid points, the bisection between them and the funded level; a line each in the CSV.
  EXPECT_EQ(doc.at("curve").size(), doc.at("evaluations").get<std::size_t>());
  const std::string csv = read_text(out / "goal-seek.csv");
  EXPECT_EQ(csv.rfind("budget_per_year,", 0), 0u);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'),
            1 + static_cast<long>(doc.at("curve").size()));
  // The workbook and the page beside them; `ehsim report` writes the same page again from
  // goal-seek.json.
  EXPECT_FALSE(sheet_cells(read_text(out / "ehsim-goal-seek.xlsx"), "Goal-seek").empty());
  const std::string page = read_text(out / "report.html");
  EXPECT_NE(page.find("id=\"chart-goal-seek\""), std::string::npos);
  EXPECT_NE(page.find("How it was found"), std::string::npos);
  EXPECT_EQ(page.find("How sure are we?"), std::string::npos) << "not a committee report";
  fs::remove(out / "report.html");
  ASSERT_EQ(run_ehsim(fmt::format("report '{}'", out.string()), err), 0) << read_text(err);
  EXPECT_EQ(read_text(out / "report.html"), page);
  // A second run into the same directory is refused unless forced; without the page when asked.
  EXPECT_EQ(run_ehsim(good, err), 2);
  EXPECT_NE(read_text(err).find("--force"), std::string::npos) << read_text(err);
  EXPECT_EQ(run_ehsim(good + " --force --no-report", err), 0) << read_text(err);
  EXPECT_TRUE(fs::exists(out / "ehsim-goal-seek.xlsx"));
  EXPECT_FALSE(fs::exists(out / "report.html")) << "--no-report";
  fs::remove_all(out);
  fs::remove(err);
}

}  // namespace
}  // namespace ehsim
