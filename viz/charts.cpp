#include "charts.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

#include <fmt/format.h>

#include "format.hpp"

namespace ehsim::viz {
using nlohmann::json;

namespace {

// ---------------------------------------------------------------------------------------------
// The look shared by every chart

// Okabe and Ito's palette: distinguishable with the common colour-vision deficiencies.
const json kPalette = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                       "#56B4E9", "#D55E00", "#F0E442", "#000000"};

json config() {
  return {
      {"font", "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"},
      {"range", {{"category", kPalette}}},
      {"axis",
       {{"labelFontSize", 11}, {"titleFontSize", 12}, {"grid", true}, {"gridColor", "#e6e6e6"}}},
      {"legend",
       {{"orient", "bottom"}, {"labelFontSize", 11}, {"titleFontSize", 12}, {"labelLimit", 320}}},
      {"header", {{"labelFontSize", 12}, {"titleFontSize", 12}}},
      {"view", {{"stroke", nullptr}}}};
}

Chart chart(std::string id, std::string title, std::string caption, json spec) {
  spec["config"] = config();
  return Chart{std::move(id), std::move(title), std::move(caption), std::move(spec)};
}

// ---------------------------------------------------------------------------------------------
// Data

double millions(double pounds) {
  return std::round(pounds / 1e3) / 1e3;
}
double rounded(double v) {
  return std::round(v * 100.0) / 100.0;
}

// "2018/19 Q1" -> "2018-06-30"; "2018/19" -> "2019-03-31" (the end of the period).
std::string period_end(const std::string& period) {
  if (period.size() < 7) return period;
  int start = 0;
  try {
    start = std::stoi(period.substr(0, 4));
  } catch (const std::exception&) {
    return period;
  }
  const auto q = period.find('Q');
  if (q == std::string::npos) return fmt::format("{}-03-31", start + 1);
  switch (period[q + 1]) {
    case '1':
      return fmt::format("{}-06-30", start);
    case '2':
      return fmt::format("{}-09-30", start);
    case '3':
      return fmt::format("{}-12-31", start);
    default:
      return fmt::format("{}-03-31", start + 1);
  }
}

Stat stat_of(const SeriesPoint& p) {
  return Stat{p.mean, p.p05, p.p50, p.p95};
}

// A data row with the 5th, 50th and 95th percentiles of `s` (times `scale`) as p05, p50, p95:
// the fields the band and range shapes below draw.
void add_band_row(json& rows, json row, const Stat& s, double scale = 1.0) {
  row["p05"] = rounded(s.p05 * scale);
  row["p50"] = rounded(s.p50 * scale);
  row["p95"] = rounded(s.p95 * scale);
  rows.push_back(std::move(row));
}

// A band row in £ million for each money figure of `value` named in `measures`, its name in the
// row's "measure".
template <typename T>
void add_money_rows(json& rows, const json& row, const T& value,
                    std::initializer_list<std::pair<Difference T::*, const char*>> measures) {
  for (const auto& [figure, measure] : measures) {
    json r = row;
    r["measure"] = measure;
    add_band_row(rows, std::move(r), viz::stat_of(value.*figure), 1e-6);
  }
}

// Calls f(scenario, point) for each point of the time series with this period type and metric.
template <typename F>
void for_each_point(const ResultsInput& input, const std::string& period_type,
                    const std::string& metric, F&& f) {
  for (const auto& s : input.scenarios) {
    for (const auto& p : s.series) {
      if (p.period_type == period_type && p.metric == metric) f(s, p);
    }
  }
}

const json* alternatives(const ResultsInput& input) {
  if (!input.is_comparison()) return nullptr;
  const auto& c = input.comparison;
  if (!c.contains("alternatives") || !c.at("alternatives").is_array() ||
      c.at("alternatives").empty()) {
    return nullptr;
  }
  return &c.at("alternatives");
}

std::optional<double> comparison_target(const ResultsInput& input) {
  return input.is_comparison() ? input.results.target : std::nullopt;
}

// The typed results of each alternative; empty for a single run.
const std::vector<AlternativeResults>& typed_alternatives(const ResultsInput& input) {
  static const std::vector<AlternativeResults> none;
  return input.is_comparison() ? input.results.alternatives : none;
}

// A service's waiting standard from a scenario's summary.json (28 days if it is not there).
double waiting_standard_days(const ScenarioResults& s, const std::string& service) {
  if (!s.summary) return 28.0;
  const auto it = s.summary->services_over_horizon.find(service);
  return it == s.summary->services_over_horizon.end() ? 28.0 : it->second.waiting_standard_days;
}

std::string price_note(const ResultsInput& input) {
  const std::string& year = input.results.price_base_year;
  return input.is_comparison() && !year.empty() ? fmt::format(" ({} prices)", year) : "";
}

json scenario_names(const ResultsInput& input) {
  json names = json::array();
  for (const auto& s : input.scenarios) names.push_back(s.name);
  return names;
}

json labels_in_order(const std::vector<std::pair<std::string, std::string>>& keyed) {
  json order = json::array();
  for (const auto& k : keyed) order.push_back(k.second);
  return order;
}

// ---------------------------------------------------------------------------------------------
// Encodings

json field(const std::string& name, const std::string& type, const std::string& title,
           const std::string& format = "") {
  json f = {{"field", name}, {"type", type}, {"title", title}};
  if (!format.empty()) f["format"] = format;
  return f;
}

json quantitative(const std::string& name) {
  return {{"field", name}, {"type", "quantitative"}};
}

const json& financial_year_x() {
  static const json x = {{"field", "year"}, {"type", "ordinal"}, {"title", "Financial year"}};
  return x;
}

// The scenarios' legend lists them one to a line, so long names fit the page's width.
json colour_by_scenario(const ResultsInput& input) {
  return {{"field", "scenario"},
          {"type", "nominal"},
          {"title", "Scenario"},
          {"sort", scenario_names(input)},
          {"legend", {{"direction", "vertical"}}}};
}

const json& colour_by_scenario_unsorted() {
  static const json colour = {{"field", "scenario"}, {"type", "nominal"}, {"title", "Scenario"}};
  return colour;
}

// Tooltip fields: `leading`, then the median (titled `median_title`) and the 90% range, all in
// `format`.
json band_tooltip(json leading, const std::string& median_title, const std::string& format) {
  leading.push_back(field("p50", "quantitative", median_title, format));
  leading.push_back(field("p05", "quantitative", "5th percentile", format));
  leading.push_back(field("p95", "quantitative", "95th percentile", format));
  return leading;
}

json line_mark(bool points, int stroke_width = 0) {
  json mark = {{"type", "line"}};
  if (points) mark["point"] = true;
  if (stroke_width > 0) mark["strokeWidth"] = stroke_width;
  return mark;
}

json dashed_rule(const std::string& colour, int dash, int gap) {
  return {{"type", "rule"}, {"color", colour}, {"strokeDash", {dash, gap}}};
}

// A layer of one rule across the chart at `value` on the `channel` axis ("x" or "y").
json rule_layer(const json& mark, const char* channel, const json& value) {
  return {{"data", {{"values", json::array({json::object()})}}},
          {"mark", mark},
          {"encoding", {{channel, {{"datum", value}}}}}};
}

// A y axis of the chances in the field "probability", from 0% to 100%.
json chance_y(const std::string& title) {
  return {{"field", "probability"},
          {"type", "quantitative"},
          {"title", title},
          {"axis", {{"format", ".0%"}}},
          {"scale", {{"domain", {0, 1}}}}};
}

// ---------------------------------------------------------------------------------------------
// Chart shapes

// A fan: the 90% band (p05 to p95) shaded under the median line (p50), one per colour.
// `band_y` adds the y axis's title and scale to the band's encoding.
json fan_layers(const json& x, const json& band_y, const json& colour, json line, json tooltip) {
  json y = quantitative("p05");
  y.update(band_y);
  return json::array(
      {{{"mark", {{"type", "area"}, {"opacity", 0.22}}},
        {"encoding", {{"x", x}, {"y", y}, {"y2", {{"field", "p95"}}}, {"color", colour}}}},
       {{"mark", std::move(line)},
        {"encoding",
         {{"x", x},
          {"y", quantitative("p50")},
          {"color", colour},
          {"tooltip", std::move(tooltip)}}}}});
}

// Grouped bars of the median, one per `measure`, each with a rule across its 90% range.
// `category_channel` is "x" for upright bars or "y" for bars lying along the x axis.
json bars_with_range(const std::string& category_channel, const json& category,
                     const std::string& value_title, const json& colours, json tooltips) {
  const std::string value_channel = category_channel == "x" ? "y" : "x";
  const json offset = {{"field", "measure"}, {"type", "nominal"}};
  json value = quantitative("p50");
  value["title"] = value_title;
  const json bars = {{"mark", "bar"},
                     {"encoding",
                      {{category_channel, category},
                       {category_channel + "Offset", offset},
                       {value_channel, value},
                       {"color",
                        {{"field", "measure"},
                         {"type", "nominal"},
                         {"title", nullptr},
                         {"scale", {{"range", colours}}}}},
                       {"tooltip", std::move(tooltips)}}}};
  const json range = {{"mark", {{"type", "rule"}, {"color", "#333333"}}},
                      {"encoding",
                       {{category_channel, category},
                        {category_channel + "Offset", offset},
                        {value_channel, quantitative("p05")},
                        {value_channel + "2", {{"field", "p95"}}}}}};
  return json::array({bars, range});
}

// Bars of `value` stacked by `stack` (in the order of its values), one per `x`.
json stacked_bars(const json& x, const std::string& value, const std::string& value_title,
                  const json& stack, json tooltip) {
  json y = quantitative(value);
  y["aggregate"] = "sum";
  y["title"] = value_title;
  return {{"mark", "bar"},
          {"encoding",
           {{"x", x},
            {"y", y},
            {"color", stack},
            {"order", {{"field", stack.at("field")}, {"sort", "ascending"}}},
            {"tooltip", std::move(tooltip)}}}};
}

// One panel per value of `field` (a scenario), its name written above the panel on the left.
json facet_rows_by(const std::string& field) {
  return {{"row",
           {{"field", field},
            {"type", "nominal"},
            {"title", nullptr},
            {"header",
             {{"labelAngle", 0},
              {"labelOrient", "top"},
              {"labelAnchor", "start"},
              {"labelLimit", 500}}}}}};
}

// Small multiples of `inner` (a spec with width, height and its marks) wrapped into `columns`
// columns, one per value of `field`, each with its own y scale.
json wrapped_panels(const json& rows, json facet, int columns, json inner) {
  return {{"data", {{"values", rows}}},
          {"facet", std::move(facet)},
          {"columns", columns},
          {"spec", std::move(inner)},
          {"resolve", {{"scale", {{"y", "independent"}}}}}};
}

// A service's name above its panel; a locality team's on two lines, the service's name and then
// the locality's.
json service_header() {
  return {{"labelLimit", 200}, {"labelExpr", "split(datum.label, ' — ')"}};
}

// A panel's name with a bracketed part on a second line: "Children in need (all, ...)".
constexpr const char* kTwoLinesAtBracket =
    "indexof(datum.label, ' (') > 0 ? [slice(datum.label, 0, indexof(datum.label, ' (')), "
    "slice(datum.label, indexof(datum.label, ' (') + 1)] : datum.label";

json panel(int width, int height, json layers) {
  return {{"width", width}, {"height", height}, {"layer", std::move(layers)}};
}

// A horizontal rule and a label at `target` (£), for the savings target.
json target_layers(double target) {
  const json row = {{"target", rounded(target * 1e-6)},
                    {"label", "Savings target " + format_money(target)}};
  const json y = quantitative("target");
  return json::array({{{"data", {{"values", json::array({row})}}},
                       {"mark", dashed_rule("#D55E00", 6, 3)},
                       {"encoding", {{"y", y}}}},
                      {{"data", {{"values", json::array({row})}}},
                       {"mark",
                        {{"type", "text"},
                         {"align", "left"},
                         {"dx", 4},
                         {"dy", -7},
                         {"color", "#D55E00"},
                         {"x", 0}}},
                       {"encoding", {{"y", y}, {"text", {{"field", "label"}}}}}}});
}

// A diamond and a bold label at each payback point (rows with year, p50 and label).
json payback_layers(const json& marks, const json& x) {
  const json at = {{"x", x}, {"y", quantitative("p50")}};
  json text = at;
  text["text"] = {{"field", "label"}};
  return json::array(
      {{{"data", {{"values", marks}}},
        {"mark",
         {{"type", "point"},
          {"shape", "diamond"},
          {"size", 160},
          {"filled", true},
          {"color", "#000000"}}},
        {"encoding", at}},
       {{"data", {{"values", marks}}},
        {"mark",
         {{"type", "text"}, {"align", "left"}, {"dx", 8}, {"dy", 14}, {"fontWeight", "bold"}}},
        {"encoding", text}}});
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Demand

std::optional<Chart> demand_fan_chart(const ResultsInput& input) {
  const std::vector<std::pair<std::string, std::string>> measures = {
      {"children_in_need_dfe", "Children in need (all, incl. CP and looked after)"},
      {"child_protection", "On child protection plans"},
      {"looked_after", "Looked after"}};
  json rows = json::array();
  for (const auto& s : input.scenarios) {
    bool has_quarters = std::any_of(s.series.begin(), s.series.end(), [](const SeriesPoint& p) {
      return p.period_type == "quarter" && p.metric == "group_children_at_end";
    });
    const std::string type = has_quarters ? "quarter" : "financial_year";
    for (const auto& p : s.series) {
      if (p.period_type != type || p.metric != "group_children_at_end") continue;
      for (const auto& [key, label] : measures) {
        if (p.key != key) continue;
        add_band_row(rows,
                     {{"scenario", s.name},
                      {"measure", label},
                      {"period", p.period},
                      {"date", period_end(p.period)}},
                     stat_of(p));
      }
    }
  }
  if (rows.empty()) return std::nullopt;
  const json x = {{"field", "date"},
                  {"type", "temporal"},
                  {"title", "Year (31 March)"},
                  {"axis", {{"format", "%Y"}, {"tickCount", 6}}}};
  const json tooltip =
      band_tooltip({field("scenario", "nominal", "Scenario"),
                    field("measure", "nominal", "Measure"), field("period", "nominal", "Period")},
                   "Median", ",.0f");
  const json spec = {
      {"data", {{"values", rows}}},
      {"facet",
       {{"column",
         {{"field", "measure"},
          {"type", "nominal"},
          {"sort", labels_in_order(measures)},
          {"title", nullptr},
          {"header", {{"labelLimit", 220}, {"labelExpr", kTwoLinesAtBracket}}}}}}},
      {"spec",
       panel(155, 200,
             fan_layers(x, {{"title", "Children at end of quarter"}, {"scale", {{"zero", false}}}},
                        colour_by_scenario(input), line_mark(false, 2), tooltip))},
      {"resolve", {{"scale", {{"y", "independent"}}}}}};
  return chart("chart-demand", "Children in need, on child protection plans and looked after",
               "Solid lines are the median of the simulated futures; the shaded band holds 90% of "
               "them (5th to 95th percentile). Each panel has its own scale.",
               spec);
}

namespace {

// A state's row in the heatmap: its label with its need level, and its place in the pathway
// (the exits last).
std::pair<std::string, int> state_row(const StateCatalogue& states, const KnownLabels& labels,
                                      const std::string& key) {
  if (const auto it = states.find(key); it != states.end()) {
    const auto& state = it->second;
    return {state.need_label.empty() ? state.label
                                     : fmt::format("{} [{}]", state.label, state.need_label),
            state.order};
  }
  if (key == "moved_away") return {"Moved away", 2000};
  if (key == "aged_out") return {"Children grew up (aged out)", 2001};
  return {human_label(key, labels), 1000};
}

}  // namespace

std::optional<Chart> flows_heatmap(const ResultsInput& input, const StateCatalogue& states,
                                   const KnownLabels& labels) {
  json rows = json::array();
  for_each_point(input, "financial_year", "entries", [&](const auto& s, const SeriesPoint& p) {
    const auto [label, order] = state_row(states, labels, p.key);
    rows.push_back({{"scenario", s.name},
                    {"state", label},
                    {"order", order},
                    {"year", p.period},
                    {"entries", std::round(p.p50)}});
  });
  if (rows.empty()) return std::nullopt;
  const json spec = {
      {"data", {{"values", rows}}},
      {"facet",
       {{"row",
         {{"field", "scenario"},
          {"type", "nominal"},
          {"title", nullptr},
          {"sort", scenario_names(input)},
          {"header",
           {{"labelAngle", 0},
            {"labelAlign", "left"},
            {"labelAnchor", "start"},
            {"labelOrient", "top"}}}}}}},
      {"spec",
       {{"width", 360},
        {"height", {{"step", 16}}},
        {"mark", "rect"},
        {"encoding",
         {{"x", {{"field", "year"}, {"type", "ordinal"}, {"title", "Financial year"}}},
          {"y",
           {{"field", "state"},
            {"type", "nominal"},
            {"title", "Families entering (state [need level])"},
            {"sort", {{"field", "order"}, {"op", "min"}}},
            {"axis", {{"labelLimit", 300}}}}},
          {"color",
           {{"field", "entries"},
            {"type", "quantitative"},
            {"title", "Families entering a year (median)"},
            {"scale", {{"scheme", "viridis"}, {"type", "symlog"}}}}},
          {"tooltip",
           {field("scenario", "nominal", "Scenario"), field("state", "nominal", "State"),
            field("year", "ordinal", "Financial year"),
            field("entries", "quantitative", "Families entering (median)", ",.0f")}}}}}},
      {"resolve", {{"scale", {{"y", "shared"}}}}}};
  return chart("chart-flows", "Flows through the continuum of need",
               "How many families enter each state of the pathway each year (median of the "
               "simulated futures). Brighter cells are bigger flows; the scale is compressed so "
               "small flows into statutory care stay visible.",
               spec);
}

std::optional<Chart> movement_chart(const ResultsInput& input) {
  const std::vector<std::pair<std::string, std::string>> events = {
      {"escalation_to_statutory", "Escalations to statutory care"},
      {"step_up", "Step-ups from early help"},
      {"step_down", "Step-downs to early help"},
      {"re_referral", "Re-referrals within 12 months"}};
  json rows = json::array();
  for_each_point(
      input, "financial_year", "events_families", [&](const auto& s, const SeriesPoint& p) {
        for (const auto& [key, label] : events) {
          if (p.key != key) continue;
          add_band_row(rows, {{"scenario", s.name}, {"event", label}, {"year", p.period}},
                       stat_of(p));
        }
      });
  if (rows.empty()) return std::nullopt;
  const json tooltip =
      band_tooltip({field("scenario", "nominal", "Scenario"), field("event", "nominal", "Event"),
                    field("year", "ordinal", "Financial year")},
                   "Median", ",.0f");
  const json spec =
      wrapped_panels(rows,
                     {{"field", "event"},
                      {"type", "nominal"},
                      {"sort", labels_in_order(events)},
                      {"title", nullptr}},
                     2,
                     panel(260, 125,
                           fan_layers(financial_year_x(),
                                      {{"title", "Families a year"}, {"scale", {{"zero", false}}}},
                                      colour_by_scenario(input), line_mark(true), tooltip)));
  return chart("chart-movement", "Escalations, step-ups, step-downs and re-referrals",
               "Families a year; median line and 90% band. Fewer escalations and re-referrals, "
               "and more step-downs, are the mechanism by which early help saves money.",
               spec);
}

// ---------------------------------------------------------------------------------------------
// Costs

std::optional<Chart> cost_by_category_chart(const ResultsInput& input, const KnownLabels& labels) {
  json rows = json::array();
  json names = json::array();
  for (const auto& sc : input.results.per_scenario) {
    names.push_back(sc.name);
    for (const auto& y : sc.late_intervention_cost_by_year) {
      for (const auto& [category, cost] : y.by_category) {
        rows.push_back({{"scenario", sc.name},
                        {"year", y.financial_year},
                        {"category", human_label(category, labels)},
                        {"cost", millions(cost.mean)}});
      }
    }
  }
  if (rows.empty()) return std::nullopt;
  json spec = stacked_bars(
      financial_year_x(), "cost", "£ million a year" + price_note(input),
      {{"field", "category"},
       {"type", "nominal"},
       {"title", "Cost category"},
       {"legend", {{"columns", 2}}}},
      {field("scenario", "nominal", "Scenario"), field("year", "ordinal", "Financial year"),
       field("category", "nominal", "Category"),
       field("cost", "quantitative", "£ million (mean)", ",.2f")});
  spec["data"] = {{"values", rows}};
  spec["width"] = 270;
  spec["height"] = 230;
  spec["encoding"]["facet"] = {{"field", "scenario"}, {"type", "nominal"},
                               {"title", nullptr},    {"sort", names},
                               {"columns", 2},        {"header", {{"labelLimit", 280}}}};
  return chart("chart-cost-category", "Late-intervention cost by category",
               "The cost of late intervention each year, by the Early Intervention Foundation's "
               "categories, for each scenario (mean of the simulated futures).",
               spec);
}

std::optional<Chart> investment_vs_avoided_chart(const ResultsInput& input) {
  const auto& alts = typed_alternatives(input);
  if (alts.empty()) return std::nullopt;
  json rows = json::array();
  for (const auto& a : alts) {
    for (const auto& y : a.by_year) {
      add_money_rows(rows, {{"alternative", a.scenario.name}, {"year", y.financial_year}}, y,
                     {{&YearFlows::extra_investment, "Extra early help investment"},
                      {&YearFlows::cost_avoided, "Late-intervention cost avoided"}});
    }
  }
  if (rows.empty()) return std::nullopt;
  const json tooltip = band_tooltip(
      {field("alternative", "nominal", "Scenario"), field("year", "ordinal", "Financial year"),
       field("measure", "nominal", "Measure")},
      "£ million (median)", ",.2f");
  const json spec = {{"data", {{"values", rows}}},
                     {"facet", facet_rows_by("alternative")},
                     {"spec", panel(560, 210,
                                    bars_with_range("x", financial_year_x(),
                                                    "£ million a year" + price_note(input),
                                                    {"#E69F00", "#0072B2"}, tooltip))}};
  return chart("chart-investment", "Each year: what is invested and what is avoided",
               "Orange: the extra early help spend. Blue: the late-intervention cost it avoids "
               "(median, with a line spanning the 90% range). Where blue is taller, the "
               "investment more than pays for itself that year.",
               spec);
}

std::optional<Chart> cumulative_saving_chart(const ResultsInput& input) {
  const auto& alts = typed_alternatives(input);
  if (alts.empty()) return std::nullopt;
  json rows = json::array();
  json marks = json::array();
  for (const auto& a : alts) {
    const std::optional<std::string>& payback = a.headline.payback.median_year;
    for (const auto& y : a.by_year) {
      const Stat s = stat_of(y.cumulative_net_saving_discounted);
      const std::string& fy = y.financial_year;
      add_band_row(rows, {{"scenario", a.scenario.name}, {"year", fy}}, s, 1e-6);
      if (payback && fy == *payback) {
        marks.push_back({{"scenario", a.scenario.name},
                         {"year", fy},
                         {"p50", rounded(s.p50 * 1e-6)},
                         {"label", fmt::format("Pays back in {} (median)", fy)}});
      }
    }
  }
  if (rows.empty()) return std::nullopt;
  const json& x = financial_year_x();
  json layers = json::array();
  layers.push_back({{"data", {{"values", json::array({json::object()})}}},
                    {"mark", dashed_rule("#555555", 4, 3)},
                    {"encoding", {{"y", {{"datum", 0}}}}}});
  const json tooltip = band_tooltip(
      {field("scenario", "nominal", "Scenario"), field("year", "ordinal", "Financial year")},
      "£ million (median)", ",.2f");
  for (auto& layer : fan_layers(x, {{"title", "£ million, discounted" + price_note(input)}},
                                colour_by_scenario_unsorted(), line_mark(true, 2), tooltip)) {
    layers.push_back(std::move(layer));
  }
  if (const auto target = comparison_target(input)) {
    for (auto& layer : target_layers(*target)) layers.push_back(std::move(layer));
  }
  if (!marks.empty()) {
    for (auto& layer : payback_layers(marks, x)) layers.push_back(std::move(layer));
  }
  const json spec = {
      {"data", {{"values", rows}}}, {"width", 560}, {"height", 260}, {"layer", layers}};
  return chart("chart-cumulative", "Cumulative net saving and the payback point",
               "Net saving (cost avoided less extra investment), added up year by year and "
               "discounted to present value. Below the dashed zero line the investment has not "
               "yet paid for itself; the diamond marks the median payback year. The band holds "
               "90% of the simulated futures.",
               spec);
}

std::optional<Chart> target_probability_chart(const ResultsInput& input) {
  const auto& alts = typed_alternatives(input);
  const auto target = comparison_target(input);
  if (alts.empty() || !target) return std::nullopt;
  json rows = json::array();
  for (const auto& a : alts) {
    for (const auto& y : a.by_year) {
      if (!y.probability_target_met) continue;
      rows.push_back({{"scenario", a.scenario.name},
                      {"year", y.financial_year},
                      {"probability", *y.probability_target_met}});
    }
  }
  if (rows.empty()) return std::nullopt;
  const json spec = {
      {"data", {{"values", rows}}},
      {"width", 560},
      {"height", 170},
      {"mark", line_mark(true)},
      {"encoding",
       {{"x", financial_year_x()},
        {"y",
         {{"field", "probability"},
          {"type", "quantitative"},
          {"title", "Chance target reached"},
          {"axis", {{"format", ".0%"}}},
          {"scale", {{"domain", {0, 1}}}}}},
        {"color", colour_by_scenario_unsorted()},
        {"tooltip",
         {field("scenario", "nominal", "Scenario"), field("year", "ordinal", "Financial year"),
          field("probability", "quantitative", "Chance", ".0%")}}}}};
  return chart("chart-target", "Chance of reaching the savings target of " + format_money(*target),
               "The share of simulated futures in which that year's net cashable saving (cashable "
               "cost avoided minus the extra investment, in that year) reaches the target.",
               spec);
}

std::optional<Chart> payer_chart(const ResultsInput& input, const KnownLabels& labels) {
  json rows = json::array();
  for (const auto& a : typed_alternatives(input)) {
    for (const auto& p : a.by_payer) {
      add_money_rows(rows, {{"scenario", a.scenario.name}, {"payer", human_label(p.payer, labels)}},
                     p,
                     {{&PayerAvoided::cost_avoided, "All cost avoided"},
                      {&PayerAvoided::cashable, "Cashable (can be taken out of a budget)"}});
    }
  }
  if (rows.empty()) return std::nullopt;
  const json y = {{"field", "payer"},
                  {"type", "nominal"},
                  {"title", "Who pays"},
                  {"sort", {{"field", "p50"}, {"op", "max"}, {"order", "descending"}}}};
  const json tooltip =
      band_tooltip({field("payer", "nominal", "Who pays"), field("measure", "nominal", "Measure")},
                   "£ million (median)", ",.2f");
  const json spec = {
      {"data", {{"values", rows}}},
      {"facet", facet_rows_by("scenario")},
      {"spec",
       {{"width", 480},
        {"layer", bars_with_range("y", y, "£ million over the horizon" + price_note(input),
                                  {"#0072B2", "#56B4E9"}, tooltip)}}}};
  return chart("chart-payer", "Who benefits: cost avoided by payer",
               "Late-intervention cost avoided over the whole horizon, by the organisation that "
               "would have paid it (median, with a line spanning the 90% range). The lighter bar "
               "is the cashable part.",
               spec);
}

// ---------------------------------------------------------------------------------------------
// How sure are we

namespace {

// The bars a tornado keeps: more would crowd out the ones that matter.
constexpr std::size_t kTornadoBars = 10;

struct TornadoBar {
  std::string label;
  double low_value = 0, high_value = 0, npv_low = 0, npv_high = 0;
};

// list[i] if it is a number (the one-way results hold one per alternative).
std::optional<double> number_in(const json& j, const char* key, std::size_t i) {
  if (!j.is_object() || !j.contains(key) || !j.at(key).is_array()) return std::nullopt;
  const auto& list = j.at(key);
  if (i >= list.size() || !list[i].is_number()) return std::nullopt;
  return list[i].get<double>();
}

double number_or_zero(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j.at(key).is_number() ? j.at(key).get<double>() : 0;
}

// The alternative's bars, largest swing first, at most kTornadoBars; each label unique, since the
// chart groups its rows by label.
std::vector<TornadoBar> tornado_bars(const json& tornado, std::size_t alternative,
                                     const std::map<std::string, std::string>& number_labels) {
  std::vector<TornadoBar> bars;
  for (const auto& b : tornado) {
    const auto low = number_in(b, "npv_low", alternative);
    const auto high = number_in(b, "npv_high", alternative);
    if (!low || !high) continue;
    const std::string pointer = b.value("pointer", "?");
    const auto named = number_labels.find(pointer);
    bars.push_back({named != number_labels.end() ? named->second : pointer,
                    number_or_zero(b, "low_value"), number_or_zero(b, "high_value"), *low, *high});
  }
  std::stable_sort(bars.begin(), bars.end(), [](const TornadoBar& a, const TornadoBar& b) {
    return std::fabs(a.npv_high - a.npv_low) > std::fabs(b.npv_high - b.npv_low);
  });
  if (bars.size() > kTornadoBars) bars.resize(kTornadoBars);
  for (std::size_t i = 0; i < bars.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (bars[j].label == bars[i].label) bars[i].label += fmt::format(" ({})", i + 1);
    }
  }
  return bars;
}

// A number's name on up to three lines, so that a long one is not cut off: a transition's
// "from →" and "to", then the bracketed part saying what the number is ("(unit cost)").
constexpr const char* kLinesAtArrowAndBracket =
    "split(replace(replace(datum.label, ' → ', ' →|'), ' (', '|('), '|')";

json tornado_rows(const std::vector<TornadoBar>& bars, double central) {
  json rows = json::array();
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const auto& b = bars[i];
    for (const auto& [end, value, npv] :
         {std::tuple{"At its 5th percentile", b.low_value, b.npv_low},
          std::tuple{"At its 95th percentile", b.high_value, b.npv_high}}) {
      rows.push_back({{"number", b.label},
                      {"order", i},
                      {"end", end},
                      {"value", format_number(value)},
                      {"npv", millions(npv)},
                      {"central", millions(central)}});
    }
  }
  return rows;
}

// The bars from the central NPV to each end, the central NPV's line and, where the bars reach
// it, the zero line below which the case is a net cost.
json tornado_layers(const std::vector<TornadoBar>& bars, double central,
                    const std::string& x_title) {
  const json y = {{"field", "number"},
                  {"type", "nominal"},
                  {"title", nullptr},
                  {"sort", {{"field", "order"}, {"op", "min"}, {"order", "ascending"}}},
                  {"axis", {{"labelLimit", 330}, {"labelExpr", kLinesAtArrowAndBracket}}}};
  json x = quantitative("npv");
  x["title"] = x_title;
  x["scale"] = {{"zero", false}};
  json layers =
      json::array({{{"mark", "bar"},
                    {"encoding",
                     {{"y", y},
                      {"x", x},
                      {"x2", {{"field", "central"}}},
                      {"color",
                       {{"field", "end"},
                        {"type", "nominal"},
                        {"title", "Number moved alone"},
                        {"sort", {"At its 5th percentile", "At its 95th percentile"}},
                        {"scale", {{"range", {"#56B4E9", "#0072B2"}}}}}},
                      {"tooltip",
                       {field("number", "nominal", "Number"), field("end", "nominal", "Moved"),
                        field("value", "nominal", "To"),
                        field("npv", "quantitative", "NPV, £ million", ",.2f")}}}}},
                   rule_layer({{"type", "rule"}, {"color", "#000000"}, {"strokeWidth", 2}}, "x",
                              millions(central))});
  double lowest = central;
  for (const auto& b : bars) lowest = std::min({lowest, b.npv_low, b.npv_high});
  if (lowest <= 0) layers.push_back(rule_layer(dashed_rule("#D55E00", 6, 3), "x", 0));
  return layers;
}

const json& one_way_results(const ResultsInput& input) {
  static const json none;
  if (!input.is_comparison()) return none;
  const auto u = input.comparison.find("uncertainty");
  if (u == input.comparison.end() || !u->is_object() || !u->contains("one_way")) return none;
  return u->at("one_way");
}

}  // namespace

