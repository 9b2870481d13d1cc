#include "report.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <regex>
#include <tuple>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "assets.hpp"
#include "charts.hpp"
#include "core/diagnostics.hpp"
#include "core/files.hpp"
#include "core/version.hpp"
#include "economics/uncertainty_words.hpp"
#include "external.hpp"
#include "format.hpp"
#include "input/loader.hpp"
#include "labels.hpp"
#include "page.hpp"
#include "pathway/pathway_graph.hpp"
#include "results.hpp"
#include "template.hpp"

namespace ehsim::viz {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// ---------------------------------------------------------------------------------------------
// Small helpers

std::string str(const json& j, const char* key, const std::string& fallback = "") {
  if (j.is_object() && j.contains(key) && j.at(key).is_string())
    return j.at(key).get<std::string>();
  if (j.is_object() && j.contains(key) && j.at(key).is_number()) return j.at(key).dump();
  return fallback;
}

const json& null_json() {
  static const json n;
  return n;
}

const json& member(const json& j, const char* key) {
  if (j.is_object() && j.contains(key)) return j.at(key);
  return null_json();
}

// "£2.6m–£4.8m", or "−£0.3m to £4.8m" when the range crosses zero (a dash would read as minus).
std::string money_range(const Stat& s) {
  return fmt::format("{}{}{}", format_money(s.p05), s.p05 < 0 ? " to " : "–", format_money(s.p95));
}

std::string count_range(const Stat& s) {
  return fmt::format("{}{}{}", format_count(s.p05), s.p05 < 0 ? " to " : "–", format_count(s.p95));
}

// "£2.1m (90% range £1.5m–£2.8m)" as table cell HTML.
std::string money_cell(const std::optional<Stat>& s) {
  if (!s) return "—";
  return fmt::format("{}<span class=\"range\">{}</span>", html_escape(format_money(s->p50)),
                     html_escape(money_range(*s)));
}

std::string count_cell(const std::optional<Stat>& s) {
  if (!s) return "—";
  return fmt::format("{}<span class=\"range\">{}</span>", html_escape(format_count(s->p50)),
                     html_escape(count_range(*s)));
}

std::string pence_cell(const std::optional<Stat>& s) {
  if (!s) return "—";
  return fmt::format("{}<span class=\"range\">{}–{}</span>", html_escape(format_pence(s->p50)),
                     html_escape(format_pence(s->p05)), html_escape(format_pence(s->p95)));
}

std::string ratio_cell(const std::optional<Stat>& s) {
  if (!s) return "—";
  return fmt::format("{:.2f}<span class=\"range\">{:.2f}–{:.2f}</span>", s->p50, s->p05, s->p95);
}

// ---------------------------------------------------------------------------------------------
// The scenario files behind the results (for the pathway diagram and the sources)

struct ScenarioFile {
  std::optional<LoadResult> loaded;
  fs::path path;
  std::string problem;
};

ScenarioFile find_scenario_file(const std::string& recorded, const fs::path& results_dir) {
  ScenarioFile out;
  if (recorded.empty()) {
    out.problem = "the results do not name their scenario file";
    return out;
  }
  const fs::path p(recorded);
  std::vector<fs::path> candidates{p};
  if (p.is_relative()) {
    fs::path dir = fs::absolute(results_dir);
    for (int up = 0; up < 8 && !dir.empty(); ++up, dir = dir.parent_path())
      candidates.push_back(dir / p);
  }
  std::error_code ec;
  for (const auto& c : candidates) {
    if (fs::is_regular_file(c, ec)) {
      out.path = c;
      LoadResult result = load_scenario_file(c);
      if (!result.ok()) {
        out.problem = fmt::format("{} no longer loads: {}", c.string(),
                                  result.diagnostics.items().front().format());
        return out;
      }
      out.loaded = std::move(result);
      return out;
    }
  }
  out.problem = fmt::format(
      "the scenario file {} was not found (run the report from the "
      "directory the simulation ran in)",
      recorded);
  return out;
}

StateCatalogue state_catalogue(const ScenarioFile& file) {
  StateCatalogue states;
  if (!file.loaded) return states;
  const auto& pathway = file.loaded->scenario.pathway;
  for (std::size_t i = 0; i < pathway.states.size(); ++i) {
    const auto& s = pathway.states[i];
    std::string need;
    if (s.need_level >= 0 && s.need_level < static_cast<int>(pathway.need_levels.size())) {
      need = pathway.need_levels[static_cast<std::size_t>(s.need_level)].label;
    }
    states[s.id] = {s.label.empty() ? s.id : s.label, need, static_cast<int>(i)};
  }
  return states;
}

// Every number in the resolved scenario that carries a source or says it is an assumption.
struct SourcedValue {
  std::string pointer, value, basis, origin;
  bool assumption = false;
};

void collect_sourced(const json& j, const std::string& pointer, std::vector<SourcedValue>& out) {
  if (j.is_object()) {
    if (j.contains("value") && (j.contains("source") || j.contains("assumption"))) {
      const bool assumption = !j.contains("source");
      const auto& basis = assumption ? j.at("assumption") : j.at("source");
      out.push_back({pointer, j.at("value").dump(),
                     basis.is_string() ? basis.get<std::string>() : basis.dump(), "", assumption});
      return;
    }
    for (const auto& [key, value] : j.items()) collect_sourced(value, pointer + "/" + key, out);
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) {
      collect_sourced(j[i], fmt::format("{}/{}", pointer, i), out);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The model of the page

struct Context {
  ResultsInput input;
  std::vector<ScenarioFile> files;  // one per scenario, same order
  StateCatalogue states;
  KnownLabels labels;
};

// The labels the scenario files give to services, localities and states (every file found,
// the baseline first, so an alternative's new service has its label too).
void add_scenario_labels(const ScenarioFile& file, KnownLabels& known) {
  if (!file.loaded) return;
  const auto& scenario = file.loaded->scenario;
  for (const auto& service : scenario.services) known.services.emplace(service.id, service.label);
  for (const auto& state : scenario.pathway.states) known.states.emplace(state.id, state.label);
  const auto& localities = member(member(file.loaded->document.merged, "population"), "localities");
  if (!localities.is_object()) return;
  for (const auto& [id, locality] : localities.items()) {
    const std::string label = str(locality, "label");
    if (!label.empty()) known.localities.emplace(id, label);
  }
}

// How comparison.json names scenario `i` (the baseline first) of a comparison.
const ScenarioIdentity& scenario_identity(const ResultsInput& input, std::size_t i) {
  return i == 0 ? input.results.baseline : input.results.alternatives.at(i - 1).scenario;
}

Context load_context(const fs::path& results_dir) {
  Context ctx{load_results(results_dir), {}, {}, {}};
  for (std::size_t i = 0; i < ctx.input.scenarios.size(); ++i) {
    const auto& manifest = ctx.input.scenarios[i].manifest;
    std::string recorded = manifest ? manifest->scenario_path : "";
    if (recorded.empty() && ctx.input.is_comparison()) {
      recorded = scenario_identity(ctx.input, i).path;
    }
    ctx.files.push_back(find_scenario_file(recorded, results_dir));
  }
  if (!ctx.files.empty()) ctx.states = state_catalogue(ctx.files.front());
  add_result_labels(ctx.input, ctx.labels);
  for (const auto& file : ctx.files) add_scenario_labels(file, ctx.labels);
  return ctx;
}

// The results of scenario `scenario_index` against the baseline; null for the baseline and a
// single run.
const AlternativeResults* alternative(const Context& ctx, std::size_t scenario_index) {
  const auto& alts = ctx.input.results.alternatives;
  if (!ctx.input.is_comparison() || scenario_index == 0 || scenario_index - 1 >= alts.size())
    return nullptr;
  return &alts[scenario_index - 1];
}

// A figure of the last financial year of a scenario's summary.json (and that year's name).
std::optional<Stat> summary_final_year(const ScenarioResults& s, Summary DemandYear::*figure,
                                       std::string* year = nullptr) {
  if (!s.summary || s.summary->by_financial_year.empty()) return std::nullopt;
  const DemandYear& last = s.summary->by_financial_year.back();
  if (year != nullptr) *year = last.financial_year;
  return stat_of(last.*figure);
}

// ---------------------------------------------------------------------------------------------
// The summary paragraph

// What is invested a year, what it avoids by year 5 and over the horizon, net and at present
// value.
std::string money_sentences(const ComparisonResults& c, const AlternativeResults& a,
                            const std::string& name, const std::string& baseline) {
  const ComparisonHeadline& h = a.headline;
  const std::size_t years = a.by_year.size();
  double extra_total = 0;
  for (const auto& y : a.by_year) extra_total += y.extra_investment.p50;
  const std::size_t focus = std::min<std::size_t>(5, years);  // "by year 5"
  const YearFlows& fy = a.by_year[focus - 1];
  const Stat avoided = stat_of(fy.cost_avoided);
  std::string text = fmt::format(
      "{} {} a year on average in early help under {}, compared with {},",
      extra_total >= 0 ? "Investing an extra" : "Spending",
      format_money(std::fabs(extra_total) / static_cast<double>(years)), name, baseline);
  text += fmt::format(
      " {} an estimated {} (90% range {}) of late-intervention cost a year by "
      "year {} ({}).",
      avoided.p50 >= 0 ? "avoids" : "adds", format_money(std::fabs(avoided.p50)),
      money_range(avoided), focus, fy.financial_year);
  const Stat total_avoided = stat_of(h.cost_avoided);
  const Stat net = stat_of(h.net_saving);
  const Stat npv = stat_of(h.net_saving_npv);
  text +=
      fmt::format(" Over {} years it avoids {} for {} invested: a net {} of {} (90% range {})",
                  years, format_money(total_avoided.p50), format_money(extra_total),
                  net.p50 >= 0 ? "saving" : "cost", format_money(std::fabs(net.p50)),
                  // A net cost is stated as a positive sum, and so is its range.
                  money_range(net.p50 >= 0 ? net : Stat{-net.mean, -net.p95, -net.p50, -net.p05}));
  text += fmt::format(", or {} at present value discounted at {:.1f}%", format_money(npv.p50),
                      c.discount_rate * 100);
  return text + ".";
}

std::string return_sentence(const ComparisonHeadline& h) {
  const auto fiscal = stat_of(h.fiscal_return_per_pound);
  const auto social = stat_of(h.social_return_per_pound);
  if (!fiscal) return "";
  std::string text =
      fmt::format(" Each £1 invested returns {} to the public purse", format_pence(fiscal->p50));
  if (social) text += fmt::format(" ({} including wider social value)", format_pence(social->p50));
  return text + ".";
}

std::string payback_sentence(const ComparisonHeadline& h, std::size_t years) {
  const Payback& payback = h.payback;
  if (payback.median_year) {
    return fmt::format(
        " It pays for itself by {} in the median future, and within the {} years in {} of "
        "simulated futures.",
        *payback.median_year, years, format_percent(payback.share_paying_back));
  }
  return fmt::format(
      " It does not pay for itself within {} years in the median future "
      "({} of simulated futures do).",
      years, format_percent(payback.share_paying_back));
}

std::string children_sentence(const ComparisonHeadline& h, const YearFlows& last_year) {
  const Stat lac = stat_of(h.lac_avoided_final_year);
  const Stat cp = stat_of(h.cp_avoided_final_year);
  return fmt::format(
      " By {} there would be {} fewer children looked after (90% range {}) and "
      "{} fewer on child protection plans (90% range {}).",
      last_year.financial_year, format_count(lac.p50), count_range(lac), format_count(cp.p50),
      count_range(cp));
}

std::string target_sentence(const ComparisonResults& c, const YearFlows& last_year) {
  if (!c.target || !last_year.probability_target_met) return "";
  return fmt::format(" The chance of a net cashable saving of at least {} in {} is {}.",
                     format_money(*c.target), last_year.financial_year,
                     format_percent(*last_year.probability_target_met));
}

std::string comparison_summary(const Context& ctx) {
  const ComparisonResults& c = ctx.input.results;
  const std::string& baseline = c.baseline.name;
  std::string text;
  for (const auto& a : c.alternatives) {
    const std::string& name = a.scenario.name;
    if (!text.empty()) text += " ";
    if (a.by_year.empty()) {
      text += fmt::format("{} is compared with {}, but the comparison holds no yearly results.",
                          name, baseline);
      continue;
    }
    text += money_sentences(c, a, name, baseline) + return_sentence(a.headline) +
            payback_sentence(a.headline, a.by_year.size()) +
            children_sentence(a.headline, a.by_year.back()) + target_sentence(c, a.by_year.back());
  }
  return text;
}

std::string single_run_summary(const Context& ctx) {
  const auto& s = ctx.input.scenarios.front();
  std::string year;
  const auto cin = summary_final_year(s, &DemandYear::children_in_need_at_31_march, &year);
  const auto cp = summary_final_year(s, &DemandYear::child_protection_plans_at_31_march);
  const auto lac = summary_final_year(s, &DemandYear::looked_after_at_31_march);
  std::string text = fmt::format("{}", s.name);
  if (s.summary) {
    text += fmt::format(" was simulated {} times over {} years from {}.", s.summary->replications,
                        s.summary->horizon_years, s.summary->start_date);
  } else {
    text += " was simulated.";
  }
  if (cin && cp && lac) {
    text += fmt::format(
        " By 31 March at the end of {}, an estimated {} children are in need "
        "(90% range {}), {} of them on child protection plans (90% range {}) "
        "and {} looked after (90% range {}).",
        year, format_count(cin->p50), count_range(*cin), format_count(cp->p50), count_range(*cp),
        format_count(lac->p50), count_range(*lac));
  }
  text +=
      " This report describes one scenario: compare it with a baseline (ehsim compare) to "
      "see the cost avoided and the return on investment.";
  return text;
}

std::string make_summary(const Context& ctx) {
  if (ctx.input.is_comparison() && !ctx.input.results.alternatives.empty()) {
    return comparison_summary(ctx);
  }
  return single_run_summary(ctx);
}

// ---------------------------------------------------------------------------------------------
// Sections

// The side-by-side table: a column per scenario, a row per figure; a row whose every cell is
// empty is left out.
class HeadlineTable {
 public:
  explicit HeadlineTable(std::size_t columns) : columns_(columns) {}
  void group(const std::string& heading_html) {
    rows_ += "<tr class=\"group\"><th colspan=\"" + std::to_string(columns_ + 1) + "\">" +
             heading_html + "</th></tr>\n";
  }
  template <typename Cell>
  void row(const std::string& label, Cell cell) {
    std::string r = fmt::format("<tr><th scope=\"row\">{}</th>", html_escape(label));
    bool any = false;
    for (std::size_t i = 0; i < columns_; ++i) {
      const std::string c = cell(i);
      any = any || c != "—";
      r += "<td>" + c + "</td>";
    }
    if (any) rows_ += r + "</tr>\n";
  }
  const std::string& rows() const { return rows_; }

 private:
  std::size_t columns_;
  std::string rows_;
};

// Scenario i's own costs (comparison.json's per_scenario entry), if the comparison has them.
const ScenarioCosts* per_scenario(const Context& ctx, std::size_t i) {
  for (const auto& p : ctx.input.results.per_scenario) {
    if (p.slug == ctx.input.scenarios[i].slug) return &p;
  }
  return nullptr;
}

// The sum over the years of a per_scenario cost list's totals.
template <typename Year>
std::optional<Stat> sum_of_totals(const std::vector<Year>& years) {
  if (years.empty()) return std::nullopt;
  Stat total;
  for (const auto& y : years) {
    total.mean += y.total.mean;
    total.p05 += y.total.p05;
    total.p50 += y.total.p50;
    total.p95 += y.total.p95;
  }
  return total;
}

// A row of the table: the sum over the years of each scenario's costs in `years_of`.
template <typename YearsOf>
void cost_sum_row(HeadlineTable& table, const Context& ctx, const std::string& label,
                  YearsOf years_of) {
  table.row(label, [&](std::size_t i) {
    const ScenarioCosts* costs = per_scenario(ctx, i);
    const auto s = costs ? sum_of_totals(years_of(*costs)) : std::nullopt;
    return s ? html_escape(format_money(s->p50)) : std::string("—");
  });
}

// A figure of an alternative's headline, as a Stat.
using HeadlineFigure = std::optional<Stat> (*)(const ComparisonHeadline&);

std::optional<Stat> alternative_headline(const Context& ctx, std::size_t i, HeadlineFigure figure) {
  const AlternativeResults* a = alternative(ctx, i);
  if (a == nullptr) return std::nullopt;
  return figure(a->headline);
}

std::string payback_cell(const Context& ctx, std::size_t i) {
  const AlternativeResults* a = alternative(ctx, i);
  if (a == nullptr) return "—";
  const Payback& p = a->headline.payback;
  return (p.median_year ? html_escape(*p.median_year) : std::string("not within the horizon")) +
         fmt::format("<span class=\"range\">in {} of futures</span>",
                     format_percent(p.share_paying_back));
}

using StatCell = std::string (*)(const std::optional<Stat>&);

void money_rows(HeadlineTable& table, const Context& ctx) {
  const std::string& prices = ctx.input.results.price_base_year;
  table.group("Money over the horizon" +
              html_escape(prices.empty() ? "" : fmt::format(" ({} prices)", prices)));
  cost_sum_row(
      table, ctx, "Early help spend",
      [](const ScenarioCosts& c) -> const auto& { return c.early_help_cost_by_year; });
  cost_sum_row(
      table, ctx, "Late-intervention cost (sum of yearly medians)",
      [](const ScenarioCosts& c) -> const auto& { return c.late_intervention_cost_by_year; });
  using H = const ComparisonHeadline&;
  const std::vector<std::tuple<const char*, HeadlineFigure, StatCell>> rows = {
      {"Extra investment against the baseline",
       [](H h) -> std::optional<Stat> { return stat_of(h.extra_investment); }, money_cell},
      {"Late-intervention cost avoided",
       [](H h) -> std::optional<Stat> { return stat_of(h.cost_avoided); }, money_cell},
      {"Net saving", [](H h) -> std::optional<Stat> { return stat_of(h.net_saving); }, money_cell},
      {"Net saving at present value",
       [](H h) -> std::optional<Stat> { return stat_of(h.net_saving_npv); }, money_cell},
      {"Benefit–cost ratio", [](H h) { return stat_of(h.benefit_cost_ratio); }, ratio_cell},
      {"Return per £1 to the public purse", [](H h) { return stat_of(h.fiscal_return_per_pound); },
       pence_cell},
      {"Return per £1 including social value",
       [](H h) { return stat_of(h.social_return_per_pound); }, pence_cell}};
  for (const auto& [label, figure, cell] : rows) {
    table.row(label, [&, figure = figure, cell = cell](std::size_t i) {
      return cell(alternative_headline(ctx, i, figure));
    });
  }
  table.row("Pays back by (median)", [&](std::size_t i) { return payback_cell(ctx, i); });
}

void children_rows(HeadlineTable& table, const Context& ctx) {
  const auto& scenarios = ctx.input.scenarios;
  std::string year;
  if (!scenarios.empty())
    summary_final_year(scenarios.front(), &DemandYear::children_in_need_at_31_march, &year);
  table.group("Children" + (year.empty() ? "" : " at 31 March, end of " + html_escape(year)));
  for (const auto& [label, figure] :
       std::initializer_list<std::pair<const char*, Summary DemandYear::*>>{
           {"Children in need", &DemandYear::children_in_need_at_31_march},
           {"On child protection plans", &DemandYear::child_protection_plans_at_31_march},
           {"Looked after", &DemandYear::looked_after_at_31_march}}) {
    table.row(label, [&, figure = figure](std::size_t i) {
      return count_cell(summary_final_year(scenarios[i], figure));
    });
  }
  if (!ctx.input.is_comparison()) return;
  using H = const ComparisonHeadline&;
  for (const auto& [label, figure] : std::initializer_list<std::pair<const char*, HeadlineFigure>>{
           {"Fewer children in need",
            [](H h) -> std::optional<Stat> { return stat_of(h.cin_avoided_final_year); }},
           {"Fewer on child protection plans",
            [](H h) -> std::optional<Stat> { return stat_of(h.cp_avoided_final_year); }},
           {"Fewer looked after",
            [](H h) -> std::optional<Stat> { return stat_of(h.lac_avoided_final_year); }}}) {
    table.row(label, [&, figure = figure](std::size_t i) {
      return count_cell(alternative_headline(ctx, i, figure));
    });
  }
}

void headline_section(Page& page, const Context& ctx) {
  const auto& scenarios = ctx.input.scenarios;
  std::string head = "<tr><th scope=\"col\"></th>";
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    head += fmt::format(
        "<th scope=\"col\">{}{}</th>", html_escape(scenarios[i].name),
        ctx.input.is_comparison() && i == 0 ? " <span class=\"tag\">baseline</span>" : "");
  }
  head += "</tr>\n";
  HeadlineTable table(scenarios.size());
  if (ctx.input.is_comparison()) money_rows(table, ctx);
  children_rows(table, ctx);
  add_section(page, "headline", "The scenarios side by side",
              fill_template("headline-table.html", assets::headline_table_html,
                            {{"head", head}, {"rows", table.rows()}}));
}

void demand_section(Page& page, const Context& ctx) {
  Figures figures;
  figures.add(demand_fan_chart(ctx.input));
  figures.add(movement_chart(ctx.input));
  figures.add(flows_heatmap(ctx.input, ctx.states, ctx.labels));
  add_chart_section(page, "demand", "Demand: children and families in the system",
                    std::move(figures));
}

void costs_section(Page& page, const Context& ctx) {
  Figures figures;
  figures.add(investment_vs_avoided_chart(ctx.input));
  figures.add(cumulative_saving_chart(ctx.input));
  figures.add(target_probability_chart(ctx.input));
  figures.add(cost_by_category_chart(ctx.input, ctx.labels));
  figures.add(payer_chart(ctx.input, ctx.labels));
  add_chart_section(page, "costs", "Costs and savings", std::move(figures));
}

// ---------------------------------------------------------------------------------------------
// How sure are we? From comparison.json's "uncertainty" (`ehsim compare --psa K --one-way`):
// the same money figures with the uncertain numbers varied as well as the families' luck.

const json& uncertainty(const Context& ctx) {
  return member(ctx.input.comparison, "uncertainty");
}

// The PSA's results for the alternative with this slug.
const json& psa_alternative(const json& u, const std::string& slug) {
  for (const auto& p : member(member(u, "psa"), "alternatives")) {
    if (str(p, "slug") == slug) return p;
  }
  return null_json();
}

// The uncertain number at `pointer`, from the list of them.
const json& uncertain_number(const json& u, const std::string& pointer) {
  for (const auto& n : member(u, "uncertain_numbers")) {
    if (str(n, "pointer") == pointer) return n;
  }
  return null_json();
}

std::optional<double> number_at(const json& j, const char* key) {
  const auto& v = member(j, key);
  return v.is_number() ? std::optional<double>(v.get<double>()) : std::nullopt;
}

// list[i] if it is a number (the one-way results hold one per alternative).
std::optional<double> nth_number(const json& list, std::size_t i) {
  if (!list.is_array() || i >= list.size() || !list[i].is_number()) return std::nullopt;
  return list[i].get<double>();
}

// "55–124", or "−2 to 4" when the range starts below zero.
std::string number_range(double low, double high) {
  return fmt::format("{}{}{}", format_number(low), low < 0 ? " to " : "–", format_number(high));
}

// Readers' names for the uncertain numbers, by pointer: from the first scenario file (the
// baseline's first) that names the number, else the pointer.
std::map<std::string, std::string> number_labels(const Context& ctx) {
  std::map<std::string, std::string> labels;
  const json& u = uncertainty(ctx);
  const auto add = [&](const std::string& pointer) {
    if (pointer.empty() || labels.count(pointer) > 0) return;
    std::string label = pointer;
    for (const auto& file : ctx.files) {
      if (!file.loaded) continue;
      label = number_label(pointer, file.loaded->document.merged, ctx.labels);
      if (label != pointer) break;
    }
    // Where the scenario files are not found, the label the comparison wrote, if it did.
    if (label == pointer) label = str(uncertain_number(u, pointer), "label", pointer);
    labels.emplace(pointer, label);
  };
  for (const auto& n : member(u, "uncertain_numbers")) add(str(n, "pointer"));
  for (const auto& b : member(member(u, "one_way"), "tornado")) add(str(b, "pointer"));
  for (const auto& s : member(member(u, "one_way"), "switching_values")) add(str(s, "pointer"));
  return labels;
}

std::string label_of(const std::map<std::string, std::string>& labels, const std::string& pointer) {
  const auto it = labels.find(pointer);
  return it == labels.end() ? pointer : it->second;
}

// "6 numbers (unit costs and effect sizes)": how many numbers vary and what kinds they are.
std::string numbers_phrase(const json& numbers) {
  std::vector<std::string> kinds;
  const auto kind_of = [](const std::string& pointer) -> std::string {
    if (pointer.starts_with("/economics/cost_items/")) return "unit costs";
    if (pointer.starts_with("/pathway/")) return "effect sizes";
    if (pointer.starts_with("/economics/")) return "appraisal adjustments";
    return "other assumptions";
  };
  for (const auto& n : numbers) {
    const std::string kind = kind_of(str(n, "pointer"));
    if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) kinds.push_back(kind);
  }
  std::string list;
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    list += (i == 0 ? "" : i + 1 == kinds.size() ? " and " : ", ") + kinds[i];
  }
  return fmt::format(
      "{} ({})",
      numbers.size() == 1 ? std::string("one number") : fmt::format("{} numbers", numbers.size()),
      list);
}

