// `ehsim compare` end to end: the files it writes, the workbook's sheets, and bad input.
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../support/xlsx_reader.hpp"
#include "economics/workbook.hpp"
#include "economics_test_support.hpp"
#include "test_temp_path.hpp"

namespace ehsim::test {
namespace {

namespace fs = std::filesystem;

// Runs ehsim with `arguments`; a non-empty `viz_dir` replaces where it finds the chart libraries.
int run_ehsim(const std::string& arguments, const fs::path& viz_dir = {}) {
  const std::string env = viz_dir.empty() ? "" : "EHSIM_VIZ_DIR='" + viz_dir.string() + "' ";
  const std::string command = env + "'" + EHSIM_BINARY + "' " + arguments + " >/dev/null 2>&1";
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = test::temp_path("ehsim-economics-test-" + name);
  fs::remove_all(dir);
  return dir;
}

TEST(CompareCommand, WritesEveryOutputAndTheWorkbookHoldsItsSheets) {
  const fs::path out = fresh_dir("outputs");
  const int code =
      run_ehsim(fmt::format("compare '{}' '{}' -n 3 -j 2 --target £100k -q --out '{}'",
                            economics_data("small.json").string(),
                            economics_data("small-invest.json").string(), out.string()));
  ASSERT_EQ(code, 0);
  for (const char* file :
       {"comparison.json", "comparison.csv", "ehsim-comparison.xlsx", "report.html",
        "scenarios/small/summary.json", "scenarios/small/timeseries.csv",
        "scenarios/small/manifest.json", "scenarios/small-invest/summary.json"}) {
    EXPECT_TRUE(fs::exists(out / file)) << file;
  }
  const auto c = nlohmann::json::parse(read_file(out / "comparison.json"));
  EXPECT_EQ(c.at("schema_version"), 1);
  EXPECT_EQ(c.at("replications"), 3);
  EXPECT_EQ(c.at("target"), 100000.0);
  EXPECT_EQ(c.at("alternatives").size(), 1u);
  EXPECT_EQ(c.at("per_scenario").size(), 2u);
  EXPECT_FALSE(c.at("alternatives")[0].at("assumptions_differing").empty());
  EXPECT_EQ(read_file(out / "comparison.csv")
                .rfind("alternative,period_type,period,start_date,end_date,metric,key,unit,mean,"
                       "p05,p50,p95\n",
                       0),
            0u);

  const std::string workbook =
      zip_member(read_file(out / "ehsim-comparison.xlsx"), "xl/workbook.xml");
  ASSERT_FALSE(workbook.empty());
  for (const auto& sheet : workbook_sheet_names(c)) {
    EXPECT_NE(workbook.find("name=\"" + sheet + "\""), std::string::npos) << sheet;
  }
  // Named inputs drive the formulas.
  for (const char* name : {"DiscountRate", "PriceBaseYear", "PriceIndex", "ConfidenceHaircut",
                           "Alt1_OptimismBias", "Alt1_Deadweight", "Alt1_Attribution"}) {
    EXPECT_NE(workbook.find(std::string("name=\"") + name + "\""), std::string::npos) << name;
  }
}

TEST(CompareCommand, AMissingAlternativeExitsTwoAndWritesNothing) {
  const fs::path out = fresh_dir("missing");
  const int code = run_ehsim(
      fmt::format("compare '{}' '{}' -n 2 -q --out '{}'", economics_data("small.json").string(),
                  economics_data("no-such-file.json").string(), out.string()));
  EXPECT_EQ(code, 2);
  EXPECT_FALSE(fs::exists(out));
}

TEST(CompareCommand, ABadTargetExitsTwoAndWritesNothing) {
  const fs::path out = fresh_dir("bad-target");
  const int code = run_ehsim(fmt::format("compare '{}' '{}' -n 2 -q --target lots --out '{}'",
                                         economics_data("small.json").string(),
                                         economics_data("small.json").string(), out.string()));
  EXPECT_EQ(code, 2);
  EXPECT_FALSE(fs::exists(out));
}

TEST(CompareCommand, NoReportFlagLeavesTheReportOut) {
  const fs::path out = fresh_dir("no-report");
  const int code = run_ehsim(fmt::format(
      "compare '{}' '{}' -n 2 -q --no-report --out '{}'", economics_data("small.json").string(),
      economics_data("small-invest.json").string(), out.string()));
  EXPECT_EQ(code, 0);
  EXPECT_TRUE(fs::exists(out / "comparison.json"));
  EXPECT_FALSE(fs::exists(out / "report.html"));
}

// Without the chart libraries the business case is still written; only the report is missing,
// and the exit code (1) says something went wrong.
TEST(CompareCommand, MissingChartLibrariesKeepTheComparisonAndExitOne) {
  const fs::path out = fresh_dir("no-charts");
  const fs::path empty = fresh_dir("no-charts-viz");
  fs::create_directories(empty);
  const int without = run_ehsim(
      fmt::format("compare '{}' '{}' -n 2 -q --out '{}'", economics_data("small.json").string(),
                  economics_data("small-invest.json").string(), out.string()),
      empty);
  EXPECT_EQ(without, 1);
  EXPECT_TRUE(fs::exists(out / "comparison.json"));
  EXPECT_FALSE(fs::exists(out / "report.html"));
}

// ---- outputs that cannot be lost or mixed --------------------------------------------------

// Runs ehsim and returns its exit code and what it printed on stderr.
std::pair<int, std::string> run_ehsim_stderr(const std::string& arguments,
                                             const std::string& env = "") {
  // One file per process and call: ctest runs tests in parallel processes.
  static int calls = 0;
  const fs::path err = fs::temp_directory_path() /
                       fmt::format("ehsim-economics-test-stderr-{}-{}.txt", ::getpid(), ++calls);
  const std::string command =
      env + " '" + EHSIM_BINARY + "' " + arguments + " >/dev/null 2>'" + err.string() + "'";
  const int status = std::system(command.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(err)};
}

std::string small_compare(const fs::path& out, const std::string& extra = "") {
  return fmt::format(
      "compare '{}' '{}' -n 2 -j 2 -q --no-report --staffing-replications 0 {} "
      "--out '{}'",
      economics_data("small.json").string(), economics_data("small-invest.json").string(), extra,
      out.string());
}

// Every file under `dir` with its bytes.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file())
      files[fs::relative(entry.path(), dir).string()] = read_file(entry.path());
  }
  return files;
}

