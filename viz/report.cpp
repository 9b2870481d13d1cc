#include "report.hpp"

#include <cmath>
#include <map>
#include <optional>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "charts.hpp"
#include "external.hpp"
#include "format.hpp"
#include "core/files.hpp"
#include "core/version.hpp"
#include "pathway/pathway_graph.hpp"
#include "results.hpp"
#include "core/diagnostics.hpp"
#include "input/loader.hpp"

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

// JSON safe to place inside <script>: no "</" that could end the element early ("<\/" is a
// valid JSON escape for the same text).
std::string json_script_safe(std::string text) {
  for (auto at = text.find("</"); at != std::string::npos; at = text.find("</", at + 3)) {
    text.replace(at, 2, "<\\/");
  }
  return text;
}

// JavaScript safe to place inside <script>: only "</script" ends the element; in a string or a
// regular expression "<\/script" means the same.
std::string js_script_safe(std::string text) {
  for (std::size_t at = 0; (at = text.find("</", at)) != std::string::npos; at += 3) {
    std::string tag = text.substr(at + 2, 6);
    for (auto& c : tag) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (tag == "script") text.replace(at, 2, "<\\/");
  }
  return text;
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
};

Context load_context(const fs::path& results_dir) {
  Context ctx{load_results(results_dir), {}, {}};
  for (std::size_t i = 0; i < ctx.input.scenarios.size(); ++i) {
    std::string recorded = str(ctx.input.scenarios[i].manifest, "scenario_path");
    if (recorded.empty() && ctx.input.is_comparison()) {
      recorded = i == 0 ? str(member(ctx.input.comparison, "baseline"), "path")
                        : str(member(ctx.input.comparison, "alternatives")[i - 1], "path");
    }
    ctx.files.push_back(find_scenario_file(recorded, results_dir));
  }
  if (!ctx.files.empty()) ctx.states = state_catalogue(ctx.files.front());
  return ctx;
}

const json* alternative(const Context& ctx, std::size_t scenario_index) {
  if (!ctx.input.is_comparison() || scenario_index == 0) return nullptr;
  const auto& alts = member(ctx.input.comparison, "alternatives");
  if (!alts.is_array() || scenario_index - 1 >= alts.size()) return nullptr;
  return &alts[scenario_index - 1];
}

std::optional<Stat> summary_final_year(const ScenarioResults& s, const char* key,
                                       std::string* year = nullptr) {
  const auto& years = member(s.summary, "by_financial_year");
  if (!years.is_array() || years.empty()) return std::nullopt;
  if (year != nullptr) *year = str(years.back(), "financial_year");
  return stat_at(years.back(), key);
}

// ---------------------------------------------------------------------------------------------
// The summary paragraph

