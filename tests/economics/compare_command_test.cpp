// `ehsim compare` end to end: the files it writes, the workbook's sheets, and bad input.
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <zlib.h>
#include <nlohmann/json.hpp>

#include "economics/workbook.hpp"
#include "economics_test_support.hpp"

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
  const fs::path dir = fs::temp_directory_path() / ("ehsim-economics-test-" + name);
  fs::remove_all(dir);
  return dir;
}

std::uint32_t le(const std::string& bytes, std::size_t at, int width) {
  std::uint32_t v = 0;
  for (int i = width - 1; i >= 0; --i)
    v = (v << 8) | static_cast<unsigned char>(bytes[at + static_cast<std::size_t>(i)]);
  return v;
}

// One member of a zip archive, found through the central directory and inflated with zlib.
std::string zip_member(const std::string& zip, const std::string& name) {
  const std::size_t end = zip.rfind(std::string("PK\x05\x06", 4));
  if (end == std::string::npos) return {};
  std::size_t at = le(zip, end + 16, 4);  // start of the central directory
  const std::uint32_t entries = le(zip, end + 10, 2);
  for (std::uint32_t i = 0; i < entries; ++i) {
    const auto method = le(zip, at + 10, 2), packed = le(zip, at + 20, 4),
               size = le(zip, at + 24, 4);
    const auto name_len = le(zip, at + 28, 2), extra_len = le(zip, at + 30, 2),
               comment_len = le(zip, at + 32, 2);
    const auto local = le(zip, at + 42, 4);
    if (zip.compare(at + 46, name_len, name) == 0) {
      const std::size_t data = local + 30 + le(zip, local + 26, 2) + le(zip, local + 28, 2);
      if (method == 0) return zip.substr(data, size);
      std::string out(size, '\0');
      z_stream z{};
      inflateInit2(&z, -MAX_WBITS);  // raw deflate, as zip stores it
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zip.data() + data));
      z.avail_in = packed;
      z.next_out = reinterpret_cast<Bytef*>(out.data());
      z.avail_out = size;
      inflate(&z, Z_FINISH);
      inflateEnd(&z);
      return out;
    }
    at += 46 + name_len + extra_len + comment_len;
  }
  return {};
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

}  // namespace
}  // namespace ehsim::test
