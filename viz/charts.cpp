#include "charts.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "format.hpp"

namespace ehsim::viz {
using nlohmann::json;

namespace {

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

json with_config(json spec) {
  spec["config"] = config();
  return spec;
}

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

json scenario_names(const ResultsInput& input) {
  json names = json::array();
  for (const auto& s : input.scenarios) names.push_back(s.name);
  return names;
}

json colour_by_scenario(const ResultsInput& input) {
  return {{"field", "scenario"},
          {"type", "nominal"},
          {"title", "Scenario"},
          {"sort", scenario_names(input)}};
}

json tooltip(std::initializer_list<json> fields) {
  return json(fields);
}

json field(const std::string& name, const std::string& type, const std::string& title,
           const std::string& format = "") {
  json f = {{"field", name}, {"type", type}, {"title", title}};
  if (!format.empty()) f["format"] = format;
  return f;
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

std::string price_note(const ResultsInput& input) {
  if (input.is_comparison() && input.comparison.contains("price_base_year") &&
      input.comparison.at("price_base_year").is_string()) {
    return fmt::format(" ({} prices)", input.comparison.at("price_base_year").get<std::string>());
  }
  return "";
}

void add_band_row(json& rows, json row, const Stat& s, double scale = 1.0) {
  row["p05"] = rounded(s.p05 * scale);
  row["p50"] = rounded(s.p50 * scale);
  row["p95"] = rounded(s.p95 * scale);
  rows.push_back(std::move(row));
}

}  // namespace

// Grouped bars of the median, one per `measure`, each with a rule across its 90% range.
// `category_channel` is "x" for upright bars or "y" for bars lying along the x axis.
json bars_with_range(const std::string& category_channel, const json& category,
                     const std::string& value_title, const json& colours, json tooltips) {
  const std::string value_channel = category_channel == "x" ? "y" : "x";
  const json offset = {{"field", "measure"}, {"type", "nominal"}};
  const json bars = {
      {"mark", "bar"},
      {"encoding",
       {{category_channel, category},
        {category_channel + "Offset", offset},
        {value_channel, {{"field", "p50"}, {"type", "quantitative"}, {"title", value_title}}},
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
                        {value_channel, {{"field", "p05"}, {"type", "quantitative"}}},
                        {value_channel + "2", {{"field", "p95"}}}}}};
  return json::array({bars, range});
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

std::string service_label(const ResultsInput& input, const std::string& key) {
  for (const auto& s : input.scenarios) {
    if (!s.summary.is_object() || !s.summary.contains("services_over_horizon")) continue;
    const auto& services = s.summary.at("services_over_horizon");
    if (services.is_object() && services.contains(key) && services.at(key).is_object()) {
      const auto label = services.at(key).value("label", "");
      if (!label.empty()) return label;
    }
  }
  return key;
}

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
                     Stat{p.mean, p.p05, p.p50, p.p95});
      }
    }
  }
  if (rows.empty()) return std::nullopt;
  json order = json::array();
  for (const auto& m : measures) order.push_back(m.second);
  const json x = {{"field", "date"},
                  {"type", "temporal"},
                  {"title", "Year (31 March)"},
                  {"axis", {{"format", "%Y"}, {"tickCount", 6}}}};
  const json spec = {
      {"data", {{"values", rows}}},
      {"facet",
       {{"column",
         {{"field", "measure"},
          {"type", "nominal"},
          {"sort", order},
          {"title", nullptr},
          {"header", {{"labelLimit", 220}}}}}}},
      {"spec",
       {{"width", 190},
        {"height", 200},
        {"layer",
         {{{"mark", {{"type", "area"}, {"opacity", 0.22}}},
           {"encoding",
            {{"x", x},
             {"y",
              {{"field", "p05"},
               {"type", "quantitative"},
               {"title", "Children at end of quarter"},
               {"scale", {{"zero", false}}}}},
             {"y2", {{"field", "p95"}}},
             {"color", colour_by_scenario(input)}}}},
          {{"mark", {{"type", "line"}, {"strokeWidth", 2}}},
           {"encoding",
            {{"x", x},
             {"y", {{"field", "p50"}, {"type", "quantitative"}}},
             {"color", colour_by_scenario(input)},
             {"tooltip",
              tooltip({field("scenario", "nominal", "Scenario"),
                       field("measure", "nominal", "Measure"), field("period", "nominal", "Period"),
                       field("p50", "quantitative", "Median", ",.0f"),
                       field("p05", "quantitative", "5th percentile", ",.0f"),
                       field("p95", "quantitative", "95th percentile", ",.0f")})}}}}}}}},
      {"resolve", {{"scale", {{"y", "independent"}}}}}};
  return Chart{"chart-demand", "Children in need, on child protection plans and looked after",
               "Solid lines are the median of the simulated futures; the shaded band holds 90% of "
               "them (5th to 95th percentile). Each panel has its own scale.",
               with_config(spec)};
}