std::string run_id_of(const fs::path& file) {
  return nlohmann::json::parse(read_file(file)).value("run_id", "");
}

TEST(OutputDirectory, HoldingResultsIsRefusedWithoutForceAndLeftUnchanged) {
  const fs::path out = fresh_dir("refuse");
  ASSERT_EQ(run_ehsim(small_compare(out)), 0);
  const auto before = snapshot(out);
  const auto [code, message] = run_ehsim_stderr(small_compare(out));
  EXPECT_EQ(code, 2);
  EXPECT_NE(message.find("already holds results"), std::string::npos) << message;
  EXPECT_NE(message.find("comparison.json"), std::string::npos) << message;
  EXPECT_NE(message.find(run_id_of(out / "comparison.json")), std::string::npos) << message;
  EXPECT_NE(message.find("--force"), std::string::npos) << message;
  EXPECT_EQ(snapshot(out), before);
  // `ehsim run` into a comparison's directory is refused too.
  EXPECT_EQ(run_ehsim(fmt::format("run '{}' -n 2 -q --staffing-replications 0 -o '{}'",
                                  economics_data("small.json").string(), out.string())),
            2);
  EXPECT_EQ(snapshot(out), before);
}

TEST(OutputDirectory, ForceReplacesEveryResultOfTheOtherRun) {
  const fs::path out = fresh_dir("force");
  ASSERT_EQ(run_ehsim(small_compare(out)), 0);
  const std::string first = run_id_of(out / "comparison.json");
  ASSERT_EQ(run_ehsim(small_compare(out, "--force")), 0);
  EXPECT_NE(run_id_of(out / "comparison.json"), first);
  // A run forced into the comparison's directory leaves only its own results there.
  ASSERT_EQ(run_ehsim(fmt::format("run '{}' -n 2 -q --staffing-replications 0 --force -o '{}'",
                                  economics_data("small.json").string(), out.string())),
            0);
  EXPECT_TRUE(fs::exists(out / "summary.json"));
  for (const char* gone :
       {"comparison.json", "comparison.csv", "ehsim-comparison.xlsx", "scenarios"}) {
    EXPECT_FALSE(fs::exists(out / gone)) << gone;
  }
}

TEST(OutputDirectory, EveryFileOfARunCarriesItsRunId) {
  const fs::path out = fresh_dir("run-id");
  ASSERT_EQ(run_ehsim(small_compare(out)), 0);
  const std::string id = run_id_of(out / "comparison.json");
  EXPECT_FALSE(id.empty());
  for (const char* file :
       {"scenarios/small/manifest.json", "scenarios/small/summary.json",
        "scenarios/small-invest/manifest.json", "scenarios/small-invest/summary.json"}) {
    EXPECT_EQ(run_id_of(out / file), id) << file;
  }
}

TEST(OutputDirectory, AnUnwritableOutIsBadInputFoundBeforeTheSimulation) {
  const fs::path file = fresh_dir("a-file");
  std::ofstream(file) << "not a directory";
  for (const std::string& out :
       {std::string("/dev/null/out"), file.string(), (file / "below").string()}) {
    const auto start = std::chrono::steady_clock::now();
    // 200 replications would take a minute: the check comes first.
    const auto [code, message] = run_ehsim_stderr(
        fmt::format("compare '{}' '{}' -n 200 -q --out '{}'", economics_data("small.json").string(),
                    economics_data("small-invest.json").string(), out));
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(code, 2) << out << ": " << message;
    EXPECT_LT(seconds, 1.0) << out;
    EXPECT_NE(message.find("--out"), std::string::npos) << message;
    const auto [run_code, run_message] = run_ehsim_stderr(
        fmt::format("run '{}' -n 200 -q -o '{}'", economics_data("small.json").string(), out));
    EXPECT_EQ(run_code, 2) << out << ": " << run_message;
  }
  EXPECT_EQ(read_file(file), "not a directory");
}