// "Allowing for uncertainty in 6 numbers (unit costs) and the calibration's plausible set".
std::string allowing_for(const json& u) {
  const auto& numbers = member(u, "uncertain_numbers");
  const bool plausible = !str(member(u, "psa"), "plausible_set").empty();
  const bool any = numbers.is_array() && !numbers.empty();
  if (!any && !plausible) return "Allowing for parameter uncertainty";
  return "Allowing for uncertainty in " + (any ? numbers_phrase(numbers) : std::string()) +
         (any && plausible ? " and " : "") + (plausible ? "the calibration's plausible set" : "");
}

// With the uncertain numbers, the chance of reaching the target in the last year, against
// chance alone's.
std::string psa_target_sentence(const ComparisonResults& c, const json& psa_alt,
                                const YearFlows& last_year) {
  const auto& by_year = member(psa_alt, "probability_target_met_by_year");
  if (!c.target || !by_year.is_array() || by_year.empty() || !by_year.back().is_number()) return "";
  std::string text = fmt::format(
      " Allowing for them, the chance of a net cashable saving of at least {} in {} is {}",
      format_money(*c.target), last_year.financial_year,
      format_percent(by_year.back().get<double>()));
  if (last_year.probability_target_met)
    text +=
        fmt::format(" ({} from chance alone)", format_percent(*last_year.probability_target_met));
  return text + ".";
}