std::optional<Chart> flows_heatmap(const ResultsInput& input, const StateCatalogue& states) {
  json rows = json::array();
  std::set<std::string> seen;
  for (const auto& s : input.scenarios) {
    for (const auto& p : s.series) {
      if (p.period_type != "financial_year" || p.metric != "entries") continue;
      std::string label = p.key;
      std::string need;
      int order = 1000;
      if (const auto it = states.find(p.key); it != states.end()) {
        label = it->second.label;
        need = it->second.need_label;
        order = it->second.order;
      } else if (p.key == "moved_away") {
        label = "Moved away";
        order = 2000;
      } else if (p.key == "aged_out") {
        label = "Children grew up (aged out)";
        order = 2001;
      }
      const std::string row_label = need.empty() ? label : fmt::format("{} [{}]", label, need);
      seen.insert(row_label);
      rows.push_back({{"scenario", s.name},
                      {"state", row_label},
                      {"order", order},
                      {"year", p.period},
                      {"entries", std::round(p.p50)}});
    }
  }
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
       {{"width", 420},
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
           tooltip({field("scenario", "nominal", "Scenario"), field("state", "nominal", "State"),
                    field("year", "ordinal", "Financial year"),
                    field("entries", "quantitative", "Families entering (median)", ",.0f")})}}}}},
      {"resolve", {{"scale", {{"y", "shared"}}}}}};
  return Chart{"chart-flows", "Flows through the continuum of need",
               "How many families enter each state of the pathway each year (median of the "
               "simulated futures). Brighter cells are bigger flows; the scale is compressed so "
               "small flows into statutory care stay visible.",
               with_config(spec)};
}