std::optional<Chart> tornado_chart(const ResultsInput& input, std::size_t alternative,
                                   const std::map<std::string, std::string>& number_labels) {
  const json* alts = alternatives(input);
  const json& one_way = one_way_results(input);
  const auto central = number_in(one_way, "central_npv", alternative);
  if (alts == nullptr || alternative >= alts->size() || !central || !one_way.contains("tornado") ||
      !one_way.at("tornado").is_array()) {
    return std::nullopt;
  }
  const auto bars = tornado_bars(one_way.at("tornado"), alternative, number_labels);
  if (bars.empty()) return std::nullopt;
  const json spec = {
      {"data", {{"values", tornado_rows(bars, *central)}}},
      {"width", 340},
      {"height", {{"step", 38}}},
      {"layer", tornado_layers(bars, *central, "NPV, £ million" + price_note(input))}};
  const std::string name = (*alts)[alternative].value("name", "the alternative");
  return chart(
      alternative == 0 ? "chart-tornado" : fmt::format("chart-tornado-{}", alternative + 1),
      "What moves the NPV most: " + name,
      fmt::format(
          "The NPV (net saving at present value) with one uncertain number moved alone to its 5th "
          "percentile (light) or its 95th (dark), every other number at its central value. The "
          "black line is the NPV with all of them central ({}). {}",
          format_money(*central),
          bars.size() == 1
              ? "One number was moved."
              : fmt::format("The {} numbers that move it most, largest first.", bars.size())),
      spec);
}

