#include "input/loader.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <map>

#include <fmt/format.h>
#include <openssl/evp.h>

#include "input/reader.hpp"
#include "pathway/pathway_graph.hpp"

namespace ehsim {
namespace {

using nlohmann::json;

constexpr int kSchemaVersion = 1;
constexpr double kShareTolerance = 1e-6;

const std::vector<std::string> kCostCategories = {"early_help",
                                                  "childrens_social_care",
                                                  "youth_justice",
                                                  "neet_economic_inactivity",
                                                  "school_absence_exclusion",
                                                  "mental_health",
                                                  "domestic_abuse",
                                                  "substance_misuse",
                                                  "health_and_a_and_e"};

const std::vector<std::string> kValueTypes = {"fiscal_cashable", "fiscal_non_cashable", "economic",
                                              "social"};

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
  return out;
}

std::string sha256_hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

// True when `text` is exactly four digits, '-', two digits, '-', two digits.
bool has_date_shape(const std::string& text) {
  if (text.size() != 10) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 4 || i == 7;
    if (dash ? text[i] != '-' : !std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

// Parse "YYYY-MM-DD"; false if not written exactly so or not a real date.
bool parse_date(const std::string& text, std::chrono::year_month_day& out) {
  if (!has_date_shape(text)) return false;
  const int y = std::stoi(text.substr(0, 4));
  const auto m = static_cast<unsigned>(std::stoi(text.substr(5, 2)));
  const auto d = static_cast<unsigned>(std::stoi(text.substr(8, 2)));
  out =
      std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  return out.ok();
}

// True for "2017/18": four digits, '/', the last two digits of the next year.
bool is_financial_year(const std::string& year) {
  if (year.size() != 7 || year[4] != '/') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6}) {
    if (!std::isdigit(static_cast<unsigned char>(year[i]))) return false;
  }
  return (std::stoi(year.substr(0, 4)) + 1) % 100 == std::stoi(year.substr(5, 2));
}

// A state's "provided_by" as written: `given` is false when absent (or not a string).
struct ProvidedBy {
  bool given = false;
  std::string service;
  std::string pointer;
};

// Reads the whole scenario. Each read_* function handles one section of the format.
class ScenarioReader {
 public:
  ScenarioReader(const ResolvedDocument& doc, Diagnostics& diags)
      : doc_(doc), diags_(diags), checker_(doc, diags) {}

  Scenario read() {
    ObjectReader top(checker_, &doc_.merged, "",
                     {"schema_version", "name", "description", "council", "notes", "start_date",
                      "horizon_years", "warm_up_years", "seed", "replications", "population",
                      "pathway", "services", "initial_caseloads", "economics", "calibration"});
    read_header(top);
    read_population(top.get("population"), top.at("population"), top);
    read_pathway(top.get("pathway"), top.at("pathway"), top);
    read_services(top.get("services"), top.at("services"));
    read_transitions();
    check_eligible_need_levels();
    read_initial(top.get("initial_caseloads"), top.at("initial_caseloads"));
    read_economics(top.get("economics"), top.at("economics"));
    if (!diags_.empty()) return std::move(s_);
    check_pathway_graph(s_, [&](const std::string& pointer, const std::string& message) {
      checker_.error(pointer, message);
    });
    s_.quantities = checker_.quantities();
    return std::move(s_);
  }

 private:
  void read_header(ObjectReader& top) {
    const double version = top.number("schema_version", kSchemaVersion,
                                      {1, 1, false, true, "1 (the only version so far)"}, true);
    (void)version;
    s_.name = top.string("name", "", true);
    s_.description = top.string("description", "", false);
    s_.council = top.string("council", "", false);
    top.string("notes", "", false);
    const std::string start = top.string("start_date", "2018-04-01", true);
    std::chrono::year_month_day ymd{};
    if (top.has("start_date") && top.get("start_date")->is_string()) {
      if (!parse_date(start, ymd)) {
        checker_.error(top.at("start_date"),
                       fmt::format("is '{}'; expected a date written YYYY-MM-DD", start));
      } else if (static_cast<unsigned>(ymd.day()) != 1 ||
                 (static_cast<unsigned>(ymd.month()) - 1) % 3 != 0) {
        checker_.error(top.at("start_date"),
                       fmt::format("is '{}'; expected the first day of a financial quarter "
                                   "(1 April, 1 July, 1 October or 1 January) so that quarters "
                                   "and financial years line up",
                                   start));
      } else {
        s_.start_year = static_cast<int>(ymd.year());
        s_.start_month = static_cast<int>(static_cast<unsigned>(ymd.month()));
        s_.start_day = 1;
      }
    }
    s_.horizon_years = top.number("horizon_years", 10,
                                  {1, 50, false, true, "a whole number of years, 1 to 50"}, true);
    s_.warm_up_years = static_cast<int>(top.number(
        "warm_up_years", 0, {0, 50, false, true, "a whole number of years, 0 to 50"}, false));
    s_.seed = static_cast<std::uint64_t>(
        top.number("seed", 1, {0, 9007199254740991.0, false, true, "a whole number >= 0"}, false));
    s_.replications = static_cast<int>(top.number(
        "replications", 100, {1, 100000, false, true, "a whole number from 1 to 100000"}, false));
    if (const nlohmann::json* c = top.get("calibration")) {
      ObjectReader r(checker_, c, top.at("calibration"), {"file", "fit_year", "date", "notes"});
      if (r.is_object()) {
        CalibrationRecord record;
        record.file = r.string("file", "", true);
        record.fit_year = r.string("fit_year", "", false);
        record.date = r.string("date", "", false);
        r.string("notes", "", false);
        s_.calibration = record;
      }
    }
  }

  // ---- population -------------------------------------------------------------------------