// The committee's paragraph for one alternative: the NPV allowing for the uncertain numbers
// against chance alone, how often it is positive and how much of its spread is not luck.
std::string uncertainty_paragraph(const Context& ctx, const AlternativeResults& alt) {
  const json& u = uncertainty(ctx);
  const json& psa_alt = psa_alternative(u, alt.scenario.slug);
  const auto npv = stat_at(psa_alt, "npv");
  if (!npv) {
    return member(u, "one_way").is_object()
               ? "The numbers were varied one at a time only (below): there is no range allowing "
                 "for them all together (ehsim compare --psa)."
               : "The uncertainty analysis holds no results for this scenario.";
  }
  std::string text = fmt::format("{}, the NPV is {} (90% range {})", allowing_for(u),
                                 format_money(npv->p50), money_range(*npv));
  text += fmt::format("; chance alone gives {}", money_range(stat_of(alt.headline.net_saving_npv)));
  text += ".";
  std::vector<std::string> chances;
  if (const auto positive = number_at(psa_alt, "probability_npv_positive"))
    chances.push_back(fmt::format("The NPV is positive in {} of runs", format_percent(*positive)));
  if (const auto share = number_at(psa_alt, "npv_variance_share_from_parameters")) {
    chances.push_back(fmt::format(
        "{} of {} variance comes from what we do not know about the numbers rather than from "
        "chance",
        format_percent(*share), chances.empty() ? "the NPV's" : "its"));
  }
  if (!chances.empty()) text += fmt::format(" {}.", fmt::join(chances, "; "));
  if (!alt.by_year.empty())
    text += psa_target_sentence(ctx.input.results, psa_alt, alt.by_year.back());
  return text;
}