std::string comparison_summary(const Context& ctx) {
  const auto& c = ctx.input.comparison;
  const auto& alts = member(c, "alternatives");
  const std::string baseline = str(member(c, "baseline"), "name", "the baseline");
  std::string text;
  for (const auto& a : alts) {
    const auto& h = member(a, "headline");
    const auto& by_year = member(a, "by_year");
    const std::string name = str(a, "name", "the alternative");
    if (!text.empty()) text += " ";
    if (!by_year.is_array() || by_year.empty()) {
      text += fmt::format("{} is compared with {}, but the comparison holds no yearly results.",
                          name, baseline);
      continue;
    }
    const std::size_t years = by_year.size();
    double extra_total = 0;
    for (const auto& y : by_year) {
      if (const auto s = stat_at(y, "extra_investment")) extra_total += s->p50;
    }
    const std::size_t focus = std::min<std::size_t>(5, years);  // "by year 5"
    const auto& fy = by_year[focus - 1];
    const auto avoided = stat_at(fy, "cost_avoided");
    text += fmt::format("{} {} a year on average in early help under {}, compared with {},",
                        extra_total >= 0 ? "Investing an extra" : "Spending",
                        format_money(std::fabs(extra_total) / static_cast<double>(years)), name,
                        baseline);
    if (avoided) {
      text += fmt::format(
          " {} an estimated {} (90% range {}) of late-intervention cost a year by "
          "year {} ({}).",
          avoided->p50 >= 0 ? "avoids" : "adds", format_money(std::fabs(avoided->p50)),
          money_range(*avoided), focus, str(fy, "financial_year"));
    } else {
      text += " has no estimate of late-intervention cost avoided.";
    }
    const auto total_avoided = stat_at(h, "cost_avoided");
    const auto net = stat_at(h, "net_saving");
    const auto npv = stat_at(h, "net_saving_npv");
    if (total_avoided && net) {
      text += fmt::format(
          " Over {} years it avoids {} for {} invested: a net {} of {} (90% range {})", years,
          format_money(total_avoided->p50), format_money(extra_total),
          net->p50 >= 0 ? "saving" : "cost", format_money(std::fabs(net->p50)),
          // A net cost is stated as a positive sum, and so is its range.
          money_range(net->p50 >= 0 ? *net : Stat{-net->mean, -net->p95, -net->p50, -net->p05}));
      if (npv) {
        text += fmt::format(", or {} at present value", format_money(npv->p50));
        if (c.contains("discount_rate") && c.at("discount_rate").is_number()) {
          text += fmt::format(" discounted at {:.1f}%", c.at("discount_rate").get<double>() * 100);
        }
      }
      text += ".";
    }
    const auto fiscal = stat_at(h, "fiscal_return_per_pound");
    const auto social = stat_at(h, "social_return_per_pound");
    if (fiscal) {
      text += fmt::format(" Each £1 invested returns {} to the public purse",
                          format_pence(fiscal->p50));
      if (social)
        text += fmt::format(" ({} including wider social value)", format_pence(social->p50));
      text += ".";
    }
    const auto& payback = member(h, "payback");
    if (payback.is_object()) {
      const auto share = member(payback, "share_paying_back");
      if (payback.contains("median_year") && payback.at("median_year").is_string()) {
        text += fmt::format(" It pays for itself by {} in the median future",
                            payback.at("median_year").get<std::string>());
        if (share.is_number()) {
          text += fmt::format(", and within the {} years in {} of simulated futures", years,
                              format_percent(share.get<double>()));
        }
        text += ".";
      } else if (share.is_number()) {
        text += fmt::format(
            " It does not pay for itself within {} years in the median future "
            "({} of simulated futures do).",
            years, format_percent(share.get<double>()));
      }
    }
    const auto lac = stat_at(h, "lac_avoided_final_year");
    const auto cp = stat_at(h, "cp_avoided_final_year");
    if (lac && cp) {
      text += fmt::format(
          " By {} there would be {} fewer children looked after (90% range {}) and "
          "{} fewer on child protection plans (90% range {}).",
          str(by_year.back(), "financial_year"), format_count(lac->p50), count_range(*lac),
          format_count(cp->p50), count_range(*cp));
    }
    if (c.contains("target") && c.at("target").is_number()) {
      const auto& last = by_year.back();
      if (last.contains("probability_target_met") &&
          last.at("probability_target_met").is_number()) {
        text += fmt::format(" The chance of a net cashable saving of at least {} in {} is {}.",
                            format_money(c.at("target").get<double>()), str(last, "financial_year"),
                            format_percent(last.at("probability_target_met").get<double>()));
      }
    }
  }
  return text;
}

