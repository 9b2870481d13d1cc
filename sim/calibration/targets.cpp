#include "calibration/targets.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/json_pointer.hpp"
#include "input/document.hpp"

namespace ehsim {

using nlohmann::json;

std::optional<int> financial_year_start(const std::string& year) {
  // "2017-18": four digits, a dash, the next year's last two digits.
  if (year.size() != 7 || year[4] != '-') return std::nullopt;
  for (std::size_t i : {0, 1, 2, 3, 5, 6}) {
    if (year[i] < '0' || year[i] > '9') return std::nullopt;
  }
  const int first = std::stoi(year.substr(0, 4));
  if ((first + 1) % 100 != std::stoi(year.substr(5, 2))) return std::nullopt;
  return first;
}

namespace {

std::optional<TargetKind> kind_from(const std::string& text) {
  if (text == "flow") return TargetKind::flow;
  if (text == "stock") return TargetKind::stock;
  if (text == "share") return TargetKind::share;
  return std::nullopt;
}

// A required member of the right type, or a diagnostic.
const json* member(const json& object, const char* key, json::value_t type, const char* expected,
                   const std::string& file, const std::string& pointer, Diagnostics& diags) {
  const auto it = object.find(key);
  const bool number_ok =
      type == json::value_t::number_float && it != object.end() && it->is_number();
  if (it == object.end() || (!number_ok && it->type() != type)) {
    diags.add(file, pointer_append(pointer, key),
              it == object.end() ? fmt::format("is missing; expected {}", expected)
                                 : fmt::format("is {}; expected {}", it->type_name(), expected));
    return nullptr;
  }
  return &*it;
}

}  // namespace

ObservedTarget read_target(const json& value, const std::string& file, const std::string& pointer,
                           Diagnostics& diags) {
  ObservedTarget t;
  if (!value.is_object()) {
    diags.add(file, pointer, "is not an object; expected a target {\"metric\", \"year\", ...}");
    return t;
  }
  const auto text = [&](const char* key, std::string& out) {
    if (const json* v = member(value, key, json::value_t::string, "a string", file, pointer, diags))
      out = v->get<std::string>();
  };
  text("metric", t.metric);
  text("year", t.year);
  std::string kind;
  text("kind", kind);
  if (value.contains("id") && value.at("id").is_string()) {
    t.id = value.at("id").get<std::string>();
  }
  if (const auto k = kind_from(kind)) {
    t.kind = *k;
  } else if (!kind.empty()) {
    diags.add(file, pointer_append(pointer, "kind"),
              fmt::format("is '{}'; expected flow, stock or share", kind));
  }
  const auto& metrics = target_metrics();
  if (!t.metric.empty() && std::find(metrics.begin(), metrics.end(), t.metric) == metrics.end()) {
    const std::string near = closest_match(t.metric, metrics);
    diags.add(file, pointer_append(pointer, "metric"),
              fmt::format("is '{}', which ehsim cannot simulate{}", t.metric,
                          near.empty() ? "" : fmt::format("; did you mean '{}'?", near)));
  }
  if (!t.year.empty() && !financial_year_start(t.year)) {
    diags.add(file, pointer_append(pointer, "year"),
              fmt::format("is '{}'; expected a financial year such as 2017-18", t.year));
  }
  if (const json* v = member(value, "observed", json::value_t::number_float, "a number", file,
                             pointer, diags)) {
    t.observed = v->get<double>();
  }
  const std::string u_at = pointer_append(pointer, "uncertainty");
  if (const json* u = member(value, "uncertainty", json::value_t::object,
                             "an object {\"standard_error\", \"reason\"}", file, pointer, diags)) {
    if (const json* se = member(*u, "standard_error", json::value_t::number_float, "a number > 0",
                                file, u_at, diags)) {
      t.standard_error = se->get<double>();
      if (!(t.standard_error > 0) || !std::isfinite(t.standard_error)) {
        diags.add(file, pointer_append(u_at, "standard_error"),
                  fmt::format("is {}; expected a number > 0 (how far the observed figure moves "
                              "from year to year)",
                              t.standard_error));
      }
    }
    if (const json* reason =
            member(*u, "reason", json::value_t::string, "a string", file, u_at, diags)) {
      t.uncertainty_reason = reason->get<std::string>();
    }
  }
  if (value.contains("holdout"))
    t.holdout = value.at("holdout").is_boolean() && value.at("holdout").get<bool>();
  if (value.contains("unit") && value.at("unit").is_string())
    t.unit = value.at("unit").get<std::string>();
  // A target file's source is an object {table, sheet_cell, title}; a calibration file's is text,
  // or an "assumption" saying why the figure was chosen.
  if (value.contains("assumption") && value.at("assumption").is_string()) {
    t.assumption = true;
    t.source = "assumption: " + value.at("assumption").get<std::string>();
  } else if (value.contains("source") && value.at("source").is_string()) {
    t.source = value.at("source").get<std::string>();
  } else if (value.contains("source") && value.at("source").is_object()) {
    const json& s = value.at("source");
    t.source = fmt::format("table {}, cell {}", s.value("table", "?"), s.value("sheet_cell", "?"));
  } else {
    diags.add(file, pointer,
              "has no \"source\" or \"assumption\"; say where the figure comes from");
  }
  if (t.id.empty())
    t.id = t.metric + "_" +
           (t.year.size() == 7 ? t.year.substr(0, 4) + "_" + t.year.substr(5) : t.year);
  return t;
}

TargetSet read_target_file(const std::filesystem::path& path, Diagnostics& diags) {
  TargetSet set;
  set.file = path.string();
  json doc;
  if (!parse_json_file(path, doc, diags)) return set;
  if (!doc.is_object()) {
    diags.add(set.file, "", "is not a JSON object; expected a calibration target file");
    return set;
  }
  if (doc.value("schema_version", 0) != 1) {
    diags.add(set.file, "/schema_version", "must be 1 (calibration/README.md)");
  }
  set.area = doc.value("area", "");
  if (doc.contains("source") && doc.at("source").is_object()) {
    const json& s = doc.at("source");
    set.publication = fmt::format("{}, {}, {}", s.value("publisher", ""), s.value("title", ""),
                                  s.value("published", ""));
  }
  if (doc.contains("population_0_17") && doc.at("population_0_17").is_array()) {
    for (const auto& p : doc.at("population_0_17")) {
      if (p.is_object() && p.contains("year") && p.contains("value") && p.at("value").is_number())
        set.population.push_back({p.at("year").get<std::string>(), p.at("value").get<double>()});
    }
  }
  set.population_trend_per_year = doc.value("population_trend_per_year", 0.0);
  if (!doc.contains("targets") || !doc.at("targets").is_array()) {
    diags.add(set.file, "/targets", "is missing; expected an array of targets");
    return set;
  }
  const json& targets = doc.at("targets");
  for (std::size_t i = 0; i < targets.size(); ++i) {
    ObservedTarget t = read_target(targets[i], set.file, pointer_append("/targets", i), diags);
    if (!set.publication.empty() && !t.assumption) t.source = set.publication + ", " + t.source;
    set.targets.push_back(std::move(t));
  }
  return set;
}

}  // namespace ehsim
