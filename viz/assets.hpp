#pragma once
// The report's static page parts, kept as files in viz/assets/ and compiled into the library by
// viz/embed_asset.cmake (each file's exact bytes): the style sheets, the page's scripts and the
// HTML templates that viz/template.hpp fills. The generated definitions live in the build tree.

#include <string_view>

namespace ehsim::viz::assets {

// Style sheets, inlined into the page's <style> in this order.
extern const std::string_view report_css;  // the screen layout
extern const std::string_view print_css;   // @media print: A4 pages

// Scripts: trap_js runs first and records any error; report_js draws the charts.
extern const std::string_view trap_js;
extern const std::string_view report_js;

// HTML templates (see viz/template.hpp for {{name}}, {{{name}}} and {{! note }}).
extern const std::string_view page_html;            // the whole page around the sections
extern const std::string_view section_html;         // one numbered section with its heading
extern const std::string_view chart_html;           // a chart's figure, title and caption
extern const std::string_view pathway_html;         // the pathway diagram's figure
extern const std::string_view pathway_part_html;    // a landscape page's part of it, for print
extern const std::string_view headline_table_html;  // the scenarios side by side
extern const std::string_view staffing_table_html;  // a row per service and scenario
extern const std::string_view changes_table_html;   // what an alternative changes
extern const std::string_view sourced_table_html;   // every sourced number in the baseline
extern const std::string_view run_details_html;     // how the results were made
extern const std::string_view uncertainty_html;     // "How sure are we?" around its parts
extern const std::string_view uncertainty_alternative_html;  // one alternative's part of it
extern const std::string_view uncertainty_table_html;        // the PSA against chance alone
extern const std::string_view switching_table_html;          // where each number changes an answer
extern const std::string_view value_of_information_html;     // what better evidence is worth
extern const std::string_view goal_seek_curve_html;          // goal-seek's evaluations as a table
extern const std::string_view goal_seek_method_html;         // the question and how it was searched
extern const std::string_view uncertain_numbers_html;        // the numbers the analysis varied

}  // namespace ehsim::viz::assets