std::optional<Chart> movement_chart(const ResultsInput& input) {
  const std::vector<std::pair<std::string, std::string>> events = {
      {"escalation_to_statutory", "Escalations to statutory care"},
      {"step_up", "Step-ups from early help"},
      {"step_down", "Step-downs to early help"},
      {"re_referral", "Re-referrals within 12 months"}};
  json rows = json::array();
  for (const auto& s : input.scenarios) {
    for (const auto& p : s.series) {
      if (p.period_type != "financial_year" || p.metric != "events_families") continue;
      for (const auto& [key, label] : events) {
        if (p.key == key) {
          add_band_row(rows, {{"scenario", s.name}, {"event", label}, {"year", p.period}},
                       Stat{p.mean, p.p05, p.p50, p.p95});
        }
      }
    }
  }
  if (rows.empty()) return std::nullopt;
  json order = json::array();
  for (const auto& e : events) order.push_back(e.second);
  const json x = {{"field", "year"}, {"type", "ordinal"}, {"title", "Financial year"}};
  const json spec = {
      {"data", {{"values", rows}}},
      {"facet", {{"field", "event"}, {"type", "nominal"}, {"sort", order}, {"title", nullptr}}},
      {"columns", 2},
      {"spec",
       {{"width", 260},
        {"height", 150},
        {"layer",
         {{{"mark", {{"type", "area"}, {"opacity", 0.22}}},
           {"encoding",
            {{"x", x},
             {"y",
              {{"field", "p05"},
               {"type", "quantitative"},
               {"title", "Families a year"},
               {"scale", {{"zero", false}}}}},
             {"y2", {{"field", "p95"}}},
             {"color", colour_by_scenario(input)}}}},
          {{"mark", {{"type", "line"}, {"point", true}}},
           {"encoding",
            {{"x", x},
             {"y", {{"field", "p50"}, {"type", "quantitative"}}},
             {"color", colour_by_scenario(input)},
             {"tooltip",
              tooltip({field("scenario", "nominal", "Scenario"), field("event", "nominal", "Event"),
                       field("year", "ordinal", "Financial year"),
                       field("p50", "quantitative", "Median", ",.0f"),
                       field("p05", "quantitative", "5th percentile", ",.0f"),
                       field("p95", "quantitative", "95th percentile", ",.0f")})}}}}}}}},
      {"resolve", {{"scale", {{"y", "independent"}}}}}};
  return Chart{"chart-movement", "Escalations, step-ups, step-downs and re-referrals",
               "Families a year; median line and 90% band. Fewer escalations and re-referrals, "
               "and more step-downs, are the mechanism by which early help saves money.",
               with_config(spec)};
}

std::optional<Chart> cost_by_category_chart(const ResultsInput& input) {
  if (!input.is_comparison() || !input.comparison.contains("per_scenario")) return std::nullopt;
  json rows = json::array();
  json names = json::array();
  for (const auto& sc : input.comparison.at("per_scenario")) {
    const std::string name = sc.value("name", sc.value("slug", "?"));
    if (!sc.contains("late_intervention_cost_by_year")) continue;
    names.push_back(name);
    for (const auto& y : sc.at("late_intervention_cost_by_year")) {
      if (!y.contains("by_category") || !y.at("by_category").is_object()) continue;
      for (const auto& [category, value] : y.at("by_category").items()) {
        const auto s = stat_at(y.at("by_category"), category);
        if (!s) continue;
        rows.push_back({{"scenario", name},
                        {"year", y.value("financial_year", "")},
                        {"category", category},
                        {"cost", millions(s->mean)}});
      }
    }
  }
  if (rows.empty()) return std::nullopt;
  const json spec = {
      {"data", {{"values", rows}}},
      {"width", 270},
      {"height", 230},
      {"mark", "bar"},
      {"encoding",
       {{"facet",
         {{"field", "scenario"},
          {"type", "nominal"},
          {"title", nullptr},
          {"sort", names},
          {"columns", 2},
          {"header", {{"labelLimit", 280}}}}},
        {"x", {{"field", "year"}, {"type", "ordinal"}, {"title", "Financial year"}}},
        {"y",
         {{"aggregate", "sum"},
          {"field", "cost"},
          {"type", "quantitative"},
          {"title", "£ million a year" + price_note(input)}}},
        {"color",
         {{"field", "category"},
          {"type", "nominal"},
          {"title", "Cost category"},
          {"legend", {{"columns", 2}}}}},
        {"order", {{"field", "category"}, {"sort", "ascending"}}},
        {"tooltip", tooltip({field("scenario", "nominal", "Scenario"),
                             field("year", "ordinal", "Financial year"),
                             field("category", "nominal", "Category"),
                             field("cost", "quantitative", "£ million (mean)", ",.2f")})}}}};
  return Chart{"chart-cost-category", "Late-intervention cost by category",
               "The cost of late intervention each year, by the Early Intervention Foundation's "
               "categories, for each scenario (mean of the simulated futures).",
               with_config(spec)};
}

