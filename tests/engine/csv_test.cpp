// CSV as RFC 4180 has it: quoting on write, a quote-aware reader, and a state id with a comma
// and quotes surviving run -> timeseries.csv -> report.

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "core/csv.hpp"
#include "engine_test_support.hpp"
#include "test_temp_path.hpp"

namespace ehsim {
namespace {

TEST(Csv, QuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_row({"a", "b,c", ""}), "a,\"b,c\",\n");
}

TEST(Csv, ReadsWhatItWrites) {
  const std::vector<std::vector<std::string>> records = {
      {"period", "key", "value"},
      {"2018/19", "sup,ported \"x\"", "1.5"},
      {"", "line\nbreak", "-2"},
  };
  std::string text;
  for (const auto& r : records) text += csv_row(r);
  EXPECT_EQ(parse_csv(text), records);
  // CRLF line ends and no final line end are read too.
  EXPECT_EQ(parse_csv("a,b\r\n\"c,d\",e"),
            (std::vector<std::vector<std::string>>{{"a", "b"}, {"c,d", "e"}}));
}

TEST(Csv, RefusesBrokenQuoting) {
  EXPECT_THROW(parse_csv("a,\"open\n"), std::invalid_argument);
  EXPECT_THROW(parse_csv("\"closed\"x,b\n"), std::invalid_argument);
}

int run_cli(const std::string& arguments) {
  const std::string command =
      std::string("'") + EHSIM_BINARY + "' " + arguments + " >/dev/null 2>&1";
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(Csv, AStateIdWithACommaAndQuotesSurvivesRunAndReport) {
  namespace fs = std::filesystem;
  const fs::path out = test::temp_path("ehsim-awkward-ids");
  fs::remove_all(out);
  ASSERT_EQ(run_cli("run '" + test::engine_data("awkward-ids.json").string() +
                    "' -n 2 -q "
                    "--staffing-replications 0 --out '" +
                    out.string() + "'"),
            0);
  std::ifstream in(out / "timeseries.csv");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  bool found = false;
  for (const auto& record : parse_csv(text)) {
    ASSERT_EQ(record.size(), 10u);
    found |= record[3] == "sup,ported \"x\"";
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(run_cli("report '" + out.string() + "'"), 0);
  EXPECT_TRUE(fs::exists(out / "report.html"));
}

}  // namespace
}  // namespace ehsim
