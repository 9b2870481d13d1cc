#include "economics/uncertainty_sheets.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <tuple>

#include <fmt/format.h>

#include "core/json_pointer.hpp"
#include "core/json_reading.hpp"
#include "economics/labels.hpp"
#include "economics/uncertainty_words.hpp"

namespace ehsim::workbook_parts {

using nlohmann::json;
using namespace json_reading;

namespace {

// ---- reading comparison.json's "uncertainty" -----------------------------------------------

const json& psa_of(const json& c) {
  return member(member(c, "uncertainty"), "psa");
}
const json& one_way_of(const json& c) {
  return member(member(c, "uncertainty"), "one_way");
}

const json& psa_alternative(const json& c, const std::string& slug) {
  for (const auto& p : member(psa_of(c), "alternatives"))
    if (text_of(p, "slug") == slug) return p;
  return null_json();
}

// The uncertain number at `pointer`: central value, distribution, 5th and 95th percentiles and
// its source or assumption.
const json& uncertain_number(const json& c, const std::string& pointer) {
  for (const auto& n : member(member(c, "uncertainty"), "uncertain_numbers"))
    if (text_of(n, "pointer") == pointer) return n;
  return null_json();
}

// How the workbook names the number at `pointer`: by the scenario's labels as comparison.json
// gives them (as the report does), else from the pointer's ids.
std::string number_name(const json& c, const std::string& pointer) {
  const std::string label = text_of(uncertain_number(c, pointer), "label");
  return label.empty() || label == pointer ? uncertain_number_label(pointer) : label;
}

std::string provenance(const json& number) {
  if (const std::string source = text_of(number, "source"); !source.empty()) return source;
  if (const std::string guess = text_of(number, "assumption"); !guess.empty())
    return "assumption: " + guess;
  return "no source given";
}

// "60 parameter sets x 4 replications each (240 simulated futures)".
std::string psa_runs(const json& psa) {
  const double sets = number_or(member(psa, "parameter_sets"));
  const double per_set = number_or(member(psa, "replications_per_set"));
  return fmt::format("{:.0f} parameter sets x {:.0f} replications each ({:.0f} simulated futures)",
                     sets, per_set, sets * per_set);
}

// ---- writing ---------------------------------------------------------------------------------

void header_row(Sheet& s, int r, const std::vector<std::string>& titles, const Formats& f) {
  for (std::size_t i = 0; i < titles.size(); ++i)
    s.text(r, static_cast<int>(i), titles[i], f.header);
}

// A summary S of comparison.json from column `col`: mean, 5th percentile, median, 95th.
void summary_cells(Sheet& s, int r, int col, const json& summary, lxw_format* format) {
  for (const char* stat : {"mean", "p05", "p50", "p95"})
    s.value(r, col++, member(summary, stat), format);
}

std::string against_baseline(const json& c, const json& alt) {
  return fmt::format("{} against {}", text_of(alt, "name"), text_of(member(c, "baseline"), "name"));
}

// The uncertain numbers, where they come from and how far they range.
int write_numbers_table(Sheet& s, int r, const Formats& f, lxw_format* value_format,
                        const json& c) {
  s.text(r++, 0, "The uncertain numbers", f.section);
  header_row(s, r++,
             {"Number", "JSON pointer (in the scenario files)", "Central value", "Distribution",
              "5th percentile", "95th percentile", "Source or assumption"},
             f);
  for (const auto& n : member(member(c, "uncertainty"), "uncertain_numbers")) {
    const std::string pointer = text_of(n, "pointer");
    s.text(r, 0, number_name(c, pointer), f.wrap);
    s.text(r, 1, pointer);
    s.value(r, 2, member(n, "central"), value_format);
    s.text(r, 3, readable_id(text_of(n, "distribution")));
    s.value(r, 4, member(n, "p05"), value_format);
    s.value(r, 5, member(n, "p95"), value_format);
    s.text(r++, 6, provenance(n), f.wrap);
  }
  return r + 1;
}

// ---- Parameter uncertainty -------------------------------------------------------------------

// The pooled money figures of one alternative beside the ordinary comparison's (chance alone).
int write_pooled_figures(Sheet& s, int r, const Formats& f, const json& psa_alt,
                         const json& headline) {
  header_row(
      s, r++,
      {"Measure", "With parameter uncertainty: mean", "5th percentile", "median", "95th percentile",
       "Chance alone: mean", "5th percentile", "median", "95th percentile"},
      f);
  const std::vector<std::tuple<const char*, const char*, const char*, lxw_format*>> rows = {
      {"Net present value (NPV) of the net saving", "npv", "net_saving_npv", f.sim_money},
      {"Net saving, total", "net_saving", "net_saving", f.sim_money},
      {"Present value of the extra investment", "extra_investment_pv", "extra_investment_pv",
       f.sim_money},
      {"Present value of the fiscal cost avoided", "cost_avoided_pv", "cost_avoided_pv",
       f.sim_money},
      {"Fiscal return per £1 invested (discounted)", "fiscal_return_per_pound",
       "fiscal_return_per_pound", f.sim_ratio}};
  for (const auto& [label, psa_key, headline_key, format] : rows) {
    s.text(r, 0, label);
    summary_cells(s, r, 1, member(psa_alt, psa_key), format);
    summary_cells(s, r, 5, member(headline, headline_key), format);
    ++r;
  }
  return r;
}

// The chance of a positive NPV and the split of the NPV's variance into parameters and chance.
int write_chance_and_split(Sheet& s, int r, const Formats& f, const json& psa_alt) {
  s.text(r, 0, "Chance the NPV is positive");
  s.value(r, 1, member(psa_alt, "probability_npv_positive"), f.sim_percent);
  s.text(r++, 2,
         "the share of all the simulated futures, every parameter set, with an NPV above £0",
         f.note);
  const json& share = member(psa_alt, "npv_variance_share_from_parameters");
  s.text(r, 0, "Share of the NPV's variance from the uncertain numbers");
  s.value(r, 1, share, f.sim_percent);
  s.text(
      r, 2,
      share.is_number()
          ? "what we do not know about the numbers: the variance of the parameter sets' mean "
            "NPVs, less the chance in them"
          : "n/a: the split needs at least two replications per parameter set (--psa-replications)",
      f.note);
  const int share_row = r++;
  s.text(r, 0, "Share of the NPV's variance from chance");
  if (share.is_number()) {
    s.formula(r, 1, "1-" + cell(share_row, 1, false, false), 1 - share.get<double>(), f.percent);
  } else {
    s.text(r, 1, "n/a", f.sim_text);
  }
  s.text(r++, 2, "which families happen to need help, and when: luck the council cannot buy away",
         f.note);
  return r;
}

// Each year's chance of reaching the savings target, with parameter uncertainty and without.
int write_target_by_year(Sheet& s, int r, const Formats& f, const json& c, const json& alt,
                         const json& psa_alt) {
  const json& chances = member(psa_alt, "probability_target_met_by_year");
  if (!member(c, "target").is_number() || !chances.is_array() || chances.empty()) return r;
  const double target = c.at("target").get<double>();
  header_row(s, r++,
             {"Financial year",
              fmt::format("Chance the net cashable saving reaches £{:.0f}: with parameter "
                          "uncertainty",
                          target),
              "Chance alone"},
             f);
  const json& years = member(alt, "by_year");
  for (std::size_t y = 0; y < chances.size(); ++y) {
    const json& year = nth(years, y);
    s.text(r, 0, text_of(year, "financial_year"));
    s.value(r, 1, chances[y], f.sim_percent);
    s.value(r++, 2, member(year, "probability_target_met"), f.sim_percent);
  }
  return r;
}

// Every parameter set: the value each number took, the plausible point and each set's mean NPV.
int write_draws(Sheet& s, int r, const Formats& f, lxw_format* value_format, const json& c) {
  const json& psa = psa_of(c);
  const json& numbers = member(member(c, "uncertainty"), "uncertain_numbers");
  const bool plausible = member(psa, "plausible_set").is_string();
  s.text(r++, 0, "The draws, parameter set by parameter set", f.section);
  s.text(r++, 0,
         "Each row is one parameter set: the value every uncertain number took in it (the "
         "baseline's; an alternative with a distribution of its own takes the same percentile of "
         "it)" +
             std::string(plausible ? ", the row of the calibration's plausible set it used," : "") +
             " and the mean NPV of its replications. A set whose NPV is negative shows which "
             "combination of values would sink the case.",
         f.note);
  std::vector<std::string> titles = {"Parameter set"};
  if (plausible) titles.push_back("Plausible point (row of " + text_of(psa, "plausible_set") + ")");
  for (const auto& n : numbers) titles.push_back(number_name(c, text_of(n, "pointer")));
  for (const auto& alt : member(c, "alternatives"))
    titles.push_back("Mean NPV of the set: " + text_of(alt, "name"));
  header_row(s, r++, titles, f);
  const json& draws = member(psa, "draws");
  for (std::size_t k = 0; k < draws.size(); ++k) {
    int col = 0;
    s.number(r, col++, static_cast<double>(k + 1), f.integer);
    if (plausible) s.value(r, col++, nth(member(psa, "plausible_points"), k), value_format);
    for (const auto& value : draws[k]) s.value(r, col++, value, value_format);
    for (const auto& alt : member(c, "alternatives")) {
      const json& by_set = member(psa_alternative(c, text_of(alt, "slug")), "npv_by_set");
      s.value(r, col++, nth(by_set, k), f.sim_money);
    }
    ++r;
  }
  return r;
}

void write_parameter_uncertainty(Sheet& s, lxw_workbook* book, const Formats& f, const json& c) {
  lxw_format* value_format = simulated_format(book, "General");  // each number in its own unit
  const json& psa = psa_of(c);
  s.width(0, 0, 52);
  s.width(1, 9, 16);
  int r = 0;
  s.text(r++, 0, "How sure are we? Parameter uncertainty (probabilistic sensitivity analysis)",
         f.title);
  s.text(r++, 0,
         fmt::format(
             "Elsewhere in this workbook the ranges are chance alone: which families happen to "
             "need help, and when, with every unit cost and effect at its central value. Here "
             "the numbers we are unsure of vary too: {}, each drawing every uncertain number "
             "(below) from its distribution{}, every scenario seeing the same draw and the same "
             "families. 'Chance alone' is the ordinary comparison ({:.0f} replications), as on the "
             "Summary sheet. Grey cells are simulated values (ehsim compare --psa).",
             psa_runs(psa),
             member(psa, "plausible_set").is_string()
                 ? " and the calibrated flow rates from the calibration's plausible set (" +
                       text_of(psa, "plausible_set") + ")"
                 : "",
             number_or(member(c, "replications"))),
         f.note);
  ++r;
  for (const auto& alt : member(c, "alternatives")) {
    const json& psa_alt = psa_alternative(c, text_of(alt, "slug"));
    s.text(r++, 0, against_baseline(c, alt), f.section);
    r = write_pooled_figures(s, r, f, psa_alt, member(alt, "headline"));
    r = write_chance_and_split(s, r + 1, f, psa_alt);
    r = write_target_by_year(s, r + 1, f, c, alt, psa_alt) + 1;
  }
  r = write_numbers_table(s, r, f, value_format, c);
  write_draws(s, r, f, value_format, c);
  s.freeze(0, 1);
}

// ---- Acceptability curve ---------------------------------------------------------------------

void add_acceptability_chart(Sheet& s, lxw_workbook* book, const json& c, int first_row,
                             const std::vector<std::size_t>& lengths) {
  lxw_chart* chart = workbook_add_chart(book, LXW_CHART_SCATTER_STRAIGHT);
  const auto& alternatives = member(c, "alternatives");
  for (std::size_t a = 0; a < lengths.size(); ++a) {
    if (lengths[a] == 0) continue;
    lxw_chart_series* series = chart_add_series(chart, nullptr, nullptr);
    const auto last = static_cast<lxw_row_t>(first_row + static_cast<int>(lengths[a]) - 1);
    const auto col = static_cast<lxw_col_t>(a + 1);
    chart_series_set_categories(series, s.name().c_str(), static_cast<lxw_row_t>(first_row), 0,
                                last, 0);
    chart_series_set_values(series, s.name().c_str(), static_cast<lxw_row_t>(first_row), col, last,
                            col);
    chart_series_set_name(series, text_of(nth(alternatives, a), "name").c_str());
  }
  set_chance_axes(chart, "Chance that each £1 invested brings back more than £x",
                  "Return required per £1 invested (£x)", "£0.00");
  chart_axis_set_min(chart->x_axis, 0);
  worksheet_insert_chart(s.raw(), 3, static_cast<lxw_col_t>(lengths.size() + 2), chart);
}

void write_acceptability(Sheet& s, lxw_workbook* book, const Formats& f, const json& c) {
  const auto& alternatives = member(c, "alternatives");
  s.width(0, 0, 24);
  s.width(1, static_cast<int>(alternatives.size()), 22);
  int r = 0;
  s.text(r++, 0, "How sure are we? The chance each £1 comes back (acceptability curve)", f.title);
  s.text(r++, 0,
         "For each return per £1 the council might require (first column), the chance that the "
         "investment brings back more than that: the share of the parameter uncertainty "
         "analysis's simulated futures (" +
             psa_runs(psa_of(c)) +
             ") whose fiscal cost avoided, at present value, is more than that many pounds for "
             "every £1 of extra investment. At £1.00 it is the chance the NPV is positive; at "
             "£0.00, the chance that any cost is avoided. Read down to the return you need: the "
             "chance of getting at least £2 back for every £1 is in the £2.00 row. Parameter "
             "uncertainty and chance together; health economists call this the cost-"
             "effectiveness acceptability curve.",
         f.note);
  ++r;
  std::vector<std::string> titles = {"Return required per £1 invested"};
  std::vector<std::size_t> lengths;
  std::size_t longest = 0;
  for (const auto& alt : alternatives) {
    titles.push_back("Chance of more back: " + text_of(alt, "name"));
    const json& curve = member(psa_alternative(c, text_of(alt, "slug")), "acceptability_curve");
    lengths.push_back(curve.is_array() ? curve.size() : 0);
    longest = std::max(longest, lengths.back());
  }
  header_row(s, r++, titles, f);
  const int first_row = r;
  for (std::size_t i = 0; i < longest; ++i, ++r) {
    // Every curve steps by 10p from £0, so row i is the same required return in each.
    s.number(r, 0, static_cast<double>(i) / 10.0, f.ratio);
    for (std::size_t a = 0; a < alternatives.size(); ++a) {
      const json& curve =
          member(psa_alternative(c, text_of(alternatives[a], "slug")), "acceptability_curve");
      const json& point = nth(curve, i);
      if (point.is_object())
        s.value(r, static_cast<int>(a) + 1, member(point, "probability"), f.sim_percent);
    }
  }
  for (std::size_t a = 0; a < alternatives.size(); ++a) {
    const std::string why = text_of(psa_alternative(c, text_of(alternatives[a], "slug")),
                                    "acceptability_curve_undefined_reason");
    if (!why.empty())
      s.text(r++, 0, fmt::format("No curve for {}: {}.", text_of(alternatives[a], "name"), why),
             f.note);
  }
  if (longest > 0) add_acceptability_chart(s, book, c, first_row, lengths);
  s.freeze(first_row, 1);
}

// ---- Tornado ---------------------------------------------------------------------------------

struct Bar {
  const json* bar;
  double npv_low, npv_high;
};

// The tornado's bars for alternative a, largest swing in its NPV first.
std::vector<Bar> bars_of(const json& tornado, std::size_t a) {
  std::vector<Bar> bars;
  for (const auto& b : tornado) {
    const json &low = nth(member(b, "npv_low"), a), &high = nth(member(b, "npv_high"), a);
    if (low.is_number() && high.is_number())
      bars.push_back({&b, low.get<double>(), high.get<double>()});
  }
  std::stable_sort(bars.begin(), bars.end(), [](const Bar& x, const Bar& y) {
    return std::abs(x.npv_high - x.npv_low) > std::abs(y.npv_high - y.npv_low);
  });
  return bars;
}

int write_tornado_of(Sheet& s, int r, const Formats& f, lxw_format* value_format, const json& c,
                     std::size_t a) {
  const json& one_way = one_way_of(c);
  const json& alt = nth(member(c, "alternatives"), a);
  s.text(r++, 0, against_baseline(c, alt), f.section);
  for (const auto& [label, key, format] :
       {std::tuple{"Central NPV (every number at its central value)", "central_npv", f.sim_money},
        std::tuple{"Central net saving", "central_net_saving", f.sim_money},
        std::tuple{"Central fiscal return per £1", "central_return_per_pound", f.sim_ratio}}) {
    s.text(r, 1, label);
    s.value(r++, 3, nth(member(one_way, key), a), format);
  }
  header_row(
      s, r++,
      {"Rank", "Number", "JSON pointer", "Central value", "Low value (5th percentile)",
       "High value (95th percentile)", "NPV at the low value", "NPV at the high value",
       "Swing in the NPV", "Return per £1 at the low value", "Return per £1 at the high value",
       "Net saving at the low value", "Net saving at the high value", "Source or assumption"},
      f);
  int rank = 0;
  for (const Bar& bar : bars_of(member(one_way, "tornado"), a)) {
    const json& b = *bar.bar;
    const std::string pointer = text_of(b, "pointer");
    s.number(r, 0, ++rank, f.integer);
    s.text(r, 1, number_name(c, pointer), f.wrap);
    s.text(r, 2, pointer);
    s.value(r, 3, member(b, "central_value"), value_format);
    s.value(r, 4, member(b, "low_value"), value_format);
    s.value(r, 5, member(b, "high_value"), value_format);
    s.number(r, 6, bar.npv_low, f.sim_money);
    s.number(r, 7, bar.npv_high, f.sim_money);
    s.formula(r, 8, fmt::format("ABS({}-{})", cell(r, 7, false, false), cell(r, 6, false, false)),
              std::abs(bar.npv_high - bar.npv_low), f.money);
    s.value(r, 9, nth(member(b, "return_per_pound_low"), a), f.sim_ratio);
    s.value(r, 10, nth(member(b, "return_per_pound_high"), a), f.sim_ratio);
    s.value(r, 11, nth(member(b, "net_saving_low"), a), f.sim_money);
    s.value(r, 12, nth(member(b, "net_saving_high"), a), f.sim_money);
    s.text(r++, 13, provenance(uncertain_number(c, pointer)), f.wrap);
  }
  return r + 1;
}

void write_tornado(Sheet& s, lxw_workbook* book, const Formats& f, const json& c) {
  lxw_format* value_format = simulated_format(book, "General");
  s.width(0, 0, 6);
  s.width(1, 1, 44);
  s.width(2, 2, 30);
  s.width(3, 12, 15);
  s.width(13, 13, 70);
  int r = 0;
  s.text(r++, 0, "How sure are we? One number at a time (tornado)", f.title);
  s.text(r++, 0,
         "Each uncertain number moved alone to the 5th and then to the 95th percentile of its "
         "distribution, every other number at its central value, with the same simulated "
         "families each time (common random numbers): the difference from the central NPV is "
         "that number's doing, not chance. Largest swing in the NPV first: the numbers at the "
         "top are the ones the business case rests on. The NPV, net saving and return are "
         "means over the replications (ehsim compare --one-way).",
         f.note);
  ++r;
  for (std::size_t a = 0; a < member(c, "alternatives").size(); ++a)
    r = write_tornado_of(s, r, f, value_format, c, a);
  s.freeze(0, 2);
}

// ---- Switching values ------------------------------------------------------------------------

// The scenario with this slug, by name: the baseline or an alternative.
std::string option_name(const json& c, const std::string& slug) {
  if (text_of(member(c, "baseline"), "slug") == slug) return text_of(member(c, "baseline"), "name");
  for (const auto& alt : member(c, "alternatives"))
    if (text_of(alt, "slug") == slug) return text_of(alt, "name");
  return slug;
}

// What is so beyond a switching value, on the side away from the central value: the NPV's sign,
// the target reached or missed, the preferred option overtaken.
std::string beyond_words(const json& c, const json& sv, bool negative_there) {
  const std::string criterion = text_of(sv, "criterion");
  const std::string option = option_name(c, text_of(sv, "alternative"));
  if (criterion == "target_missed") {
    return fmt::format("the mean net cashable saving in {} {} the target of {}",
                       text_of(sv, "financial_year"), negative_there ? "falls below" : "reaches",
                       short_money(number_or(member(sv, "target"))));
  }
  if (criterion == "preferred_option_changes") {
    return negative_there
               ? fmt::format("{} overtakes {}", option_name(c, text_of(sv, "overtaken_by")), option)
               : option + " becomes the preferred option";
  }
  return negative_there ? "the NPV is negative" : "the NPV is positive";
}

// "Moved alone, the NPV is negative below 0.524 (central value 0.7). That is within its 90%
// range: the case could plausibly turn on it."
std::string switching_meaning(const json& c, const json& sv) {
  const json& value = member(sv, "value");
  const bool of_the_choice = text_of(sv, "criterion") == "preferred_option_changes";
  if (!value.is_number()) {
    std::string note = text_of(sv, "note");
    if (!note.empty())
      note[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(note[0])));
    return note + (of_the_choice ? ". The choice does not turn on this number alone."
                                 : ". The case does not turn on this number alone.");
  }
  const double v = value.get<double>();
  const double central = number_or(member(uncertain_number(c, text_of(sv, "pointer")), "central"));
  const bool far_below = central >= v;  // the side of the switching value away from the central
  const json& negative_below = member(sv, "negative_below");
  const bool negative_there =
      !negative_below.is_boolean() || negative_below.get<bool>() == far_below;
  return fmt::format("Moved alone, {} {} {:.4g} (central value {:.4g})",
                     beyond_words(c, sv, negative_there), far_below ? "below" : "above", v,
                     central) +
         (member(sv, "within_90_percent_range") == json(true)
              ? fmt::format(". That is within its 90% range: the {} could plausibly turn on it.",
                            of_the_choice ? "choice" : "case")
              : ". That is outside its 90% range.");
}

void write_switching_values(Sheet& s, lxw_workbook* book, const Formats& f, const json& c) {
  lxw_format* value_format = simulated_format(book, "General");
  s.width(0, 0, 30);
  s.width(1, 1, 26);
  s.width(2, 2, 44);
  s.width(3, 3, 30);
  s.width(4, 9, 14);
  s.width(10, 11, 16);
  s.width(12, 12, 70);
  int r = 0;
  s.text(r++, 0, "How sure are we? Switching values", f.title);
  s.text(r++, 0,
         "HM Treasury's Green Book (5.59-5.61) asks what would have to be true for the decision "
         "to change. For the numbers that move the NPV most (Tornado sheet), each moved alone with "
         "every other number central and found on the simulation itself: the value at which the "
         "NPV becomes £0; with a savings target (ehsim compare --target), the value at which the "
         "mean net cashable saving in the last financial year falls to the target; and with two "
         "or more alternatives, the value at which the option with the highest NPV (the baseline "
         "counting as £0) is overtaken. The search runs between the number's 0.1st and 99.9th "
         "percentiles, its plausible range: 'not within the plausible range' means nothing "
         "changes across all of it, so the case does not turn on that number alone. A switching "
         "value inside the number's 90% range (5th to 95th percentile) is flagged: the case could "
         "plausibly turn on it (ehsim compare --one-way --switching-values N).",
         f.note);
  ++r;
  header_row(s, r++,
             {"Question", "Option", "Number", "JSON pointer", "Central value", "5th percentile",
              "95th percentile", "Switching value", "Searched from (0.1st percentile)",
              "Searched to (99.9th percentile)", "Within the plausible range?",
              "Within its 90% range?", "What it means", "Simulations run"},
             f);
  const json& values = member(one_way_of(c), "switching_values");
  for (const auto& sv : values) {
    const std::string pointer = text_of(sv, "pointer");
    const json& number = uncertain_number(c, pointer);
    const bool found = member(sv, "value").is_number();
    s.text(r, 0, switching_question(sv));
    s.text(r, 1, option_name(c, text_of(sv, "alternative")), f.wrap);
    s.text(r, 2, number_name(c, pointer), f.wrap);
    s.text(r, 3, pointer);
    s.value(r, 4, member(number, "central"), value_format);
    s.value(r, 5, member(number, "p05"), value_format);
    s.value(r, 6, member(number, "p95"), value_format);
    if (found) {
      s.value(r, 7, member(sv, "value"), value_format);
    } else {
      s.text(r, 7, "none", f.sim_text);
    }
    s.value(r, 8, nth(member(sv, "searched"), 0), value_format);
    s.value(r, 9, nth(member(sv, "searched"), 1), value_format);
    s.text(r, 10, found ? "yes" : "not within the plausible range", f.sim_text);
    s.text(r, 11, member(sv, "within_90_percent_range") == json(true) ? "YES: flagged" : "no",
           f.sim_text);
    s.text(r, 12, switching_meaning(c, sv), f.wrap);
    s.value(r++, 13, member(sv, "evaluations"), f.integer);
  }
  if (!values.is_array() || values.empty())
    s.text(r++, 0, "No switching values were searched (--switching-values 0).", f.note);
  s.freeze(4, 3);
}

// ---- Value of information --------------------------------------------------------------------

// The decision, the EVPI and each number's EVPPI with its share of the EVPI, largest first.
void write_value_of_information(Sheet& s, lxw_workbook* /*book*/, const Formats& f, const json& c) {
  const json& psa = psa_of(c);
  const json& voi = member(psa, "value_of_information");
  s.width(0, 0, 8);
  s.width(1, 1, 52);
  s.width(2, 2, 40);
  s.width(3, 4, 18);
  s.width(5, 5, 70);
  int r = 0;
  s.text(r++, 0, "How sure are we? What better evidence would be worth (value of information)",
         f.title);
  const auto name_of_option = [&](const std::string& slug) { return option_name(c, slug); };
  const auto name_of_number = [&](const std::string& pointer) { return number_name(c, pointer); };
  s.text(r++, 0,
         value_of_information_sentence(voi,
                                       member(member(c, "uncertainty"), "uncertain_numbers").size(),
                                       name_of_option, name_of_number, short_money),
         f.bold);
  s.text(r++, 0,
         "The decision is the option with the highest mean NPV over the parameter uncertainty "
         "analysis's sets (" +
             psa_runs(psa) +
             "), the baseline counting as £0. The expected value of perfect information (EVPI) is "
             "what choosing with every uncertain number known would add to it on average: the "
             "most worth paying for any evidence about these numbers, for this decision. Each "
             "number's partial value (EVPPI) is the same with only that number known, estimated "
             "by regressing each option's NPV on the number's draws (Strong, Oakley and Brennan "
             "2014). Evidence that would cost more than its EVPPI to collect is not worth "
             "collecting for this decision. With few replications a set, the EVPI counts their "
             "chance as knowable and overstates; an EVPPI below about 0.4 x the NPV's standard "
             "deviation x sqrt(4 / sets) is within the regression's error. The calibration's "
             "fitted flows are drawn together and not valued one by one.",
         f.note);
  ++r;
  s.text(r, 1, "The decision on what is known now");
  s.text(r++, 3, option_name(c, text_of(voi, "decision")), f.sim_text);
  s.text(r, 1, "Expected value of perfect information (EVPI): every uncertain number known");
  const int evpi_row = r;
  s.value(r++, 3, member(voi, "evpi"), f.sim_money);
  ++r;
  header_row(s, r++,
             {"Rank", "Number", "JSON pointer", "EVPPI: this number known", "Share of the EVPI",
              "Source or assumption"},
             f);
  const double evpi = number_or(member(voi, "evpi"));
  int rank = 0;
  for (const auto& entry : member(voi, "evppi")) {
    const std::string pointer = text_of(entry, "pointer");
    s.number(r, 0, ++rank, f.integer);
    s.text(r, 1, number_name(c, pointer), f.wrap);
    s.text(r, 2, pointer);
    s.value(r, 3, member(entry, "evppi"), f.sim_money);
    s.formula(r, 4,
              fmt::format("IF({}>0,{}/{},0)", cell(evpi_row, 3), cell(r, 3, false, false),
                          cell(evpi_row, 3)),
              evpi > 0 ? number_or(member(entry, "evppi")) / evpi : 0.0, f.percent);
    s.text(r++, 5, provenance(uncertain_number(c, pointer)), f.wrap);
  }
  s.freeze(0, 2);
}

// Bind a sheet writer to the comparison.
UncertaintySheet sheet(const char* name,
                       void (*write)(Sheet&, lxw_workbook*, const Formats&, const json&),
                       const json& c) {
  return {name,
          [write, &c](Sheet& s, lxw_workbook* book, const Formats& f) { write(s, book, f, c); }};
}

// What a field of a named thing is, in words: "amount" of a cost item is its unit cost.
std::string field_words(const std::string& collection, const std::vector<std::string>& rest) {
  if (rest.size() == 1 && rest[0] == "amount" && collection == "cost_items") return "unit cost, £";
  if (rest.size() == 1 && rest[0] == "rate_per_year") return "rate a year";
  if (rest.size() == 1 && rest[0] == "budget_per_year") return "budget a year, £";
  std::string words;
  for (const auto& part : rest) {
    if (!words.empty()) words += ' ';
    words += readable_id(part);
  }
  return words;
}

}  // namespace

