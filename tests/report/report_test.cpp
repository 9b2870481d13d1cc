// The committee report: one self-contained file, numbers in the summary that match the
// comparison, graceful omission of absent sections, and clear errors for bad input.
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/diagnostics.hpp"
#include "viz/assets.hpp"
#include "viz/charts.hpp"
#include "viz/external.hpp"
#include "viz/format.hpp"
#include "viz/goal_seek_report.hpp"
#include "viz/labels.hpp"
#include "viz/report.hpp"
#include "viz/template.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const fs::path kData = EHSIM_REPORT_DATA_DIR;
const fs::path kComparison = kData / "comparison";
const fs::path kSingleRun = kData / "comparison" / "scenarios" / "baseline";

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            fmt::format("ehsim-report-test-{}-{}",
                        ::testing::UnitTest::GetInstance()->random_seed(), counter_++);
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
  static inline int counter_ = 0;
};

// The HTML with the contents of every <script> element removed: the chart libraries' code holds
// URL strings (documentation links, the online editor) that the browser never loads.
std::string markup_without_script_bodies(const std::string& html) {
  std::string out;
  std::size_t at = 0;
  while (true) {
    const auto open = html.find("<script", at);
    if (open == std::string::npos) break;
    const auto open_end = html.find('>', open);
    const auto close = html.find("</script>", open_end);
    EXPECT_NE(close, std::string::npos) << "unclosed <script> element";
    if (open_end == std::string::npos || close == std::string::npos) break;
    out += html.substr(at, open_end + 1 - at);
    at = close;
  }
  out += html.substr(at);
  return out;
}

// The test's own formatting of money, written independently of the report's.
std::string money(double v) {
  const double a = std::fabs(v);
  std::string body =
      a >= 1e6 ? fmt::format("£{:.1f}m", a / 1e6)
               : (a >= 1e3 ? fmt::format("£{:.0f}k", a / 1e3) : fmt::format("£{:.0f}", a));
  return v < 0 ? "\u2212" + body : body;
}

std::string count(double v) {
  const long long n = std::llround(v);
  const std::string digits = std::to_string(n < 0 ? -n : n);
  std::string grouped;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped.push_back(',');
    grouped.push_back(digits[i]);
  }
  return n < 0 ? "\u2212" + grouped : grouped;
}

// The HTML's text with its tags dropped and the few entities the report writes decoded, so
// that a sentence can be found whatever markup runs through it.
// (A loop, not std::regex: libstdc++'s regex recurses per character and overflows the stack
// on the inlined chart libraries under AddressSanitizer.)
std::string without_tags(const std::string& html) {
  std::string text;
  text.reserve(html.size());
  bool in_tag = false;
  for (const char c : html) {
    if (c == '<') in_tag = true;
    if (!in_tag) text += c;
    if (c == '>' && in_tag) {
      in_tag = false;
      text += ' ';
    }
  }
  return text;
}

std::string collapsed_spaces(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
    if (!space)
      out += c;
    else if (out.empty() || out.back() != ' ')
      out += ' ';
  }
  return out;
}