  void read_population(const json* value, const std::string& pointer, ObjectReader& top) {
    if (value == nullptr) {
      top.require("population", "an object describing the council's families");
      return;
    }
    population_present_ = value->is_object();
    ObjectReader r(checker_, value, pointer,
                   {"children", "children_per_family", "child_spacing_years", "age_bands",
                    "localities", "risk_factors", "co_occurrence_loading", "births_per_year",
                    "families_moving_in_per_year", "moving_away_rate_per_year", "notes"});
    auto& p = s_.population;
    p.children =
        r.quantity("children", 0,
                   {1, 2e7, false, true, "a whole number of children, 1 to 20 million"}, true)
            .value;
    p.child_spacing_years =
        r.quantity("child_spacing_years", 2.5,
                   {0, 8, false, false, "years between siblings, 0 to 8"}, false)
            .value;
    p.births_per_year = r.quantity("births_per_year", 0, kNonNegative, false).value;
    p.families_moving_in_per_year =
        r.quantity("families_moving_in_per_year", 0, kNonNegative, false).value;
    p.moving_away_rate_per_year =
        r.quantity("moving_away_rate_per_year", 0,
                   {0, 1, false, false, "a rate per year in [0, 1]"}, false)
            .value;
    const double common_loading = r.quantity("co_occurrence_loading", 0, kShare, false).value;
    read_children_per_family(r);
    read_age_bands(r);
    read_localities(r);
    read_risk_factors(r, common_loading);
  }

  void read_children_per_family(ObjectReader& r) {
    const json* list = r.require("children_per_family", "an array of {\"children\", \"share\"}");
    if (list == nullptr) return;
    if (!list->is_array() || list->empty()) {
      checker_.error(r.at("children_per_family"),
                     fmt::format("is {}; expected a non-empty array of {{\"children\": n, "
                                 "\"share\": s}}",
                                 describe_type(*list)));
      return;
    }
    double total = 0;
    for (std::size_t i = 0; i < list->size(); ++i) {
      ObjectReader item(checker_, &(*list)[i], pointer_append(r.at("children_per_family"), i),
                        {"children", "share"});
      ChildrenPerFamily c;
      c.children = static_cast<int>(
          item.number("children", 1, {1, 12, false, true, "a whole number from 1 to 12"}, true));
      c.share = item.quantity("share", 0, kShare, true).value;
      total += c.share;
      s_.population.children_per_family.push_back(c);
    }
    check_shares_sum(total, r.at("children_per_family"), "the shares of children_per_family");
  }

  void check_shares_sum(double total, const std::string& pointer, const std::string& what) {
    if (std::abs(total - 1.0) > kShareTolerance) {
      checker_.error(pointer, fmt::format("{} sum to {:.6g}; they must sum to 1", what, total));
    }
  }

  void read_age_bands(ObjectReader& r) {
    const json* list = r.get("age_bands");
    if (list == nullptr) {
      s_.population.age_bands = {{"0-17", 0.0}};
      return;
    }
    const std::string at = r.at("age_bands");
    if (!list->is_array() || list->empty()) {
      checker_.error(at, fmt::format("is {}; expected a non-empty array of {{\"id\", "
                                     "\"from_years\"}} starting at 0",
                                     describe_type(*list)));
      return;
    }
    double previous = -1;
    for (std::size_t i = 0; i < list->size(); ++i) {
      ObjectReader item(checker_, &(*list)[i], pointer_append(at, i), {"id", "from_years"});
      AgeBand band;
      band.id = item.string("id", "", true);
      band.from_years =
          item.number("from_years", 0, {0, 17, false, false, "an age in years from 0 to 17"}, true);
      if (i == 0 && band.from_years != 0) {
        checker_.error(item.at("from_years"), "the first age band must start at 0 years");
      }
      if (i > 0 && band.from_years <= previous) {
        checker_.error(item.at("from_years"),
                       fmt::format("is {}; age bands must start at increasing ages (the previous "
                                   "one starts at {})",
                                   band.from_years, previous));
      }
      previous = band.from_years;
      check_unique(s_.population.age_bands, band.id, item.at("id"), "age band");
      s_.population.age_bands.push_back(band);
    }
  }

  template <typename T>
  void check_unique(const std::vector<T>& existing, const std::string& id,
                    const std::string& pointer, const char* what) {
    for (const auto& e : existing) {
      if (e.id == id) {
        checker_.error(pointer,
                       fmt::format("{} '{}' is defined twice; ids must be unique", what, id));
      }
    }
  }

  void read_localities(ObjectReader& r) {
    const json* map = r.get("localities");
    if (map == nullptr) {
      s_.population.localities = {{"all", 1.0}};
      return;
    }
    const std::string at = r.at("localities");
    if (!map->is_object() || map->empty()) {
      checker_.error(at, fmt::format("is {}; expected an object mapping each locality to "
                                     "{{\"share\": s}}",
                                     describe_type(*map)));
      return;
    }
    double total = 0;
    for (const auto& [id, item_json] : map->items()) {
      ObjectReader item(checker_, &item_json, pointer_append(at, id), {"share", "label", "notes"});
      Locality l{id, item.quantity("share", 0, kShare, true).value};
      item.string("label", "", false);
      item.string("notes", "", false);
      total += l.share;
      s_.population.localities.push_back(l);
    }
    check_shares_sum(total, at, "the shares of the localities");
    check_count_limit(s_.population.localities.size(), kMaxLocalities, at, "localities",
                      "a family's locality is stored in 8 bits");
  }

  void read_risk_factors(ObjectReader& r, double common_loading) {
    const json* map = r.get("risk_factors");
    if (map == nullptr) return;
    const std::string at = r.at("risk_factors");
    if (!map->is_object()) {
      checker_.error(at, fmt::format("is {}; expected an object mapping each risk factor to "
                                     "{{\"prevalence\": p}}",
                                     describe_type(*map)));
      return;
    }
    for (const auto& [id, item_json] : map->items()) {
      ObjectReader item(checker_, &item_json, pointer_append(at, id),
                        {"prevalence", "loading", "label", "notes"});
      RiskFactor f;
      f.id = id;
      f.prevalence = item.quantity("prevalence", 0, kProbability, true).value;
      f.loading = item.quantity("loading", common_loading, kShare, false).value;
      item.string("label", "", false);
      item.string("notes", "", false);
      s_.population.risk_factors.push_back(f);
    }
    check_count_limit(s_.population.risk_factors.size(), kMaxRiskFactors, at, "risk factors",
                      "a family's risk factors are stored in 16 bits");
  }

  void check_count_limit(std::size_t count, std::size_t limit, const std::string& pointer,
                         const char* what, const char* why) {
    if (count <= limit) return;
    checker_.error(pointer, fmt::format("has {} {}; at most {} are allowed ({}); combine some of "
                                        "them",
                                        count, what, limit, why));
  }

  // ---- pathway: need levels and states ------------------------------------------------------

