#include "economics/comparison_results.hpp"

#include <fmt/format.h>

namespace ehsim {

using nlohmann::json;

ResultsFormatError::ResultsFormatError(std::string pointer, std::string problem)
    : std::runtime_error(fmt::format("{}: {}", pointer.empty() ? "/" : pointer, problem)),
      pointer_(std::move(pointer)),
      problem_(std::move(problem)) {}

ResultsFormatError ResultsFormatError::within(const std::string& token) const {
  std::string escaped;  // RFC 6901: "~" as "~0", "/" as "~1"
  for (const char c : token) {
    if (c == '~')
      escaped += "~0";
    else if (c == '/')
      escaped += "~1";
    else
      escaped += c;
  }
  return {"/" + escaped + pointer_, problem_};
}

namespace {

// Reading a value of each kind, with errors whose pointer is relative to the value read.
void read_value(const json& j, double& out) {
  if (!j.is_number()) throw ResultsFormatError("", "expected a number, found " + j.dump());
  out = j.get<double>();
}

void read_value(const json& j, int& out) {
  if (!j.is_number_integer())
    throw ResultsFormatError("", "expected an integer, found " + j.dump());
  out = j.get<int>();
}

void read_value(const json& j, std::string& out) {
  if (!j.is_string()) throw ResultsFormatError("", "expected a string, found " + j.dump());
  out = j.get<std::string>();
}

template <typename T>
void read_value(const json& j, T& out) {
  if (!j.is_object()) throw ResultsFormatError("", "expected an object, found " + j.dump());
  from_json(j, out);
}

template <typename T>
void read_value(const json& j, std::vector<T>& out) {
  if (!j.is_array()) throw ResultsFormatError("", "expected an array, found " + j.dump());
  out.clear();
  out.resize(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) {
    try {
      read_value(j[i], out[i]);
    } catch (const ResultsFormatError& e) {
      throw e.within(std::to_string(i));
    }
  }
}

void require_object(const json& j) {
  if (!j.is_object()) throw ResultsFormatError("", "expected an object, found " + j.dump());
}

// j[key], which must be there.
template <typename T>
void field(const json& j, const char* key, T& out) {
  require_object(j);
  const auto it = j.find(key);
  if (it == j.end()) throw ResultsFormatError("", "is missing").within(key);
  try {
    read_value(*it, out);
  } catch (const ResultsFormatError& e) {
    throw e.within(key);
  }
}

// j[key], which may be absent or null.
template <typename T>
void field(const json& j, const char* key, std::optional<T>& out) {
  require_object(j);
  const auto it = j.find(key);
  out.reset();
  if (it == j.end() || it->is_null()) return;
  T value{};
  try {
    read_value(*it, value);
  } catch (const ResultsFormatError& e) {
    throw e.within(key);
  }
  out = std::move(value);
}

template <typename T>
json or_null(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

// Writes j[key] only when the value is there (members optional on reading).
template <typename T>
void put_if(json& j, const char* key, const std::optional<T>& v) {
  if (v) j[key] = *v;
}

}  // namespace

void to_json(json& j, const Estimate& e) {
  j = {{"mean", e.mean}, {"p05", e.p05}, {"p50", e.p50}, {"p95", e.p95}, {"se", e.se}};
}

void from_json(const json& j, Estimate& e) {
  field(j, "mean", e.mean);
  field(j, "p05", e.p05);
  field(j, "p50", e.p50);
  field(j, "p95", e.p95);
  field(j, "se", e.se);
}

void to_json(json& j, const Difference& d) {
  to_json(j, static_cast<const Estimate&>(d));
  j["unpaired_p05"] = d.unpaired_p05;
  j["unpaired_p95"] = d.unpaired_p95;
}

void from_json(const json& j, Difference& d) {
  from_json(j, static_cast<Estimate&>(d));
  field(j, "unpaired_p05", d.unpaired_p05);
  field(j, "unpaired_p95", d.unpaired_p95);
}

void to_json(json& j, const Payback& p) {
  j = {{"median_year", or_null(p.median_year)}, {"share_paying_back", p.share_paying_back}};
}

void from_json(const json& j, Payback& p) {
  field(j, "median_year", p.median_year);
  field(j, "share_paying_back", p.share_paying_back);
}

void to_json(json& j, const ComparisonHeadline& h) {
  j = json::object();
  j["extra_investment"] = h.extra_investment;
  j["cost_avoided"] = h.cost_avoided;
  put_if(j, "cashable_saving", h.cashable_saving);
  put_if(j, "value_avoided_all_types", h.value_avoided_all_types);
  j["net_saving"] = h.net_saving;
  j["net_saving_npv"] = h.net_saving_npv;
  put_if(j, "extra_investment_pv", h.extra_investment_pv);
  put_if(j, "cost_avoided_pv", h.cost_avoided_pv);
  put_if(j, "value_avoided_all_types_pv", h.value_avoided_all_types_pv);
  j["benefit_cost_ratio"] = or_null(h.benefit_cost_ratio);
  j["fiscal_return_per_pound"] = or_null(h.fiscal_return_per_pound);
  j["social_return_per_pound"] = or_null(h.social_return_per_pound);
  j["returns_undefined_reason"] = or_null(h.returns_undefined_reason);
  j["payback"] = h.payback;
  j["cin_avoided_final_year"] = h.cin_avoided_final_year;
  j["cp_avoided_final_year"] = h.cp_avoided_final_year;
  j["lac_avoided_final_year"] = h.lac_avoided_final_year;
}

void from_json(const json& j, ComparisonHeadline& h) {
  field(j, "extra_investment", h.extra_investment);
  field(j, "extra_investment_pv", h.extra_investment_pv);
  field(j, "cost_avoided", h.cost_avoided);
  field(j, "cost_avoided_pv", h.cost_avoided_pv);
  field(j, "cashable_saving", h.cashable_saving);
  field(j, "value_avoided_all_types", h.value_avoided_all_types);
  field(j, "value_avoided_all_types_pv", h.value_avoided_all_types_pv);
  field(j, "net_saving", h.net_saving);
  field(j, "net_saving_npv", h.net_saving_npv);
  field(j, "benefit_cost_ratio", h.benefit_cost_ratio);
  field(j, "fiscal_return_per_pound", h.fiscal_return_per_pound);
  field(j, "social_return_per_pound", h.social_return_per_pound);
  field(j, "returns_undefined_reason", h.returns_undefined_reason);
  field(j, "payback", h.payback);
  field(j, "cin_avoided_final_year", h.cin_avoided_final_year);
  field(j, "cp_avoided_final_year", h.cp_avoided_final_year);
  field(j, "lac_avoided_final_year", h.lac_avoided_final_year);
}

void to_json(json& j, const YearFlows& y) {
  j = json::object();
  j["financial_year"] = y.financial_year;
  j["extra_investment"] = y.extra_investment;
  j["cost_avoided"] = y.cost_avoided;
  j["net_saving"] = y.net_saving;
  put_if(j, "net_cashable_saving", y.net_cashable_saving);
  j["cumulative_net_saving_discounted"] = y.cumulative_net_saving_discounted;
  put_if(j, "discount_factor", y.discount_factor);
  j["cin_avoided"] = y.cin_avoided;
  j["cp_avoided"] = y.cp_avoided;
  j["lac_avoided"] = y.lac_avoided;
  put_if(j, "cin_avoided_per_10000", y.cin_avoided_per_10000);
  put_if(j, "cp_avoided_per_10000", y.cp_avoided_per_10000);
  put_if(j, "lac_avoided_per_10000", y.lac_avoided_per_10000);
  j["probability_target_met"] = or_null(y.probability_target_met);
}

void from_json(const json& j, YearFlows& y) {
  field(j, "financial_year", y.financial_year);
  field(j, "extra_investment", y.extra_investment);
  field(j, "cost_avoided", y.cost_avoided);
  field(j, "net_saving", y.net_saving);
  field(j, "net_cashable_saving", y.net_cashable_saving);
  field(j, "cumulative_net_saving_discounted", y.cumulative_net_saving_discounted);
  field(j, "discount_factor", y.discount_factor);
  field(j, "cin_avoided", y.cin_avoided);
  field(j, "cp_avoided", y.cp_avoided);
  field(j, "lac_avoided", y.lac_avoided);
  field(j, "cin_avoided_per_10000", y.cin_avoided_per_10000);
  field(j, "cp_avoided_per_10000", y.cp_avoided_per_10000);
  field(j, "lac_avoided_per_10000", y.lac_avoided_per_10000);
  field(j, "probability_target_met", y.probability_target_met);
}

void from_json(const json& j, ScenarioIdentity& s) {
  field(j, "name", s.name);
  field(j, "path", s.path);
  field(j, "sha256", s.sha256);
  field(j, "slug", s.slug);
}

void from_json(const json& j, AlternativeResults& a) {
  from_json(j, a.scenario);
  field(j, "headline", a.headline);
  field(j, "by_year", a.by_year);
}

void from_json(const json& j, ComparisonResults& c) {
  field(j, "schema_version", c.schema_version);
  field(j, "price_base_year", c.price_base_year);
  field(j, "discount_rate", c.discount_rate);
  field(j, "target", c.target);
  field(j, "baseline", c.baseline);
  c.alternatives.clear();
  if (j.contains("alternatives")) field(j, "alternatives", c.alternatives);
}

}  // namespace ehsim