std::string uncertain_number_label(const std::string& pointer) {
  const auto parts = pointer_parts(pointer);
  // A setting of its own section: /economics/optimism_bias.
  if (parts.size() == 2 && parts[0] == "economics") return readable_id(parts[1]);
  // A thing in a collection: /economics/cost_items/<id>/amount, /pathway/transitions/<id>/...
  for (std::size_t i = 0; i + 2 < parts.size(); ++i) {
    if (parts[i] != "cost_items" && parts[i] != "transitions" && parts[i] != "services") continue;
    const std::vector<std::string> rest(parts.begin() + static_cast<std::ptrdiff_t>(i) + 2,
                                        parts.end());
    return readable_id(parts[i + 1]) + " (" + field_words(parts[i], rest) + ")";
  }
  return pointer_label(pointer);
}

std::vector<UncertaintySheet> uncertainty_sheets(const json& comparison) {
  std::vector<UncertaintySheet> sheets;
  if (psa_of(comparison).is_object()) {
    sheets.push_back(sheet("Parameter uncertainty", write_parameter_uncertainty, comparison));
    sheets.push_back(sheet("Acceptability curve", write_acceptability, comparison));
  }
  if (member(psa_of(comparison), "value_of_information").is_object())
    sheets.push_back(sheet("Value of information", write_value_of_information, comparison));
  if (one_way_of(comparison).is_object()) {
    sheets.push_back(sheet("Tornado", write_tornado, comparison));
    sheets.push_back(sheet("Switching values", write_switching_values, comparison));
  }
  return sheets;
}

}  // namespace ehsim::workbook_parts