// NPV, net saving and return per £1: allowing for the uncertain numbers against chance alone.
std::string uncertainty_table_rows(const json& psa_alt, const ComparisonHeadline& headline) {
  HeadlineTable table(2);
  using H = const ComparisonHeadline&;
  const std::vector<std::tuple<const char*, const char*, HeadlineFigure, StatCell>> rows = {
      {"NPV (net saving at present value)", "npv",
       [](H h) -> std::optional<Stat> { return stat_of(h.net_saving_npv); }, money_cell},
      {"Net saving", "net_saving", [](H h) -> std::optional<Stat> { return stat_of(h.net_saving); },
       money_cell},
      {"Return per £1 to the public purse", "fiscal_return_per_pound",
       [](H h) { return stat_of(h.fiscal_return_per_pound); }, pence_cell}};
  for (const auto& [label, psa_key, figure, cell] : rows) {
    table.row(label, [&, psa_key = psa_key, figure = figure, cell = cell](std::size_t i) {
      return i == 0 ? cell(stat_at(psa_alt, psa_key)) : cell(figure(headline));
    });
  }
  return table.rows();
}

// "6 parameter sets × 2 replications each (12 runs)".
std::string psa_runs(const json& psa) {
  const auto sets = number_at(psa, "parameter_sets");
  const auto reps = number_at(psa, "replications_per_set");
  if (!sets || !reps) return "";
  return fmt::format("{} parameter sets × {} replications each ({} runs)", *sets, *reps,
                     *sets * *reps);
}

// The PSA against chance alone for one alternative, or "" when the PSA was not run.
std::string uncertainty_table(const json& u, const AlternativeResults& alt) {
  const json& psa_alt = psa_alternative(u, alt.scenario.slug);
  if (!stat_at(psa_alt, "npv")) return "";
  return fill_template("uncertainty-table.html", assets::uncertainty_table_html,
                       {{"rows", uncertainty_table_rows(psa_alt, alt.headline)},
                        {"runs", psa_runs(member(u, "psa"))}});
}

