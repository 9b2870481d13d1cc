#include "viz/fit_report.hpp"

#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "viz/assets.hpp"
#include "viz/format.hpp"

namespace ehsim::viz {

using nlohmann::json;

namespace {

std::string number(double v, const std::string& kind) {
  if (kind == "share") return fmt::format("{:.1f}%", 100 * v);
  return format_count(v);
}

std::string target_rows(const json& fit, bool holdout) {
  std::string rows;
  for (const auto& t : fit.at("targets")) {
    if (t.at("holdout").get<bool>() != holdout) continue;
    const std::string kind = t.at("kind");
    const json& c = t.at("calibrated");
    const double z = t.at("z");
    const bool fitted = t.at("fitted");
    const bool far = std::abs(z) > fit.at("settings").at("implausibility_cutoff").get<double>();
    rows += fmt::format(
        "<tr class=\"{}\"><td>{}{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">"
        "± {}</td><td class=\"num\">{}</td><td class=\"num\">{} – {}</td><td class=\"num\">"
        "{}</td><td class=\"num\">{:+.2f}</td><td>{}</td></tr>\n",
        far ? "far" : "", html_escape(t.at("metric").get<std::string>()),
        t.at("stability").get<bool>() ? " (held)" : "",
        html_escape(t.at("year").get<std::string>()), number(t.at("observed"), kind),
        number(t.at("standard_error"), kind), number(c.at("p50"), kind), number(c.at("p05"), kind),
        number(c.at("p95"), kind), number(t.at("start").at("mean"), kind), z,
        fitted ? "fitted" : "shown");
  }
  return rows;
}

// Below this many independent draws a parameter's plausible range is indicative only.
constexpr double kFewDraws = 50;

// The fewest independent draws the walk is worth for any parameter (fit.json files written
// before December 2026 do not say).
std::optional<double> fewest_effective_draws(const json& fit) {
  std::optional<double> fewest;
  for (const auto& p : fit.at("parameters")) {
    if (p.at("plausible").is_null() || !p.at("plausible").contains("effective_draws")) continue;
    const double draws = p.at("plausible").at("effective_draws").get<double>();
    if (!fewest || draws < *fewest) fewest = draws;
  }
  return fewest;
}

std::string parameter_rows(const json& fit) {
  std::string rows;
  for (const auto& p : fit.at("parameters")) {
    std::string range = "—", flag;
    if (!p.at("plausible").is_null()) {
      const json& r = p.at("plausible");
      range = fmt::format("{:.4g} – {:.4g}", r.at("p05").get<double>(), r.at("p95").get<double>());
      if (p.value("not_identified", false)) flag = "not pinned down by the data";
      if (r.contains("effective_draws") && r.at("effective_draws").get<double>() < kFewDraws) {
        flag += (flag.empty() ? "" : "; ") +
                fmt::format("the walk is worth about {:.0f} independent draws of it",
                            r.at("effective_draws").get<double>());
      }
    }
    for (const auto& pair : fit.at("trade_offs")) {
      const auto& names = pair.at("parameters");
      if (names[0] == p.at("name") || names[1] == p.at("name")) {
        const std::string other = names[0] == p.at("name") ? names[1] : names[0];
        flag += (flag.empty() ? "" : "; ") + fmt::format("trades off with {} (r = {:.2f})", other,
                                                         pair.at("correlation").get<double>());
      }
    }
    rows += fmt::format(
        "<tr><td>{}</td><td class=\"num\">{:.4g} – {:.4g}</td><td class=\"num\">{:.4g}</td>"
        "<td class=\"num\">{:.4g}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
        html_escape(p.at("label").get<std::string>()), p.at("lower").get<double>(),
        p.at("upper").get<double>(), p.at("start_value").get<double>(),
        p.at("fitted_value").get<double>(), range, html_escape(flag));
  }
  return rows;
}

std::string path_rows(const json& fit) {
  std::string rows;
  const auto cell = [](const json& s) {
    return fmt::format("{} <span class=\"range\">({} – {})</span>", format_count(s.at("p50")),
                       format_count(s.at("p05")), format_count(s.at("p95")));
  };
  for (const auto& y : fit.at("ten_year_path")) {
    rows += fmt::format(
        "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
        html_escape(y.at("financial_year").get<std::string>()), cell(y.at("children_in_need")),
        cell(y.at("child_protection")), cell(y.at("looked_after")), cell(y.at("population")));
  }
  return rows;
}

// The convergence trace as a small inline SVG: best objective (log scale) by evaluation.
std::string trace_svg(const json& trace) {
  if (trace.empty()) return "";
  double lo = INFINITY, hi = 0;
  for (const auto& p : trace) {
    const double b = std::max(1e-6, p.at("best").get<double>());
    lo = std::min(lo, b);
    hi = std::max(hi, b);
  }
  const double span = std::max(1e-9, std::log10(hi) - std::log10(lo));
  std::string points;
  const double n = static_cast<double>(trace.size());
  for (std::size_t i = 0; i < trace.size(); ++i) {
    const double b = std::max(1e-6, trace[i].at("best").get<double>());
    points += fmt::format("{:.1f},{:.1f} ", 40 + 560 * static_cast<double>(i) / n,
                          10 + 180 * (std::log10(hi) - std::log10(b)) / span);
  }
  return fmt::format(
      "<svg viewBox=\"0 0 620 220\" width=\"620\" height=\"220\" role=\"img\" "
      "aria-label=\"Best objective by evaluation\"><polyline fill=\"none\" stroke=\"#1f5fa8\" "
      "stroke-width=\"2\" points=\"{}\"/><text x=\"40\" y=\"212\" font-size=\"12\">evaluation "
      "1</text><text x=\"520\" y=\"212\" font-size=\"12\">{}</text><text x=\"0\" y=\"16\" "
      "font-size=\"12\">{:.3g}</text><text x=\"0\" y=\"192\" font-size=\"12\">{:.3g}</text></svg>",
      points, trace.size(), hi, lo);
}

// What the plausible-set walk is worth, when the fit says.
std::string walk_worth(const json& fit) {
  const auto fewest = fewest_effective_draws(fit);
  if (!fewest) return "";
  return fmt::format(
      " Successive steps of the walk are correlated: for the parameter it explores worst, its {} "
      "steps are worth about {:.0f} independent draws{}.",
      fit.at("walk_proposals").get<int>(), *fewest,
      *fewest < kFewDraws ? ", so read the plausible ranges, and any uncertainty analysis drawn "
                            "from them, as indicative"
                          : "");
}

}  // namespace

std::string fit_report_html(const json& fit) {
  const bool plausible = fit.at("plausible_found");
  const std::string verdict =
      plausible ? fmt::format(
                      "Every fitted figure is within {:g} uncertainty units of its observation "
                      "(largest {:.2f}); {} plausible parameter sets were found.",
                      fit.at("settings").at("implausibility_cutoff").get<double>(),
                      fit.at("max_implausibility").at("best").get<double>(),
                      fit.at("plausible_points").get<std::size_t>()) +
                      walk_worth(fit)
                : fmt::format(
                      "No parameter set within the bounds reproduces every fitted figure: the "
                      "largest implausibility is {:.2f} (the cutoff is {:g}). The figures in "
                      "red below are the ones the model cannot reach; read the baseline as "
                      "illustrative.",
                      fit.at("max_implausibility").at("best").get<double>(),
                      fit.at("settings").at("implausibility_cutoff").get<double>());
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
  html += fmt::format("<title>Fit report: {}</title>", html_escape(fit.at("name")));
  html += "<style>" + std::string(assets::report_css) + std::string(assets::print_css) +
          "table{border-collapse:collapse}td,th{padding:2px 8px;border-bottom:1px solid #ddd}"
          ".num{text-align:right}.far td{color:#b00020}.range{color:#666}</style></head><body>";
  html += fmt::format(
      "<main><h1>How well the baseline reproduces the council's statistics</h1>"
      "<p class=\"lead\">{} — <code>{}</code>, fitted to {} by <code>{}</code>."
      "</p><p>{}</p>",
      html_escape(fit.at("scenario_name")), html_escape(fit.at("scenario")),
      html_escape(fit.at("fit_year")), html_escape(fit.at("calibration_file")),
      html_escape(verdict));
  const std::string head =
      "<table><thead><tr><th>Figure</th><th>Year</th><th>Observed</th><th>Uncertainty</th>"
      "<th>Simulated (median)</th><th>90% interval</th><th>Before calibration</th><th>z</th>"
      "<th></th></tr></thead><tbody>";
  html += "<section><h2>Simulated against observed</h2>" + head + target_rows(fit, false) +
          "</tbody></table><p>z is (simulated − observed) in units of the observation's "
          "uncertainty, the model discrepancy and the Monte Carlo error combined; “held” rows "
          "are the fit year's stocks carried forward with the population's trend, which a "
          "baseline must keep.</p></section>";
  const std::string holdout = target_rows(fit, true);
  if (!holdout.empty()) {
    html += "<section><h2>Back-test: years not fitted</h2>" + head + holdout +
            "</tbody></table></section>";
  }
  html +=
      "<section><h2>The parameters</h2><table><thead><tr><th>Parameter</th><th>Bounds</th>"
      "<th>Before</th><th>Fitted</th><th>Plausible (5th–95th)</th><th>Note</th></tr>"
      "</thead><tbody>" +
      parameter_rows(fit) + "</tbody></table></section>";
  html +=
      "<section><h2>Ten years on: does the baseline hold still?</h2><table><thead><tr>"
      "<th>31 March of</th><th>Children in need</th><th>On CP plans</th><th>Looked after</th>"
      "<th>Children 0–17</th></tr></thead><tbody>" +
      path_rows(fit) + "</tbody></table></section>";
  html += "<section><h2>Convergence</h2>" + trace_svg(fit.at("trace")) + "</section>";
  html += fmt::format(
      "<section><h2>Run details</h2><p>{} evaluations ({} on the plausible-set walk) in {:.0f} "
      "seconds; {} replications per evaluation, seed {}, method {}; ehsim {} ({}), {}.</p>"
      "<p>{}</p></section></main></body></html>\n",
      fit.at("evaluations").get<int>(), fit.at("walk_proposals").get<int>(),
      fit.at("seconds").get<double>(), fit.at("settings").at("replications").get<int>(),
      fit.at("settings").at("seed").get<std::uint64_t>(),
      html_escape(fit.at("settings").at("method")), html_escape(fit.at("ehsim_version")),
      html_escape(fit.at("git_commit")), html_escape(fit.at("created_utc")),
      html_escape(fit.at("method")));
  return html;
}

}  // namespace ehsim::viz
