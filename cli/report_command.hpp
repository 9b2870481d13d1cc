#pragma once
// `ehsim report DIR [--out FILE] [--pdf]`: the committee report for a results directory.

#include <string>

namespace ehsim::cli {

struct ReportArgs {
  std::string results_dir;
  std::string out_file;  // default: DIR/report.html
  bool pdf = false;      // also print it to an A4 PDF beside the HTML
};

int report_command(const ReportArgs& args);

}  // namespace ehsim::cli
