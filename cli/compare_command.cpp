#include "compare_command.hpp"

#include <cctype>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "core/version.hpp"
#include "economics/assumptions.hpp"
#include "economics/comparison.hpp"
#include "economics/workbook.hpp"
#include "core/files.hpp"
#include "progress.hpp"
#include "run_outputs.hpp"
#include "input/loader.hpp"
#include "subcommand.hpp"
#include "viz/external.hpp"
#include "viz/report.hpp"

namespace ehsim::cli {

using nlohmann::json;

std::string scenario_slug(const std::string& path, const std::vector<std::string>& taken) {
  std::string base;
  for (char c : std::filesystem::path(path).stem().string()) {
    const auto u = static_cast<unsigned char>(c);
    base += std::isalnum(u) ? static_cast<char>(std::tolower(u)) : '-';
  }
  if (base.empty()) base = "scenario";
  std::string slug = base;
  for (int n = 2; std::find(taken.begin(), taken.end(), slug) != taken.end(); ++n) {
    slug = fmt::format("{}-{}", base, n);
  }
  return slug;
}

namespace {

// A loaded scenario with its resolved JSON and compiled model; heap-held because the model
// refers to the scenario.
struct LoadedScenario {
  std::string path, slug;
  LoadResult loaded;
  std::unique_ptr<CompiledModel> model;
  std::unique_ptr<ScenarioResults> results;
  std::vector<std::pair<std::string, std::string>> run_files;
};

// Loads every scenario and checks they can be compared before anything runs, so bad input
// costs no simulation time and writes nothing.
std::vector<std::unique_ptr<LoadedScenario>> load_all(const CompareArgs& args) {
  std::vector<std::string> paths = {args.baseline};
  paths.insert(paths.end(), args.alternatives.begin(), args.alternatives.end());
  std::vector<std::unique_ptr<LoadedScenario>> scenarios;
  std::vector<std::string> slugs;
  Diagnostics problems;
  for (const auto& path : paths) {
    auto s = std::make_unique<LoadedScenario>();
    s->path = path;
    s->slug = scenario_slug(path, slugs);
    slugs.push_back(s->slug);
    s->loaded = load_scenario_file(path);
    problems.append(s->loaded.diagnostics);
    scenarios.push_back(std::move(s));
  }
  if (!problems.empty()) throw InputError(std::move(problems));
  for (auto& s : scenarios) {
    s->model = std::make_unique<CompiledModel>(s->loaded.scenario);
    CostModel check_prices(*s->model);  // throws InputError on a price year without an index
  }
  for (std::size_t i = 1; i < scenarios.size(); ++i) {
    check_comparable(scenarios[0]->loaded.scenario, scenarios[i]->loaded.scenario);
  }
  return scenarios;
}

void simulate(LoadedScenario& s, const CompareArgs& args, const Scenario& baseline, bool quiet) {
  std::atomic<int> completed{0};
  // The baseline's seed and replications for every scenario: common random numbers.
  RunRecord record{
      "compare",
      monte_carlo_options(baseline, args.seed, args.replications, args.threads, &completed),
      utc_now_iso8601(), 0.0};
  const auto start = std::chrono::steady_clock::now();
  std::vector<ReplicationTally> tallies;
  {
    ProgressBar bar(s.loaded.scenario.name, record.options.replications, completed, !quiet);
    tallies = run_monte_carlo(*s.model, record.options);
  }
  record.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto staffing =
      search_staffing(s.loaded.scenario, record.options, args.staffing_replications, quiet);
  s.run_files = run_output_files(*s.model, tallies, record, staffing);
  s.results = std::make_unique<ScenarioResults>(*s.model, std::move(tallies));
}

json identity(const LoadedScenario& s) {
  return {{"name", s.loaded.scenario.name},
          {"path", s.path},
          {"sha256", s.loaded.scenario.resolved_sha256},
          {"slug", s.slug}};
}

json build_comparison(const std::vector<std::unique_ptr<LoadedScenario>>& scenarios,
                      const CompareArgs& args, const MonteCarloOptions& options) {
  const LoadedScenario& base = *scenarios.front();
  const Economics& economics = base.loaded.scenario.economics;
  json c = {{"schema_version", 1},
            {"ehsim_version", version()},
            {"git_commit", git_commit()},
            {"created_utc", utc_now_iso8601()},
            {"seed", options.seed},
            {"replications", options.replications},
            {"threads", options.threads},
            {"price_base_year", economics.price_base_year},
            {"discount_rate", economics.discount_rate},
            {"money", fmt::format("£ at {} prices; differences are alternative minus baseline, "
                                  "replication by replication (common random numbers)",
                                  economics.price_base_year)},
            {"target", args.target ? json(*args.target) : json(nullptr)},
            {"baseline", identity(base)}};
  const ComparisonOptions compare_options{args.target};
  json alternatives = json::array();
  for (std::size_t i = 1; i < scenarios.size(); ++i) {
    const LoadedScenario& alt = *scenarios[i];
    json entry = identity(alt);
    entry.update(compare_scenarios(*base.results, *alt.results, compare_options));
    entry["assumptions_differing"] =
        to_json(differing_assumptions(base.loaded.document.merged, alt.loaded.document.merged));
    alternatives.push_back(entry);
  }
  c["alternatives"] = alternatives;
  json per_scenario = json::array();
  for (const auto& s : scenarios) {
    json entry = {{"name", s->loaded.scenario.name}, {"slug", s->slug}};
    entry.update(scenario_costs(*s->results));
    per_scenario.push_back(entry);
  }
  c["per_scenario"] = per_scenario;
  return c;
}

std::string build_csv(const std::vector<std::unique_ptr<LoadedScenario>>& scenarios) {
  std::string csv = comparison_csv_header();
  for (std::size_t i = 1; i < scenarios.size(); ++i) {
    csv += comparison_csv_rows(scenarios[i]->slug, *scenarios[0]->results, *scenarios[i]->results);
  }
  return csv;
}

void print_headline(const json& comparison, const std::string& out_dir) {
  for (const auto& alt : comparison.at("alternatives")) {
    const json& h = alt.at("headline");
    fmt::print(
        "{}: extra investment £{:.3g}m, cost avoided £{:.3g}m, net saving £{:.3g}m "
        "(NPV £{:.3g}m), median over replications\n",
        alt.at("name").get<std::string>(), h["extra_investment"]["p50"].get<double>() / 1e6,
        h["cost_avoided"]["p50"].get<double>() / 1e6, h["net_saving"]["p50"].get<double>() / 1e6,
        h["net_saving_npv"]["p50"].get<double>() / 1e6);
  }
  fmt::print("wrote {}/comparison.json, comparison.csv, ehsim-comparison.xlsx and scenarios/\n",
             out_dir);
}

// The committee report comes last, from the files just written, so it shows exactly what is on
// disk. The business case is complete without it: missing chart libraries cost a warning and
// exit code 1, not the comparison.
int write_report(const std::filesystem::path& out, bool quiet) {
  try {
    viz::write_html_report(out, out / "report.html");
  } catch (const viz::MissingAssets& e) {
    fmt::print(stderr,
               "ehsim compare: the comparison is written but report.html is not: {}\n"
               "  (once that is fixed: ehsim report {})\n",
               e.what(), out.string());
    return kExitInternal;
  }
  if (!quiet) fmt::print("wrote {}/report.html\n", out.string());
  return kExitOk;
}

}  // namespace

std::optional<double> parse_money(const std::string& text) {
  std::string digits;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, "£") == 0) {
      ++i;  // the pound sign is two bytes in UTF-8
    } else if (text[i] != ',' && text[i] != ' ') {
      digits += text[i];
    }
  }
  double scale = 1;
  if (!digits.empty() && (digits.back() == 'm' || digits.back() == 'M')) scale = 1e6;
  if (!digits.empty() && (digits.back() == 'k' || digits.back() == 'K')) scale = 1e3;
  if (scale != 1) digits.pop_back();
  try {
    std::size_t used = 0;
    const double value = std::stod(digits, &used);
    if (used != digits.size() || !std::isfinite(value)) return std::nullopt;
    return value * scale;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

int compare_command(CompareArgs args) {
  if (!args.target_text.empty()) {
    args.target = parse_money(args.target_text);
    if (!args.target) {
      Diagnostics problems;
      problems.add("command line", "--target",
                   fmt::format("is '{}'; expected an amount of money such as 2000000, £2m or "
                               "500k",
                               args.target_text));
      throw InputError(std::move(problems));
    }
  }
  const auto scenarios = load_all(args);
  const Scenario& baseline = scenarios.front()->loaded.scenario;
  for (auto& s : scenarios) simulate(*s, args, baseline, args.quiet);

  const MonteCarloOptions options =
      monte_carlo_options(baseline, args.seed, args.replications, args.threads, nullptr);
  const json comparison = build_comparison(scenarios, args, options);
  const std::string csv = build_csv(scenarios);
  const std::string workbook = comparison_workbook(comparison);

  // Everything is computed before the first file is written.
  const std::filesystem::path out(args.out_dir);
  for (const auto& s : scenarios) write_files_atomically(out / "scenarios" / s->slug, s->run_files);
  write_files_atomically(out, {{"comparison.json", comparison.dump(2) + "\n"},
                               {"comparison.csv", csv},
                               {"ehsim-comparison.xlsx", workbook}});
  if (!args.quiet) print_headline(comparison, args.out_dir);
  return args.report ? write_report(out, args.quiet) : kExitOk;
}

Subcommand add_compare_command(CLI::App& app) {
  auto args = std::make_shared<CompareArgs>();
  auto* cmd = app.add_subcommand(
      "compare",
      "Compare alternatives with a baseline (common random numbers) and write the business "
      "case: comparison.json, comparison.csv, ehsim-comparison.xlsx and report.html");
  cmd->add_option("baseline", args->baseline, "Baseline scenario file (JSON)")->required();
  cmd->add_option("alternatives", args->alternatives, "Alternative scenario files (JSON)")
      ->required();
  cmd->add_option("--replications,-n", args->replications,
                  "Monte Carlo replications for every scenario (default: the baseline's)")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--seed", args->seed,
                  "Master random seed for every scenario (default: the baseline's)");
  cmd->add_option("--threads,-j", args->threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--target", args->target_text,
                  "Net cashable saving a year to test, £ at the price base year (2000000, "
                  "£2,000,000, £2m or 500k)");
  cmd->add_option("--out,-o", args->out_dir, "Output directory")->capture_default_str();
  cmd->add_flag("--quiet,-q", args->quiet, "No progress bar or closing lines");
  cmd->add_flag("!--no-report", args->report, "Skip the committee report (report.html)");
  add_staffing_replications_option(cmd, args->staffing_replications);
  return {cmd, [args] { return compare_command(*args); }};
}

}  // namespace ehsim::cli