std::optional<Chart> investment_vs_avoided_chart(const ResultsInput& input) {
  const json* alts = alternatives(input);
  if (alts == nullptr) return std::nullopt;
  json rows = json::array();
  for (const auto& a : *alts) {
    if (!a.contains("by_year")) continue;
    for (const auto& y : a.at("by_year")) {
      const std::string fy = y.value("financial_year", "");
      if (const auto s = stat_at(y, "extra_investment")) {
        add_band_row(rows,
                     {{"alternative", a.value("name", "")},
                      {"year", fy},
                      {"measure", "Extra early help investment"}},
                     *s, 1e-6);
      }
      if (const auto s = stat_at(y, "cost_avoided")) {
        add_band_row(rows,
                     {{"alternative", a.value("name", "")},
                      {"year", fy},
                      {"measure", "Late-intervention cost avoided"}},
                     *s, 1e-6);
      }
    }
  }
  if (rows.empty()) return std::nullopt;
  const json x = {{"field", "year"}, {"type", "ordinal"}, {"title", "Financial year"}};
  const json spec = {
      {"data", {{"values", rows}}},
      {"facet", facet_rows_by("alternative")},
      {"spec",
       {{"width", 560},
        {"height", 210},
        {"layer",
         bars_with_range("x", x, "£ million a year" + price_note(input), {"#E69F00", "#0072B2"},
                         tooltip({field("alternative", "nominal", "Scenario"),
                                  field("year", "ordinal", "Financial year"),
                                  field("measure", "nominal", "Measure"),
                                  field("p50", "quantitative", "£ million (median)", ",.2f"),
                                  field("p05", "quantitative", "5th percentile", ",.2f"),
                                  field("p95", "quantitative", "95th percentile", ",.2f")}))}}}};
  return Chart{"chart-investment", "Each year: what is invested and what is avoided",
               "Orange: the extra early help spend. Blue: the late-intervention cost it avoids "
               "(median, with a line spanning the 90% range). Where blue is taller, the "
               "investment more than pays for itself that year.",
               with_config(spec)};
}