namespace {

// The PSA's acceptability curve of the alternative with this slug, or null.
const json& acceptability_curve_of(const ResultsInput& input, const std::string& slug) {
  static const json none;
  if (!input.is_comparison()) return none;
  const auto u = input.comparison.find("uncertainty");
  if (u == input.comparison.end() || !u->is_object() || !u->contains("psa")) return none;
  const json& psa = u->at("psa");
  if (!psa.is_object() || !psa.contains("alternatives")) return none;
  for (const auto& p : psa.at("alternatives")) {
    if (p.is_object() && p.value("slug", "") == slug && p.contains("acceptability_curve"))
      return p.at("acceptability_curve");
  }
  return none;
}

// The chance at £1 back for £1: where the curve crosses the dashed line.
std::optional<double> chance_at_one_pound(const json& curve) {
  for (const auto& point : curve) {
    if (point.value("return_per_pound", -1.0) == 1.0) return point.value("probability", 0.0);
  }
  return std::nullopt;
}

}  // namespace

std::optional<Chart> acceptability_chart(const ResultsInput& input, std::size_t alternative) {
  const json* alts = alternatives(input);
  if (alts == nullptr || alternative >= alts->size()) return std::nullopt;
  const json& alt = (*alts)[alternative];
  const json& curve = acceptability_curve_of(input, alt.value("slug", ""));
  if (!curve.is_array() || curve.empty()) return std::nullopt;
  json rows = json::array();
  for (const auto& point : curve) {
    const double required = point.value("return_per_pound", 0.0);
    rows.push_back({{"required", required},
                    {"required_text", fmt::format("£{:.2f}", required)},
                    {"probability", point.value("probability", 0.0)}});
  }
  // Ticks every 50p at most: £0.00, £0.50, £1.00 ... stay apart on a page's width.
  const json pounds_axis = {{"labelExpr", "'£' + format(datum.value, '.2f')"},
                            {"tickMinStep", 0.5}};
  const json spec = {
      {"width", 480},
      {"height", 200},
      {"layer",
       json::array({{{"data", {{"values", rows}}},
                     {"mark", line_mark(false, 2)},
                     {"encoding",
                      {{"x",
                        {{"field", "required"},
                         {"type", "quantitative"},
                         {"title", "Return required for every £1 invested"},
                         {"axis", pounds_axis}}},
                       {"y", chance_y("Chance of more back")},
                       {"tooltip",
                        {field("required_text", "nominal", "Return required per £1"),
                         field("probability", "quantitative", "Chance of more back", ".0%")}}}}},
                    rule_layer(dashed_rule("#D55E00", 6, 3), "x", 1)})}};
  const auto at_one = chance_at_one_pound(curve);
  const std::string name = alt.value("name", "the alternative");
  return chart(
      alternative == 0 ? "chart-acceptability"
                       : fmt::format("chart-acceptability-{}", alternative + 1),
      "How likely each £1 is to come back: " + name,
      fmt::format("For each return the council might require for every £1 it invests (across), the "
                  "chance that the investment brings back more than that in cost avoided, at "
                  "present value, allowing for the uncertain numbers and chance together. At £1 "
                  "(dashed) it is the chance the NPV is positive{}; read across from the return "
                  "you need.",
                  at_one ? " (" + format_percent(*at_one) + ")" : std::string()),
      spec);
}