// The central value and 90% range of the number at `pointer`: from the list of uncertain
// numbers, else from its tornado bar.
std::pair<std::string, std::string> central_and_range(const json& u, const std::string& pointer) {
  const json& n = uncertain_number(u, pointer);
  if (const auto c = number_at(n, "central"), lo = number_at(n, "p05"), hi = number_at(n, "p95");
      c && lo && hi) {
    return {format_number(*c), number_range(*lo, *hi)};
  }
  for (const auto& b : member(member(u, "one_way"), "tornado")) {
    if (str(b, "pointer") != pointer) continue;
    const auto c = number_at(b, "central_value"), lo = number_at(b, "low_value"),
               hi = number_at(b, "high_value");
    if (c && lo && hi) return {format_number(*c), number_range(*lo, *hi)};
  }
  return {"—", "—"};
}

std::string capitalised(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

// A switching value's question; an entry without one (a file from before the other questions)
// is of the NPV.
std::string criterion_of(const json& s) {
  return str(s, "criterion", "npv_zero");
}

// Where a switching value lies: its value, flagged in words when it is within the number's 90%
// range (`flag_words`: "turn the case negative"); or the search's note when nothing changes.
std::string switching_cell(const json& s, const std::string& flag_words) {
  const auto value = number_at(s, "value");
  if (!value) return html_escape(capitalised(str(s, "note", "not found")));
  if (member(s, "within_90_percent_range").is_boolean() &&
      s.at("within_90_percent_range").get<bool>()) {
    return fmt::format("{}<strong class=\"flag\">Within its 90% range: could plausibly {}</strong>",
                       html_escape(format_number(*value)), html_escape(flag_words));
  }
  return fmt::format("{}<span class=\"range\">outside its 90% range</span>",
                     html_escape(format_number(*value)));
}

// One row of a switching table: the number, its central value and range, then a cell per
// question (markup, in the order of the table's head).
std::string switching_row(const json& u, const std::string& pointer,
                          const std::map<std::string, std::string>& labels,
                          const std::vector<std::string>& cells) {
  const auto [centre, range] = central_and_range(u, pointer);
  std::string row =
      fmt::format("<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td>",
                  html_escape(label_of(labels, pointer)), html_escape(centre), html_escape(range));
  for (const auto& cell : cells) row += "<td>" + cell + "</td>";
  return row + "</tr>\n";
}

std::string switching_head(const std::vector<std::string>& titles) {
  std::string head;
  for (const auto& t : titles) head += "<th scope=\"col\">" + html_escape(t) + "</th>";
  return head;
}

// The switching values of one alternative, or "" when the one-way analysis found none: a row per
// number with where it turns the NPV and, with a savings target, where the target is missed.
std::string switching_table(const Context& ctx, const json& alt, std::size_t index,
                            const std::map<std::string, std::string>& labels) {
  const json& u = uncertainty(ctx);
  const json& one_way = member(u, "one_way");
  const auto central = nth_number(member(one_way, "central_npv"), index);
  const std::string direction = central && *central < 0 ? "positive" : "negative";
  // pointer -> its NPV and target entries, in the order met.
  std::vector<std::string> pointers;
  std::map<std::string, std::pair<const json*, const json*>> entries;
  const json* target = nullptr;  // any target entry, for the year and the amount
  for (const auto& s : member(one_way, "switching_values")) {
    if (str(s, "alternative") != str(alt, "slug")) continue;
    const std::string criterion = criterion_of(s), pointer = str(s, "pointer");
    if (criterion != "npv_zero" && criterion != "target_missed") continue;
    if (entries.count(pointer) == 0) pointers.push_back(pointer);
    (criterion == "npv_zero" ? entries[pointer].first : entries[pointer].second) = &s;
    if (criterion == "target_missed") target = &s;
  }
  if (pointers.empty()) return "";
  std::vector<std::string> flagged, flagged_target;
  std::string rows;
  for (const auto& pointer : pointers) {
    const auto [npv, missed] = entries[pointer];
    std::vector<std::string> cells = {npv ? switching_cell(*npv, "turn the case " + direction)
                                          : std::string("—")};
    if (target)
      cells.push_back(missed ? switching_cell(*missed, "miss the target") : std::string("—"));
    rows += switching_row(u, pointer, labels, cells);
    const auto plausibly = [](const json* s) {
      return s && number_at(*s, "value") && member(*s, "within_90_percent_range") == json(true);
    };
    if (plausibly(npv)) flagged.push_back(label_of(labels, pointer));
    if (plausibly(missed)) flagged_target.push_back(label_of(labels, pointer));
  }
  const std::string goal = target
                               ? fmt::format("a net cashable saving of {} in {}",
                                             format_money(number_at(*target, "target").value_or(0)),
                                             str(*target, "financial_year"))
                               : "";
  std::string intro = fmt::format(
      "For the numbers that move the NPV most: the value at which, moved alone with every other "
      "number central, it would turn the NPV {}{}. ",
      direction, target ? " and the value at which the mean would fall short of " + goal : "");
  if (flagged.empty() && flagged_target.empty()) {
    intro += "None does so within its 90% range.";
  } else {
    if (!flagged.empty())
      intro += fmt::format(
          "{} could plausibly turn the case {} on {}: {} within {} 90% range. ",
          fmt::join(flagged, "; "), direction, flagged.size() == 1 ? "its own" : "their own",
          flagged.size() == 1 ? "its switching value is" : "their switching values are",
          flagged.size() == 1 ? "its" : "their");
    if (!flagged_target.empty())
      intro +=
          fmt::format("{} could plausibly miss the target on {}.", fmt::join(flagged_target, "; "),
                      flagged_target.size() == 1 ? "its own" : "their own");
  }
  std::vector<std::string> head = {"The NPV turns " + direction + " at"};
  if (target) head.push_back("The target (" + goal + ") is missed at");
  return fill_template(
      "switching-table.html", assets::switching_table_html,
      {{"title", fmt::format("What it would take to turn the NPV {}{}: {}", direction,
                             target ? " or miss the target" : "", str(alt, "name"))},
       {"intro", intro},
       {"head", switching_head(head)},
       {"rows", rows}});
}

// The scenario of the comparison with this slug, by name (the baseline or an alternative).
std::string option_name(const ComparisonResults& c, const std::string& slug) {
  if (c.baseline.slug == slug) return c.baseline.name;
  for (const auto& a : c.alternatives)
    if (a.scenario.slug == slug) return a.scenario.name;
  return slug;
}

// With two or more alternatives: the value of each number at which, moved alone, another option
// would overtake the one with the highest NPV at the central values; "" without them.
std::string preferred_option_table(const Context& ctx,
                                   const std::map<std::string, std::string>& labels) {
  const json& u = uncertainty(ctx);
  const ComparisonResults& c = ctx.input.results;
  std::string rows, preferred;
  std::vector<std::string> flagged;
  for (const auto& s : member(member(u, "one_way"), "switching_values")) {
    if (criterion_of(s) != "preferred_option_changes") continue;
    preferred = option_name(c, str(s, "alternative"));
    std::string cell = switching_cell(s, "change the choice");
    if (number_at(s, "value") && member(s, "overtaken_by").is_string()) {
      const json& below = member(s, "negative_below");
      cell += fmt::format("<span class=\"range\">{} overtakes it {}</span>",
                          html_escape(option_name(c, str(s, "overtaken_by"))),
                          below.is_boolean() && below.get<bool>() ? "below" : "above");
    }
    rows += switching_row(u, str(s, "pointer"), labels, {cell});
    if (number_at(s, "value") && member(s, "within_90_percent_range") == json(true))
      flagged.push_back(label_of(labels, str(s, "pointer")));
  }
  if (rows.empty()) return "";
  std::string intro = fmt::format(
      "At the central values {} has the highest NPV of the options (the baseline counting as "
      "£0). For the numbers that move the NPV most: the value at which, moved alone with every "
      "other number central, another option would overtake it. ",
      preferred);
  intro += flagged.empty() ? "None does so within its 90% range."
                           : fmt::format("{} could plausibly change the choice on {}.",
                                         fmt::join(flagged, "; "),
                                         flagged.size() == 1 ? "its own" : "their own");
  return fill_template("switching-table.html", assets::switching_table_html,
                       {{"title", "What it would take to change the preferred option"},
                        {"intro", intro},
                        {"head", switching_head({"Another option is preferred at"})},
                        {"rows", rows}});
}

// The numbers whose value of information the table shows: more would not change what to buy.
constexpr std::size_t kInformationRows = 10;

// What better evidence would be worth (uncertainty.psa.value_of_information): the sentence, the
// EVPI and the numbers' EVPPIs, largest first; "" without a PSA.
std::string value_of_information_part(const Context& ctx,
                                      const std::map<std::string, std::string>& labels) {
  const json& u = uncertainty(ctx);
  const json& voi = member(member(u, "psa"), "value_of_information");
  const auto evpi = number_at(voi, "evpi");
  if (!evpi) return "";
  const std::string sentence = value_of_information_sentence(
      voi, member(u, "uncertain_numbers").size(),
      [&](const std::string& slug) { return option_name(ctx.input.results, slug); },
      [&](const std::string& pointer) { return label_of(labels, pointer); }, format_money);
  std::string rows =
      fmt::format("<tr><th scope=\"row\">Every uncertain number (EVPI)</th><td>{}</td></tr>\n",
                  html_escape(format_money(*evpi)));
  // When no set would choose otherwise every number's value is nil too: the sentence says so.
  const json& evppi = *evpi > 0 ? member(voi, "evppi") : null_json();
  for (std::size_t i = 0; i < evppi.size() && i < kInformationRows; ++i) {
    rows += fmt::format("<tr><th scope=\"row\">{}</th><td>{}</td></tr>\n",
                        html_escape(label_of(labels, str(evppi[i], "pointer"))),
                        html_escape(format_money(number_at(evppi[i], "evppi").value_or(0))));
  }
  const std::string more =
      evppi.size() > kInformationRows
          ? fmt::format(" {} more numbers are each worth less than the last shown.",
                        evppi.size() - kInformationRows)
          : "";
  return fill_template("value-of-information.html", assets::value_of_information_html,
                       {{"sentence", sentence}, {"rows", rows}, {"more", more}});
}

// Every number the analysis varied: its central value, distribution, 90% range and basis.
std::string uncertain_numbers_table(const json& u,
                                    const std::map<std::string, std::string>& labels) {
  const auto& numbers = member(u, "uncertain_numbers");
  if (!numbers.is_array() || numbers.empty()) return "";
  std::string rows;
  for (const auto& n : numbers) {
    const std::string pointer = str(n, "pointer");
    const auto [centre, range] = central_and_range(u, pointer);
    const bool assumption = !n.contains("source");
    rows += fmt::format(
        "<tr><th scope=\"row\">{}<span class=\"range\"><code>{}</code></span></th><td>{}</td>"
        "<td>{}</td><td>{}</td><td>{}{}</td></tr>\n",
        html_escape(label_of(labels, pointer)), html_escape(pointer), html_escape(centre),
        html_escape(human_label(str(n, "distribution", "—"))), html_escape(range),
        assumption ? "<span class=\"tag\">assumption</span> " : "",
        html_escape(str(n, assumption ? "assumption" : "source", "not stated")));
  }
  const std::string intro = fmt::format(
      "{} varied, each drawn from its distribution independently of the others; the 90% range "
      "is its 5th to 95th percentile.",
      capitalised(numbers_phrase(numbers)));
  return fill_template("uncertain-numbers.html", assets::uncertain_numbers_html,
                       {{"intro", intro}, {"rows", rows}});
}

// The tornado bar that moves this alternative's NPV most, or null.
const json& largest_bar(const json& one_way, std::size_t index) {
  const json* largest = &null_json();
  double swing = -1;
  for (const auto& b : member(one_way, "tornado")) {
    const auto low = nth_number(member(b, "npv_low"), index);
    const auto high = nth_number(member(b, "npv_high"), index);
    if (low && high && std::fabs(*high - *low) > swing) {
      swing = std::fabs(*high - *low);
      largest = &b;
    }
  }
  return *largest;
}

// Where the NPV of the alternative changes sign as the number at `pointer` moves, in words:
// " It would turn negative if it were below 0.52 (central 0.7), which is within its 90% range".
std::string switching_clause(const json& one_way, const json& bar, const json& alt,
                             std::size_t index) {
  const std::string pointer = str(bar, "pointer");
  for (const auto& s : member(one_way, "switching_values")) {
    if (str(s, "pointer") != pointer || str(s, "alternative") != str(alt, "slug") ||
        criterion_of(s) != "npv_zero")
      continue;
    const auto central = nth_number(member(one_way, "central_npv"), index);
    const std::string turn = central && *central < 0 ? "positive" : "negative";
    const auto value = number_at(s, "value");
    if (!value)
      return fmt::format(" Even across its plausible range it does not turn the NPV {}.", turn);
    // The NPV keeps its central sign on the central value's side of the switching value.
    const auto low = nth_number(member(bar, "npv_low"), index);
    const auto high = nth_number(member(bar, "npv_high"), index);
    const bool rises = low && high && *high > *low;
    const bool below = rises == (turn == "negative");
    return fmt::format(" The NPV would turn {} if it were {} {} (central value {}), which is {}.",
                       turn, below ? "below" : "above", format_number(*value),
                       format_number(number_at(bar, "central_value").value_or(0)),
                       member(s, "within_90_percent_range") == json(true)
                           ? "within its 90% range: the case could plausibly turn on it"
                           : "outside its 90% range");
  }
  return "";
}

// The plain-English sentence naming the number the case rests on most and, if it was searched,
// where it would turn the NPV (from the one-way analysis); "" without one.
std::string rests_on_sentence(const Context& ctx, const json& alt, std::size_t index,
                              const std::map<std::string, std::string>& labels) {
  const json& one_way = member(uncertainty(ctx), "one_way");
  const json& bar = largest_bar(one_way, index);
  if (!bar.is_object()) return "";
  const auto low = nth_number(member(bar, "npv_low"), index);
  const auto high = nth_number(member(bar, "npv_high"), index);
  return fmt::format(
             " The case rests most on {}: moved alone across its 90% range ({}) it takes the NPV "
             "from {} to {}.",
             label_of(labels, str(bar, "pointer")),
             number_range(number_at(bar, "low_value").value_or(0),
                          number_at(bar, "high_value").value_or(0)),
             format_money(*low), format_money(*high)) +
         switching_clause(one_way, bar, alt, index);
}

// One alternative's part: the paragraph, the table, the tornado chart, the acceptability curve
// and the switching values.
std::string uncertainty_alternative(const Context& ctx, std::size_t index,
                                    const std::map<std::string, std::string>& labels,
                                    std::vector<Chart>& charts) {
  const json& alt = member(ctx.input.comparison, "alternatives")[index];
  const AlternativeResults& typed = ctx.input.results.alternatives.at(index);
  const json& u = uncertainty(ctx);
  Figures chart;
  chart.add(tornado_chart(ctx.input, index, labels));
  chart.add(acceptability_chart(ctx.input, index));
  const std::string html = fill_template(
      "uncertainty-alternative.html", assets::uncertainty_alternative_html,
      {{"scenario", str(alt, "name")},
       {"summary", uncertainty_paragraph(ctx, typed) + rests_on_sentence(ctx, alt, index, labels)},
       {"table", uncertainty_table(u, typed)},
       {"chart", chart.html},
       {"switching", switching_table(ctx, alt, index, labels)}});
  for (auto& c : chart.charts) charts.push_back(std::move(c));
  return html;
}

void uncertainty_section(Page& page, const Context& ctx) {
  const json& u = uncertainty(ctx);
  const auto& alternatives = member(ctx.input.comparison, "alternatives");
  if (!u.is_object() || !alternatives.is_array()) return;
  const auto labels = number_labels(ctx);
  std::vector<Chart> charts;
  std::string parts;
  for (std::size_t i = 0; i < alternatives.size(); ++i)
    parts += uncertainty_alternative(ctx, i, labels, charts);
  const bool plausible = !str(member(u, "psa"), "plausible_set").empty();
  const std::string body = fill_template(
      "uncertainty.html", assets::uncertainty_html,
      {{"plausible",
        plausible ? ", and the calibrated flows across the calibration's plausible set" : ""},
       {"alternatives", parts},
       {"preferred", preferred_option_table(ctx, labels)},
       {"information", value_of_information_part(ctx, labels)},
       {"numbers", uncertain_numbers_table(u, labels)}});
  // A section of its own even without a chart: the PSA alone has its paragraph and table.
  add_section(page, "uncertainty", "How sure are we?", body);
  for (auto& c : charts) page.charts.push_back(std::move(c));
}

// The uncertainty analysis's settings for the run details, if it was run.
void uncertainty_details(const json& u,
                         const std::function<void(const std::string&, const std::string&)>& row) {
  if (!u.is_object()) return;
  const json& psa = member(u, "psa");
  row("Uncertainty analysis (PSA)", psa_runs(psa));
  row("Calibration's plausible set", str(psa, "plausible_set"));
  const auto& tornado = member(member(u, "one_way"), "tornado");
  if (tornado.is_array()) {
    row("One-way sensitivity",
        fmt::format("{} numbers, each moved alone to its 5th and 95th percentile", tornado.size()));
  }
}

// "12.3" with its 90% range beneath, or a dash.
std::string decimal_cell(const std::optional<Stat>& stat) {
  return stat ? fmt::format("{:.1f}<span class=\"range\">{:.1f}–{:.1f}</span>", stat->p50,
                            stat->p05, stat->p95)
              : std::string("—");
}

// One row of the staffing table: a service in a scenario, from its summary.json.
std::string staffing_row(const std::string& service_label, const std::string& scenario,
                         const ServiceSummary& svc) {
  const auto& places = svc.budget_to_places;
  const std::string funded =
      places.empty() ? "—"
                     : fmt::format("{:.1f}", places.back().total_fte_with_management_and_admin);
  const auto& for_standard = svc.fte_needed_for_waiting_standard;
  const std::string needed_for_standard =
      for_standard ? fmt::format("{:.1f}", for_standard->fte) : "—";
  return fmt::format(
      "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}"
      "</td><td>{}</td><td>{}</td></tr>\n",
      html_escape(service_label), html_escape(scenario), funded,
      decimal_cell(stat_of(svc.fte_needed_for_demand)), needed_for_standard,
      decimal_cell(stat_of(svc.mean_wait_days)), decimal_cell(stat_of(svc.p90_wait_days)),
      html_escape(format_percent(svc.share_allocated_within_standard.p50)));
}

void staffing_section(Page& page, const Context& ctx) {
  Figures figures;
  for (auto& c : staffing_charts(ctx.input, ctx.labels)) figures.add(std::move(c));
  for (auto& c : waits_charts(ctx.input, ctx.labels)) figures.add(std::move(c));
  // A table per service from each scenario's summary.json.
  std::vector<std::string> keys;
  for (const auto& s : ctx.input.scenarios) {
    if (!s.summary) continue;
    for (const auto& [key, _] : s.summary->services_over_horizon) {
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
    }
  }
  std::string table;
  if (!keys.empty()) {
    std::string rows;
    for (const auto& key : keys) {
      for (const auto& s : ctx.input.scenarios) {
        if (!s.summary) continue;
        const auto svc = s.summary->services_over_horizon.find(key);
        if (svc != s.summary->services_over_horizon.end())
          rows += staffing_row(human_label(key, ctx.labels), s.name, svc->second);
      }
    }
    table = fill_template("staffing-table.html", assets::staffing_table_html, {{"rows", rows}});
  }
  add_chart_section(page, "staffing", "Staffing and waits", std::move(figures), table);
}

std::string unavailable_note(const std::string& why) {
  return fmt::format("<p class=\"note\">The pathway diagram is not available: {}.</p>\n",
                     html_escape(why));
}

// The pathway diagram again in parts for print, each a window onto the drawing above (renamed
// so that it can be shown again with <use>) as wide as a landscape A4 page at a scale where its
// labels can be read; parts overlap so that a state cut at one part's edge is whole in the
// other. Empty (the drawing prints as it is) if the SVG is not shaped as Graphviz writes it.
std::string pathway_parts(std::string& svg) {
  // 1,400 of Graphviz's points on a landscape page's 774 pt: 14 pt state labels print at 7.7 pt
  // and 9 pt rates at 5 pt.
  constexpr double kPartWidth = 1400;
  constexpr double kOverlap = 100;
  static const std::regex view_box(R"re(viewBox="([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)")re");
  const auto tag_end = svg.find('>');
  const auto graph = svg.find("<g id=\"graph0\"");
  std::smatch m;
  if (tag_end == std::string::npos || graph == std::string::npos ||
      !std::regex_search(svg.cbegin(), svg.cbegin() + static_cast<std::ptrdiff_t>(tag_end), m,
                         view_box)) {
    return "";
  }
  const double x0 = std::stod(m[1]), y0 = std::stod(m[2]), width = std::stod(m[3]),
               height = std::stod(m[4]);
  if (width <= 0 || height <= 0) return "";
  svg.replace(graph, 14, "<g id=\"pathway-graph\"");
  const int parts = width <= kPartWidth
                        ? 1
                        : static_cast<int>(std::ceil((width - kOverlap) / (kPartWidth - kOverlap)));
  const double part_width = (width + (parts - 1) * kOverlap) / parts;
  std::string out = "<div class=\"pathway-print\">\n";
  for (int i = 0; i < parts; ++i) {
    const std::string caption =
        parts == 1 ? "The pathway diagram."
                   : fmt::format("The pathway diagram, part {} of {} from the left{}.", i + 1,
                                 parts, i + 1 < parts ? "; it continues on the next page" : "");
    out += fill_template(
        "pathway-part.html", assets::pathway_part_html,
        {{"view_box", fmt::format("{:.2f} {:.2f} {:.2f} {:.2f}", x0 + i * (part_width - kOverlap),
                                  y0, part_width, height)},
         {"caption", caption}});
  }
  return out + "</div>\n";
}

void pathway_section(Page& page, const Context& ctx) {
  if (ctx.files.empty()) return;
  const auto& file = ctx.files.front();
  std::string body;
  std::string why = file.problem;
  if (file.loaded) {
    if (auto svg = dot_to_svg(pathway_to_dot(file.loaded->scenario), why)) {
      const std::string parts = pathway_parts(*svg);
      body = fill_template("pathway.html", assets::pathway_html,
                           {{"parts_class", parts.empty() ? "" : " in-parts"},
                            {"scenario", ctx.input.scenarios.front().name},
                            {"svg", *svg},
                            {"scenario_file", file.path.string()},
                            {"parts", parts}});
    }
  }
  add_section(page, "pathway", "The pathway", body.empty() ? unavailable_note(why) : body);
}

// What each alternative changes against the baseline, from comparison.json.
std::string changes_tables(const Context& ctx) {
  std::string out;
  for (const auto& a : ctx.input.results.alternatives) {
    if (a.assumptions_differing.empty()) continue;
    std::string rows;
    for (const auto& d : a.assumptions_differing) {
      rows += fmt::format("<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                          html_escape(d.pointer), html_escape(d.baseline.dump()),
                          html_escape(d.alternative.dump()), html_escape(d.source));
    }
    out += fill_template("changes-table.html", assets::changes_table_html,
                         {{"scenario", a.scenario.name}, {"rows", rows}});
  }
  return out;
}

// Every number in the baseline scenario file with its source or its "assumption" note.
std::string sourced_table(const Context& ctx) {
  if (ctx.files.empty() || !ctx.files.front().loaded) return "";
  std::vector<SourcedValue> values;
  const auto& document = ctx.files.front().loaded->document;
  collect_sourced(document.merged, "", values);
  if (values.empty()) return "";
  std::size_t assumed = 0;
  std::string rows;
  for (auto& v : values) {
    v.origin = fs::path(document.origin_of(v.pointer)).filename().string();
    assumed += v.assumption ? 1 : 0;
    rows += fmt::format("<tr><td><code>{}</code></td><td>{}</td><td>{}{}</td></tr>\n",
                        html_escape(v.pointer), html_escape(v.value),
                        v.assumption ? "<span class=\"tag\">assumption</span> " : "",
                        html_escape(v.basis));
  }
  return fill_template("sourced-table.html", assets::sourced_table_html,
                       {{"scenario", ctx.input.scenarios.front().name},
                        {"count", std::to_string(values.size())},
                        {"sourced", std::to_string(values.size() - assumed)},
                        {"assumed", std::to_string(assumed)},
                        {"rows", rows}});
}

void assumptions_section(Page& page, const Context& ctx) {
  const std::string body = changes_tables(ctx) + sourced_table(ctx);
  if (!body.empty()) add_section(page, "assumptions", "Assumptions and their sources", body);
}

using DetailRow = std::function<void(const std::string&, const std::string&)>;

// The program and the Monte Carlo settings that made the results.
void provenance_details(const std::string& version, const std::string& commit, std::uint64_t seed,
                        int replications, int threads, const DetailRow& row) {
  row("ehsim version", version);
  row("Git commit", commit);
  row("Random seed", std::to_string(seed));
  row("Replications (simulated futures)", std::to_string(replications));
  row("Threads", std::to_string(threads));
}

// How a comparison was run, from comparison.json.
void comparison_details(const ComparisonResults& c, const DetailRow& row) {
  provenance_details(c.ehsim_version, c.git_commit, c.seed, c.replications, c.threads, row);
  row("Price base year", c.price_base_year);
  row("Discount rate",
      fmt::format("{:.1f}% a year (HM Treasury Green Book)", c.discount_rate * 100));
  if (c.target) row("Savings target", format_money(*c.target));
}

void run_details_section(Page& page, const Context& ctx, const std::string& libraries) {
  std::string rows;
  auto row = [&](const std::string& k, const std::string& v) {
    if (!v.empty())
      rows += fmt::format("<tr><th scope=\"row\">{}</th><td>{}</td></tr>\n", html_escape(k),
                          html_escape(v));
  };
  if (ctx.input.is_comparison()) {
    comparison_details(ctx.input.results, row);
    uncertainty_details(uncertainty(ctx), row);
  } else if (const auto& m = ctx.input.scenarios.front().manifest) {
    provenance_details(m->ehsim_version, m->git_commit, m->seed, m->replications, m->threads, row);
  }
  row("Charts drawn with", libraries + " (BSD-3-Clause), embedded in this file");
  std::string scenarios;
  for (std::size_t i = 0; i < ctx.input.scenarios.size(); ++i) {
    const auto& s = ctx.input.scenarios[i];
    const bool compared = ctx.input.is_comparison();
    const std::string path = compared ? scenario_identity(ctx.input, i).path
                                      : (s.manifest ? s.manifest->scenario_path : "");
    const std::string sha = compared ? scenario_identity(ctx.input, i).sha256
                                     : (s.manifest ? s.manifest->scenario_sha256 : "");
    scenarios += fmt::format(
        "<tr><td>{}</td><td><code>{}</code></td><td><code class=\"hash\">{}"
        "</code></td><td>{}</td></tr>\n",
        html_escape(s.name), html_escape(path), html_escape(sha),
        html_escape(s.manifest ? s.manifest->finished_utc : "—"));
  }
  add_section(page, "run-details", "How these results were made",
              fill_template("run-details.html", assets::run_details_html,
                            {{"rows", rows}, {"scenarios", scenarios}}));
}

// ---------------------------------------------------------------------------------------------
// The page

// The report's title and the line beneath it.
std::pair<std::string, std::string> title_and_subtitle(const Context& ctx) {
  const auto& first = ctx.input.scenarios.front();
  if (!ctx.input.is_comparison()) return {first.name, "One scenario, simulated with ehsim."};
  const std::string council = first.summary ? first.summary->council : "";
  std::vector<std::string> names;
  for (std::size_t i = 1; i < ctx.input.scenarios.size(); ++i)
    names.push_back(ctx.input.scenarios[i].name);
  return {fmt::format("{}early help: {}", council.empty() ? "" : council + " ",
                      names.empty() ? first.name : fmt::format("{}", fmt::join(names, " and "))),
          fmt::format("Compared with {}. Simulated with ehsim.", first.name)};
}

// A baseline that no calibration has fitted to the council's statistics is a sketch: the first
// screen says so, before any figure is read.
std::string calibration_only_notice(const Context& ctx);

std::string calibration_notice(const Context& ctx) {
  std::string warnings;
  for (const auto& w : ctx.input.results.warnings) {
    warnings +=
        fmt::format("<p class=\"notice\" id=\"unpriced\"><strong>Not priced:</strong> {}</p>\n",
                    html_escape(w));
  }
  return warnings + calibration_only_notice(ctx);
}

std::string calibration_only_notice(const Context& ctx) {
  const auto& baseline = ctx.input.scenarios.front();
  if (baseline.manifest && baseline.manifest->calibration) return "";
  return fmt::format(
      "<p class=\"notice\" id=\"not-calibrated\"><strong>Illustrative:</strong> {} is not "
      "calibrated to the council's statistics; its flows are set by hand and every figure "
      "inherits them (<code>ehsim calibrate</code>).</p>\n",
      html_escape(baseline.name.empty() ? std::string("the baseline") : baseline.name));
}

std::string render(const Context& ctx, const ChartLibraries& libs) {
  Page page;
  const std::string summary = make_summary(ctx);
  headline_section(page, ctx);
  demand_section(page, ctx);
  costs_section(page, ctx);
  uncertainty_section(page, ctx);
  staffing_section(page, ctx);
  pathway_section(page, ctx);
  assumptions_section(page, ctx);
  run_details_section(page, ctx, libs.versions);
  const auto [title, subtitle] = title_and_subtitle(ctx);
  return render_page(
      page, {title, subtitle, summary, calibration_notice(ctx), ctx.input.dir.string()}, libs);
}

// Wraps the library's type errors (a field of the wrong type in comparison.json, say) as input
// errors naming the results directory.
template <typename F>
auto with_input_errors(const fs::path& results_dir, F&& f) {
  try {
    return f();
  } catch (const json::exception& e) {
    Diagnostics diags;
    diags.add((results_dir / "comparison.json").string(), "",
              fmt::format("unexpected content: {}", e.what()));
    throw InputError(std::move(diags));
  }
}

}  // namespace

std::string summary_text(const fs::path& results_dir) {
  return with_input_errors(results_dir, [&] { return make_summary(load_context(results_dir)); });
}

std::string render_html_report(const fs::path& results_dir) {
  const ChartLibraries libs = load_chart_libraries();
  return with_input_errors(results_dir, [&] { return render(load_context(results_dir), libs); });
}

void write_html_report(const fs::path& results_dir, const fs::path& out_file) {
  const std::string html = render_html_report(results_dir);
  const fs::path dir = out_file.has_parent_path() ? out_file.parent_path() : fs::path(".");
  write_files_atomically(dir, {{out_file.filename().string(), html}});
}

}  // namespace ehsim::viz