std::string single_run_summary(const Context& ctx) {
  const auto& s = ctx.input.scenarios.front();
  std::string year;
  const auto cin = summary_final_year(s, "children_in_need_at_31_march", &year);
  const auto cp = summary_final_year(s, "child_protection_plans_at_31_march");
  const auto lac = summary_final_year(s, "looked_after_at_31_march");
  std::string text = fmt::format("{}", s.name);
  const auto& summary = s.summary;
  if (summary.contains("replications") && summary.contains("horizon_years")) {
    text += fmt::format(
        " was simulated {} times over {} years from {}.", summary.at("replications").dump(),
        summary.at("horizon_years").get<double>(), str(summary, "start_date", "the start"));
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
  if (ctx.input.is_comparison() && member(ctx.input.comparison, "alternatives").is_array() &&
      !member(ctx.input.comparison, "alternatives").empty()) {
    return comparison_summary(ctx);
  }
  return single_run_summary(ctx);
}

// ---------------------------------------------------------------------------------------------
// Sections

struct Page {
  std::string body;
  std::vector<Chart> charts;
  std::vector<std::pair<std::string, std::string>> toc;  // id, title
};

void open_section(Page& page, const std::string& id, const std::string& title) {
  page.toc.emplace_back(id, title);
  page.body += fmt::format("<section id=\"{}\">\n<h2>{}</h2>\n", id, html_escape(title));
}

void close_section(Page& page) {
  page.body += "</section>\n";
}

bool add_chart(Page& page, std::optional<Chart> chart) {
  if (!chart) return false;
  page.body += fmt::format(
      "<figure class=\"chart\">\n<h3>{}</h3>\n<div class=\"vis\" id=\"{}\" "
      "data-rendered=\"pending\" role=\"img\" aria-label=\"{}\"></div>\n<figcaption>{}"
      "</figcaption>\n</figure>\n",
      html_escape(chart->title), chart->id, html_escape(chart->title), html_escape(chart->caption));
  page.charts.push_back(std::move(*chart));
  return true;
}

void headline_section(Page& page, const Context& ctx) {
  const auto& scenarios = ctx.input.scenarios;
  open_section(page, "headline", "The scenarios side by side");
  std::string head = "<tr><th scope=\"col\"></th>";
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    head += fmt::format(
        "<th scope=\"col\">{}{}</th>", html_escape(scenarios[i].name),
        ctx.input.is_comparison() && i == 0 ? " <span class=\"tag\">baseline</span>" : "");
  }
  head += "</tr>\n";
  std::string rows;
  auto row = [&](const std::string& label, auto cell) {
    std::string r = fmt::format("<tr><th scope=\"row\">{}</th>", html_escape(label));
    bool any = false;
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
      const std::string c = cell(i);
      any = any || c != "—";
      r += "<td>" + c + "</td>";
    }
    if (any) rows += r + "</tr>\n";
  };
  auto alt_stat = [&](const char* key) {
    return [&ctx, key](std::size_t i) -> std::optional<Stat> {
      const json* a = alternative(ctx, i);
      if (a == nullptr) return std::nullopt;
      return stat_at(member(*a, "headline"), key);
    };
  };
  const std::string prices = str(ctx.input.comparison, "price_base_year");
  const std::string price_note = prices.empty() ? "" : fmt::format(" ({} prices)", prices);
  if (ctx.input.is_comparison()) {
    const auto& per = member(ctx.input.comparison, "per_scenario");
    auto per_scenario = [&](std::size_t i) -> const json& {
      if (!per.is_array()) return null_json();
      for (const auto& p : per) {
        if (str(p, "slug") == scenarios[i].slug) return p;
      }
      return null_json();
    };
    auto sum_total = [&](std::size_t i, const char* key) -> std::optional<Stat> {
      const auto& list = member(per_scenario(i), key);
      if (!list.is_array() || list.empty()) return std::nullopt;
      Stat total;
      for (const auto& y : list) {
        const auto s = stat_at(y, "total");
        if (!s) return std::nullopt;
        total.mean += s->mean;
        total.p05 += s->p05;
        total.p50 += s->p50;
        total.p95 += s->p95;
      }
      return total;
    };
    rows += "<tr class=\"group\"><th colspan=\"" + std::to_string(scenarios.size() + 1) +
            "\">Money over the horizon" + html_escape(price_note) + "</th></tr>\n";
    row("Early help spend", [&](std::size_t i) {
      auto s = sum_total(i, "early_help_cost_by_year");
      return s ? html_escape(format_money(s->p50)) : std::string("—");
    });
    row("Late-intervention cost (sum of yearly medians)", [&](std::size_t i) {
      auto s = sum_total(i, "late_intervention_cost_by_year");
      return s ? html_escape(format_money(s->p50)) : std::string("—");
    });
    row("Extra investment against the baseline",
        [&](std::size_t i) { return money_cell(alt_stat("extra_investment")(i)); });
    row("Late-intervention cost avoided",
        [&](std::size_t i) { return money_cell(alt_stat("cost_avoided")(i)); });
    row("Net saving", [&](std::size_t i) { return money_cell(alt_stat("net_saving")(i)); });
    row("Net saving at present value",
        [&](std::size_t i) { return money_cell(alt_stat("net_saving_npv")(i)); });
    row("Benefit–cost ratio",
        [&](std::size_t i) { return ratio_cell(alt_stat("benefit_cost_ratio")(i)); });
    row("Return per £1 to the public purse",
        [&](std::size_t i) { return pence_cell(alt_stat("fiscal_return_per_pound")(i)); });
    row("Return per £1 including social value",
        [&](std::size_t i) { return pence_cell(alt_stat("social_return_per_pound")(i)); });
    row("Pays back by (median)", [&](std::size_t i) {
      const json* a = alternative(ctx, i);
      if (a == nullptr) return std::string("—");
      const auto& p = member(member(*a, "headline"), "payback");
      std::string out = p.contains("median_year") && p.at("median_year").is_string()
                            ? html_escape(p.at("median_year").get<std::string>())
                            : std::string("not within the horizon");
      if (p.contains("share_paying_back") && p.at("share_paying_back").is_number()) {
        out += fmt::format("<span class=\"range\">in {} of futures</span>",
                           format_percent(p.at("share_paying_back").get<double>()));
      }
      return out;
    });
  }
  std::string year;
  if (!scenarios.empty())
    summary_final_year(scenarios.front(), "children_in_need_at_31_march", &year);
  rows += "<tr class=\"group\"><th colspan=\"" + std::to_string(scenarios.size() + 1) +
          "\">Children" + (year.empty() ? "" : " at 31 March, end of " + html_escape(year)) +
          "</th></tr>\n";
  row("Children in need", [&](std::size_t i) {
    return count_cell(summary_final_year(scenarios[i], "children_in_need_at_31_march"));
  });
  row("On child protection plans", [&](std::size_t i) {
    return count_cell(summary_final_year(scenarios[i], "child_protection_plans_at_31_march"));
  });
  row("Looked after", [&](std::size_t i) {
    return count_cell(summary_final_year(scenarios[i], "looked_after_at_31_march"));
  });
  if (ctx.input.is_comparison()) {
    row("Fewer children in need",
        [&](std::size_t i) { return count_cell(alt_stat("cin_avoided_final_year")(i)); });
    row("Fewer on child protection plans",
        [&](std::size_t i) { return count_cell(alt_stat("cp_avoided_final_year")(i)); });
    row("Fewer looked after",
        [&](std::size_t i) { return count_cell(alt_stat("lac_avoided_final_year")(i)); });
  }
  page.body += "<div class=\"table-wrap\"><table class=\"headline\">\n<thead>" + head +
               "</thead>\n<tbody>\n" + rows + "</tbody>\n</table></div>\n";
  page.body +=
      "<p class=\"note\">Each figure is the median of the simulated futures; the small "
      "figures beneath are the 90% range (5th to 95th percentile). Differences between "
      "scenarios use the same simulated families in each, so they reflect the policy, "
      "not luck.</p>\n";
  close_section(page);
}