  void read_pathway(const json* value, const std::string& pointer, ObjectReader& top) {
    if (value == nullptr) {
      top.require("pathway", "an object with need_levels, states and transitions");
      return;
    }
    ObjectReader r(checker_, value, pointer,
                   {"need_levels", "states", "transitions", "entry_state", "notes"});
    pathway_pointer_ = pointer;
    read_need_levels(r);
    read_states(r);
    transitions_json_ = r.require("transitions", "an object mapping transition ids to transitions");
    const std::string entry = r.string("entry_state", "", true);
    if (r.has("entry_state") && r.get("entry_state")->is_string()) {
      s_.pathway.entry_state = resolve_state(entry, r.at("entry_state"));
    }
  }

  void read_need_levels(ObjectReader& r) {
    const json* map = r.require("need_levels", "an object mapping need level ids to {\"level\"}");
    if (map == nullptr) return;
    const std::string at = r.at("need_levels");
    if (!map->is_object() || map->empty()) {
      checker_.error(at, fmt::format("is {}; expected an object mapping need level ids to "
                                     "{{\"level\": 1..4}}",
                                     describe_type(*map)));
      return;
    }
    for (const auto& [id, item_json] : map->items()) {
      ObjectReader item(checker_, &item_json, pointer_append(at, id), {"level", "label", "notes"});
      NeedLevel level;
      level.id = id;
      level.level = item.number(
          "level", 1, {1, 4, false, false, "a level from 1 (universal) to 4 (acute)"}, true);
      level.label = item.string("label", id, false);
      item.string("notes", "", false);
      s_.pathway.need_levels.push_back(level);
    }
    std::stable_sort(s_.pathway.need_levels.begin(), s_.pathway.need_levels.end(),
                     [](const NeedLevel& a, const NeedLevel& b) { return a.level < b.level; });
  }

  void read_states(ObjectReader& r) {
    const json* map = r.require("states", "an object mapping state ids to states");
    if (map == nullptr) return;
    const std::string at = r.at("states");
    if (!map->is_object() || map->empty()) {
      checker_.error(at, fmt::format("is {}; expected an object mapping state ids to "
                                     "{{\"need\", \"service_status\"}}",
                                     describe_type(*map)));
      return;
    }
    for (const auto& [id, item_json] : map->items()) {
      if (id == "moved_away" || id == "aged_out") {
        checker_.error(pointer_append(at, id),
                       fmt::format("'{}' is a built-in exit state; choose another id", id));
        continue;
      }
      read_state(id, item_json, pointer_append(at, id));
    }
    add_builtin_exit("moved_away", "Moved out of the area");
    add_builtin_exit("aged_out", "Youngest child reached 18");
    s_.pathway.moved_away_state = static_cast<int>(s_.pathway.states.size()) - 2;
    s_.pathway.aged_out_state = static_cast<int>(s_.pathway.states.size()) - 1;
  }

  void read_state(const std::string& id, const json& value, const std::string& pointer) {
    ObjectReader item(
        checker_, &value, pointer,
        {"label", "need", "service_status", "absorbing", "hidden_need", "provided_by", "notes"});
    State state;
    state.id = id;
    state.label = item.string("label", id, false);
    item.string("notes", "", false);
    state.absorbing = item.boolean("absorbing", false);
    state.hidden_need = item.boolean("hidden_need", false);
    ProvidedBy provided;
    if (state.absorbing) {
      refuse_exit_keys(item, id);
    } else {
      read_state_need(item, state);
      read_state_status(item, state);
      provided = read_provided_by(item);
    }
    if (state.absorbing && state.hidden_need) {
      checker_.error(item.at("hidden_need"), "an absorbing (exit) state cannot hold hidden need");
    }
    provided_by_.push_back(provided);
    s_.pathway.states.push_back(state);
  }

  // An exit holds no families: it has no need level, no service status and takes no places.
  void refuse_exit_keys(ObjectReader& item, const std::string& id) {
    static const std::vector<std::pair<std::string, std::string>> kNotOnExits = {
        {"need", "it has no need level"},
        {"service_status", "it has no service status"},
        {"provided_by", "no service provides places in it"}};
    for (const auto& [key, reason] : kNotOnExits) {
      if (!item.has(key)) continue;
      checker_.error(item.at(key),
                     fmt::format("'{}' is an exit (\"absorbing\": true): families leave the "
                                 "simulation there, so {}; remove \"{}\" (an exit may carry only "
                                 "label, notes and absorbing)",
                                 id, reason, key));
    }
  }

  void read_state_need(ObjectReader& item, State& state) {
    const std::string need = item.string("need", "", true);
    if (!item.has("need") || !item.get("need")->is_string()) return;
    state.need_level = need_level_index(need);
    if (state.need_level < 0) unknown_name(item.at("need"), "need level", need, need_level_ids());
  }

  void read_state_status(ObjectReader& item, State& state) {
    const std::string status = item.string("service_status", "none", false);
    if (auto parsed = service_status_from_name(status)) {
      state.service_status = *parsed;
      return;
    }
    std::vector<std::string> names;
    for (int i = 0; i < static_cast<int>(ServiceStatus::count_); ++i) {
      names.push_back(service_status_name(static_cast<ServiceStatus>(i)));
    }
    unknown_name(item.at("service_status"), "service status", status, names);
  }

  ProvidedBy read_provided_by(ObjectReader& item) {
    ProvidedBy provided;
    provided.pointer = item.at("provided_by");
    provided.service = item.string("provided_by", "", false);
    provided.given = item.has("provided_by") && item.get("provided_by")->is_string();
    return provided;
  }

  std::vector<std::string> need_level_ids() const {
    std::vector<std::string> ids;
    for (const auto& l : s_.pathway.need_levels) ids.push_back(l.id);
    return ids;
  }

  void add_builtin_exit(const std::string& id, const std::string& label) {
    State exit;
    exit.id = id;
    exit.label = label;
    exit.absorbing = true;
    s_.pathway.states.push_back(exit);
    provided_by_.push_back({});
  }

  int need_level_index(const std::string& id) const {
    for (std::size_t i = 0; i < s_.pathway.need_levels.size(); ++i) {
      if (s_.pathway.need_levels[i].id == id) return static_cast<int>(i);
    }
    return -1;
  }

