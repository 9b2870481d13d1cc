#include "compare_command.hpp"

#include <cctype>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "core/files.hpp"
#include "economics/comparison_results.hpp"
#include "economics/workbook.hpp"
#include "engine/process_group.hpp"
#include "pipeline/compare.hpp"
#include "progress.hpp"
#include "run_outputs.hpp"
#include "subcommand.hpp"
#include "uncertainty/sensitivity.hpp"
#include "viz/external.hpp"
#include "viz/report.hpp"

namespace ehsim::cli {

using nlohmann::json;

namespace {

// Probabilistic and one-way sensitivity, with a progress bar each; the scenarios' own seed.
json how_sure(const std::vector<ComparedScenario>& scenarios, const CompareArgs& args) {
  SensitivitySettings settings;
  settings.seed = args.seed.value_or(scenarios.front().prepared.scenario().seed);
  settings.threads = args.threads;
  settings.cancel = &cancel_requested();
  std::atomic<int> done{0};
  settings.progress = [&](int d, int) { done.store(d); };
  std::optional<PsaResult> psa;
  std::optional<OneWayResult> one_way;
  if (args.psa_sets > 0) {
    settings.replications = args.psa_replications;
    done.store(0);
    ProgressBar bar(fmt::format("uncertainty: {} parameter sets", args.psa_sets), args.psa_sets,
                    done, !args.quiet);
    psa = run_psa(scenarios, args.psa_sets, settings, args.target);
  }
  if (args.one_way) {
    settings.replications = args.one_way_replications;
    const auto numbers = uncertain_numbers([&] {
      std::vector<const Scenario*> list;
      for (const auto& s : scenarios) list.push_back(&s.prepared.scenario());
      return list;
    }());
    done.store(0);
    ProgressBar bar("one-way sensitivity", static_cast<int>(2 * numbers.size()), done, !args.quiet);
    one_way = run_one_way(scenarios, settings, args.switching_values, args.target);
  }
  return uncertainty_json(scenarios, psa, one_way);
}

// A comparison that would report a saving it never priced is refused (exit 2) unless the user
// asks to go on; then every output says so.
void refuse_unpriced(const std::vector<std::string>& reasons, const CompareArgs& args,
                     bool after_running) {
  if (reasons.empty() || args.allow_unpriced) return;
  Diagnostics problems;
  for (const auto& reason : reasons) {
    problems.add("ehsim compare", "",
                 reason + (after_running ? "; nothing was written" : "") +
                     ". Add the cost items (docs/economics.md), or run with --allow-unpriced to "
                     "write the comparison with this warning on its first page");
  }
  throw InputError(std::move(problems));
}

void print_headline(const ComparisonResults& comparison, const std::string& out_dir) {
  for (const auto& alt : comparison.alternatives) {
    const ComparisonHeadline& h = alt.headline;
    fmt::print(
        "{}: extra investment £{:.3g}m, cost avoided £{:.3g}m, net saving £{:.3g}m "
        "(NPV £{:.3g}m), median over replications\n",
        alt.scenario.name, h.extra_investment.p50 / 1e6, h.cost_avoided.p50 / 1e6,
        h.net_saving.p50 / 1e6, h.net_saving_npv.p50 / 1e6);
  }
  fmt::print("wrote {}/comparison.json, comparison.csv, ehsim-comparison.xlsx and scenarios/\n",
             out_dir);
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
    if (!args.target || *args.target < 0) {
      Diagnostics problems;
      problems.add("command line", "--target",
                   fmt::format("is '{}'; expected an amount of money of at least £0 such as "
                               "2000000, £2m or 500k (the net cashable saving a year to test)",
                               args.target_text));
      throw InputError(std::move(problems));
    }
  }
  std::vector<std::string> paths = {args.baseline};
  paths.insert(paths.end(), args.alternatives.begin(), args.alternatives.end());
  auto scenarios = load_for_comparison(paths);
  for (const auto& s : scenarios) print_plausibility_warnings(s.prepared.scenario());
  // Before any simulation: an output directory that cannot be written, or holds results.
  check_output_directory_on_primary(args.out_dir, "--out", args.force);
  const Scenario& baseline = scenarios.front().prepared.scenario();
  std::vector<std::string> warnings = unpriced_before_running(scenarios);
  refuse_unpriced(warnings, args, false);
  const std::string run_id = new_run_id();  // one for every file this comparison writes
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    auto& s = scenarios[i];
    std::atomic<int> completed{0};
    // The baseline's seed, replications and warm-up for every scenario: common random numbers.
    RunSettings command_settings =
        command_run_settings(baseline, "compare", args.seed, args.replications, args.threads,
                             args.staffing_replications, &completed);
    command_settings.waiting_share = args.waiting_share;
    command_settings.run_id = run_id;
    const RunSettings settings = settings_in_comparison(scenarios, i, command_settings);
    ScenarioRun run;
    {
      ProgressBar bar(s.prepared.scenario().name, settings.monte_carlo.replications, completed,
                      !args.quiet);
      run = simulate(s.prepared, settings);
    }
    search_staffing_verbosely(s.prepared, run, args.quiet);
    add_run(s, std::move(run));
  }
  const auto after = unpriced_after_running(scenarios);
  refuse_unpriced(after, args, true);
  warnings.insert(warnings.end(), after.begin(), after.end());
  for (const auto& w : warnings) fmt::print(stderr, "ehsim compare: WARNING: {}\n", w);
  const ComparisonResults results = comparison_results(scenarios, {args.target, warnings});
  json comparison = results;
  if (args.psa_sets > 0 || args.one_way) {
    comparison["uncertainty"] = how_sure(scenarios, args);
  }
  std::string csv = comparison_csv(scenarios, {args.target, warnings});
  if (comparison.contains("uncertainty"))
    csv += uncertainty_csv_rows(scenarios, comparison.at("uncertainty"), args.target);
  const std::string workbook = comparison_workbook(comparison);