void demand_section(Page& page, const Context& ctx) {
  Page part;
  add_chart(part, demand_fan_chart(ctx.input));
  add_chart(part, movement_chart(ctx.input));
  add_chart(part, flows_heatmap(ctx.input, ctx.states));
  if (part.charts.empty()) return;
  open_section(page, "demand", "Demand: children and families in the system");
  page.body += part.body;
  for (auto& c : part.charts) page.charts.push_back(std::move(c));
  close_section(page);
}

void costs_section(Page& page, const Context& ctx) {
  Page part;
  add_chart(part, investment_vs_avoided_chart(ctx.input));
  add_chart(part, cumulative_saving_chart(ctx.input));
  add_chart(part, target_probability_chart(ctx.input));
  add_chart(part, cost_by_category_chart(ctx.input));
  add_chart(part, payer_chart(ctx.input));
  if (part.charts.empty()) return;
  open_section(page, "costs", "Costs and savings");
  page.body += part.body;
  for (auto& c : part.charts) page.charts.push_back(std::move(c));
  close_section(page);
}

void staffing_section(Page& page, const Context& ctx) {
  Page part;
  add_chart(part, staffing_chart(ctx.input));
  add_chart(part, waits_chart(ctx.input));
  // A table per service from each scenario's summary.json.
  std::vector<std::string> keys;
  for (const auto& s : ctx.input.scenarios) {
    const auto& services = member(s.summary, "services_over_horizon");
    if (!services.is_object()) continue;
    for (const auto& [key, value] : services.items()) {
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
    }
  }
  std::string table;
  if (!keys.empty()) {
    table =
        "<div class=\"table-wrap\"><table class=\"staffing\">\n<thead><tr><th scope=\"col\">"
        "Service</th><th scope=\"col\">Scenario</th><th scope=\"col\">FTE funded (incl. "
        "managers)</th><th scope=\"col\">Practitioner FTE needed for demand</th><th "
        "scope=\"col\">Practitioner FTE needed for 90% within standard</th><th "
        "scope=\"col\">Mean wait (days)</th><th scope=\"col\">90th percentile wait "
        "(days)</th><th scope=\"col\">Allocated within standard</th></tr></thead>\n"
        "<tbody>\n";
    for (const auto& key : keys) {
      for (const auto& s : ctx.input.scenarios) {
        const auto& svc = member(member(s.summary, "services_over_horizon"), key.c_str());
        if (!svc.is_object()) continue;
        std::string funded = "—";
        const auto& places = member(svc, "budget_to_places");
        if (places.is_array() && !places.empty() &&
            places.back().contains("total_fte_with_management_and_admin") &&
            places.back().at("total_fte_with_management_and_admin").is_number()) {
          funded = fmt::format(
              "{:.1f}", places.back().at("total_fte_with_management_and_admin").get<double>());
        }
        const auto needed = stat_at(svc, "fte_needed_for_demand");
        const auto wait = stat_at(svc, "mean_wait_days");
        const auto p90_wait = stat_at(svc, "p90_wait_days");
        const auto within = stat_at(svc, "share_allocated_within_standard");
        const auto& for_standard = member(svc, "fte_needed_for_waiting_standard");
        const std::string needed_for_standard =
            for_standard.is_object() && member(for_standard, "fte").is_number()
                ? fmt::format("{:.1f}", member(for_standard, "fte").get<double>())
                : "—";
        const auto with_range = [](const auto& stat) {
          return stat ? fmt::format("{:.1f}<span class=\"range\">{:.1f}–{:.1f}</span>", stat->p50,
                                    stat->p05, stat->p95)
                      : std::string("—");
        };
        table += fmt::format(
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}"
            "</td><td>{}</td><td>{}</td></tr>\n",
            html_escape(service_label(ctx.input, key)), html_escape(s.name), funded,
            with_range(needed), needed_for_standard, with_range(wait), with_range(p90_wait),
            within ? html_escape(format_percent(within->p50)) : "—");
      }
    }
    table +=
        "</tbody>\n</table></div>\n<p class=\"note\">Over the whole horizon: FTE funded is "
        "what each service's budget buys at its cost per FTE at the end of the horizon; FTE "
        "needed for demand is the practitioners the demand that reached it would need at its "
        "caseload; FTE needed for 90% within standard is the least staffing, held over the "
        "whole horizon, at which the simulation allocates 90% of referred families within the "
        "service's waiting standard (see docs/capacity.md).</p>\n";
  }
  if (part.charts.empty() && table.empty()) return;
  open_section(page, "staffing", "Staffing and waits");
  page.body += table + part.body;
  for (auto& c : part.charts) page.charts.push_back(std::move(c));
  close_section(page);
}