std::optional<Chart> goal_seek_chart(const json& goal_seek) {
  const json& curve = goal_seek.value("curve", json::array());
  const json& settings = goal_seek.value("settings", json::object());
  if (!curve.is_array() || curve.empty()) return std::nullopt;
  const double required = settings.value("probability", 0.0);
  const std::string year = settings.value("financial_year", "");
  const std::string council = settings.value("council", "");
  const std::string goal =
      fmt::format("{}'s net cashable saving reaches {} in {}",
                  council.empty() ? std::string("the council") : council,
                  format_money(settings.value("target_net_cashable_saving", 0.0)), year);
  json rows = json::array();
  for (const auto& p : curve) {
    rows.push_back({{"budget", millions(p.value("budget_per_year", 0.0))},
                    {"extra", millions(p.value("extra_investment_per_year", 0.0))},
                    {"probability", p.value("probability", 0.0)},
                    {"saving", millions(p.value("mean_net_cashable_saving", 0.0))},
                    {"kind", p.value("kind", "")}});
  }
  const json x = {{"field", "budget"},
                  {"type", "quantitative"},
                  {"title", "Budget for the service, £ million a year"},
                  {"scale", {{"zero", false}}}};
  const json spec = {
      {"width", 480},
      {"height", 220},
      {"layer",
       json::array(
           {{{"data", {{"values", rows}}},
             {"mark", line_mark(true, 2)},
             {"encoding",
              {{"x", x},
               {"y", chance_y("Chance of reaching the target")},
               {"tooltip",
                {field("budget", "quantitative", "Budget, £ million a year", ",.3f"),
                 field("extra", "quantitative", "Extra over the baseline's, £ million", ",.3f"),
                 field("probability", "quantitative", "Chance of reaching the target", ".0%"),
                 field("saving", "quantitative", "Mean net cashable saving, £ million", ",.2f"),
                 field("kind", "nominal", "Point")}}}}},
            rule_layer(dashed_rule("#D55E00", 6, 3), "y", required),
            rule_layer(dashed_rule("#000000", 2, 2), "x",
                       millions(settings.value("funded_budget", 0.0)))})}};
  return chart(
      "chart-goal-seek", "The chance of reaching the target, budget by budget",
      fmt::format("For each budget for {} a year (across), the chance that {}: the "
                  "share of simulated futures, every number at its central value. The "
                  "dashed line is the chance required ({}); the dotted line is the "
                  "alternative's own budget.",
                  settings.value("service_label", "the service"), goal, format_percent(required)),
      spec);
}

