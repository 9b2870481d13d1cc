// The ehsim program's contract for scenario files: exit 0 when valid, 2 on bad input, with the
// offending file named on the output. EHSIM_CLI is the path of the built program.

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/version.hpp"
#include "scenario_test_support.hpp"

namespace ehsim {
namespace {

struct CliRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

std::string quoted(const std::string& arg) {
  std::string out = "'";
  for (char c : arg) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

CliRun run_ehsim(const std::vector<std::string>& args) {
  std::string command = quoted(EHSIM_CLI);
  for (const auto& arg : args) {
    command += ' ';
    command += quoted(arg);
  }
  command += " 2>&1";
  CliRun run;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    ADD_FAILURE() << "popen failed: " << command;
    return run;
  }
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    run.output.append(buffer.data(), n);
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return run;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string broken(const std::string& name) {
  return (testing::data_dir() / "broken" / name).string();
}

TEST(ScenarioCli, ValidateAcceptsTheShippedScenarios) {
  const CliRun run = run_ehsim(
      {"validate", testing::baseline_path().string(), testing::families_first_path().string()});
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_TRUE(contains(run.output, "model.json: valid")) << run.output;
  EXPECT_TRUE(contains(run.output, "families-first.json: valid")) << run.output;
}

std::string file_stem(const ::testing::TestParamInfo<const char*>& param) {
  return std::filesystem::path(param.param).stem().string();
}

class ScenarioCliBroken : public ::testing::TestWithParam<const char*> {};

TEST_P(ScenarioCliBroken, ValidateExitsTwoAndNamesTheFile) {
  const std::string file = broken(GetParam());
  const CliRun run = run_ehsim({"validate", file});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_TRUE(contains(run.output, file + ": ")) << run.output;
  EXPECT_TRUE(contains(run.output, "invalid")) << run.output;
}

INSTANTIATE_TEST_SUITE_P(Kinds, ScenarioCliBroken,
                         ::testing::Values("empty.json", "binary_garbage.json", "syntax_error.json",
                                           "truncated.json", "not_object.json", "cycle_a.json",
                                           "missing_parent.json", "negative_rate.json",
                                           "trapped_state.json", "does_not_exist.json",
                                           "huge_number.json", "duplicate_key.json",
                                           "extends_directory.json", "empty_entry_state.json"),
                         file_stem);

TEST(ScenarioCli, ValidateRefusesDeepNestingWithExitTwo) {
  testing::TempDir dir;
  const auto file = dir.write("deep.json", testing::deeply_nested_arrays(100000));
  const CliRun run = run_ehsim({"validate", file.string()});
  EXPECT_EQ(run.exit_code, 2) << run.output.substr(0, 500);
  EXPECT_TRUE(contains(run.output, file.string() + ": JSON is nested more than"))
      << run.output.substr(0, 500);
}

// A number too large for a double (1e400) is bad input, not an internal error.
TEST(ScenarioCli, NumberOverflowExitsTwo) {
  const std::string file = broken("huge_number.json");
  const CliRun run = run_ehsim({"validate", file});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_TRUE(contains(run.output, file + ": /pathway/transitions/need_emerges/rate_per_year: "))
      << run.output;
}

// An empty entry_state used to pass validation and make `run` crash; now both refuse it.
TEST(ScenarioCli, EmptyEntryStateIsRefusedByRun) {
  const std::string file = broken("empty_entry_state.json");
  testing::TempDir dir;
  const CliRun run = run_ehsim({"run", file, "--out", (dir.path() / "out").string()});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_TRUE(contains(run.output, file + ": /pathway/entry_state: ")) << run.output;
}

TEST(ScenarioCli, ValidateReportsEveryFileAndFailsIfAnyIsBad) {
  const CliRun run =
      run_ehsim({"validate", broken("empty.json"), testing::baseline_path().string()});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_TRUE(contains(run.output, "empty.json: invalid (1 problem)")) << run.output;
  EXPECT_TRUE(contains(run.output, "model.json: valid")) << run.output;
}

TEST(ScenarioCli, ValidatePrintsThePointerOfEachProblem) {
  const CliRun run = run_ehsim({"validate", broken("three_faults.json")});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_TRUE(contains(run.output, "three_faults.json: /start_date: ")) << run.output;
  EXPECT_TRUE(contains(run.output, "invalid (3 problems)")) << run.output;
}

TEST(ScenarioCli, RequireSourcesTurnsBareNumbersIntoErrors) {
  const std::string file = (testing::data_dir() / "merge" / "two_family_sizes.json").string();
  EXPECT_EQ(run_ehsim({"validate", file}).exit_code, 0);
  const CliRun strict = run_ehsim({"validate", "--require-sources", file});
  EXPECT_EQ(strict.exit_code, 2) << strict.output;
  EXPECT_TRUE(contains(strict.output, "has no source")) << strict.output;
}

TEST(ScenarioCli, VersionExitsZero) {
  const CliRun run = run_ehsim({"--version"});
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_TRUE(contains(run.output, std::string("ehsim ") + ehsim::version())) << run.output;
}

TEST(ScenarioCli, ValidateHelpExitsZero) {
  const CliRun run = run_ehsim({"validate", "--help"});
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_TRUE(contains(run.output, "--require-sources")) << run.output;
}

TEST(ScenarioCli, MissingSubcommandIsBadInput) {
  EXPECT_EQ(run_ehsim({}).exit_code, 2);
  EXPECT_EQ(run_ehsim({"validate"}).exit_code, 2);
}

TEST(ScenarioCli, GraphPrintsTheBaselineAsDot) {
  const CliRun run = run_ehsim({"graph", testing::baseline_path().string()});
  EXPECT_EQ(run.exit_code, 0) << run.output.substr(0, 500);
  EXPECT_EQ(run.output.rfind("digraph", 0), 0u) << run.output.substr(0, 200);
  EXPECT_TRUE(contains(run.output, "subgraph \"cluster_specialist\"")) << run.output;
}

TEST(ScenarioCli, GraphOfABrokenScenarioExitsTwo) {
  const std::string file = broken("unknown_state.json");
  const CliRun run = run_ehsim({"graph", file});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_FALSE(contains(run.output, "digraph")) << run.output;
  EXPECT_TRUE(contains(run.output, file + ": /pathway/transitions/need_emerges/to")) << run.output;
}

}  // namespace
}  // namespace ehsim