  void unknown_name(const std::string& pointer, const char* what, const std::string& name,
                    const std::vector<std::string>& known) {
    if (name.empty()) {
      checker_.error(pointer, fmt::format("is an empty string; expected the id of a {}, one of: {}",
                                          what, join(known)));
      return;
    }
    const std::string suggestion = closest_match(name, known);
    if (!suggestion.empty()) {
      checker_.error(pointer,
                     fmt::format("unknown {} '{}'; did you mean '{}'?", what, name, suggestion));
    } else {
      checker_.error(pointer,
                     fmt::format("unknown {} '{}'; expected one of: {}", what, name, join(known)));
    }
  }

  int resolve_state(const std::string& id, const std::string& pointer) {
    const int index = s_.state_index(id);
    if (index < 0) {
      std::vector<std::string> ids;
      for (const auto& s : s_.pathway.states) ids.push_back(s.id);
      unknown_name(pointer, "state", id, ids);
    }
    return index;
  }

  // ---- services --------------------------------------------------------------------------------

  void read_services(const json* map, const std::string& at) {
    if (map != nullptr && !map->is_object()) {
      checker_.error(at, fmt::format("is {}; expected an object mapping service ids to services",
                                     describe_type(*map)));
      map = nullptr;
    }
    if (map != nullptr) {
      for (const auto& [id, item_json] : map->items()) {
        read_service(id, item_json, pointer_append(at, id));
      }
    }
    // Link states to the services that provide their places.
    for (std::size_t i = 0; i < s_.pathway.states.size(); ++i) {
      const ProvidedBy& provided = provided_by_[i];
      if (!provided.given) continue;
      for (std::size_t k = 0; k < s_.services.size(); ++k) {
        if (s_.services[k].id == provided.service) {
          s_.pathway.states[i].service = static_cast<int>(k);
        }
      }
      if (s_.pathway.states[i].service < 0) {
        std::vector<std::string> ids;
        for (const auto& sv : s_.services) ids.push_back(sv.id);
        unknown_name(provided.pointer, "service", provided.service, ids);
      }
    }
  }

  void read_service(const std::string& id, const json& value, const std::string& pointer) {
    ObjectReader r(checker_, &value, pointer,
                   {"label", "kind", "budget_per_year", "budget_changes", "fte", "cost_per_fte",
                    "caseload_per_fte", "management_ratio", "admin_ratio", "capacity_limited",
                    "queue_order", "waiting_standard_days", "wait_dropout_rate_per_year",
                    "staff_change_lag_days", "locality_teams", "eligible_need_levels", "notes"});
    Service sv;
    sv.id = id;
    sv.label = r.string("label", id, false);
    r.string("notes", "", false);
    sv.kind = r.string("kind", "early_help", false);
    if (sv.kind != "early_help" && sv.kind != "statutory") {
      checker_.error(r.at("kind"),
                     fmt::format("is '{}'; expected \"early_help\" or \"statutory\"", sv.kind));
    }
    if (r.has("budget_per_year") == r.has("fte")) {
      checker_.error(pointer,
                     "give exactly one of \"budget_per_year\" (£ a year) or \"fte\" "
                     "(practitioner full-time equivalents)");
    }
    if (r.has("budget_per_year")) {
      sv.budget.push_back({0.0, r.quantity("budget_per_year", 0, kNonNegative, true).value});
    }
    if (r.has("fte")) sv.fte = r.quantity("fte", 0, kNonNegative, true).value;
    read_budget_changes(r, sv);
    read_cost_per_fte(r, sv);
    sv.caseload_per_fte = r.quantity("caseload_per_fte", 1, kPositive, true).value;
    sv.management_ratio =
        r.quantity("management_ratio", 0, {0, 1, false, false, "managers per practitioner, 0 to 1"},
                   false)
            .value;
    sv.admin_ratio = r.quantity("admin_ratio", 0,
                                {0, 1, false, false, "admin staff per practitioner, 0 to 1"}, false)
                         .value;
    sv.capacity_limited = r.boolean("capacity_limited", false);
    const std::string order = r.string("queue_order", "first_come", false);
    if (order == "first_come") {
      sv.queue_order = QueueOrder::first_come;
    } else if (order == "highest_need") {
      sv.queue_order = QueueOrder::highest_need;
    } else {
      checker_.error(r.at("queue_order"),
                     fmt::format("is '{}'; expected \"first_come\" or \"highest_need\"", order));
    }
    sv.waiting_standard_days = r.quantity("waiting_standard_days", 28, kPositive, false).value;
    sv.wait_dropout_rate_per_year =
        r.quantity("wait_dropout_rate_per_year", 0, kNonNegative, false).value;
    sv.staff_change_lag_days = r.quantity("staff_change_lag_days", 0, kNonNegative, false).value;
    sv.locality_teams = r.boolean("locality_teams", false);
    read_eligible_need_levels(r, sv);
    s_.services.push_back(sv);
  }

  void read_eligible_need_levels(ObjectReader& r, Service& sv) {
    const json* list = r.get("eligible_need_levels");
    if (list == nullptr) return;
    const std::string at = r.at("eligible_need_levels");
    if (!list->is_array() || list->empty()) {
      checker_.error(at,
                     fmt::format("is {}; expected a non-empty array of need level ids such as "
                                 "[\"{}\"] (leave the key out to accept every need level)",
                                 list->is_array() ? "an empty array" : describe_type(*list),
                                 need_level_ids().empty() ? "targeted" : need_level_ids().back()));
      return;
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
      std::string id;
      if (!check_string(checker_, (*list)[i], pointer_append(at, i), id)) continue;
      const int level = need_level_index(id);
      if (level < 0) {
        unknown_name(pointer_append(at, i), "need level", id, need_level_ids());
      } else if (std::find(sv.eligible_need_levels.begin(), sv.eligible_need_levels.end(), level) !=
                 sv.eligible_need_levels.end()) {
        checker_.error(pointer_append(at, i),
                       fmt::format("need level '{}' is listed twice; list each once", id));
      } else {
        sv.eligible_need_levels.push_back(level);
      }
    }
  }

