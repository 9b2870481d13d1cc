#include "economics/workbook.hpp"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <unistd.h>
#include <xlsxwriter.h>

namespace ehsim {

using nlohmann::json;

namespace {

// Cell writing with the workbook's formats, row by row.
class Sheet {
 public:
  Sheet(lxw_worksheet* sheet, lxw_format* bold, lxw_format* money)
      : sheet_(sheet), bold_(bold), money_(money) {}
  void header(const std::vector<std::string>& titles) {
    for (std::size_t c = 0; c < titles.size(); ++c) {
      worksheet_write_string(sheet_, row_, col(c), titles[c].c_str(), bold_);
      worksheet_set_column(sheet_, col(c), col(c), c == 0 ? 34 : 16, nullptr);
    }
    worksheet_freeze_panes(sheet_, 1, 0);
    ++row_;
  }
  void text(std::size_t c, const std::string& value) {
    worksheet_write_string(sheet_, row_, col(c), value.c_str(), nullptr);
  }
  // A JSON value: numbers as numbers (money formatted as £), null as "n/a", the rest as text.
  void value(std::size_t c, const json& v, bool money = false) {
    if (v.is_number()) {
      worksheet_write_number(sheet_, row_, col(c), v.get<double>(), money ? money_ : nullptr);
    } else if (v.is_null()) {
      text(c, "n/a");
    } else if (v.is_string()) {
      text(c, v.get<std::string>());
    } else {
      text(c, v.dump());
    }
  }
  // A summary S: mean, p05, p50, p95 from column c on.
  void summary(std::size_t c, const json& s, bool money) {
    if (s.is_null()) {
      for (std::size_t i = 0; i < 4; ++i) text(c + i, "n/a");
      return;
    }
    for (const char* key : {"mean", "p05", "p50", "p95"}) value(c++, s.at(key), money);
  }
  void next() { ++row_; }

