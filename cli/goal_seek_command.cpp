#include "goal_seek_command.hpp"

#include <atomic>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "compare_command.hpp"
#include "core/files.hpp"
#include "pipeline/compare.hpp"
#include "progress.hpp"
#include "run_outputs.hpp"
#include "uncertainty/goal_seek.hpp"
#include "viz/goal_seek_report.hpp"

namespace ehsim::cli {

namespace {

const char* const kFiles[] = {"goal-seek.json", "goal-seek.csv", "ehsim-goal-seek.xlsx"};

// An amount typed on the command line, or InputError naming the option and what would do.
double money_option(const std::string& text, const char* option, const char* meaning,
                    bool negative_allowed) {
  const auto value = parse_money(text);
  if (value && (negative_allowed || *value >= 0)) return *value;
  Diagnostics problems;
  problems.add(
      "command line", option,
      fmt::format("is '{}'; expected an amount of money{} such as 2000000, £2m or 500k "
                  "({})",
                  text,
                  negative_allowed ? " (negative for a net cost, e.g. -500k)" : " of at least £0",
                  meaning));
  throw InputError(std::move(problems));
}

GoalSeekSpec spec_of(const GoalSeekArgs& args, const Scenario& baseline) {
  GoalSeekSpec spec;
  spec.service = args.service;
  spec.target =
      money_option(args.target_text, "--target", "the net cashable saving a year to reach", true);
  spec.year = args.year;
  spec.probability = args.probability;
  spec.replications = args.replications;
  spec.seed = args.seed.value_or(baseline.seed);
  spec.threads = args.threads;
  spec.grid = args.grid;
  if (!args.low_text.empty())
    spec.low = money_option(args.low_text, "--low", "the smallest budget a year to try", false);
  if (!args.high_text.empty())
    spec.high = money_option(args.high_text, "--high", "the largest budget a year to try", false);
  spec.cancel = &cancel_requested();
  return spec;
}

}  // namespace

int goal_seek_command(const GoalSeekArgs& args) {
  auto scenarios = load_for_comparison({args.baseline, args.alternative});
  for (const auto& s : scenarios) print_plausibility_warnings(s.prepared.scenario());
  GoalSeekSpec spec = spec_of(args, scenarios.front().prepared.scenario());
  // Every problem with the question is reported before the output directory is touched.
  const GoalSeekResult plan = prepare_goal_seek(scenarios, spec);
  check_output_directory_on_primary(args.out_dir, "--out", args.force);
  std::atomic<int> done{0};
  spec.progress = [&](int d, int) { done.store(d); };
  GoalSeekResult result;
  {
    ProgressBar bar(fmt::format("goal-seek: {} budgets", plan.spec.service),
                    plan.planned_evaluations, done, !args.quiet);
    result = run_goal_seek(scenarios, spec);
  }
  write_outputs(args.out_dir,
                {{kFiles[0], goal_seek_json(result).dump(2) + "\n"},
                 {kFiles[1], goal_seek_csv(result)},
                 {kFiles[2], goal_seek_workbook(result)}},
                args.force);
  if (!args.quiet) {
    fmt::print("{}\n", goal_seek_sentence(result));
    fmt::print(
        "wrote {}/goal-seek.json, goal-seek.csv and ehsim-goal-seek.xlsx ({} evaluations of {} "
        "replications)\n",
        args.out_dir, result.evaluations, result.spec.replications);
  }
  // The page comes last, from goal-seek.json as written (as `ehsim report` would write it again).
  if (args.no_report) return kExitOk;
  const std::filesystem::path out(args.out_dir);
  return write_page_last("goal-seek", out, args.quiet, [&](const std::filesystem::path& file) {
    viz::write_goal_seek_report(out, file);
  });
}

Subcommand add_goal_seek_command(CLI::App& app) {
  auto args = std::make_shared<GoalSeekArgs>();
  auto* cmd = app.add_subcommand(
      "goal-seek",
      "The smallest budget for a service at which the chance that the council's net cashable "
      "saving reaches a target in a financial year is at least P, and the acceptability curve: "
      "goal-seek.json, goal-seek.csv, ehsim-goal-seek.xlsx and report.html");
  cmd->add_option("baseline", args->baseline, "Baseline scenario file (JSON)")
      ->required()
      ->type_name("FILE");
  cmd->add_option("alternative", args->alternative, "The alternative scenario file (JSON)")
      ->required()
      ->type_name("FILE");
  cmd->add_option("--service", args->service,
                  "The alternative's service whose budget_per_year is searched (its id)")
      ->required()
      ->type_name("ID");
  cmd->add_option("--target", args->target_text,
                  "Net cashable saving a year to reach, £ at the price base year (0, £2m, 500k; "
                  "negative for a net cost no larger than that, e.g. -500k)")
      ->required()
      ->type_name("AMOUNT");
  cmd->add_option("--year", args->year,
                  "The financial year: its label (2022/23) or its number in the horizon (1 is "
                  "the first)")
      ->required()
      ->type_name("YEAR");
  cmd->add_option("--probability", args->probability,
                  "The chance required, strictly between 0 and 1 (default: 0.8)")
      ->type_name("P");
  cmd->add_option("--replications,-n", args->replications,
                  "Replications per budget, 1 to 100,000; the chance is a share of them "
                  "(default: 20)")
      ->type_name("R")
      ->check(CLI::Range(1, 100000).description(""));
  cmd->add_option("--seed", args->seed, "Master random seed (default: the baseline's)")
      ->type_name("SEED");
  cmd->add_option("--threads,-j", args->threads, "Worker threads (default: all cores)")
      ->type_name("N")
      ->check(CLI::Range(1, 1024).description(""));
  cmd->add_option("--grid", args->grid,
                  "Budgets on the acceptability curve, both ends included (default: 8)")
      ->type_name("N")
      ->check(CLI::Range(2, 1000).description(""));
  cmd->add_option("--low", args->low_text,
                  "Smallest budget a year to try (default: the baseline's budget for the service)")
      ->type_name("AMOUNT");
  cmd->add_option("--high", args->high_text,
                  "Largest budget a year to try (default: four times the alternative's)")
      ->type_name("AMOUNT");
  add_output_options(cmd, args->out_dir, args->force);
  cmd->add_flag("--quiet,-q", args->quiet, "No progress bar or closing lines");
  cmd->add_flag("--no-report", args->no_report,
                "Skip the page with the curve as a chart (report.html; default: write it)");
  return {cmd, [args] { return goal_seek_command(*args); }};
}

}  // namespace ehsim::cli