std::optional<Chart> cumulative_saving_chart(const ResultsInput& input) {
  const json* alts = alternatives(input);
  if (alts == nullptr) return std::nullopt;
  json rows = json::array();
  json marks = json::array();
  for (const auto& a : *alts) {
    if (!a.contains("by_year")) continue;
    std::string payback;
    if (a.contains("headline") && a.at("headline").contains("payback") &&
        a.at("headline").at("payback").contains("median_year") &&
        a.at("headline").at("payback").at("median_year").is_string()) {
      payback = a.at("headline").at("payback").at("median_year").get<std::string>();
    }
    for (const auto& y : a.at("by_year")) {
      const auto s = stat_at(y, "cumulative_net_saving_discounted");
      if (!s) continue;
      const std::string fy = y.value("financial_year", "");
      add_band_row(rows, {{"scenario", a.value("name", "")}, {"year", fy}}, *s, 1e-6);
      if (fy == payback) {
        marks.push_back({{"scenario", a.value("name", "")},
                         {"year", fy},
                         {"p50", rounded(s->p50 * 1e-6)},
                         {"label", fmt::format("Pays back in {} (median)", fy)}});
      }
    }
  }
  if (rows.empty()) return std::nullopt;
  const json x = {{"field", "year"}, {"type", "ordinal"}, {"title", "Financial year"}};
  const json colour = {{"field", "scenario"}, {"type", "nominal"}, {"title", "Scenario"}};
  json layers = json::array();
  layers.push_back({{"data", {{"values", json::array({json::object()})}}},
                    {"mark", {{"type", "rule"}, {"color", "#555555"}, {"strokeDash", {4, 3}}}},
                    {"encoding", {{"y", {{"datum", 0}}}}}});
  layers.push_back({{"mark", {{"type", "area"}, {"opacity", 0.22}}},
                    {"encoding",
                     {{"x", x},
                      {"y",
                       {{"field", "p05"},
                        {"type", "quantitative"},
                        {"title", "£ million, discounted" + price_note(input)}}},
                      {"y2", {{"field", "p95"}}},
                      {"color", colour}}}});
  layers.push_back(
      {{"mark", {{"type", "line"}, {"point", true}, {"strokeWidth", 2}}},
       {"encoding",
        {{"x", x},
         {"y", {{"field", "p50"}, {"type", "quantitative"}}},
         {"color", colour},
         {"tooltip", tooltip({field("scenario", "nominal", "Scenario"),
                              field("year", "ordinal", "Financial year"),
                              field("p50", "quantitative", "£ million (median)", ",.2f"),
                              field("p05", "quantitative", "5th percentile", ",.2f"),
                              field("p95", "quantitative", "95th percentile", ",.2f")})}}}});
  if (input.comparison.contains("target") && input.comparison.at("target").is_number()) {
    const double target = input.comparison.at("target").get<double>();
    const json target_row = {{"target", rounded(target * 1e-6)},
                             {"label", "Savings target " + format_money(target)}};
    layers.push_back({{"data", {{"values", json::array({target_row})}}},
                      {"mark", {{"type", "rule"}, {"color", "#D55E00"}, {"strokeDash", {6, 3}}}},
                      {"encoding", {{"y", {{"field", "target"}, {"type", "quantitative"}}}}}});
    layers.push_back({{"data", {{"values", json::array({target_row})}}},
                      {"mark",
                       {{"type", "text"},
                        {"align", "left"},
                        {"dx", 4},
                        {"dy", -7},
                        {"color", "#D55E00"},
                        {"x", 0}}},
                      {"encoding",
                       {{"y", {{"field", "target"}, {"type", "quantitative"}}},
                        {"text", {{"field", "label"}}}}}});
  }
  if (!marks.empty()) {
    layers.push_back(
        {{"data", {{"values", marks}}},
         {"mark",
          {{"type", "point"},
           {"shape", "diamond"},
           {"size", 160},
           {"filled", true},
           {"color", "#000000"}}},
         {"encoding", {{"x", x}, {"y", {{"field", "p50"}, {"type", "quantitative"}}}}}});
    layers.push_back(
        {{"data", {{"values", marks}}},
         {"mark",
          {{"type", "text"}, {"align", "left"}, {"dx", 8}, {"dy", 14}, {"fontWeight", "bold"}}},
         {"encoding",
          {{"x", x},
           {"y", {{"field", "p50"}, {"type", "quantitative"}}},
           {"text", {{"field", "label"}}}}}});
  }
  const json spec = {
      {"data", {{"values", rows}}}, {"width", 560}, {"height", 260}, {"layer", layers}};
  return Chart{"chart-cumulative", "Cumulative net saving and the payback point",
               "Net saving (cost avoided less extra investment), added up year by year and "
               "discounted to present value. Below the dashed zero line the investment has not "
               "yet paid for itself; the diamond marks the median payback year. The band holds "
               "90% of the simulated futures.",
               with_config(spec)};
}

std::optional<Chart> target_probability_chart(const ResultsInput& input) {
  const json* alts = alternatives(input);
  if (alts == nullptr || !input.comparison.contains("target") ||
      !input.comparison.at("target").is_number()) {
    return std::nullopt;
  }
  json rows = json::array();
  for (const auto& a : *alts) {
    if (!a.contains("by_year")) continue;
    for (const auto& y : a.at("by_year")) {
      if (!y.contains("probability_target_met") || !y.at("probability_target_met").is_number()) {
        continue;
      }
      rows.push_back({{"scenario", a.value("name", "")},
                      {"year", y.value("financial_year", "")},
                      {"probability", y.at("probability_target_met").get<double>()}});
    }
  }
  if (rows.empty()) return std::nullopt;
  const json spec = {
      {"data", {{"values", rows}}},
      {"width", 560},
      {"height", 170},
      {"mark", {{"type", "line"}, {"point", true}}},
      {"encoding",
       {{"x", {{"field", "year"}, {"type", "ordinal"}, {"title", "Financial year"}}},
        {"y",
         {{"field", "probability"},
          {"type", "quantitative"},
          {"title", "Chance target reached"},
          {"axis", {{"format", ".0%"}}},
          {"scale", {{"domain", {0, 1}}}}}},
        {"color", {{"field", "scenario"}, {"type", "nominal"}, {"title", "Scenario"}}},
        {"tooltip", tooltip({field("scenario", "nominal", "Scenario"),
                             field("year", "ordinal", "Financial year"),
                             field("probability", "quantitative", "Chance", ".0%")})}}}};
  return Chart{"chart-target",
               "Chance of reaching the savings target of " +
                   format_money(input.comparison.at("target").get<double>()),
               "The share of simulated futures in which that year's net cashable saving (cashable "
               "cost avoided minus the extra investment, in that year) reaches the target.",
               with_config(spec)};
}

