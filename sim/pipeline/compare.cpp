#include "pipeline/compare.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include <fmt/format.h>

#include "core/files.hpp"
#include "core/version.hpp"
#include "economics/assumptions.hpp"
#include "engine/model.hpp"
#include "results/run_results.hpp"
#include "stats/summary.hpp"

namespace ehsim {

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

std::vector<ComparedScenario> load_for_comparison(const std::vector<std::string>& paths) {
  std::vector<std::pair<std::string, PreparedScenario>> loaded;
  Diagnostics problems;
  std::vector<LoadResult> results;
  for (const auto& path : paths) {
    results.push_back(load_scenario_file(path));
    problems.append(results.back().diagnostics);
  }
  if (!problems.empty()) throw InputError(std::move(problems));
  for (std::size_t i = 0; i < paths.size(); ++i) {
    loaded.emplace_back(paths[i], PreparedScenario::from_load(std::move(results[i])));
  }
  return prepare_comparison(std::move(loaded));
}

std::vector<ComparedScenario> prepare_comparison(
    std::vector<std::pair<std::string, PreparedScenario>> scenarios) {
  std::vector<ComparedScenario> compared;
  std::vector<std::string> slugs;
  for (auto& [path, prepared] : scenarios) {
    slugs.push_back(scenario_slug(path, slugs));
    compared.push_back({path, slugs.back(), std::move(prepared), {}, {}, nullptr});
    CostModel check_prices(compared.back().prepared.model());  // InputError: unindexed price year
  }
  for (std::size_t i = 1; i < compared.size(); ++i) {
    check_comparable(compared[0].prepared.scenario(), compared[i].prepared.scenario());
    if (compared[0].prepared.scenario().warm_up_years > 0 ||
        compared[i].prepared.scenario().warm_up_years > 0) {
      check_warm_up_compatible(compared[0].prepared.scenario(), compared[i].prepared.scenario());
    }
  }
  return compared;
}

void add_run(ComparedScenario& scenario, ScenarioRun run) {
  scenario.run_files = run_output_files(scenario.prepared, run);
  scenario.results =
      std::make_unique<ScenarioResults>(scenario.prepared.model(), std::move(run.tallies));
  run.tallies.clear();
  scenario.run = std::move(run);
}

namespace {

ScenarioIdentity identity(const ComparedScenario& s) {
  const Scenario& scenario = s.prepared.scenario();
  return {scenario.name, s.path, scenario.resolved_sha256, s.slug, scenario.calibration};
}

// The staffing search's answers (practitioner FTE), keyed by service; empty when not searched.
std::map<std::string, FteForWaitingStandard> staffing_needs(const ComparedScenario& s) {
  std::map<std::string, FteForWaitingStandard> needs;
  for (const auto& need : s.run.staffing) {
    needs[need.service] = fte_found(need);
  }
  return needs;
}

AlternativeResults alternative_results(const ComparedScenario& base, const ComparedScenario& alt,
                                       const ComparisonOptions& options) {
  AlternativeResults results = compare_scenarios(*base.results, *alt.results, options);
  results.scenario = identity(alt);
  results.assumptions_differing =
      differing_assumptions(base.prepared.document().merged, alt.prepared.document().merged);
  return results;
}

ScenarioCosts costs_of(const ComparedScenario& s) {
  ScenarioCosts costs = scenario_costs(*s.results);
  costs.name = s.prepared.scenario().name;
  costs.slug = s.slug;
  costs.fte_needed_for_waiting_standard = staffing_needs(s);
  return costs;
}

}  // namespace

ComparisonResults comparison_results(const std::vector<ComparedScenario>& scenarios,
                                     const ComparisonSettings& settings) {
  const ComparedScenario& base = scenarios.front();
  const Economics& economics = base.prepared.scenario().economics;
  const MonteCarloOptions& options = base.run.settings.monte_carlo;
  ComparisonResults c;
  c.schema_version = kOutputSchemaVersion;
  if (!base.run.settings.run_id.empty()) c.run_id = base.run.settings.run_id;
  c.ehsim_version = version();
  c.git_commit = git_commit();
  c.created_utc = utc_now_iso8601();
  c.seed = options.seed;
  c.replications = options.replications;
  c.threads = options.threads;
  c.price_base_year = economics.price_base_year;
  c.discount_rate = economics.discount_rate;
  c.money = fmt::format(
      "£ at {} prices; differences are alternative minus baseline, replication by replication "
      "(common random numbers)",
      economics.price_base_year);
  c.target = settings.target;
  c.baseline = identity(base);
  for (std::size_t i = 1; i < scenarios.size(); ++i) {
    c.alternatives.push_back(alternative_results(base, scenarios[i], {settings.target}));
  }
  for (const auto& s : scenarios) c.per_scenario.push_back(costs_of(s));
  c.warnings = settings.warnings;
  return c;
}

json comparison_document(const std::vector<ComparedScenario>& scenarios,
                         const ComparisonSettings& settings) {
  return comparison_results(scenarios, settings);
}

std::string comparison_csv(const std::vector<ComparedScenario>& scenarios,
                           const ComparisonSettings& settings) {
  std::string csv = comparison_csv_header();
  for (std::size_t i = 1; i < scenarios.size(); ++i) {
    csv += comparison_csv_rows(scenarios[i].slug, *scenarios[0].results, *scenarios[i].results,
                               {settings.target});
  }
  return csv;
}

RunSettings settings_in_comparison(const std::vector<ComparedScenario>& scenarios,
                                   std::size_t index, RunSettings settings) {
  settings.monte_carlo.warm_up_model = &scenarios.front().prepared.model();
  settings.warm_up_with = index == 0 ? "" : scenarios.front().path;
  return settings;
}

std::vector<std::string> unpriced_before_running(const std::vector<ComparedScenario>& scenarios) {
  std::vector<std::string> reasons;
  for (const auto& s : scenarios) {
    const auto& items = s.prepared.scenario().economics.cost_items;
    const bool any_late = std::any_of(items.begin(), items.end(), [](const CostItem& item) {
      return item.category != "early_help";
    });
    if (!any_late) {
      reasons.push_back(fmt::format(
          "{} carries no late-intervention cost items (/economics/cost_items): whatever happens "
          "to children in need, on plans or in care would cost nothing, so a cut would look free",
          s.path));
    }
  }
  return reasons;
}

namespace {

bool state_is_priced(const Scenario& scenario, int state) {
  for (const auto& item : scenario.economics.cost_items) {
    if (item.category == "early_help") continue;
    const auto& weeks = item.per_week_in_states;
    if (std::find(weeks.begin(), weeks.end(), state) != weeks.end()) return true;
    if (item.per_entry_to_state && *item.per_entry_to_state == state) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> unpriced_after_running(const std::vector<ComparedScenario>& scenarios) {
  std::vector<std::string> reasons;
  const ComparedScenario& base = scenarios.front();
  const auto& states = base.prepared.scenario().pathway.states;
  for (std::size_t a = 1; a < scenarios.size(); ++a) {
    const ComparedScenario& alt = scenarios[a];
    const auto& base_tallies = base.results->tallies();
    const auto& alt_tallies = alt.results->tallies();
    const std::size_t n = std::min(base_tallies.size(), alt_tallies.size());
    for (std::size_t s = 0; s < states.size(); ++s) {
      if (!states[s].statutory() || state_is_priced(alt.prepared.scenario(), static_cast<int>(s)))
        continue;
      std::vector<double> rise;  // child-years, alternative minus baseline, per replication
      for (std::size_t r = 0; r < n; ++r) {
        double d = 0;
        for (int q = 0; q < base_tallies[r].quarters; ++q) {
          const auto i = base_tallies[r].qs(q, static_cast<int>(s));
          d += (alt_tallies[r].child_days[i] - base_tallies[r].child_days[i]) / kDaysPerYear;
        }
        rise.push_back(d);
      }
      const Summary change = summarise(rise);
      if (n >= 2 && change.mean > 0 && change.mean > 3 * change.se) {
        reasons.push_back(fmt::format(
            "{}: children in '{}' rise by {:.0f} child-years over the horizon against the "
            "baseline, but no cost item prices time in that state or entries to it, so the "
            "comparison would not count what the extra demand costs",
            alt.path, states[s].label.empty() ? states[s].id : states[s].label, change.mean));
      }
    }
  }
  return reasons;
}

ComparisonResult run_comparison(std::vector<ComparedScenario> scenarios, const RunSettings& run,
                                const ComparisonSettings& settings) {
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    auto& s = scenarios[i];
    ScenarioRun simulated = simulate(s.prepared, settings_in_comparison(scenarios, i, run));
    search_staffing(s.prepared, simulated);
    add_run(s, std::move(simulated));
  }
  ComparisonResult result{std::move(scenarios), {}};
  result.document = comparison_document(result.scenarios, settings);
  return result;
}

}  // namespace ehsim