void pathway_section(Page& page, const Context& ctx) {
  if (ctx.files.empty()) return;
  const auto& file = ctx.files.front();
  open_section(page, "pathway", "The pathway");
  if (!file.loaded) {
    page.body += fmt::format("<p class=\"note\">The pathway diagram is not available: {}.</p>\n",
                             html_escape(file.problem));
    close_section(page);
    return;
  }
  std::string why;
  const auto svg = dot_to_svg(pathway_to_dot(file.loaded->scenario), why);
  if (svg) {
    page.body += fmt::format(
        "<figure class=\"pathway\">\n<div class=\"svg-wrap\" role=\"img\" aria-label=\"Pathway "
        "diagram of {}\">\n{}</div>\n<figcaption>The states a family can be in (grouped by level "
        "of need) and the moves between them, from {}. Labels give rates per family per year or "
        "durations.</figcaption>\n</figure>\n",
        html_escape(ctx.input.scenarios.front().name), *svg, html_escape(file.path.string()));
  } else {
    page.body += fmt::format("<p class=\"note\">The pathway diagram is not available: {}.</p>\n",
                             html_escape(why));
  }
  close_section(page);
}

void assumptions_section(Page& page, const Context& ctx) {
  std::string body;
  if (ctx.input.is_comparison()) {
    for (const auto& a : member(ctx.input.comparison, "alternatives")) {
      const auto& diffs = member(a, "assumptions_differing");
      if (!diffs.is_array() || diffs.empty()) continue;
      body += fmt::format(
          "<h3>What {} changes</h3>\n<div class=\"table-wrap\"><table "
          "class=\"assumptions\">\n<thead><tr><th scope=\"col\">Parameter</th><th "
          "scope=\"col\">Baseline</th><th scope=\"col\">This scenario</th><th "
          "scope=\"col\">Source or assumption</th></tr></thead>\n<tbody>\n",
          html_escape(str(a, "name")));
      for (const auto& d : diffs) {
        body +=
            fmt::format("<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                        html_escape(str(d, "pointer")),
                        html_escape(d.contains("baseline") ? d.at("baseline").dump() : "—"),
                        html_escape(d.contains("alternative") ? d.at("alternative").dump() : "—"),
                        html_escape(str(d, "source", "not stated")));
      }
      body += "</tbody>\n</table></div>\n";
    }
  }
  if (!ctx.files.empty() && ctx.files.front().loaded) {
    std::vector<SourcedValue> values;
    const auto& document = ctx.files.front().loaded->document;
    collect_sourced(document.merged, "", values);
    std::size_t assumed = 0;
    for (auto& v : values) {
      v.origin = fs::path(document.origin_of(v.pointer)).filename().string();
      assumed += v.assumption ? 1 : 0;
    }
    if (!values.empty()) {
      body += fmt::format(
          "<h3>Every sourced number in {}</h3>\n<p>{} numbers: {} cite a source, {} are "
          "assumptions to be replaced by local data.</p>\n<details>\n<summary>Show all "
          "{}</summary>\n<div class=\"table-wrap\"><table class=\"assumptions\">\n<thead><tr><th "
          "scope=\"col\">Parameter</th><th scope=\"col\">Value</th><th scope=\"col\">Source or "
          "assumption</th></tr></thead>\n<tbody>\n",
          html_escape(ctx.input.scenarios.front().name), values.size(), values.size() - assumed,
          assumed, values.size());
      for (const auto& v : values) {
        body += fmt::format("<tr><td><code>{}</code></td><td>{}</td><td>{}{}</td></tr>\n",
                            html_escape(v.pointer), html_escape(v.value),
                            v.assumption ? "<span class=\"tag\">assumption</span> " : "",
                            html_escape(v.basis));
      }
      body += "</tbody>\n</table></div>\n</details>\n";
    }
  }
  if (body.empty()) return;
  open_section(page, "assumptions", "Assumptions and their sources");
  page.body += body;
  close_section(page);
}