// ---------------------------------------------------------------------------------------------
// Staffing

namespace {

// Small multiples by service, split into charts of at most kPanelsPerChart panels (three rows
// of three) so that each prints whole on an A4 page. With more services than that the charts
// share them evenly; the first keeps `id`, the others add "-2", "-3", ..., and each title says
// which services it shows.
constexpr std::size_t kPanelsPerChart = 9;

template <typename SpecFor>
std::vector<Chart> per_service_charts(const json& rows, const std::string& id,
                                      const std::string& title, const std::string& caption,
                                      SpecFor&& spec_for) {
  std::vector<std::string> services;  // in the order they first appear
  for (const auto& r : rows) {
    const auto service = r.at("service").get<std::string>();
    if (std::find(services.begin(), services.end(), service) == services.end())
      services.push_back(service);
  }
  const std::size_t count = (services.size() + kPanelsPerChart - 1) / kPanelsPerChart;
  const std::size_t per_chart = (services.size() + count - 1) / std::max<std::size_t>(count, 1);
  std::vector<Chart> charts;
  for (std::size_t c = 0; c < count; ++c) {
    const std::size_t from = c * per_chart;
    const std::size_t to = std::min(services.size(), from + per_chart);
    json part = json::array();
    for (const auto& r : rows) {
      const auto at =
          std::find(services.begin(), services.end(), r.at("service").get<std::string>());
      const auto index = static_cast<std::size_t>(at - services.begin());
      if (index >= from && index < to) part.push_back(r);
    }
    charts.push_back(chart(
        c == 0 ? id : fmt::format("{}-{}", id, c + 1),
        count == 1 ? title
                   : fmt::format("{} (services {}–{} of {})", title, from + 1, to, services.size()),
        caption, spec_for(std::move(part))));
  }
  return charts;
}

}  // namespace