  void read_budget_changes(ObjectReader& r, Service& sv) {
    const json* list = r.get("budget_changes");
    if (list == nullptr) return;
    const std::string at = r.at("budget_changes");
    if (!list->is_array()) {
      checker_.error(at, fmt::format("is {}; expected an array of {{\"from\": \"YYYY-MM-DD\", "
                                     "\"budget_per_year\": £}}",
                                     describe_type(*list)));
      return;
    }
    if (sv.budget.empty()) {
      checker_.error(at, "budget changes need a starting \"budget_per_year\"");
      return;
    }
    const auto start = std::chrono::sys_days{std::chrono::year_month_day{
        std::chrono::year{s_.start_year}, std::chrono::month{static_cast<unsigned>(s_.start_month)},
        std::chrono::day{1}}};
    for (std::size_t i = 0; i < list->size(); ++i) {
      ObjectReader item(checker_, &(*list)[i], pointer_append(at, i), {"from", "budget_per_year"});
      const std::string from = item.string("from", "", true);
      BudgetStep step;
      step.budget_per_year = item.quantity("budget_per_year", 0, kNonNegative, true).value;
      std::chrono::year_month_day ymd{};
      if (!item.has("from") || !item.get("from")->is_string()) continue;
      if (!parse_date(from, ymd)) {
        checker_.error(item.at("from"), fmt::format("is '{}'; expected a date YYYY-MM-DD", from));
        continue;
      }
      step.from_day = static_cast<double>((std::chrono::sys_days{ymd} - start).count());
      if (step.from_day <= sv.budget.back().from_day) {
        checker_.error(item.at("from"),
                       fmt::format("is '{}'; budget changes must be after the start date and in "
                                   "date order",
                                   from));
        continue;
      }
      sv.budget.push_back(step);
    }
  }

  void read_cost_per_fte(ObjectReader& r, Service& sv) {
    const json* value = r.require("cost_per_fte",
                                  "an object {\"salary\", \"on_costs_share\", "
                                  "\"overheads_share\"}");
    ObjectReader c(checker_, value, r.at("cost_per_fte"),
                   {"salary", "on_costs_share", "overheads_share", "notes"});
    if (!c.is_object()) return;
    sv.cost_per_fte.salary = c.quantity("salary", 0, kPositive, true).value;
    sv.cost_per_fte.on_costs_share =
        c.quantity("on_costs_share", 0, {0, 2, false, false, "a share of salary, 0 to 2"}, false)
            .value;
    sv.cost_per_fte.overheads_share =
        c.quantity("overheads_share", 0, {0, 2, false, false, "a share of salary, 0 to 2"}, false)
            .value;
    c.string("notes", "", false);
  }

  // ---- transitions ------------------------------------------------------------------------------

  void read_transitions() {
    if (transitions_json_ == nullptr) return;
    const std::string at = pointer_append(pathway_pointer_, "transitions");
    if (!transitions_json_->is_object() || transitions_json_->empty()) {
      checker_.error(at, fmt::format("is {}; expected an object mapping transition ids to "
                                     "{{\"from\", \"to\", \"rate_per_year\"}}",
                                     describe_type(*transitions_json_)));
      return;
    }
    for (const auto& [id, item_json] : transitions_json_->items()) {
      read_transition(id, item_json, pointer_append(at, id));
    }
  }

  void read_transition(const std::string& id, const json& value, const std::string& pointer) {
    ObjectReader r(checker_, &value, pointer,
                   {"label", "from", "to", "outcomes", "rate_per_year", "duration", "hazard_ratio",
                    "hazard_ratios", "events", "notes"});
    if (!r.is_object()) return;
    Transition t;
    t.id = id;
    r.string("label", "", false);
    r.string("notes", "", false);
    const std::string from = r.string("from", "", true);
    if (r.has("from") && r.get("from")->is_string()) t.from = resolve_state(from, r.at("from"));
    read_destinations(r, t);
    if (r.has("rate_per_year") == r.has("duration")) {
      checker_.error(pointer,
                     "give exactly one of \"rate_per_year\" (exponential time to the "
                     "transition) or \"duration\" (a distribution of time in the state)");
    }
    if (r.has("rate_per_year")) {
      t.has_rate = true;
      t.rate_per_year = r.quantity("rate_per_year", 0,
                                   {0, 3650, false, false, "a rate per year, 0 to 3650"}, true);
    }
    if (const json* d = r.get("duration")) t.duration = read_duration(*d, r.at("duration"));
    t.hazard_ratio = r.quantity("hazard_ratio", 1, kNonNegative, false).value;
    t.events = read_events(r.get("events"), r.at("events"));
    read_hazard_ratios(r, t);
    s_.pathway.transitions.push_back(std::move(t));
  }

  // A service with eligible_need_levels takes families only from states at those levels.
  void check_eligible_need_levels() {
    for (const auto& t : s_.pathway.transitions) {
      if (t.from < 0) continue;
      for (std::size_t o = 0; o < t.outcomes.size(); ++o) check_eligible(t, o);
    }
  }

  void check_eligible(const Transition& t, std::size_t o) {
    const int to = t.outcomes[o].to;
    if (to < 0 || state_at(to).service < 0) return;
    const State& from = state_at(t.from);
    const State& into = state_at(to);
    const Service& sv = s_.services[static_cast<std::size_t>(into.service)];
    const auto& eligible = sv.eligible_need_levels;
    if (eligible.empty() || from.need_level < 0 ||
        std::find(eligible.begin(), eligible.end(), from.need_level) != eligible.end()) {
      return;
    }
    std::vector<std::string> allowed;
    for (int level : eligible) allowed.push_back(need_level_id(level));
    const std::string level = need_level_id(from.need_level);
    checker_.error(outcome_pointer(t, o),
                   fmt::format("transition '{}' moves families from '{}' (need level '{}') into "
                               "'{}', provided by '{}', which takes families only from the need "
                               "levels in its eligible_need_levels: {}; route this outcome "
                               "elsewhere or add '{}' to the service's eligible_need_levels",
                               t.id, from.id, level, into.id, sv.id, join(allowed), level));
  }

  const State& state_at(int index) const {
    return s_.pathway.states[static_cast<std::size_t>(index)];
  }
  const std::string& need_level_id(int index) const {
    return s_.pathway.need_levels[static_cast<std::size_t>(index)].id;
  }

  std::string outcome_pointer(const Transition& t, std::size_t o) const {
    const std::string transition =
        pointer_append(pointer_append(pathway_pointer_, "transitions"), t.id);
    if (!t.written_with_outcomes) return pointer_append(transition, "to");
    return pointer_append(pointer_append(transition, "outcomes"), o);
  }

