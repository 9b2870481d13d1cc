#pragma once
// A report page: numbered sections with their charts, filled into page.html with the chart
// libraries inlined, so that the file stands alone. Shared by the committee report (report.cpp)
// and goal-seek's page (goal_seek_report.cpp).

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "charts.hpp"
#include "external.hpp"

namespace ehsim::viz {

struct Page {
  std::string body;
  std::vector<Chart> charts;
  std::vector<std::pair<std::string, std::string>> toc;  // id, title
};

void add_section(Page& page, const std::string& id, const std::string& title,
                 const std::string& body);

// The charts that have data, each in its figure, and their specifications.
struct Figures {
  std::string html;
  std::vector<Chart> charts;
  void add(std::optional<Chart> chart);
};

// Adds a section of charts (with any markup before them) unless it would be empty.
void add_chart_section(Page& page, const std::string& id, const std::string& title, Figures figures,
                       const std::string& before = "");

// What the page says around its sections: page.html's title, subtitle, opening paragraph,
// notices above it (markup) and the results directory named in its footer.
struct PageText {
  std::string title, subtitle, summary, notice, results_dir;
};

// The whole page: its contents list, the sections, the charts' specifications and the libraries.
std::string render_page(const Page& page, const PageText& text, const ChartLibraries& libs);

}  // namespace ehsim::viz