std::optional<Chart> payer_chart(const ResultsInput& input) {
  const json* alts = alternatives(input);
  if (alts == nullptr) return std::nullopt;
  json rows = json::array();
  for (const auto& a : *alts) {
    if (!a.contains("by_payer")) continue;
    for (const auto& p : a.at("by_payer")) {
      const std::string payer = p.value("payer", "?");
      if (const auto s = stat_at(p, "cost_avoided")) {
        add_band_row(
            rows,
            {{"scenario", a.value("name", "")}, {"payer", payer}, {"measure", "All cost avoided"}},
            *s, 1e-6);
      }
      if (const auto s = stat_at(p, "cashable")) {
        add_band_row(rows,
                     {{"scenario", a.value("name", "")},
                      {"payer", payer},
                      {"measure", "Cashable (can be taken out of a budget)"}},
                     *s, 1e-6);
      }
    }
  }
  if (rows.empty()) return std::nullopt;
  const json y = {{"field", "payer"},
                  {"type", "nominal"},
                  {"title", "Who pays"},
                  {"sort", {{"field", "p50"}, {"op", "max"}, {"order", "descending"}}}};
  const json spec = {
      {"data", {{"values", rows}}},
      {"facet", facet_rows_by("scenario")},
      {"spec",
       {{"width", 480},
        {"layer",
         bars_with_range(
             "y", y, "£ million over the horizon" + price_note(input), {"#0072B2", "#56B4E9"},
             tooltip({field("payer", "nominal", "Who pays"), field("measure", "nominal", "Measure"),
                      field("p50", "quantitative", "£ million (median)", ",.2f"),
                      field("p05", "quantitative", "5th percentile", ",.2f"),
                      field("p95", "quantitative", "95th percentile", ",.2f")}))}}}};
  return Chart{"chart-payer", "Who benefits: cost avoided by payer",
               "Late-intervention cost avoided over the whole horizon, by the organisation that "
               "would have paid it (median, with a line spanning the 90% range). The lighter bar "
               "is the cashable part.",
               with_config(spec)};
}

std::optional<Chart> staffing_chart(const ResultsInput& input) {
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
                    {"service", service_label(input, p.key)},
                    {"measure", measure},
                    {"year", p.period}},
                   Stat{p.mean, p.p05, p.p50, p.p95});
    }
  }
  if (rows.empty()) return std::nullopt;
  const json spec = {
      {"data", {{"values", rows}}},
      {"width", 175},
      {"height", 170},
      {"mark", {{"type", "line"}, {"point", true}}},
      {"encoding",
       {{"facet",
         {{"field", "service"},
          {"type", "nominal"},
          {"title", nullptr},
          {"columns", 3},
          {"header", {{"labelLimit", 200}}}}},
        {"x", {{"field", "year"}, {"type", "ordinal"}, {"title", "Financial year"}}},
        {"y",
         {{"field", "p50"}, {"type", "quantitative"}, {"title", "Full-time equivalent staff"}}},
        {"color", colour_by_scenario(input)},
        {"strokeDash",
         {{"field", "measure"},
          {"type", "nominal"},
          {"title", "FTE"},
          {"sort", {"Funded", "Needed for demand"}}}},
        {"tooltip",
         tooltip({field("scenario", "nominal", "Scenario"), field("service", "nominal", "Service"),
                  field("measure", "nominal", "FTE"), field("year", "ordinal", "Financial year"),
                  field("p50", "quantitative", "FTE (median)", ",.1f"),
                  field("p05", "quantitative", "5th percentile", ",.1f"),
                  field("p95", "quantitative", "95th percentile", ",.1f")})}}},
      {"resolve", {{"scale", {{"y", "independent"}}}}}};
  return Chart{"chart-staffing", "Staff funded and staff needed",
               "Practitioners funded by each service's budget (solid) against the practitioners "
               "the demand that reached the service would need at its caseload (dashed), per "
               "scenario. Where needed is above funded, families wait.",
               with_config(spec)};
}