  void read_destinations(ObjectReader& r, Transition& t) {
    if (r.has("to") == r.has("outcomes")) {
      checker_.error(r.pointer(),
                     "give exactly one of \"to\" (a state) or \"outcomes\" (states "
                     "with probabilities)");
      return;
    }
    if (r.has("to")) {
      const std::string to = r.string("to", "", true);
      if (r.get("to")->is_string()) t.outcomes.push_back({resolve_state(to, r.at("to")), 1.0, {}});
      return;
    }
    t.written_with_outcomes = true;
    const json* list = r.get("outcomes");
    const std::string at = r.at("outcomes");
    if (!list->is_array() || list->empty()) {
      checker_.error(at, fmt::format("is {}; expected a non-empty array of {{\"to\", "
                                     "\"probability\"}}",
                                     describe_type(*list)));
      return;
    }
    double total = 0;
    // One outcome may take "the rest": its probability is 1 less the others', so the others can
    // be changed (by a calibration, say) without rewriting it.
    std::optional<std::size_t> remainder;
    for (std::size_t i = 0; i < list->size(); ++i) {
      ObjectReader item(checker_, &(*list)[i], pointer_append(at, i),
                        {"to", "probability", "events", "notes"});
      Outcome o;
      const std::string to = item.string("to", "", true);
      if (item.has("to") && item.get("to")->is_string()) o.to = resolve_state(to, item.at("to"));
      const json* p = item.get("probability");
      if (p != nullptr && p->is_string() && p->get<std::string>() == "remainder") {
        if (remainder) {
          checker_.error(item.at("probability"),
                         "is \"remainder\" a second time; only one outcome may take the rest");
        }
        remainder = i;
      } else {
        o.probability = item.quantity("probability", 0, kProbability, true).value;
        total += o.probability;
      }
      o.events = read_events(item.get("events"), item.at("events"));
      item.string("notes", "", false);
      t.outcomes.push_back(o);
    }
    if (remainder) {
      if (total > 1.0 + kShareTolerance) {
        checker_.error(at, fmt::format("the outcome probabilities other than the \"remainder\" "
                                       "sum to {:.6g}; they must sum to at most 1",
                                       total));
      }
      t.outcomes[*remainder].probability = std::max(0.0, 1.0 - total);
      return;
    }
    check_shares_sum(total, at, "the outcome probabilities");
  }

  std::vector<EventKind> read_events(const json* list, const std::string& at) {
    std::vector<EventKind> events;
    if (list == nullptr) return events;
    if (!list->is_array()) {
      checker_.error(at, fmt::format("is {}; expected an array of event names such as "
                                     "[\"referral\"]",
                                     describe_type(*list)));
      return events;
    }
    std::vector<std::string> declarable;
    for (int i = 0; i < kFirstDerivedEvent; ++i) {
      declarable.push_back(event_kind_name(static_cast<EventKind>(i)));
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
      std::string name;
      if (!check_string(checker_, (*list)[i], pointer_append(at, i), name)) continue;
      const auto kind = event_kind_from_name(name);
      if (kind && static_cast<int>(*kind) >= kFirstDerivedEvent) {
        checker_.error(pointer_append(at, i),
                       fmt::format("'{}' is counted by the engine from the states' attributes; "
                                   "remove it from the list",
                                   name));
      } else if (!kind) {
        unknown_name(pointer_append(at, i), "event", name, declarable);
      } else {
        events.push_back(*kind);
      }
    }
    return events;
  }

  DurationDistribution read_duration(const json& value, const std::string& pointer) {
    ObjectReader r(checker_, &value, pointer,
                   {"distribution", "mean_days", "shape", "scale_days", "median_days", "sigma",
                    "bins", "notes"});
    DurationDistribution d;
    if (!r.is_object()) return d;
    r.string("notes", "", false);
    const std::string kind = r.string("distribution", "", true);
    refuse_other_parameters(r, kind);
    if (kind == "exponential") {
      d.kind = DistributionKind::exponential;
      d.mean_days = r.quantity("mean_days", 1, kPositive, true).value;
    } else if (kind == "weibull") {
      d.kind = DistributionKind::weibull;
      d.shape =
          r.quantity("shape", 1, {0.05, 50, false, false, "a Weibull shape from 0.05 to 50"}, true)
              .value;
      d.scale_days = r.quantity("scale_days", 1, kPositive, true).value;
    } else if (kind == "lognormal") {
      d.kind = DistributionKind::lognormal;
      d.median_days = r.quantity("median_days", 1, kPositive, true).value;
      d.sigma = r.quantity("sigma", 1,
                           {0, 5, true, false, "a log-scale standard deviation in (0, 5]"}, true)
                    .value;
    } else if (kind == "empirical") {
      d.kind = DistributionKind::empirical;
      read_bins(r, d);
    } else if (r.has("distribution")) {
      checker_.error(r.at("distribution"),
                     fmt::format("is '{}'; expected one of exponential, weibull, lognormal, "
                                 "empirical",
                                 kind));
    }
    return d;
  }

  // Each distribution takes only its own parameters: a parameter of another one (mean_days on
  // a weibull) would otherwise be ignored without a word.
  void refuse_other_parameters(ObjectReader& r, const std::string& kind) {
    static const std::vector<std::pair<std::string, std::vector<std::string>>> kParameters = {
        {"exponential", {"mean_days"}},
        {"weibull", {"shape", "scale_days"}},
        {"lognormal", {"median_days", "sigma"}},
        {"empirical", {"bins"}}};
    const auto own = std::find_if(kParameters.begin(), kParameters.end(),
                                  [&](const auto& entry) { return entry.first == kind; });
    if (own == kParameters.end()) return;  // unknown or missing distribution: reported elsewhere
    for (const auto& [other, keys] : kParameters) {
      if (other == kind) continue;
      for (const auto& key : keys) {
        if (!r.has(key)) continue;
        checker_.error(
            r.at(key),
            fmt::format("is a parameter of the {} distribution, not of {}; {} {} "
                        "duration takes {} (besides distribution and notes)",
                        other, kind, kind == "exponential" || kind == "empirical" ? "an" : "a",
                        kind, join(own->second)));
      }
    }
  }