std::vector<Chart> staffing_charts(const ResultsInput& input, const KnownLabels& labels) {
  json rows = json::array();
  for (const auto& s : input.scenarios) {
    for (const auto& p : s.series) {
      if (p.period_type != "financial_year") continue;
      std::string measure;
      if (p.metric == "service_fte_funded") measure = "Funded";
      if (p.metric == "service_fte_needed_for_demand") measure = "Needed for demand";
      if (measure.empty()) continue;
      add_band_row(rows,
                   {{"scenario", s.name},
                    {"service", human_label(p.key, labels)},
                    {"measure", measure},
                    {"year", p.period}},
                   stat_of(p));
    }
  }
  const auto spec_for = [&](json part) -> json {
    return {
        {"data", {{"values", std::move(part)}}},
        {"width", 160},
        {"height", 170},
        {"mark", line_mark(true)},
        {"encoding",
         {{"facet",
           {{"field", "service"},
            {"type", "nominal"},
            {"title", nullptr},
            {"columns", 3},
            {"header", service_header()}}},
          {"x", financial_year_x()},
          {"y",
           {{"field", "p50"}, {"type", "quantitative"}, {"title", "Full-time equivalent staff"}}},
          {"color", colour_by_scenario(input)},
          {"strokeDash",
           {{"field", "measure"},
            {"type", "nominal"},
            {"title", "FTE"},
            {"sort", {"Funded", "Needed for demand"}}}},
          {"tooltip",
           band_tooltip(
               {field("scenario", "nominal", "Scenario"), field("service", "nominal", "Service"),
                field("measure", "nominal", "FTE"), field("year", "ordinal", "Financial year")},
               "FTE (median)", ",.1f")}}},
        {"resolve", {{"scale", {{"y", "independent"}}}}}};
  };
  return per_service_charts(
      rows, "chart-staffing", "Staff funded and staff needed",
      "Practitioners funded by each service's budget (solid) against the practitioners the demand "
      "that reached the service would need at its caseload (dashed), per scenario. Where needed "
      "is above funded, families wait.",
      spec_for);
}