std::optional<Chart> waits_chart(const ResultsInput& input) {
  json rows = json::array();
  for (const auto& s : input.scenarios) {
    for (const auto& p : s.series) {
      if (p.period_type != "financial_year" || p.metric != "service_mean_wait_days") continue;
      double standard = 28.0;
      if (s.summary.is_object() && s.summary.contains("services_over_horizon")) {
        const auto& services = s.summary.at("services_over_horizon");
        if (services.contains(p.key) && services.at(p.key).contains("waiting_standard_days") &&
            services.at(p.key).at("waiting_standard_days").is_number()) {
          standard = services.at(p.key).at("waiting_standard_days").get<double>();
        }
      }
      json row = {{"scenario", s.name},
                  {"service", service_label(input, p.key)},
                  {"year", p.period},
                  {"standard", standard}};
      add_band_row(rows, row, Stat{p.mean, p.p05, p.p50, p.p95});
    }
  }
  if (rows.empty()) return std::nullopt;
  const json x = {{"field", "year"}, {"type", "ordinal"}, {"title", "Financial year"}};
  const json spec = {
      {"data", {{"values", rows}}},
      {"facet",
       {{"field", "service"},
        {"type", "nominal"},
        {"title", nullptr},
        {"header", {{"labelLimit", 200}}}}},
      {"columns", 3},
      {"spec",
       {{"width", 175},
        {"height", 170},
        {"layer",
         {{{"mark", {{"type", "area"}, {"opacity", 0.22}}},
           {"encoding",
            {{"x", x},
             {"y",
              {{"field", "p05"},
               {"type", "quantitative"},
               {"title", "Mean wait for a place (days)"}}},
             {"y2", {{"field", "p95"}}},
             {"color", colour_by_scenario(input)}}}},
          {{"mark", {{"type", "line"}, {"point", true}}},
           {"encoding",
            {{"x", x},
             {"y", {{"field", "p50"}, {"type", "quantitative"}}},
             {"color", colour_by_scenario(input)},
             {"tooltip",
              tooltip({field("scenario", "nominal", "Scenario"),
                       field("service", "nominal", "Service"),
                       field("year", "ordinal", "Financial year"),
                       field("p50", "quantitative", "Days (median)", ",.1f"),
                       field("p05", "quantitative", "5th percentile", ",.1f"),
                       field("p95", "quantitative", "95th percentile", ",.1f"),
                       field("standard", "quantitative", "Waiting standard (days)")})}}}},
          {{"mark", {{"type", "rule"}, {"color", "#D55E00"}, {"strokeDash", {6, 3}}}},
           {"encoding",
            {{"y", {{"aggregate", "max"}, {"field", "standard"}, {"type", "quantitative"}}}}}}}}}},
      {"resolve", {{"scale", {{"y", "independent"}}}}}};
  return Chart{"chart-waits", "How long families wait",
               "Mean wait from joining a service's waiting list to getting a place, in days "
               "(median line, 90% band). The dashed red line is the service's waiting standard.",
               with_config(spec)};
}

}  // namespace ehsim::viz
