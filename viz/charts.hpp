#pragma once
// The report's charts as Vega-Lite specifications built from the results. Each returns nullopt
// when the data it needs are absent, so the page simply leaves that chart out.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "labels.hpp"
#include "results.hpp"

namespace ehsim::viz {

struct Chart {
  std::string id;       // the element id; also the key of its spec in the page
  std::string title;    // a heading in plain words
  std::string caption;  // how to read it
  nlohmann::json spec;  // Vega-Lite, data inline
};

// Labels and order of the pathway's states, from the baseline scenario file when it was found.
struct StateInfo {
  std::string label;
  std::string need_label;
  int order = 0;
};
using StateCatalogue = std::map<std::string, StateInfo>;

// Demand: children in need, on CP plans and looked after, median and 90% band per scenario.
std::optional<Chart> demand_fan_chart(const ResultsInput& input);
// Demand: flows into each state of the pathway, per year and scenario.
std::optional<Chart> flows_heatmap(const ResultsInput& input, const StateCatalogue& states,
                                   const KnownLabels& labels);
// Demand: escalations, step-ups, step-downs and re-referrals a year.
std::optional<Chart> movement_chart(const ResultsInput& input);
// Costs: late-intervention cost by category and year, stacked, per scenario.
std::optional<Chart> cost_by_category_chart(const ResultsInput& input, const KnownLabels& labels);
// Costs: extra investment against cost avoided, per year, per alternative.
std::optional<Chart> investment_vs_avoided_chart(const ResultsInput& input);
// Costs: cumulative discounted net saving with its band and the payback point.
std::optional<Chart> cumulative_saving_chart(const ResultsInput& input);
// Costs: probability that the cumulative net saving has reached the target.
std::optional<Chart> target_probability_chart(const ResultsInput& input);
// Costs: cost avoided by who pays, with the cashable part.
std::optional<Chart> payer_chart(const ResultsInput& input, const KnownLabels& labels);
// How sure are we: the NPV with each uncertain number alone at its 5th and at its 95th
// percentile (comparison.json's uncertainty.one_way), the ten that move it most, for one
// alternative (its index in comparison.json's alternatives). `number_labels` names the numbers
// by pointer; a number without one is shown by its pointer.
std::optional<Chart> tornado_chart(const ResultsInput& input, std::size_t alternative,
                                   const std::map<std::string, std::string>& number_labels);
// How sure are we: the acceptability curve (comparison.json's uncertainty.psa): for each return
// per £1 a council might require, the chance that the alternative brings back more than that.
std::optional<Chart> acceptability_chart(const ResultsInput& input, std::size_t alternative);
// Goal-seek (goal-seek.json, `ehsim goal-seek`): the chance of reaching the savings target in
// the year against the service's budget, with the chance required and the funded budget marked.
std::optional<Chart> goal_seek_chart(const nlohmann::json& goal_seek);
// Staffing: FTE funded against FTE needed for demand, per service and year. This and the waits
// are split into charts of at most nine services, so that each prints whole on a page.
std::vector<Chart> staffing_charts(const ResultsInput& input, const KnownLabels& labels);
// Staffing: mean wait for a place per service and year, against the waiting standard.
std::vector<Chart> waits_charts(const ResultsInput& input, const KnownLabels& labels);

}  // namespace ehsim::viz