  // Everything is computed before the first file is written, and every file is written (to a
  // temporary name) before any replaces what was there.
  const std::filesystem::path out(args.out_dir);
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& s : scenarios) {
    for (const auto& [name, content] : s.run_files) {
      files.emplace_back("scenarios/" + s.slug + "/" + name, content);
    }
  }
  files.emplace_back("comparison.json", comparison.dump(2) + "\n");
  files.emplace_back("comparison.csv", csv);
  files.emplace_back("ehsim-comparison.xlsx", workbook);
  write_outputs(out, files, args.force);
  if (!args.quiet) print_headline(results, args.out_dir);
  // The committee report comes last, from the files just written, so it shows exactly what is
  // on disk. The business case is complete without it.
  if (args.no_report) return kExitOk;
  return write_page_last("compare", out, args.quiet, [&](const std::filesystem::path& file) {
    viz::write_html_report(out, file);
  });
}

Subcommand add_compare_command(CLI::App& app) {
  auto args = std::make_shared<CompareArgs>();
  auto* cmd = app.add_subcommand(
      "compare",
      "Compare alternatives with a baseline (common random numbers) and write the business "
      "case: comparison.json, comparison.csv, ehsim-comparison.xlsx and report.html");
  cmd->add_option("baseline", args->baseline, "Baseline scenario file (JSON)")
      ->required()
      ->type_name("FILE");
  cmd->add_option("alternatives", args->alternatives, "Alternative scenario files (JSON)")
      ->required()
      ->type_name("FILE...");
  cmd->add_option("--replications,-n", args->replications,
                  "Monte Carlo replications for every scenario, 1 to 100,000 (default: the "
                  "baseline's)")
      ->type_name("N")
      ->check(CLI::Range(1, 100000).description(""));
  cmd->add_option("--seed", args->seed,
                  "Master random seed for every scenario (default: the baseline's)")
      ->type_name("SEED");
  cmd->add_option("--threads,-j", args->threads, "Worker threads (default: all cores)")
      ->type_name("N")
      ->check(CLI::Range(1, 1024).description(""));
  cmd->add_option("--target", args->target_text,
                  "Net cashable saving a year to test, £ at the price base year, at least 0 "
                  "(2000000, £2,000,000, £2m or 500k; default: none)")
      ->type_name("AMOUNT");
  add_output_options(cmd, args->out_dir, args->force);
  cmd->add_flag("--quiet,-q", args->quiet, "No progress bar or closing lines");
  cmd->add_flag("--no-report", args->no_report,
                "Skip the committee report (report.html; default: write it)");
  cmd->add_flag("--allow-unpriced", args->allow_unpriced,
                "Write the comparison even when demand changes are not priced (no "
                "late-intervention cost items, or a statutory state that rises without a cost), "
                "with a warning in comparison.json and on the report's first screen");
  add_staffing_replications_option(cmd, args->staffing_replications);
  add_waiting_share_option(cmd, args->waiting_share);
  cmd->add_option("--psa", args->psa_sets,
                  "How sure are we: draw this many parameter sets from the scenarios' "
                  "uncertainties (and a calibrated baseline's plausible set) and pool the "
                  "comparison over them (default: 0, none)")
      ->type_name("K")
      ->check(CLI::Range(0, 100000).description(""));
  cmd->add_option("--psa-replications", args->psa_replications,
                  "Replications per parameter set (default: 5)")
      ->type_name("R")
      ->check(CLI::Range(1, 100000).description(""));
  cmd->add_flag("--one-way", args->one_way,
                "One-way sensitivity: each uncertain number at its 5th and 95th percentiles, "
                "the others central (a tornado), and switching values");
  cmd->add_option("--one-way-replications", args->one_way_replications,
                  "Replications per one-way run (default: 10)")
      ->type_name("R")
      ->check(CLI::Range(1, 100000).description(""));
  cmd->add_option("--switching-values", args->switching_values,
                  "Switching values for this many of the numbers that move the NPV most: where "
                  "the NPV crosses zero, where --target is missed in the last financial year, "
                  "and where the preferred of two or more alternatives changes (default: 2)")
      ->type_name("N")
      ->check(CLI::Range(0, 1000).description(""));
  return {cmd, [args] { return compare_command(*args); }};
}

}  // namespace ehsim::cli