  void read_bins(ObjectReader& r, DurationDistribution& d) {
    const json* list = r.require("bins", "an array of {\"upper_days\", \"share\"}");
    if (list == nullptr) return;
    const std::string at = r.at("bins");
    if (!list->is_array() || list->empty()) {
      checker_.error(at, fmt::format("is {}; expected a non-empty array of {{\"upper_days\", "
                                     "\"share\"}}",
                                     describe_type(*list)));
      return;
    }
    double total = 0, previous = 0;
    for (std::size_t i = 0; i < list->size(); ++i) {
      ObjectReader item(checker_, &(*list)[i], pointer_append(at, i), {"upper_days", "share"});
      EmpiricalBin bin;
      bin.upper_days = item.number("upper_days", previous + 1, kPositive, true);
      bin.share = item.quantity("share", 0, kShare, true).value;
      if (bin.upper_days <= previous) {
        checker_.error(item.at("upper_days"),
                       fmt::format("is {}; bin upper bounds must increase (previous {})",
                                   bin.upper_days, previous));
      }
      previous = bin.upper_days;
      total += bin.share;
      d.bins.push_back(bin);
    }
    check_shares_sum(total, at, "the shares of the bins");
  }

  void read_hazard_ratios(ObjectReader& r, Transition& t) {
    const auto& pop = s_.population;
    t.age_band_hazard_ratio.assign(pop.age_bands.size(), 1.0);
    t.risk_factor_hazard_ratio.assign(pop.risk_factors.size(), 1.0);
    t.locality_hazard_ratio.assign(pop.localities.size(), 1.0);
    const json* value = r.get("hazard_ratios");
    if (value == nullptr) return;
    ObjectReader hr(checker_, value, r.at("hazard_ratios"),
                    {"age_band", "risk_factor", "locality"});
    read_ratio_map(hr, "age_band", pop.age_bands, t.age_band_hazard_ratio);
    read_ratio_map(hr, "risk_factor", pop.risk_factors, t.risk_factor_hazard_ratio);
    read_ratio_map(hr, "locality", pop.localities, t.locality_hazard_ratio);
  }

  template <typename T>
  void read_ratio_map(ObjectReader& hr, const std::string& key, const std::vector<T>& known,
                      std::vector<double>& out) {
    const json* map = hr.get(key);
    // Without a population there are no ids to check against: one message about the missing
    // population is enough.
    if (map == nullptr || !population_present_) return;
    const std::string at = hr.at(key);
    if (!map->is_object()) {
      checker_.error(at, fmt::format("is {}; expected an object mapping {} ids to hazard ratios",
                                     describe_type(*map), key));
      return;
    }
    for (const auto& [id, ratio] : map->items()) {
      auto it = std::find_if(known.begin(), known.end(), [&](const T& k) { return k.id == id; });
      if (it == known.end()) {
        std::vector<std::string> ids;
        for (const auto& k : known) ids.push_back(k.id);
        unknown_name(pointer_append(at, id), key.c_str(), id, ids);
        continue;
      }
      out[static_cast<std::size_t>(it - known.begin())] =
          read_quantity(checker_, ratio, pointer_append(at, id), kNonNegative).value;
    }
  }

  // ---- initial caseloads -----------------------------------------------------------------------

  void read_initial(const json* map, const std::string& at) {
    if (map == nullptr) return;
    if (!map->is_object()) {
      checker_.error(at, fmt::format("is {}; expected an object mapping state ids to "
                                     "{{\"children\": n}} or {{\"share_of_families\": s}}",
                                     describe_type(*map)));
      return;
    }
    double share_total = 0, children_total = 0;
    for (const auto& [id, item_json] : map->items()) {
      const std::string pointer = pointer_append(at, id);
      ObjectReader item(checker_, &item_json, pointer, {"children", "share_of_families", "notes"});
      InitialStock stock;
      stock.state = resolve_state(id, pointer);
      item.string("notes", "", false);
      if (item.has("children") == item.has("share_of_families")) {
        checker_.error(pointer, "give exactly one of \"children\" or \"share_of_families\"");
      }
      if (item.has("children"))
        stock.children = item.quantity("children", 0, kNonNegative, true).value;
      if (item.has("share_of_families")) {
        stock.share_of_families = item.quantity("share_of_families", 0, kShare, true).value;
        share_total += stock.share_of_families;
      }
      if (stock.state >= 0 && s_.pathway.states[stock.state].absorbing) {
        checker_.error(pointer,
                       fmt::format("'{}' is an exit state; families cannot start there", id));
      }
      children_total += stock.children;
      s_.initial.push_back(stock);
    }
    if (share_total > 1.0 + kShareTolerance) {
      checker_.error(at, fmt::format("the share_of_families values sum to {:.6g}; they must sum "
                                     "to at most 1",
                                     share_total));
    }
    check_initial_children(children_total, at);
  }

  void check_initial_children(double total, const std::string& at) {
    const double population = s_.population.children;
    if (population <= 0 || total <= population) return;
    checker_.error(at, fmt::format("the initial caseloads hold {:.10g} children in all, more than "
                                   "the {:.10g} children of /population/children; the children "
                                   "in the initial caseloads must not exceed the population",
                                   total, population));
  }

  // ---- economics -------------------------------------------------------------------------------

  void read_economics(const json* value, const std::string& at) {
    if (value == nullptr) return;
    ObjectReader r(checker_, value, at,
                   {"price_base_year", "discount_rate", "optimism_bias", "deadweight",
                    "attribution", "price_index", "cost_items", "notes"});
    auto& e = s_.economics;
    r.string("notes", "", false);
    e.price_base_year = r.string("price_base_year", e.price_base_year, false);
    check_financial_year(e.price_base_year, r.at("price_base_year"), r.has("price_base_year"));
    e.discount_rate = r.quantity("discount_rate", 0.035,
                                 {0, 0.2, false, false, "a rate from 0 to 0.2 a year"}, false)
                          .value;
    e.optimism_bias =
        r.quantity("optimism_bias", 0, {0, 2, false, false, "a share from 0 to 2"}, false).value;
    e.deadweight = r.quantity("deadweight", 0, kShare, false).value;
    e.attribution = r.quantity("attribution", 1, kShare, false).value;
    read_price_index(r);
    read_cost_items(r);
  }

  void check_financial_year(const std::string& year, const std::string& pointer, bool present) {
    if (!present) return;
    if (!is_financial_year(year)) {
      checker_.error(pointer, fmt::format("is '{}'; expected a financial year written like "
                                          "\"2017/18\"",
                                          year));
    }
  }