void run_details_section(Page& page, const Context& ctx, const std::string& libraries) {
  open_section(page, "run-details", "How these results were made");
  std::string rows;
  auto row = [&](const std::string& k, const std::string& v) {
    if (!v.empty())
      rows += fmt::format("<tr><th scope=\"row\">{}</th><td>{}</td></tr>\n", html_escape(k),
                          html_escape(v));
  };
  const json& top =
      ctx.input.is_comparison() ? ctx.input.comparison : ctx.input.scenarios.front().manifest;
  row("ehsim version", str(top, "ehsim_version"));
  row("Git commit", str(top, "git_commit"));
  row("Random seed", str(top, "seed"));
  row("Replications (simulated futures)", str(top, "replications"));
  row("Threads", str(top, "threads"));
  row("Price base year", str(top, "price_base_year"));
  if (top.contains("discount_rate") && top.at("discount_rate").is_number()) {
    row("Discount rate", fmt::format("{:.1f}% a year (HM Treasury Green Book)",
                                     top.at("discount_rate").get<double>() * 100));
  }
  if (top.contains("target") && top.at("target").is_number()) {
    row("Savings target", format_money(top.at("target").get<double>()));
  }
  row("Charts drawn with", libraries + " (BSD-3-Clause), embedded in this file");
  page.body += "<table class=\"details\">\n<tbody>\n" + rows + "</tbody>\n</table>\n";
  page.body +=
      "<div class=\"table-wrap\"><table class=\"details\">\n<thead><tr><th scope=\"col\">"
      "Scenario</th><th scope=\"col\">File</th><th scope=\"col\">SHA-256 of the resolved "
      "scenario</th><th scope=\"col\">Run finished (UTC)</th></tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < ctx.input.scenarios.size(); ++i) {
    const auto& s = ctx.input.scenarios[i];
    json recorded = s.manifest;
    if (ctx.input.is_comparison()) {
      recorded = i == 0 ? member(ctx.input.comparison, "baseline")
                        : member(ctx.input.comparison, "alternatives")[i - 1];
    }
    const std::string path = str(recorded, "path", str(s.manifest, "scenario_path"));
    const std::string sha = str(recorded, "sha256", str(s.manifest, "scenario_sha256"));
    page.body += fmt::format(
        "<tr><td>{}</td><td><code>{}</code></td><td><code class=\"hash\">{}"
        "</code></td><td>{}</td></tr>\n",
        html_escape(s.name), html_escape(path), html_escape(sha),
        html_escape(str(s.manifest, "finished_utc", "—")));
  }
  page.body += "</tbody>\n</table></div>\n";
  close_section(page);
}

