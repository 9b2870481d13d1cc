#include "goal_seek_report.hpp"

#include <cctype>

#include <fmt/format.h>

#include "assets.hpp"
#include "charts.hpp"
#include "core/diagnostics.hpp"
#include "core/files.hpp"
#include "core/json_reading.hpp"
#include "format.hpp"
#include "page.hpp"
#include "results.hpp"
#include "template.hpp"

namespace ehsim::viz {
namespace fs = std::filesystem;
using nlohmann::json;
using namespace json_reading;

namespace {

constexpr const char* kFile = "goal-seek.json";

// The members the page cannot do without; InputError naming the file and the first missing one.
void check_shape(const json& g, const std::string& file) {
  const auto refuse = [&](const std::string& pointer, const std::string& expected) {
    Diagnostics diags;
    diags.add(file, pointer,
              "is missing or not " + expected + "; ehsim goal-seek writes it: run it again");
    throw InputError(std::move(diags));
  };
  if (!member(g, "settings").is_object()) refuse("/settings", "an object");
  if (!member(g, "curve").is_array() || member(g, "curve").empty())
    refuse("/curve", "a list of evaluations");
  if (!member(g, "answer").is_object()) refuse("/answer", "an object");
  for (std::size_t i = 0; i < g.at("curve").size(); ++i) {
    for (const char* key : {"budget_per_year", "extra_investment_per_year", "probability",
                            "mean_net_cashable_saving"}) {
      if (!member(g.at("curve")[i], key).is_number())
        refuse(fmt::format("/curve/{}/{}", i, key), "a number");
    }
  }
}

double number_of(const json& j, const char* key) {
  const json& v = member(j, key);
  return v.is_number() ? v.get<double>() : 0.0;
}

std::string point_words(const std::string& kind) {
  if (kind == "grid") return "on the grid";
  if (kind == "refinement") return "narrowing the answer";
  if (kind == "funded") return "the alternative's own budget";
  return kind;
}

// A row per evaluation, the answer's marked.
std::string curve_rows(const json& g) {
  const json& answer = member(member(g, "answer"), "budget");
  std::string rows;
  for (const auto& p : g.at("curve")) {
    const bool is_answer = answer.is_object() &&
                           number_of(answer, "budget_per_year") == number_of(p, "budget_per_year");
    rows += fmt::format(
        "<tr{}><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td></tr>\n",
        is_answer ? " class=\"answer\"" : "",
        html_escape(format_money(number_of(p, "budget_per_year"))),
        html_escape(format_money(number_of(p, "extra_investment_per_year"))),
        html_escape(format_percent(number_of(p, "probability"))),
        html_escape(format_money(number_of(p, "mean_net_cashable_saving"))),
        html_escape(point_words(text_of(p, "kind"))),
        is_answer ? " <span class=\"tag\">the answer</span>" : "");
  }
  return rows;
}

std::string curve_note(const json& settings) {
  return fmt::format(
      "Each row compares the alternative at that budget with the baseline over the same {} "
      "simulated futures (common random numbers, seed {}). The chance is the share of them whose "
      "net cashable saving in {} is at least {}: the families' luck, with every unit cost, effect "
      "and rate at its central value (ehsim compare --psa adds what we do not know about them). "
      "The chance need not rise with the budget: once the service has room for every family it "
      "would take, more budget only costs more.",
      member(settings, "replications").dump(), member(settings, "seed").dump(),
      text_of(settings, "financial_year"),
      format_money(number_of(settings, "target_net_cashable_saving")));
}

// The question and the search's settings, a row each.
std::string method_rows(const json& g) {
  const json& s = g.at("settings");
  const json& answer = g.at("answer");
  std::string rows;
  const auto row = [&](const std::string& k, const std::string& v) {
    if (!v.empty())
      rows += fmt::format("<tr><th scope=\"row\">{}</th><td>{}</td></tr>\n", html_escape(k),
                          html_escape(v));
  };
  row("Alternative", text_of(s, "alternative"));
  row("Service whose budget is searched",
      fmt::format("{} ({})", text_of(s, "service_label"), text_of(s, "pointer")));
  row("Target: net cashable saving a year",
      format_money(number_of(s, "target_net_cashable_saving")));
  row("In the financial year", text_of(s, "financial_year"));
  row("Chance required", format_percent(number_of(s, "probability")));
  row("Budgets searched",
      fmt::format("{} to {} a year, {} on the grid", format_money(number_of(s, "low")),
                  format_money(number_of(s, "high")), member(s, "grid_points").dump()));
  row("The baseline's budget for the service", format_money(number_of(s, "baseline_budget")));
  row("The alternative's own budget", format_money(number_of(s, "funded_budget")));
  row("Replications per budget", member(s, "replications").dump());
  row("Random seed", member(s, "seed").dump());
  row("Bisection stopped within", format_money(number_of(answer, "tolerance")));
  row("Simulations of the alternative", member(g, "evaluations").dump());
  row("ehsim version", text_of(g, "ehsim_version"));
  row("Git commit", text_of(g, "git_commit"));
  return rows;
}

std::string title_of(const json& settings) {
  const std::string council = text_of(settings, "council");
  const std::string question =
      fmt::format("how much to invest in {}?", text_of(settings, "service_label"));
  if (!council.empty()) return council + ": " + question;
  return static_cast<char>(std::toupper(static_cast<unsigned char>(question[0]))) +
         question.substr(1);
}

}  // namespace

bool is_goal_seek_directory(const fs::path& dir) {
  std::error_code ec;
  return fs::exists(dir / kFile, ec) && !fs::exists(dir / "comparison.json", ec) &&
         !fs::exists(dir / "summary.json", ec);
}

std::string goal_seek_report_html(const json& goal_seek, const std::string& results_dir,
                                  const ChartLibraries& libs) {
  check_shape(goal_seek, (fs::path(results_dir) / kFile).string());
  const json& settings = goal_seek.at("settings");
  Page page;
  Figures figures;
  figures.add(goal_seek_chart(goal_seek));
  add_section(page, "curve", "How the chance moves with the budget",
              figures.html + fill_template("goal-seek-curve.html", assets::goal_seek_curve_html,
                                           {{"year", text_of(settings, "financial_year")},
                                            {"rows", curve_rows(goal_seek)},
                                            {"note", curve_note(settings)}}));
  for (auto& c : figures.charts) page.charts.push_back(std::move(c));
  add_section(
      page, "method", "How it was found",
      fill_template("goal-seek-method.html", assets::goal_seek_method_html,
                    {{"rows", method_rows(goal_seek)}, {"method", text_of(goal_seek, "method")}}));
  const std::string summary =
      text_of(member(goal_seek, "answer"), "sentence") +
      ". Every number is held at its central value: the chance is the families' luck alone, not "
      "what we do not know about the numbers (ehsim compare --psa).";
  return render_page(
      page,
      {title_of(settings),
       fmt::format("Goal-seek on {}: the chance of reaching a savings target against the budget. "
                   "Simulated with ehsim.",
                   text_of(settings, "alternative")),
       summary, "", results_dir},
      libs);
}

void write_goal_seek_report(const fs::path& results_dir, const fs::path& out_file) {
  const ChartLibraries libs = load_chart_libraries();
  const json goal_seek = read_results_file(results_dir / kFile);
  const std::string html = goal_seek_report_html(goal_seek, results_dir.string(), libs);
  const fs::path dir = out_file.has_parent_path() ? out_file.parent_path() : fs::path(".");
  write_files_atomically(dir, {{out_file.filename().string(), html}});
}

}  // namespace ehsim::viz
