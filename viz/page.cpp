#include "page.hpp"

#include <cctype>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "assets.hpp"
#include "core/version.hpp"
#include "format.hpp"
#include "template.hpp"

namespace ehsim::viz {

namespace {

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

}  // namespace

void add_section(Page& page, const std::string& id, const std::string& title,
                 const std::string& body) {
  page.toc.emplace_back(id, title);
  page.body += fill_template("section.html", assets::section_html,
                             {{"id", id}, {"title", title}, {"body", body}});
}

void Figures::add(std::optional<Chart> chart) {
  if (!chart) return;
  html += fill_template("chart.html", assets::chart_html,
                        {{"title", chart->title}, {"id", chart->id}, {"caption", chart->caption}});
  charts.push_back(std::move(*chart));
}

void add_chart_section(Page& page, const std::string& id, const std::string& title, Figures figures,
                       const std::string& before) {
  if (figures.charts.empty() && before.empty()) return;
  add_section(page, id, title, before + figures.html);
  for (auto& c : figures.charts) page.charts.push_back(std::move(c));
}

std::string render_page(const Page& page, const PageText& text, const ChartLibraries& libs) {
  nlohmann::json specs = nlohmann::json::object();
  for (const auto& c : page.charts) specs[c.id] = c.spec;
  std::string contents;
  for (const auto& [id, heading] : page.toc) {
    contents += fmt::format("<li><a href=\"#{}\">{}</a></li>", id, html_escape(heading));
  }
  const std::string style = std::string(assets::report_css) + std::string(assets::print_css);
  return fill_template("page.html", assets::page_html,
                       {{"title", text.title},
                        {"version", version()},
                        {"style", style},
                        {"subtitle", text.subtitle},
                        {"summary", text.summary},
                        {"notice", text.notice},
                        {"contents", contents},
                        {"sections", page.body},
                        {"results_dir", text.results_dir},
                        {"trap_script", assets::trap_js},
                        {"chart_specs", json_script_safe(specs.dump())},
                        {"vega", js_script_safe(libs.vega)},
                        {"vega_lite", js_script_safe(libs.vega_lite)},
                        {"vega_embed", js_script_safe(libs.vega_embed)},
                        {"report_script", assets::report_js}});
}

}  // namespace ehsim::viz