// ---------------------------------------------------------------------------------------------
// The page

constexpr const char* kStyle = R"css(
:root { --ink: #1a1a1a; --muted: #555; --rule: #d0d0d0; --accent: #0072B2; --band: #f4f6f8; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       max-width: 820px; margin: 0 auto; padding: 24px 20px 60px; }
header h1 { font-size: 1.7rem; margin: 0 0 4px; line-height: 1.2; }
header .subtitle { color: var(--muted); margin: 0 0 16px; }
#summary { font-size: 1.1rem; background: var(--band); border-left: 5px solid var(--accent);
           padding: 14px 18px; margin: 16px 0 20px; }
nav ol { columns: 2; padding-left: 1.2em; margin: 0 0 8px; color: var(--muted); }
nav a { color: var(--accent); }
h2 { font-size: 1.35rem; border-bottom: 2px solid var(--ink); padding-bottom: 4px; margin-top: 36px; }
h3 { font-size: 1.05rem; margin: 22px 0 6px; }
table { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--rule); }
thead th { border-bottom: 2px solid var(--ink); }
table.headline td { font-variant-numeric: tabular-nums; font-weight: 600; }
tr.group th { background: var(--band); font-weight: 700; }
.range { display: block; font-weight: 400; font-size: 0.8rem; color: var(--muted); }
.tag { display: inline-block; font-size: 0.72rem; font-weight: 600; text-transform: uppercase;
       letter-spacing: 0.04em; background: #e8eef4; color: #234; border-radius: 3px; padding: 0 5px; }
.note, figcaption { color: var(--muted); font-size: 0.9rem; }
figure { margin: 18px 0 28px; }
.vis { min-height: 60px; overflow-x: auto; }
.svg-wrap svg { max-width: 100%; height: auto; }
code { font-size: 0.85em; word-break: break-all; }
code.hash { font-size: 0.75em; }
.table-wrap { overflow-x: auto; }
#report-status[data-status="error"] { color: #a00; font-weight: 600; border: 2px solid #a00; padding: 8px; }
#report-status[data-status="rendered"] { display: none; }
footer { margin-top: 40px; color: var(--muted); font-size: 0.85rem; border-top: 1px solid var(--rule); padding-top: 8px; }
@media print {
  @page { size: A4; margin: 15mm 14mm; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav, #report-status { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  figure, table.headline, tr, .pathway { break-inside: avoid; page-break-inside: avoid; }
  details { display: block; }
  details > summary { display: none; }
  details:not([open]) > * { display: block; }
  .vis, .table-wrap { overflow: visible; }
  .vis svg { max-width: 100%; height: auto; }
  a { color: inherit; text-decoration: none; }
  #summary { border-left-width: 3px; }
}
)css";

// After every chart has been drawn (or has failed), #report-status records the outcome so a
// reader, a printer and the tests can tell: data-status="rendered" or "error".
// The first script, before the libraries, so that their errors are caught too.
constexpr const char* kTrapScript = R"js(
(function () {
  var status = document.getElementById('report-status');
  var errors = [];
  var warnings = [];
  function fail(message) {
    errors.push(String(message));
    status.setAttribute('data-status', 'error');
    status.textContent = 'Some charts could not be drawn: ' + errors.join('; ');
  }
  window.ehsimReportFail = fail;
  window.ehsimReportErrors = errors;
  window.addEventListener('error', function (e) { fail(e.message || e); });
  window.addEventListener('unhandledrejection', function (e) { fail(e.reason || e); });
  var consoleError = console.error;
  console.error = function () {
    fail(Array.prototype.join.call(arguments, ' '));
    consoleError.apply(console, arguments);
  };
  var consoleWarn = console.warn;
  console.warn = function () {
    warnings.push(Array.prototype.join.call(arguments, ' '));
    status.setAttribute('data-warnings', warnings.join(' | '));
    consoleWarn.apply(console, arguments);
  };
})();
)js";