std::string page_text(const std::string& html) {
  std::string text = without_tags(html);
  for (const auto& [entity, c] : std::vector<std::pair<std::string, std::string>>{
           {"&#39;", "'"}, {"&quot;", "\""}, {"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}}) {
    for (auto at = text.find(entity); at != std::string::npos; at = text.find(entity, at + 1))
      text.replace(at, entity.size(), c);
  }
  return collapsed_spaces(text);
}

// "£1.2m–£3.4m", or "−£1.2m to £3.4m" when it starts below zero, as the report writes ranges.
std::string money_range(const json& s) {
  const double low = s["p05"].get<double>();
  return money(low) + (low < 0 ? " to " : "–") + money(s["p95"].get<double>());
}

// A copy of the fixture with the uncertainty analysis of tests/report/data/uncertainty.json
// (or none). Its scenario paths are made absolute: the copy is outside the source tree, where
// the report would not find the scenario files (and so the numbers' labels).
fs::path fixture_copy(const fs::path& dir, bool with_uncertainty) {
  const fs::path results = dir / "results";
  fs::copy(kComparison, results, fs::copy_options::recursive);
  const fs::path source = EHSIM_SOURCE_DIR;
  for (const auto& run : fs::directory_iterator(results / "scenarios")) {
    json manifest = json::parse(read(run.path() / "manifest.json"));
    manifest["scenario_path"] = (source / manifest["scenario_path"].get<std::string>()).string();
    std::ofstream(run.path() / "manifest.json") << manifest.dump(2);
  }
  json comparison = json::parse(read(results / "comparison.json"));
  comparison["baseline"]["path"] =
      (source / comparison["baseline"]["path"].get<std::string>()).string();
  for (auto& a : comparison["alternatives"])
    a["path"] = (source / a["path"].get<std::string>()).string();
  if (with_uncertainty)
    comparison["uncertainty"] = json::parse(read(kData / "uncertainty.json"))["uncertainty"];
  std::ofstream(results / "comparison.json") << comparison.dump(2);
  return results;
}

}  // namespace

TEST(ReportFormat, MoneyCountsAndShares) {
  using namespace ehsim::viz;
  EXPECT_EQ(format_money(2'100'000), "£2.1m");
  EXPECT_EQ(format_money(-2'100'000), "\u2212£2.1m");
  EXPECT_EQ(format_money(950), "£950");
  EXPECT_EQ(format_money(12'400), "£12k");
  EXPECT_EQ(format_money(999'700), "£1.0m");
  EXPECT_EQ(format_money(1.26e9), "£1.3bn");
  EXPECT_EQ(format_count(1234.4), "1,234");
  EXPECT_EQ(format_count(-3.2), "\u22123");
  EXPECT_EQ(format_percent(0.857), "86%");
  EXPECT_EQ(format_pence(1.294), "£1.29");
  EXPECT_EQ(format_number(1619.99), "1,620");
  EXPECT_EQ(format_number(471.58), "472");
  EXPECT_EQ(format_number(82.5), "82.5");
  EXPECT_EQ(format_number(55.000000000000014), "55");
  EXPECT_EQ(format_number(0.56325), "0.563");
  EXPECT_EQ(format_number(0.1), "0.1");
  EXPECT_EQ(format_number(-2.5), "\u22122.5");
  EXPECT_EQ(html_escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
}

TEST(Report, ComparisonReportIsOneFileWithNoExternalReference) {
  TempDir tmp;
  const fs::path out = tmp.path() / "report.html";
  ehsim::viz::write_html_report(kComparison, out);
  ASSERT_TRUE(fs::is_regular_file(out));
  // Written whole: nothing but the report is left in the directory.
  EXPECT_EQ(std::distance(fs::directory_iterator(tmp.path()), fs::directory_iterator()), 1);
  const std::string html = read(out);
  ASSERT_GT(html.size(), 100'000u) << "the chart libraries should be inlined";
  const std::string markup = markup_without_script_bodies(html);

  const std::regex external_attribute(
      R"re(\b(src|href|srcset|action|data|xlink:href)\s*=\s*["']?\s*(https?:)?//)re",
      std::regex::icase);
  std::smatch m;
  EXPECT_FALSE(std::regex_search(markup, m, external_attribute))
      << "external reference: " << m.str();
  const std::regex script_with_src(R"(<script[^>]*\bsrc\s*=)", std::regex::icase);
  EXPECT_FALSE(std::regex_search(markup, script_with_src));
  EXPECT_EQ(markup.find("<link"), std::string::npos);
  EXPECT_EQ(markup.find("<iframe"), std::string::npos);
  EXPECT_EQ(markup.find("@import"), std::string::npos);
  const std::regex css_url(R"(url\(\s*["']?\s*(https?:)?//)", std::regex::icase);
  EXPECT_FALSE(std::regex_search(markup, css_url));
  EXPECT_EQ(markup.find("sourceMappingURL"), std::string::npos);
  EXPECT_EQ(html.find("sourceMappingURL"), std::string::npos);

  // Every section, and a chart for each thing the argument rests on.
  for (const char* id : {"id=\"summary\"", "id=\"headline\"", "id=\"demand\"", "id=\"costs\"",
                         "id=\"staffing\"", "id=\"pathway\"", "id=\"assumptions\"",
                         "id=\"run-details\"", "id=\"chart-demand\"", "id=\"chart-cost-category\"",
                         "id=\"chart-cumulative\"", "id=\"chart-payer\"", "id=\"chart-staffing\"",
                         "id=\"chart-waits\"", "id=\"chart-flows\"", "id=\"report-status\""}) {
    EXPECT_NE(html.find(id), std::string::npos) << id;
  }
  // The pathway diagram is drawn by Graphviz and inlined as SVG.
  if (ehsim::viz::find_program("dot")) {
    const auto pathway = html.find("id=\"pathway\"");
    EXPECT_NE(html.find("<svg", pathway), std::string::npos);
  }
  // Run details carry the scenario hashes.
  const json comparison = json::parse(read(kComparison / "comparison.json"));
  EXPECT_NE(html.find(comparison["baseline"]["sha256"].get<std::string>()), std::string::npos);
  EXPECT_NE(html.find(comparison["alternatives"][0]["sha256"].get<std::string>()),
            std::string::npos);
}

TEST(Report, SummaryNumbersEqualThoseInComparison) {
  const json c = json::parse(read(kComparison / "comparison.json"));
  const std::string text = ehsim::viz::summary_text(kComparison);
  const json& a = c["alternatives"][0];
  const json& h = a["headline"];
  const json& by_year = a["by_year"];
  double extra = 0;
  for (const auto& y : by_year) extra += y["extra_investment"]["p50"].get<double>();
  const auto years = static_cast<double>(by_year.size());
  const json& year5 = by_year[4];
  auto p = [](const json& s, const char* k) { return s[k].get<double>(); };
  std::vector<std::string> expected = {
      a["name"].get<std::string>(),
      c["baseline"]["name"].get<std::string>(),
      money(extra / years) + " a year",
      fmt::format("{} (90% range {}–{})", money(p(year5["cost_avoided"], "p50")),
                  money(p(year5["cost_avoided"], "p05")), money(p(year5["cost_avoided"], "p95"))),
      "year 5 (" + year5["financial_year"].get<std::string>() + ")",
      fmt::format("Over {} years it avoids {} for {} invested", by_year.size(),
                  money(p(h["cost_avoided"], "p50")), money(extra)),
      fmt::format("net saving of {} (90% range {}–{})", money(p(h["net_saving"], "p50")),
                  money(p(h["net_saving"], "p05")), money(p(h["net_saving"], "p95"))),
      fmt::format("{} at present value", money(p(h["net_saving_npv"], "p50"))),
      fmt::format("discounted at {:.1f}%", c["discount_rate"].get<double>() * 100),
      fmt::format("returns £{:.2f}", p(h["fiscal_return_per_pound"], "p50")),
      fmt::format("(£{:.2f} including", p(h["social_return_per_pound"], "p50")),
      "by " + h["payback"]["median_year"].get<std::string>(),
      fmt::format("{:.0f}% of simulated futures",
                  h["payback"]["share_paying_back"].get<double>() * 100),
      fmt::format("{} fewer children looked after", count(p(h["lac_avoided_final_year"], "p50"))),
      fmt::format("{} fewer on child protection plans",
                  count(p(h["cp_avoided_final_year"], "p50"))),
      fmt::format("at least {} in {} is {:.0f}%", money(c["target"].get<double>()),
                  by_year.back()["financial_year"].get<std::string>(),
                  by_year.back()["probability_target_met"].get<double>() * 100),
  };
  for (const auto& e : expected)
    EXPECT_NE(text.find(e), std::string::npos) << "missing \"" << e << "\" in:\n" << text;
}

TEST(Report, SingleRunDirectoryGivesAReportWithoutComparisonSections) {
  TempDir tmp;
  const fs::path out = tmp.path() / "single.html";
  ehsim::viz::write_html_report(kSingleRun, out);
  const std::string html = read(out);
  for (const char* id : {"id=\"summary\"", "id=\"headline\"", "id=\"demand\"", "id=\"staffing\"",
                         "id=\"chart-demand\"", "id=\"chart-waits\"", "id=\"run-details\""}) {
    EXPECT_NE(html.find(id), std::string::npos) << id;
  }
  for (const char* id : {"id=\"costs\"", "id=\"chart-cumulative\"", "id=\"chart-payer\""}) {
    EXPECT_EQ(html.find(id), std::string::npos) << id;
  }
  const json summary = json::parse(read(kSingleRun / "summary.json"));
  const std::string text = ehsim::viz::summary_text(kSingleRun);
  const json& last = summary["by_financial_year"].back();
  EXPECT_NE(
      text.find(count(last["looked_after_at_31_march"]["p50"].get<double>()) + " looked after"),
      std::string::npos)
      << text;
}

TEST(Report, MissingOrUnreadableInputIsAnInputError) {
  TempDir tmp;
  EXPECT_THROW(ehsim::viz::render_html_report(tmp.path() / "absent"), ehsim::InputError);
  EXPECT_THROW(ehsim::viz::render_html_report(tmp.path()), ehsim::InputError);  // empty dir
  { std::ofstream(tmp.path() / "comparison.json") << "{\"schema_version\": 1, "; }
  try {
    ehsim::viz::render_html_report(tmp.path());
    FAIL() << "expected an InputError";
  } catch (const ehsim::InputError& e) {
    EXPECT_NE(e.diagnostics().format().find("comparison.json"), std::string::npos)
        << e.diagnostics().format();
  }
  {
    std::ofstream(tmp.path() / "comparison.json")
        << R"({"schema_version": 1, "baseline": {"name": 3}})";
  }
  EXPECT_THROW(ehsim::viz::render_html_report(tmp.path()), ehsim::InputError);
  // The program turns it into exit code 2 and writes nothing.
  const std::string command = fmt::format("'{}' report '{}' > /dev/null 2>&1", EHSIM_BINARY,
                                          (tmp.path() / "absent").string());
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2);
  EXPECT_FALSE(fs::exists(tmp.path() / "absent" / "report.html"));
}

TEST(Report, MissingChartLibrariesAreNamedClearly) {
  TempDir tmp;
  const char* previous = std::getenv("EHSIM_VIZ_DIR");
  const std::string saved = previous == nullptr ? "" : previous;
  ::setenv("EHSIM_VIZ_DIR", tmp.path().c_str(), 1);
  try {
    ehsim::viz::render_html_report(kComparison);
    ADD_FAILURE() << "expected MissingAssets";
  } catch (const ehsim::viz::MissingAssets& e) {
    EXPECT_NE(std::string(e.what()).find("setup.sh"), std::string::npos) << e.what();
  }
  if (previous == nullptr) {
    ::unsetenv("EHSIM_VIZ_DIR");
  } else {
    ::setenv("EHSIM_VIZ_DIR", saved.c_str(), 1);
  }
}

TEST(ReportTemplate, FillsEscapesAndDropsNotes) {
  using ehsim::viz::fill_template;
  EXPECT_EQ(fill_template("t", "{{! a note for editors }}\n<p title=\"{{a}}\">{{{b}}}</p>\n",
                          {{"a", "x<\"y\">"}, {"b", "<b>&amp;</b>"}}),
            "<p title=\"x&lt;&quot;y&quot;&gt;\"><b>&amp;</b></p>\n");
  EXPECT_EQ(fill_template("t", "no tags { } }}", {}), "no tags { } }}");
  // Values are not read as templates themselves.
  EXPECT_EQ(fill_template("t", "{{{a}}}", {{"a", "{{b}}"}}), "{{b}}");
}

TEST(ReportTemplate, AMismatchWithTheCodeIsAnError) {
  using ehsim::viz::fill_template;
  using ehsim::viz::TemplateError;
  EXPECT_THROW(fill_template("t", "{{missing}}", {}), TemplateError);
  EXPECT_THROW(fill_template("t", "plain", {{"unused", "x"}}), TemplateError);
  EXPECT_THROW(fill_template("t", "{{open", {}), TemplateError);
  EXPECT_THROW(fill_template("t", "{{{open}}", {{"open", "x"}}), TemplateError);
}

// The build embeds each file of viz/assets/ byte for byte (non-ASCII text included).
TEST(ReportAssets, EmbeddedBytesEqualTheFiles) {
  namespace assets = ehsim::viz::assets;
  const fs::path dir = fs::path(EHSIM_SOURCE_DIR) / "viz" / "assets";
  const std::vector<std::pair<const char*, std::string_view>> embedded = {
      {"report.css", assets::report_css},
      {"print.css", assets::print_css},
      {"trap.js", assets::trap_js},
      {"report.js", assets::report_js},
      {"page.html", assets::page_html},
      {"section.html", assets::section_html},
      {"chart.html", assets::chart_html},
      {"pathway.html", assets::pathway_html},
      {"pathway-part.html", assets::pathway_part_html},
      {"headline-table.html", assets::headline_table_html},
      {"staffing-table.html", assets::staffing_table_html},
      {"changes-table.html", assets::changes_table_html},
      {"sourced-table.html", assets::sourced_table_html},
      {"run-details.html", assets::run_details_html},
      {"uncertainty.html", assets::uncertainty_html},
      {"uncertainty-alternative.html", assets::uncertainty_alternative_html},
      {"uncertainty-table.html", assets::uncertainty_table_html},
      {"switching-table.html", assets::switching_table_html},
      {"uncertain-numbers.html", assets::uncertain_numbers_html},
      {"value-of-information.html", assets::value_of_information_html},
      {"goal-seek-curve.html", assets::goal_seek_curve_html},
      {"goal-seek-method.html", assets::goal_seek_method_html}};
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) files += entry.is_regular_file() ? 1 : 0;
  EXPECT_EQ(files, embedded.size()) << "a file in viz/assets/ is not embedded (viz/CMakeLists.txt)";
  for (const auto& [name, bytes] : embedded) {
    EXPECT_EQ(std::string(bytes), read(dir / name)) << name;
    // A style sheet or script is inlined into <style> or <script>: it must not end it early.
    if (!std::string_view(name).ends_with(".html")) {
      EXPECT_EQ(bytes.find("</"), std::string_view::npos) << name;
    }
  }
}

TEST(ReportLabels, IdsBecomeLabelsAReaderCanRead) {
  using ehsim::viz::human_label;
  using ehsim::viz::KnownLabels;
  EXPECT_EQ(human_label("childrens_social_care"), "Children's social care");
  EXPECT_EQ(human_label("dwp"), "DWP");
  EXPECT_EQ(human_label("nhs"), "NHS");
  EXPECT_EQ(human_label("council"), "Council");
  EXPECT_EQ(human_label("neet_economic_inactivity"), "NEET economic inactivity");
  EXPECT_EQ(human_label("locality_01"), "Locality 01");
  EXPECT_EQ(human_label("locality_teams@locality_01"), "Locality teams — Locality 01");
  // Text that is already a label is left alone.
  EXPECT_EQ(human_label("Children's social care and looked-after children"),
            "Children's social care and looked-after children");
  EXPECT_EQ(human_label("DWP"), "DWP");
  // The scenario's own labels come first.
  KnownLabels known;
  known.services["locality_teams"] = "Locality teams (14)";
  known.localities["locality_01"] = "Locality team area 1";
  known.states["child_in_need"] = "Child in need plan";
  EXPECT_EQ(human_label("locality_teams@locality_01", known),
            "Locality teams (14) — Locality team area 1");
  EXPECT_EQ(human_label("locality_teams@locality_02", known), "Locality teams (14) — Locality 02");
  EXPECT_EQ(human_label("locality_teams", known), "Locality teams (14)");
  EXPECT_EQ(human_label("child_in_need", known), "Child in need plan");
}

TEST(ReportLabels, ChartsShowLabelsNotIds) {
  using namespace ehsim::viz;
  ResultsInput input;
  input.comparison = json::object();  // a comparison, read into input.results
  input.results.baseline.name = "Base";
  ehsim::AlternativeResults alt;
  alt.scenario.name = "Alt";
  for (const auto& [payer, pounds] :
       {std::pair{"dwp", 1e6}, std::pair{"childrens_social_care", 2e6}}) {
    ehsim::PayerAvoided avoided;
    avoided.payer = payer;
    avoided.cost_avoided.mean = avoided.cost_avoided.p05 = avoided.cost_avoided.p50 =
        avoided.cost_avoided.p95 = pounds;
    alt.by_payer.push_back(avoided);
  }
  input.results.alternatives.push_back(alt);
  ScenarioResults base;
  base.name = "Base";
  base.summary.emplace().services_over_horizon["locality_teams"].label = "Teams";
  base.series.push_back({"financial_year", "2018/19", "service_mean_wait_days",
                         "locality_teams@locality_01", "days", 10, 8, 10, 12});
  input.scenarios.push_back(base);
  KnownLabels labels;
  add_result_labels(input, labels);
  const auto payer = payer_chart(input, labels);
  ASSERT_TRUE(payer);
  const std::string payer_data = payer->spec["data"].dump();
  EXPECT_NE(payer_data.find("\"DWP\""), std::string::npos) << payer_data;
  EXPECT_NE(payer_data.find("\"Children's social care\""), std::string::npos) << payer_data;
  EXPECT_EQ(payer_data.find("childrens_social_care"), std::string::npos) << payer_data;
  const auto waits = waits_charts(input, labels);
  ASSERT_EQ(waits.size(), 1u);
  EXPECT_EQ(waits[0].spec["data"]["values"][0]["service"], "Teams — Locality 01");
}

TEST(ReportLabels, ManyServicesAreSplitIntoChartsThatFitAPage) {
  using namespace ehsim::viz;
  ResultsInput input;
  ScenarioResults base;
  base.name = "Base";
  for (int i = 1; i <= 17; ++i) {
    base.series.push_back({"financial_year", "2018/19", "service_mean_wait_days",
                           fmt::format("teams@locality_{:02}", i), "days", 10, 8, 10, 12});
  }
  input.scenarios.push_back(base);
  const auto waits = waits_charts(input, {});
  ASSERT_EQ(waits.size(), 2u);
  EXPECT_EQ(waits[0].id, "chart-waits");
  EXPECT_EQ(waits[1].id, "chart-waits-2");
  EXPECT_EQ(waits[0].spec["data"]["values"].size(), 9u);
  EXPECT_EQ(waits[1].spec["data"]["values"].size(), 8u);
  EXPECT_NE(waits[1].title.find("services 10–17 of 17"), std::string::npos) << waits[1].title;
}

TEST(Report, PathwayPrintsInPartsOfALandscapePage) {
  if (!ehsim::viz::find_program("dot")) GTEST_SKIP() << "Graphviz is not installed";
  const std::string html = ehsim::viz::render_html_report(kComparison);
  // The drawing is shown again, in parts, for print; the screen drawing is the one with the id.
  EXPECT_NE(html.find("<g id=\"pathway-graph\""), std::string::npos);
  EXPECT_EQ(html.find("id=\"graph0\""), std::string::npos);
  std::size_t parts = 0;
  for (auto at = html.find("class=\"pathway-part\""); at != std::string::npos;
       at = html.find("class=\"pathway-part\"", at + 1)) {
    ++parts;
  }
  // The fixture's pathway (the shipped Hertfordshire scenario's) is wider than a landscape page.
  EXPECT_GE(parts, 2u) << "a pathway wider than a landscape page prints in two or more parts";
  EXPECT_NE(html.find("<use href=\"#pathway-graph\"/>"), std::string::npos);
  EXPECT_NE(html.find("@page pathway { size: A4 landscape;"), std::string::npos);
}

// The results under `results` are refused: rendering throws an InputError whose message holds
// `expected` (the file, the JSON pointer and what is wrong), and, with `command`, `ehsim report`
// exits 2. Either way no report is written.
void expect_report_refused(const fs::path& results, const std::string& expected,
                           bool command = true) {
  try {
    ehsim::viz::render_html_report(results);
    ADD_FAILURE() << "expected an InputError";
  } catch (const ehsim::InputError& e) {
    const std::string message = e.diagnostics().format();
    EXPECT_NE(message.find(expected), std::string::npos) << message;
  }
  if (command) {
    const std::string line =
        fmt::format("'{}' report '{}' > /dev/null 2>&1", EHSIM_BINARY, results.string());
    const int status = std::system(line.c_str());
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 2);
  }
  EXPECT_FALSE(fs::exists(results / "report.html"));
}

// A copy of the fixture's results directory, and one of its JSON files (by its path within the
// results) as it was, to change and write back.
struct FixtureFile {
  FixtureFile(const TempDir& tmp, const fs::path& relative)
      : results(tmp.path() / "results"), file(results / relative) {
    fs::copy(kComparison, results, fs::copy_options::recursive);
    std::ifstream(file) >> original;
  }
  void write(const json& changed) const { std::ofstream(file) << changed.dump(2); }
  fs::path results, file;
  json original;
};

// Results from another schema version are refused, not half understood: exit code 2 naming the
// file and the version, and no report written.
TEST(Report, ResultsOfAnotherSchemaVersionAreRefused) {
  TempDir tmp;
  const FixtureFile comparison(tmp, "comparison.json");
  json changed = comparison.original;
  changed["schema_version"] = 2;
  comparison.write(changed);
  expect_report_refused(comparison.results, "comparison.json: /schema_version: is 2");
}

// comparison.json is read into typed results once: a figure the report relies on that is missing
// (or of the wrong type) is refused, naming the file and its JSON pointer, and the program exits 2
// without writing a report.
TEST(Report, AComparisonMissingAFigureIsRefusedNamingItsPointer) {
  TempDir tmp;
  const FixtureFile comparison(tmp, "comparison.json");
  json changed = comparison.original;
  changed["alternatives"][0]["headline"].erase("net_saving_npv");
  comparison.write(changed);
  expect_report_refused(comparison.results,
                        "comparison.json: /alternatives/0/headline/net_saving_npv: is missing");

  // A figure of the wrong type, deeper down.
  changed = comparison.original;
  changed["alternatives"][0]["by_year"][1]["cost_avoided"]["p50"] = "a lot";
  comparison.write(changed);
  expect_report_refused(comparison.results,
                        "comparison.json: /alternatives/0/by_year/1/cost_avoided/p50: expected a "
                        "number, found \"a lot\"",
                        false);
}

// comparison.json's per_scenario costs and staffing are typed as well.
TEST(Report, AComparisonMissingACostOrStaffingFigureIsRefusedNamingItsPointer) {
  TempDir tmp;
  const FixtureFile comparison(tmp, "comparison.json");
  json changed = comparison.original;
  changed["per_scenario"][1]["early_help_cost_by_year"][0].erase("total");
  comparison.write(changed);
  expect_report_refused(comparison.results,
                        "comparison.json: /per_scenario/1/early_help_cost_by_year/0/total: is "
                        "missing");

  changed = comparison.original;
  changed["alternatives"][0]["staffing"][0]["label"] = nullptr;
  comparison.write(changed);
  expect_report_refused(comparison.results,
                        "comparison.json: /alternatives/0/staffing/0/label: expected a string, "
                        "found null",
                        false);
}

// summary.json and manifest.json are read into typed results too (RunSummary, RunManifest): a
// scenario's figure that is missing or of the wrong type is refused, naming the file and its JSON
// pointer, whether the run is reported alone or as part of a comparison; the program exits 2 and
// writes no report.
TEST(Report, ASummaryMissingAFigureIsRefusedNamingItsPointer) {
  TempDir tmp;
  const FixtureFile summary(tmp, "scenarios/baseline/summary.json");
  const fs::path run = summary.file.parent_path();
  json changed = summary.original;
  changed["by_financial_year"][2].erase("looked_after_at_31_march");
  summary.write(changed);
  const std::string expected =
      "summary.json: /by_financial_year/2/looked_after_at_31_march: is missing";
  expect_report_refused(run, expected);              // the run alone
  expect_report_refused(summary.results, expected);  // the comparison holding it

  changed = summary.original;
  const std::string service = changed["services_over_horizon"].begin().key();
  changed["services_over_horizon"][service]["waiting_standard_days"] = "four weeks";
  summary.write(changed);
  expect_report_refused(run,
                        "summary.json: /services_over_horizon/" + service +
                            "/waiting_standard_days: expected a number, found \"four weeks\"",
                        false);

  // manifest.json too: how the run was made.
  summary.write(summary.original);
  const fs::path manifest_file = run / "manifest.json";
  json manifest;
  std::ifstream(manifest_file) >> manifest;
  manifest["seed"] = "twenty";
  std::ofstream(manifest_file) << manifest.dump(2);
  expect_report_refused(run,
                        "manifest.json: /seed: expected a whole number of at least 0, found "
                        "\"twenty\"",
                        false);
}

// A results file with no schema version (hand-made, or from an ehsim older than the versioned
// outputs) is refused in the same way, naming the file and the missing field.
TEST(Report, ResultsWithoutASchemaVersionAreRefused) {
  TempDir tmp;
  const FixtureFile summary(tmp, "scenarios/baseline/summary.json");
  json changed = summary.original;
  changed.erase("schema_version");
  summary.write(changed);
  expect_report_refused(summary.results, "summary.json: /schema_version: is missing", false);
}

// `ehsim compare --psa --one-way` adds "How sure are we?": each figure equals comparison.json's.
TEST(ReportUncertainty, SectionStatesThePsaAgainstChanceAlone) {
  TempDir tmp;
  const fs::path results = fixture_copy(tmp.path(), true);
  const std::string html = ehsim::viz::render_html_report(results);
  for (const char* id : {"id=\"uncertainty\"", "id=\"chart-tornado\"", "id=\"chart-acceptability\"",
                         "href=\"#uncertainty\""})
    EXPECT_NE(html.find(id), std::string::npos) << id;
  const auto section = html.find("<section id=\"uncertainty\"");
  ASSERT_NE(section, std::string::npos);
  const std::string text =
      page_text(html.substr(section, html.find("</section>", section) - section));
  const json c = json::parse(read(results / "comparison.json"));
  const json& u = c["uncertainty"];
  const json& psa = u["psa"]["alternatives"][0];
  const json& headline = c["alternatives"][0]["headline"];
  const std::vector<std::string> expected = {
      fmt::format("Allowing for uncertainty in {} numbers (unit costs, effect sizes and appraisal "
                  "adjustments) and the calibration's plausible set",
                  u["uncertain_numbers"].size()),
      fmt::format("the NPV is {} (90% range {}); chance alone gives {}.",
                  money(psa["npv"]["p50"].get<double>()), money_range(psa["npv"]),
                  money_range(headline["net_saving_npv"])),
      fmt::format("The NPV is positive in {:.0f}% of runs; {:.0f}% of its variance comes from what "
                  "we do not know about the numbers rather than from chance.",
                  psa["probability_npv_positive"].get<double>() * 100,
                  psa["npv_variance_share_from_parameters"].get<double>() * 100),
      fmt::format("at least {} in 2027/28 is {:.0f}%", money(c["target"].get<double>()),
                  psa["probability_target_met_by_year"].back().get<double>() * 100),
      // The number the case rests on, and where it would turn the NPV.
      fmt::format("The case rests most on Additional need, not yet identified → Single-agency "
                  "early help (rate a year): moved alone across its 90% range (0.563–0.837) it "
                  "takes the NPV from {} to {}. The NPV would turn negative if it were below 0.58 "
                  "(central value 0.7), which is within its 90% range: the case could plausibly "
                  "turn on it.",
                  money(u["one_way"]["tornado"][0]["npv_low"][0].get<double>()),
                  money(u["one_way"]["tornado"][0]["npv_high"][0].get<double>())),
      // The acceptability curve's caption gives the chance at £1.
      "At £1 (dashed) it is the chance the NPV is positive (93%)",
      // The table: allowing for the numbers, then chance alone.
      fmt::format("Net saving {} {} {} {}", money(psa["net_saving"]["p50"].get<double>()),
                  money_range(psa["net_saving"]),
                  money(headline["net_saving"]["p50"].get<double>()),
                  money_range(headline["net_saving"])),
      fmt::format("Return per £1 to the public purse £{:.2f} £{:.2f}–£{:.2f}",
                  psa["fiscal_return_per_pound"]["p50"].get<double>(),
                  psa["fiscal_return_per_pound"]["p05"].get<double>(),
                  psa["fiscal_return_per_pound"]["p95"].get<double>()),
      "200 parameter sets × 10 replications each (2000 runs)",
      // Switching values: one within its 90% range, said in words; one outside; one not found.
      "Additional need, not yet identified → Single-agency early help (rate a year) 0.7 "
      "0.563–0.837 0.58 Within its 90% range: could plausibly turn the case negative",
      "Children's homes and other placements (unit cost) 810 540–1,620 395 outside its 90% range",
      "Foster care placements (unit cost) 472 380–580 Not within the plausible range: the NPV "
      "stays positive",
      // The uncertain numbers with their basis.
      "Optimism bias /economics/optimism_bias 0.1 Uniform 0.0125–0.237 assumption no "
      "Hertfordshire evidence on cost overruns",
      "Lognormal 62.5–250 Frijters and Krekel (2021)",
  };
  for (const auto& e : expected)
    EXPECT_NE(text.find(e), std::string::npos) << "missing \"" << e << "\" in:\n" << text;
  // The run details name the PSA's settings and the plausible set.
  const std::string all = page_text(html);
  EXPECT_NE(all.find("Uncertainty analysis (PSA) 200 parameter sets × 10 replications each"),
            std::string::npos);
  EXPECT_NE(all.find("Calibration's plausible set " + u["psa"]["plausible_set"].get<std::string>()),
            std::string::npos);
}

// The value of information in a sentence and a table; the target's switching values beside the
// NPV's; where another option would be preferred. Each as tests/report/data/uncertainty.json has
// it.
TEST(ReportUncertainty, ValueOfInformationAndEachQuestionsSwitchingValues) {
  TempDir tmp;
  const fs::path results = fixture_copy(tmp.path(), true);
  const std::string html = ehsim::viz::render_html_report(results);
  const auto section = html.find("<section id=\"uncertainty\"");
  ASSERT_NE(section, std::string::npos);
  const std::string text =
      page_text(html.substr(section, html.find("</section>", section) - section));
  const json c = json::parse(read(results / "comparison.json"));
  const std::string alternative = c["alternatives"][0]["name"];
  const std::string baseline = c["baseline"]["name"];
  const std::string identified =
      "Additional need, not yet identified → Single-agency early help (rate a year)";
  const std::vector<std::string> expected = {
      "What it would take to turn the NPV negative or miss the target: " + alternative,
      "and the value at which the mean would fall short of a net cashable saving of £5.0m in "
      "2027/28.",
      identified + " could plausibly miss the target on its own.",
      // The NPV's column (a file's entry without a "criterion"), then the target's.
      identified +
          " 0.7 0.563–0.837 0.58 Within its 90% range: could plausibly turn the case negative 0.61 "
          "Within its 90% range: could plausibly miss the target",
      "Not within the plausible range: the NPV stays positive from the 0.1st to the 99.9th "
      "percentile (300.4 to 748.6) Not within the plausible range: the mean net cashable saving "
      "in 2027/28 stays above the target",
      // A number searched for the NPV only has no target cell.
      "395 outside its 90% range —",
      // The preferred option.
      "What it would take to change the preferred option",
      "At the central values " + alternative + " has the highest NPV of the options",
      identified +
          " 0.7 0.563–0.837 0.58 Within its 90% range: could plausibly change the choice " +
          baseline + " overtakes it below",
      // The value of information: the sentence, then the table, largest first.
      "On what is known now the best choice is " + alternative +
          ". Perfect information on all 10 uncertain numbers would be worth up to £8.6m to this "
          "decision; the evidence most worth buying first is on " +
          identified +
          " (up to £2.6m), then Children's homes and other placements (unit cost) "
          "(£2.3m).",
      "Every uncertain number (EVPI) £8.6m " + identified + " £2.6m",
      "Foster care placements (unit cost) £400k Optimism bias £0",
  };
  for (const auto& e : expected)
    EXPECT_NE(text.find(e), std::string::npos) << "missing \"" << e << "\" in:\n" << text;
  EXPECT_LT(text.find("What better evidence would be worth"), text.find("The uncertain numbers"));

  // When every parameter set makes the same choice, no evidence is worth buying: the sentence
  // says so and the table holds the EVPI alone.
  json nothing_to_learn = c;
  auto& voi = nothing_to_learn["uncertainty"]["psa"]["value_of_information"];
  voi["evpi"] = 0.0;
  for (auto& e : voi["evppi"]) e["evppi"] = 0.0;
  std::ofstream(results / "comparison.json") << nothing_to_learn.dump(2);
  const std::string none = page_text(ehsim::viz::render_html_report(results));
  EXPECT_NE(none.find("It is the best in every parameter set, so no evidence on these numbers "
                      "would change the decision, only the size of the saving: the value of "
                      "information is £0. Known for certain Worth to this decision, up to Every "
                      "uncertain number (EVPI) £0 The decision is"),
            std::string::npos)
      << none;
}

TEST(ReportUncertainty, WithoutTheAnalysisTheSectionIsAbsent) {
  TempDir tmp;
  const std::string html = ehsim::viz::render_html_report(fixture_copy(tmp.path(), false));
  for (const char* absent :
       {"id=\"uncertainty\"", "How sure are we?", "chart-tornado", "chart-acceptability",
        "Uncertainty analysis (PSA)", "What better evidence would be worth", "preferred option"}) {
    EXPECT_EQ(html.find(absent), std::string::npos) << absent;
  }
  EXPECT_NE(html.find("id=\"costs\""), std::string::npos);
}

// The tornado keeps the ten bars that swing the NPV most, largest first, by the numbers' labels.
TEST(ReportUncertainty, TornadoShowsTheTenLargestSwingsByLabel) {
  using namespace ehsim::viz;
  ResultsInput input;
  input.comparison = {
      {"alternatives", {{{"name", "Alt"}, {"slug", "alt"}}}},
      {"uncertainty", {{"one_way", {{"central_npv", {1e6}}, {"tornado", json::array()}}}}}};
  std::map<std::string, std::string> labels;
  for (int i = 1; i <= 12; ++i) {
    const std::string pointer = fmt::format("/economics/cost_items/item_{}/amount", i);
    labels[pointer] = fmt::format("Item {}", i);
    input.comparison["uncertainty"]["one_way"]["tornado"].push_back(
        {{"pointer", pointer},
         {"low_value", 1},
         {"high_value", 2},
         {"central_value", 1.5},
         {"npv_low", {1e6 - i * 5e4}},
         {"npv_high", {1e6 + i * 1e4}}});
  }
  const auto chart = tornado_chart(input, 0, labels);
  ASSERT_TRUE(chart);
  EXPECT_EQ(chart->id, "chart-tornado");
  const json& rows = chart->spec["data"]["values"];
  ASSERT_EQ(rows.size(), 20u);  // ten numbers, each at its 5th and its 95th percentile
  EXPECT_EQ(rows[0]["number"], "Item 12");
  EXPECT_EQ(rows[0]["order"], 0);
  EXPECT_EQ(rows[19]["number"], "Item 3");
  // The NPV falls below zero for none of them, so there is no zero line; when one does, there is.
  EXPECT_EQ(chart->spec["layer"].size(), 2u);
  input.comparison["uncertainty"]["one_way"]["tornado"][11]["npv_low"] = {-2e5};
  EXPECT_EQ(tornado_chart(input, 0, labels)->spec["layer"].size(), 3u);
  EXPECT_FALSE(tornado_chart(input, 1, labels)) << "no such alternative";
}

TEST(ReportLabels, UncertainNumbersAreNamedByWhatTheyAre) {
  using ehsim::viz::KnownLabels;
  using ehsim::viz::number_label;
  const json doc = json::parse(R"json({
    "economics": {"optimism_bias": {"value": 0.1},
                  "cost_items": {"foster": {"label": "Foster care", "amount": {"value": 470}},
                                 "wellbeing": {"label": "Lost wellbeing (social value)",
                                               "amount": {"value": 125}}}},
    "pathway": {"transitions": {"identified": {"from": "hidden", "to": "key_work",
                                               "rate_per_year": {"value": 0.5}},
                                "key_work_step_up": {"from": "key_work", "rate_per_year": 0.3,
                                                     "outcomes": []}}},
    "services": {"teams": {"label": "Key workers", "budget_per_year": {"value": 1}}}})json");
  KnownLabels known;
  known.states["hidden"] = "Need not yet identified";
  EXPECT_EQ(number_label("/economics/cost_items/foster/amount", doc), "Foster care (unit cost)");
  EXPECT_EQ(number_label("/economics/cost_items/wellbeing/amount", doc),
            "Lost wellbeing (social value), unit cost");
  EXPECT_EQ(number_label("/pathway/transitions/identified/rate_per_year", doc, known),
            "Need not yet identified → Key work (rate a year)");
  // A transition with outcomes (no single "to"): the state it leaves and its own id.
  EXPECT_EQ(number_label("/pathway/transitions/key_work_step_up/rate_per_year", doc, known),
            "Key work: key work step up (rate a year)");
  EXPECT_EQ(number_label("/services/teams/budget_per_year", doc), "Key workers (budget per year)");
  EXPECT_EQ(number_label("/economics/optimism_bias", doc), "Optimism bias");
  // Not in the document, or with nothing to name it by: the pointer itself.
  EXPECT_EQ(number_label("/economics/cost_items/absent/amount", doc),
            "/economics/cost_items/absent/amount");
  EXPECT_EQ(number_label("/economics/optimism_bias", json()), "/economics/optimism_bias");
}

namespace {

// goal-seek.json as `ehsim goal-seek` writes it (tests/report/data/goal-seek, hand-made): three
// budgets on the grid, one narrowing the answer and the alternative's own.
const fs::path kGoalSeek = kData / "goal-seek";

json goal_seek_fixture() {
  return json::parse(read(kGoalSeek / "goal-seek.json"));
}

}  // namespace

// goal-seek's page holds goal-seek.json's figures: the answer, every point of the curve in the
// chart and the table (the answer's marked), the question's settings.
TEST(GoalSeekPage, ShowsGoalSeekJsonsCurveAsAChartAndATable) {
  const json g = goal_seek_fixture();
  const std::string html = ehsim::viz::goal_seek_report_html(g, "out/goal-seek", {});
  const std::string text = page_text(html);
  for (const std::string expected :
       {"Hertfordshire: how much to invest in Families First key workers?",
        "An extra £460k a year on Families First key workers (budget £610k) gives an 80% chance "
        "that Hertfordshire's net cashable saving reaches £0 a year by 2022/23; probability at the "
        "funded level: 35%. Every number is held at its central value",
        "The chance of reaching the target, budget by budget", "£150k £0 10% −£200k on the grid",
        "£610k £460k 85% £120k narrowing the answer the answer",
        "£300k £150k 35% −£50k the alternative's own budget", "Chance required 80%",
        "Replications per budget 20", "Random seed 7"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << "missing \"" << expected << "\" in:\n"
                                                      << text;
  }
  const std::regex specs(R"re(<script id="chart-specs" type="application/json">(.*?)</script>)re");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(html, m, specs));
  const json chart = json::parse(m[1].str())["chart-goal-seek"];
  const json& rows = chart["layer"][0]["data"]["values"];
  ASSERT_EQ(rows.size(), g["curve"].size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_DOUBLE_EQ(rows[i]["budget"].get<double>(),
                     g["curve"][i]["budget_per_year"].get<double>() / 1e6);
    EXPECT_EQ(rows[i]["probability"], g["curve"][i]["probability"]);
  }
  EXPECT_EQ(chart["layer"][1]["encoding"]["y"]["datum"], 0.8) << "the chance required";
  EXPECT_EQ(chart["layer"][2]["encoding"]["x"]["datum"], 0.3) << "the funded budget, £m";
  EXPECT_EQ(html.find("How sure are we?"), std::string::npos);
}

// `ehsim report` writes goal-seek's page for a goal-seek directory (and only for one), and
// refuses a goal-seek.json without its curve, naming the file and the member.
TEST(GoalSeekPage, ReportWritesItForAGoalSeekDirectoryOnly) {
  TempDir tmp;
  const fs::path dir = tmp.path() / "goal-seek";
  fs::create_directories(dir);
  json g = goal_seek_fixture();
  std::ofstream(dir / "goal-seek.json") << g.dump(2);
  EXPECT_TRUE(ehsim::viz::is_goal_seek_directory(dir));
  EXPECT_FALSE(ehsim::viz::is_goal_seek_directory(kComparison));
  const std::string line =
      fmt::format("'{}' report '{}' > /dev/null 2>&1", EHSIM_BINARY, dir.string());
  int status = std::system(line.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  EXPECT_NE(read(dir / "report.html").find("id=\"chart-goal-seek\""), std::string::npos);
  fs::remove(dir / "report.html");
  g.erase("curve");
  std::ofstream(dir / "goal-seek.json") << g.dump(2);
  status = std::system(line.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2);
  EXPECT_FALSE(fs::exists(dir / "report.html"));
  try {
    ehsim::viz::goal_seek_report_html(g, dir.string(), {});
    ADD_FAILURE() << "expected an InputError";
  } catch (const ehsim::InputError& e) {
    const std::string message = e.diagnostics().format();
    EXPECT_NE(message.find("goal-seek.json: /curve: is missing"), std::string::npos) << message;
  }
}
