// The run command end to end: the three files, byte-identical on 1 and 2 threads for the same
// seed, different for another seed, nothing written for bad input; and atomic file writing.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <sys/wait.h>
#include <nlohmann/json.hpp>

#include "core/files.hpp"
#include "engine_test_support.hpp"

namespace ehsim::test {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::path(::testing::TempDir()) / ("ehsim-outputs-" + name);
  fs::remove_all(dir);
  return dir;
}

// Runs the ehsim program and returns its exit code.
int ehsim(const std::string& arguments) {
  const std::string command =
      std::string("'") + EHSIM_BINARY + "' " + arguments + " >/dev/null 2>&1";
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string run_to(const fs::path& out, const std::string& options) {
  return "run '" + engine_data("ctmc.json").string() + "' -n 6 -q " + options + " -o '" +
         out.string() + "'";
}

TEST(RunCommand, WritesSummaryTimeSeriesAndManifest) {
  const fs::path out = fresh_dir("files");
  ASSERT_EQ(ehsim(run_to(out, "--seed 5")), 0);
  const auto summary = nlohmann::json::parse(read_file(out / "summary.json"));
  const auto manifest = nlohmann::json::parse(read_file(out / "manifest.json"));
  EXPECT_EQ(manifest["seed"], 5);
  EXPECT_EQ(manifest["replications"], 6);
  EXPECT_EQ(manifest["scenario_sha256"].get<std::string>().size(), 64u);
  EXPECT_GT(manifest["events_processed"].get<double>(), 0);
  EXPECT_TRUE(summary.contains("by_financial_year"));
  const std::string csv = read_file(out / "timeseries.csv");
  EXPECT_EQ(csv.rfind("period_type,period,metric,key,unit,mean,se,p05,p50,p95\n", 0), 0u);
  EXPECT_NE(csv.find("financial_year,2020/21,"), std::string::npos);
  // No temporary files are left behind.
  for (const auto& entry : fs::directory_iterator(out)) {
    EXPECT_NE(entry.path().filename().string().front(), '.') << entry.path();
  }
}

TEST(RunCommand, SameSeedIsByteIdenticalOnOneAndTwoThreads) {
  const fs::path one = fresh_dir("one"), two = fresh_dir("two"), other = fresh_dir("other");
  ASSERT_EQ(ehsim(run_to(one, "--seed 11 --threads 1")), 0);
  ASSERT_EQ(ehsim(run_to(two, "--seed 11 --threads 2")), 0);
  ASSERT_EQ(ehsim(run_to(other, "--seed 12 --threads 2")), 0);
  // Byte for byte but for the run id, which tells the runs apart.
  const auto without_run_id = [](const fs::path& file) {
    std::string text = read_file(file);
    const auto at = text.find("\n  \"run_id\": ");
    if (at != std::string::npos) text.erase(at, text.find('\n', at + 1) - at);
    return text;
  };
  for (const char* file : {"summary.json", "timeseries.csv"}) {
    EXPECT_EQ(without_run_id(one / file), without_run_id(two / file)) << file;
    EXPECT_NE(without_run_id(one / file), without_run_id(other / file)) << file;
  }
}

TEST(RunCommand, BadInputWritesNothingAndExitsWithTwo) {
  const fs::path out = fresh_dir("bad");
  const fs::path bad = fs::path(::testing::TempDir()) / "ehsim-bad-scenario.json";
  std::ofstream(bad) << "{\"extends\": \"" << engine_data("ctmc.json").string()
                     << "\", \"replications\": -3}";
  EXPECT_EQ(ehsim("run '" + bad.string() + "' -q -o '" + out.string() + "'"), 2);
  EXPECT_FALSE(fs::exists(out));
  EXPECT_EQ(ehsim("run /nonexistent/scenario.json -q -o '" + out.string() + "'"), 2);
  EXPECT_EQ(ehsim(run_to(out, "--threads 0")), 2);  // threads must be at least 1
  EXPECT_FALSE(fs::exists(out));
}

// The FTE search behind summary.json's fte_needed_for_waiting_standard: on the M/M/10 queue
// the staffing search's own test checks against Erlang C, it finds the same 10 places through
// the command line; 0 replications leaves it out.
TEST(RunCommand, SummaryReportsTheFteNeededForTheWaitingStandard) {
  const fs::path out = fresh_dir("staffing"), skipped = fresh_dir("no-staffing");
  const std::string scenario = engine_data("mmc-queue.json").string();
  ASSERT_EQ(ehsim("run '" + scenario + "' -n 2 -q --seed 5 --staffing-replications 10 -o '" +
                  out.string() + "'"),
            0);
  const auto services =
      nlohmann::json::parse(read_file(out / "summary.json"))["services_over_horizon"];
  ASSERT_EQ(services.size(), 1u);
  const auto& need = services.begin().value().at("fte_needed_for_waiting_standard");
  EXPECT_EQ(need.at("places"), 10);
  EXPECT_EQ(need.at("places_missing_target"), 9);
  EXPECT_DOUBLE_EQ(need.at("fte").get<double>(), 1.0);
  EXPECT_GE(need.at("share_within_standard_at_fte").get<double>(), 0.9);

  ASSERT_EQ(ehsim("run '" + scenario + "' -n 2 -q --staffing-replications 0 -o '" +
                  skipped.string() + "'"),
            0);
  const auto plain =
      nlohmann::json::parse(read_file(skipped / "summary.json"))["services_over_horizon"];
  EXPECT_FALSE(plain.begin().value().contains("fte_needed_for_waiting_standard"));
}

TEST(AtomicFiles, ReplaceOldOutputsOnlyWhenAllAreWritten) {
  const fs::path dir = fresh_dir("atomic");
  write_files_atomically(dir, {{"a.txt", "old a"}, {"b.txt", "old b"}});
  write_files_atomically(dir, {{"a.txt", "new a"}, {"b.txt", "new b"}});
  EXPECT_EQ(read_file(dir / "a.txt"), "new a");
  EXPECT_EQ(read_file(dir / "b.txt"), "new b");
  // A name that cannot be written (a directory is in the way) fails before anything is renamed.
  fs::create_directories(dir / "blocked" / "c.txt");
  EXPECT_ANY_THROW(write_files_atomically(dir / "blocked", {{"a.txt", "x"}, {"c.txt/", "y"}}));
  EXPECT_FALSE(fs::exists(dir / "blocked" / "a.txt"));
}

}  // namespace
}  // namespace ehsim::test