TEST(OutputDirectory, AWriteFailureLeavesThePreviousResultsIntact) {
  const fs::path out = fresh_dir("disk-full");
  ASSERT_EQ(run_ehsim(small_compare(out)), 0);
  const auto before = snapshot(out);
  // The disk "fills" after some of the new files are written: in the scenario folders, and
  // among the comparison's own files (all 9 files are written before any is renamed).
  for (int after : {0, 2, 7}) {
    const auto [code, message] = run_ehsim_stderr(
        small_compare(out, "--force"), fmt::format("EHSIM_TEST_FAIL_WRITE_AFTER={}", after));
    EXPECT_EQ(code, 1) << message;
    EXPECT_NE(message.find("no space left"), std::string::npos) << message;
    EXPECT_EQ(snapshot(out), before) << "after " << after << " files";
  }
}

TEST(OutputDirectory, ReportRefusesADirectoryMixingRuns) {
  const fs::path out = fresh_dir("mixed");
  ASSERT_EQ(run_ehsim(small_compare(out)), 0);
  // Another run forced into one scenario's folder: its files now come from another run.
  ASSERT_EQ(run_ehsim(fmt::format("run '{}' -n 2 -q --staffing-replications 0 --force -o '{}'",
                                  economics_data("small.json").string(),
                                  (out / "scenarios" / "small").string())),
            0);
  const auto [code, message] = run_ehsim_stderr(fmt::format("report '{}'", out.string()));
  EXPECT_EQ(code, 2) << message;
  EXPECT_NE(message.find("different runs"), std::string::npos) << message;
  EXPECT_NE(message.find("scenarios/small/manifest.json"), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(out / "report.html"));
}

// ---- small things users hit ------------------------------------------------------------------

TEST(CommandLine, NoArgumentsPrintsTheHelpAndExitsTwo) {
  const fs::path help = fresh_dir("help.txt");
  const int status =
      std::system(fmt::format("'{}' >'{}' 2>/dev/null", EHSIM_BINARY, help.string()).c_str());
  EXPECT_EQ(WEXITSTATUS(status), 2);
  const std::string text = read_file(help);
  for (const char* word : {"validate", "run", "compare", "report", "--help"}) {
    EXPECT_NE(text.find(word), std::string::npos) << word;
  }
}

TEST(CommandLine, ANegativeTargetIsRefused) {
  const fs::path out = fresh_dir("negative-target");
  EXPECT_EQ(run_ehsim(small_compare(out, "--target=-500k")), 2);
  EXPECT_FALSE(fs::exists(out));
}

TEST(CommandLine, HelpShowsDefaultsInWords) {
  const fs::path help = fresh_dir("compare-help.txt");
  std::system(fmt::format("'{}' compare --help >'{}'", EHSIM_BINARY, help.string()).c_str());
  const std::string text = read_file(help);
  EXPECT_NE(text.find("(default: 20)"), std::string::npos) << text;
  EXPECT_NE(text.find("(default: 0.9)"), std::string::npos) << text;
  EXPECT_NE(text.find("(default: out/compare)"), std::string::npos) << text;
  EXPECT_EQ(text.find("INT:INT"), std::string::npos) << text;
  EXPECT_EQ(text.find("{false}"), std::string::npos) << text;
}

TEST(CommandLine, ARateThatLooksLikeAPercentageIsAWarningNotAnError) {
  const fs::path scenario = fresh_dir("percentage-rate.json");
  std::ofstream(scenario) << "{\"extends\": \""
                          << (fs::path(EHSIM_SOURCE_DIR) / "tests/engine/data/ctmc.json").string()
                          << "\", \"pathway\": {\"transitions\": {\"need_found\": "
                             "{\"rate_per_year\": 40}}}}";
  const auto [code, message] = run_ehsim_stderr(fmt::format("validate '{}'", scenario.string()));
  EXPECT_EQ(code, 0) << message;
  EXPECT_NE(message.find("warning"), std::string::npos) << message;
  EXPECT_NE(message.find("/pathway/transitions/need_found/rate_per_year"), std::string::npos)
      << message;
  // A plausible pathway draws no warning.
  const auto [plain_code, plain] = run_ehsim_stderr(fmt::format(
      "validate '{}'", (fs::path(EHSIM_SOURCE_DIR) / "tests/engine/data/ctmc.json").string()));
  EXPECT_EQ(plain_code, 0);
  EXPECT_EQ(plain.find("warning"), std::string::npos) << plain;
}

}  // namespace
}  // namespace ehsim::test