constexpr const char* kScript = R"js(
(function () {
  var status = document.getElementById('report-status');
  var fail = window.ehsimReportFail;
  var errors = window.ehsimReportErrors;
  if (typeof vegaEmbed !== 'function') { fail('the chart library did not load'); return; }
  var specs = JSON.parse(document.getElementById('chart-specs').textContent);
  var ids = Object.keys(specs);
  var jobs = ids.map(function (id) {
    var el = document.getElementById(id);
    return vegaEmbed(el, specs[id], { mode: 'vega-lite', renderer: 'svg', actions: false,
                                       tooltip: { theme: 'light' } })
      .then(function () { el.setAttribute('data-rendered', 'true'); },
            function (err) { el.setAttribute('data-rendered', 'error'); fail(id + ': ' + (err && err.message || err)); });
  });
  Promise.all(jobs).then(function () {
    document.body.setAttribute('data-charts', String(ids.length));
    if (errors.length === 0) status.setAttribute('data-status', 'rendered');
  });
})();
)js";

std::string render(const Context& ctx, const ChartLibraries& libs) {
  Page page;
  const std::string summary = make_summary(ctx);
  headline_section(page, ctx);
  demand_section(page, ctx);
  costs_section(page, ctx);
  staffing_section(page, ctx);
  pathway_section(page, ctx);
  assumptions_section(page, ctx);
  run_details_section(page, ctx, libs.versions);

  json specs = json::object();
  for (const auto& c : page.charts) specs[c.id] = c.spec;

  std::string title;
  std::string subtitle;
  const auto& first = ctx.input.scenarios.front();
  const std::string council = str(first.summary, "council");
  if (ctx.input.is_comparison()) {
    std::vector<std::string> names;
    for (std::size_t i = 1; i < ctx.input.scenarios.size(); ++i)
      names.push_back(ctx.input.scenarios[i].name);
    title = fmt::format("{}early help: {}", council.empty() ? "" : council + " ",
                        names.empty() ? first.name : fmt::format("{}", fmt::join(names, " and ")));
    subtitle = fmt::format("Compared with {}. Simulated with ehsim.", first.name);
  } else {
    title = first.name;
    subtitle = "One scenario, simulated with ehsim.";
  }
  std::string toc;
  for (const auto& [id, heading] : page.toc) {
    toc += fmt::format("<li><a href=\"#{}\">{}</a></li>", id, html_escape(heading));
  }
  std::string html;
  html += "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n";
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  html += fmt::format("<title>{}</title>\n", html_escape(title));
  html += fmt::format("<meta name=\"generator\" content=\"ehsim {}\">\n", version());
  html += fmt::format("<style>{}</style>\n", kStyle);
  html += "</head>\n<body>\n<header>\n";
  html += fmt::format("<h1>{}</h1>\n<p class=\"subtitle\">{}</p>\n</header>\n", html_escape(title),
                      html_escape(subtitle));
  html += fmt::format("<p id=\"summary\">{}</p>\n", html_escape(summary));
  html += fmt::format("<nav aria-label=\"Contents\"><ol>{}</ol></nav>\n", toc);
  html += "<div id=\"report-status\" data-status=\"pending\" role=\"status\"></div>\n";
  html += "<main>\n" + page.body + "</main>\n";
  html += fmt::format(
      "<footer>Made by ehsim {} from <code>{}</code>. Figures are estimates from a "
      "simulation model; read them with their ranges and the assumptions above."
      "</footer>\n",
      version(), html_escape(ctx.input.dir.string()));
  html += fmt::format("<script>{}</script>\n", kTrapScript);
  html += "<script id=\"chart-specs\" type=\"application/json\">" + json_script_safe(specs.dump()) +
          "</script>\n";
  html += "<script>" + js_script_safe(libs.vega) + "</script>\n";
  html += "<script>" + js_script_safe(libs.vega_lite) + "</script>\n";
  html += "<script>" + js_script_safe(libs.vega_embed) + "</script>\n";
  html += fmt::format("<script>{}</script>\n</body>\n</html>\n", kScript);
  return html;
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