 private:
  static lxw_col_t col(std::size_t c) { return static_cast<lxw_col_t>(c); }
  lxw_worksheet* sheet_;
  lxw_format* bold_;
  lxw_format* money_;
  lxw_row_t row_ = 0;
};

const std::vector<std::string> kSummaryColumns = {"mean", "5th percentile", "median",
                                                  "95th percentile"};

std::vector<std::string> with_summary(std::vector<std::string> first) {
  first.insert(first.end(), kSummaryColumns.begin(), kSummaryColumns.end());
  return first;
}

void write_summary(Sheet& sheet, const json& c) {
  auto columns = with_summary({"alternative", "measure"});
  columns.insert(columns.end(), {"unpaired 5th percentile", "unpaired 95th percentile"});
  sheet.header(columns);
  const std::vector<std::pair<std::string, bool>> measures = {
      {"extra_investment", true},         {"cost_avoided", true},
      {"cashable_saving", true},          {"net_saving", true},
      {"net_saving_npv", true},           {"value_avoided_all_types", true},
      {"benefit_cost_ratio", false},      {"fiscal_return_per_pound", false},
      {"social_return_per_pound", false}, {"cin_avoided_final_year", false},
      {"cp_avoided_final_year", false},   {"lac_avoided_final_year", false}};
  for (const auto& alt : c.at("alternatives")) {
    const json& h = alt.at("headline");
    for (const auto& [name, money] : measures) {
      sheet.text(0, alt.at("name").get<std::string>());
      sheet.text(1, name);
      sheet.summary(2, h.value(name, json()), money);
      if (h.contains(name) && h[name].contains("unpaired_p05")) {
        sheet.value(6, h[name]["unpaired_p05"], money);
        sheet.value(7, h[name]["unpaired_p95"], money);
      }
      sheet.next();
    }
    sheet.text(0, alt.at("name").get<std::string>());
    sheet.text(1, "payback: median year / share of replications paying back");
    sheet.value(2, h.at("payback").at("median_year"));
    sheet.value(3, h.at("payback").at("share_paying_back"));
    sheet.next();
    if (!h.at("returns_undefined_reason").is_null()) {
      sheet.text(0, alt.at("name").get<std::string>());
      sheet.text(1, "why returns are n/a");
      sheet.value(2, h.at("returns_undefined_reason"));
      sheet.next();
    }
  }
}

void write_costs_by_year(Sheet& sheet, const json& c) {
  sheet.header(with_summary({"scenario", "financial year", "cost", "category"}));
  for (const auto& scenario : c.at("per_scenario")) {
    const std::string name = scenario.at("name").get<std::string>();
    for (const auto& year : scenario.at("early_help_cost_by_year")) {
      sheet.text(0, name), sheet.text(1, year.at("financial_year").get<std::string>());
      sheet.text(2, "early help"), sheet.text(3, "all");
      sheet.summary(4, year.at("total"), true);
      sheet.next();
    }
    for (const auto& year : scenario.at("late_intervention_cost_by_year")) {
      sheet.text(0, name), sheet.text(1, year.at("financial_year").get<std::string>());
      sheet.text(2, "late intervention (fiscal)"), sheet.text(3, "all");
      sheet.summary(4, year.at("total"), true);
      sheet.next();
      for (const auto& [category, s] : year.at("by_category").items()) {
        sheet.text(0, name), sheet.text(1, year.at("financial_year").get<std::string>());
        sheet.text(2, "late intervention (fiscal)"), sheet.text(3, category);
        sheet.summary(4, s, true);
        sheet.next();
      }
    }
  }
}

void write_savings_by_payer(Sheet& sheet, const json& c) {
  auto columns = with_summary({"alternative", "payer", "saving"});
  sheet.header(columns);
  for (const auto& alt : c.at("alternatives")) {
    for (const auto& payer : alt.at("by_payer")) {
      for (const char* kind : {"cost_avoided", "cashable"}) {
        sheet.text(0, alt.at("name").get<std::string>());
        sheet.text(1, payer.at("payer").get<std::string>());
        sheet.text(2, kind);
        sheet.summary(3, payer.at(kind), true);
        sheet.next();
      }
    }
    for (const auto& category : alt.at("by_category")) {
      sheet.text(0, alt.at("name").get<std::string>());
      sheet.text(1, "category: " + category.at("category").get<std::string>());
      sheet.text(2, "cost_avoided");
      sheet.summary(3, category.at("cost_avoided"), true);
      sheet.next();
    }
  }
}

void write_demand(Sheet& sheet, const json& c) {
  sheet.header(with_summary({"alternative", "financial year", "children avoided at 31 March"}));
  for (const auto& alt : c.at("alternatives")) {
    for (const auto& year : alt.at("by_year")) {
      for (const char* measure :
           {"cin_avoided", "cp_avoided", "lac_avoided", "cin_avoided_per_10000",
            "cp_avoided_per_10000", "lac_avoided_per_10000"}) {
        sheet.text(0, alt.at("name").get<std::string>());
        sheet.text(1, year.at("financial_year").get<std::string>());
        sheet.text(2, measure);
        sheet.summary(3, year.at(measure), false);
        sheet.next();
      }
    }
  }
}

void write_staffing(Sheet& sheet, const json& c) {
  sheet.header(with_summary({"alternative", "service", "FTE at the end of the horizon"}));
  for (const auto& alt : c.at("alternatives")) {
    for (const auto& service : alt.at("staffing")) {
      for (const char* measure :
           {"fte_funded_baseline", "fte_funded_alternative", "difference", "fte_needed_baseline",
            "fte_needed_alternative", "fte_needed_difference"}) {
        sheet.text(0, alt.at("name").get<std::string>());
        sheet.text(1, service.at("label").get<std::string>());
        sheet.text(2, measure);
        sheet.summary(3, service.at(measure), false);
        sheet.next();
      }
    }
  }
}

void write_assumptions(Sheet& sheet, const json& c) {
  sheet.header(
      {"alternative", "JSON pointer", "baseline", "alternative value", "source or assumption"});
  for (const auto& alt : c.at("alternatives")) {
    for (const auto& d : alt.at("assumptions_differing")) {
      sheet.text(0, alt.at("name").get<std::string>());
      sheet.text(1, d.at("pointer").get<std::string>());
      sheet.value(2, d.at("baseline"));
      sheet.value(3, d.at("alternative"));
      sheet.text(4, d.at("source").get<std::string>());
      sheet.next();
    }
  }
}

void write_run_details(Sheet& sheet, const json& c) {
  sheet.header({"item", "value"});
  const auto row = [&](const std::string& item, const json& value) {
    sheet.text(0, item);
    sheet.value(1, value);
    sheet.next();
  };
  for (const char* key : {"ehsim_version", "git_commit", "created_utc", "seed", "replications",
                          "threads", "price_base_year", "discount_rate", "target"}) {
    row(key, c.value(key, json()));
  }
  for (const auto& [role, s] : {std::pair<std::string, json>{"baseline", c.at("baseline")}}) {
    for (const char* key : {"name", "path", "sha256"}) row(role + " " + key, s.at(key));
  }
  for (const auto& alt : c.at("alternatives")) {
    for (const char* key : {"name", "path", "sha256"})
      row(std::string("alternative ") + key, alt.at(key));
  }
  row("method",
      "paired differences over common random numbers: replication r of the alternative "
      "minus replication r of the baseline; money in £ at the price base year; see "
      "docs/economics.md");
}

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) throw std::runtime_error("cannot read back the workbook " + path.string());
  return bytes.str();
}

}  // namespace

std::string comparison_workbook(const json& comparison) {
  // libxlsxwriter writes to a file; write to a private temporary file and return its bytes so
  // the caller can write every output atomically together.
  static std::atomic<int> counter{0};
  const auto path = std::filesystem::temp_directory_path() /
                    fmt::format("ehsim-workbook-{}-{}.xlsx", ::getpid(), ++counter);
  lxw_workbook* book = workbook_new(path.string().c_str());
  if (book == nullptr) throw std::runtime_error("libxlsxwriter could not create " + path.string());
  lxw_format* bold = workbook_add_format(book);
  format_set_bold(bold);
  lxw_format* money = workbook_add_format(book);
  format_set_num_format(money, "£#,##0");
  using Writer = void (*)(Sheet&, const json&);
  const std::vector<Writer> writers = {
      write_summary,  write_costs_by_year, write_savings_by_payer, write_demand,
      write_staffing, write_assumptions,   write_run_details};
  for (std::size_t i = 0; i < kWorkbookSheets.size(); ++i) {
    Sheet sheet(workbook_add_worksheet(book, kWorkbookSheets[i].c_str()), bold, money);
    writers[i](sheet, comparison);
  }
  const lxw_error status = workbook_close(book);
  if (status != LXW_NO_ERROR) {
    std::filesystem::remove(path);
    throw std::runtime_error(std::string("libxlsxwriter: ") + lxw_strerror(status));
  }
  std::string bytes = read_bytes(path);
  std::filesystem::remove(path);
  return bytes;
}

}  // namespace ehsim