std::vector<Chart> waits_charts(const ResultsInput& input, const KnownLabels& labels) {
  json rows = json::array();
  for_each_point(input, "financial_year", "service_mean_wait_days",
                 [&](const auto& s, const SeriesPoint& p) {
                   const double standard = waiting_standard_days(s, p.key);
                   add_band_row(rows,
                                {{"scenario", s.name},
                                 {"service", human_label(p.key, labels)},
                                 {"year", p.period},
                                 {"standard", standard}},
                                stat_of(p));
                 });
  json tooltip = band_tooltip(
      {field("scenario", "nominal", "Scenario"), field("service", "nominal", "Service"),
       field("year", "ordinal", "Financial year")},
      "Days (median)", ",.1f");
  tooltip.push_back(field("standard", "quantitative", "Waiting standard (days)"));
  json layers = fan_layers(financial_year_x(), {{"title", "Mean wait for a place (days)"}},
                           colour_by_scenario(input), line_mark(true), tooltip);
  layers.push_back(
      {{"mark", dashed_rule("#D55E00", 6, 3)},
       {"encoding",
        {{"y", {{"aggregate", "max"}, {"field", "standard"}, {"type", "quantitative"}}}}}});
  const json facet = {
      {"field", "service"}, {"type", "nominal"}, {"title", nullptr}, {"header", service_header()}};
  return per_service_charts(
      rows, "chart-waits", "How long families wait",
      "Mean wait from joining a service's waiting list to getting a place, in days (median line, "
      "90% band). The dashed red line is the service's waiting standard.",
      [&](json part) { return wrapped_panels(part, facet, 3, panel(150, 170, layers)); });
}

}  // namespace ehsim::viz