  void read_price_index(ObjectReader& r) {
    const json* map = r.get("price_index");
    if (map == nullptr) return;
    if (!map->is_object()) {
      checker_.error(r.at("price_index"),
                     fmt::format("is {}; expected an object mapping financial years (\"2017/18\") "
                                 "to index values",
                                 describe_type(*map)));
      return;
    }
    for (const auto& [year, value] : map->items()) {
      const std::string pointer = pointer_append(r.at("price_index"), year);
      check_financial_year(year, pointer, true);
      s_.economics.price_index.emplace_back(
          year, read_quantity(checker_, value, pointer, kPositive).value);
    }
  }

  void read_cost_items(ObjectReader& r) {
    const json* map = r.get("cost_items");
    if (map == nullptr) return;
    const std::string at = r.at("cost_items");
    if (!map->is_object()) {
      checker_.error(at, fmt::format("is {}; expected an object mapping cost item ids to items",
                                     describe_type(*map)));
      return;
    }
    for (const auto& [id, item_json] : map->items())
      read_cost_item(id, item_json, pointer_append(at, id));
  }

  void read_cost_item(const std::string& id, const json& value, const std::string& pointer) {
    ObjectReader r(checker_, &value, pointer,
                   {"label", "category", "payer", "value_type", "per", "states", "event", "amount",
                    "per_child", "notes"});
    if (!r.is_object()) return;
    CostItem c;
    c.id = id;
    r.string("label", "", false);
    r.string("notes", "", false);
    c.category = r.string("category", "", true);
    if (r.has("category") && std::find(kCostCategories.begin(), kCostCategories.end(),
                                       c.category) == kCostCategories.end()) {
      unknown_name(r.at("category"), "cost category", c.category, kCostCategories);
    }
    c.payer = r.string("payer", "", true);
    const std::string value_type = r.string("value_type", "fiscal_cashable", false);
    const auto vt = std::find(kValueTypes.begin(), kValueTypes.end(), value_type);
    if (vt == kValueTypes.end()) {
      unknown_name(r.at("value_type"), "value type", value_type, kValueTypes);
    } else {
      c.value_type = static_cast<ValueType>(vt - kValueTypes.begin());
    }
    c.per_child = r.boolean("per_child", true);
    c.amount = r.quantity("amount", 0, kNonNegative, true);
    if (c.amount.provenance) {
      const json& amount = *r.get("amount");
      if (amount.is_object() && amount.contains("price_year") && amount["price_year"].is_string()) {
        c.price_year = amount["price_year"].get<std::string>();
        check_financial_year(c.price_year, pointer_append(r.at("amount"), "price_year"), true);
      }
    }
    const std::string per = r.string("per", "", true);
    if (per == "week_in_state") {
      read_cost_states(r, c);
    } else if (per == "event") {
      const std::string event = r.string("event", "", true);
      if (auto kind = event_kind_from_name(event)) {
        c.per_event = *kind;
      } else if (r.has("event")) {
        std::vector<std::string> names;
        for (int i = 0; i < kEventKindCount; ++i)
          names.push_back(event_kind_name(static_cast<EventKind>(i)));
        unknown_name(r.at("event"), "event", event, names);
      }
    } else if (per == "entry_to_state") {
      read_cost_states(r, c);
      if (c.per_week_in_states.size() == 1) {
        c.per_entry_to_state = c.per_week_in_states.front();
      } else if (r.has("states")) {
        checker_.error(r.at("states"), "a cost per entry names exactly one state");
      }
      c.per_week_in_states.clear();
    } else if (r.has("per")) {
      checker_.error(r.at("per"), fmt::format("is '{}'; expected \"week_in_state\", \"event\" or "
                                              "\"entry_to_state\"",
                                              per));
    }
    s_.economics.cost_items.push_back(c);
  }

  void read_cost_states(ObjectReader& r, CostItem& c) {
    const json* list = r.require("states", "an array of state ids");
    if (list == nullptr) return;
    if (!list->is_array() || list->empty()) {
      checker_.error(r.at("states"), fmt::format("is {}; expected a non-empty array of state ids",
                                                 describe_type(*list)));
      return;
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
      std::string id;
      if (!check_string(checker_, (*list)[i], pointer_append(r.at("states"), i), id)) continue;
      const int index = resolve_state(id, pointer_append(r.at("states"), i));
      if (index >= 0) c.per_week_in_states.push_back(index);
    }
  }

  const ResolvedDocument& doc_;
  Diagnostics& diags_;
  Checker checker_;
  Scenario s_;
  std::string pathway_pointer_ = "/pathway";
  bool population_present_ = false;
  const json* transitions_json_ = nullptr;
  std::vector<ProvidedBy> provided_by_;  // per state, in the order of s_.pathway.states
};

}  // namespace

Scenario build_scenario(const ResolvedDocument& document, Diagnostics& diagnostics,
                        const LoadOptions& options) {
  ScenarioReader reader(document, diagnostics);
  Scenario scenario = reader.read();
  scenario.file = document.chain.empty() ? "" : document.chain.front();
  scenario.resolved_sha256 = sha256_hex(document.merged.dump());
  if (options.require_sources && diagnostics.empty()) {
    for (const auto& number : scenario.quantities) {
      if (number.quantity.provenance) continue;
      diagnostics.add(document.origin_of(number.pointer), number.pointer,
                      fmt::format("the number {} has no source; write it as {{\"value\": {}, "
                                  "\"source\": \"document, table, year\"}} or with "
                                  "\"assumption\": \"why\"",
                                  number.quantity.value, number.quantity.value));
    }
  }
  return scenario;
}

LoadResult load_scenario_file(const std::filesystem::path& path, const LoadOptions& options) {
  LoadResult result;
  result.document = resolve_scenario_file(path, result.diagnostics);
  if (!result.diagnostics.empty()) return result;
  result.scenario = build_scenario(result.document, result.diagnostics, options);
  return result;
}

Scenario load_scenario(const std::filesystem::path& path, const LoadOptions& options) {
  LoadResult result = load_scenario_file(path, options);
  if (!result.ok()) throw InputError(std::move(result.diagnostics));
  return std::move(result.scenario);
}

}  // namespace ehsim
