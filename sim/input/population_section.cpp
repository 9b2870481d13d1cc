#include "input/population_section.hpp"

namespace ehsim {
namespace {

using nlohmann::json;

void read_population_counts(ObjectReader& r, Population& p) {
  p.children =
      r.quantity("children", 0,
                 {1, 2e7, false, true, "a whole number of children, 1 to 20 million"}, true)
          .value;
  p.child_spacing_years = r.quantity("child_spacing_years", 2.5,
                                     {0, 8, false, false, "years between siblings, 0 to 8"}, false)
                              .value;
  p.births_per_year = r.quantity("births_per_year", 0, kNonNegative, false).value;
  p.families_moving_in_per_year =
      r.quantity("families_moving_in_per_year", 0, kNonNegative, false).value;
  p.moving_away_rate_per_year = r.quantity("moving_away_rate_per_year", 0,
                                           {0, 1, false, false, "a rate per year in [0, 1]"}, false)
                                    .value;
}

void read_children_per_family(SectionContext& context, ObjectReader& r) {
  const json* list = r.require("children_per_family", "an array of {\"children\", \"share\"}");
  if (list == nullptr) return;
  const std::string at = r.at("children_per_family");
  if (!list->is_array() || list->empty()) {
    context.checker.error(at, fmt::format("is {}; expected a non-empty array of {{\"children\": "
                                          "n, \"share\": s}}",
                                          describe_type(*list)));
    return;
  }
  double total = 0;
  for (std::size_t i = 0; i < list->size(); ++i) {
    ObjectReader item(context.checker, &(*list)[i], pointer_append(at, i), {"children", "share"});
    ChildrenPerFamily c;
    c.children = static_cast<int>(
        item.number("children", 1, {1, 12, false, true, "a whole number from 1 to 12"}, true));
    c.share = item.quantity("share", 0, kShare, true).value;
    total += c.share;
    context.scenario.population.children_per_family.push_back(c);
  }
  check_shares_sum(context.checker, total, at, "the shares of children_per_family");
}

// Bands must start at 0 and at increasing ages, so each age falls in exactly one.
void check_age_band_start(Checker& checker, ObjectReader& item, std::size_t index,
                          double from_years, double previous) {
  if (index == 0 && from_years != 0) {
    checker.error(item.at("from_years"), "the first age band must start at 0 years");
  }
  if (index > 0 && from_years <= previous) {
    checker.error(item.at("from_years"),
                  fmt::format("is {}; age bands must start at increasing ages (the previous "
                              "one starts at {})",
                              from_years, previous));
  }
}

void read_age_bands(SectionContext& context, ObjectReader& r) {
  auto& bands = context.scenario.population.age_bands;
  const json* list = r.get("age_bands");
  if (list == nullptr) {
    bands = {{"0-17", 0.0}};
    return;
  }
  const std::string at = r.at("age_bands");
  if (!list->is_array() || list->empty()) {
    context.checker.error(at, fmt::format("is {}; expected a non-empty array of {{\"id\", "
                                          "\"from_years\"}} starting at 0",
                                          describe_type(*list)));
    return;
  }
  double previous = -1;
  for (std::size_t i = 0; i < list->size(); ++i) {
    ObjectReader item(context.checker, &(*list)[i], pointer_append(at, i), {"id", "from_years"});
    AgeBand band;
    band.id = item.string("id", "", true);
    band.from_years =
        item.number("from_years", 0, {0, 17, false, false, "an age in years from 0 to 17"}, true);
    check_age_band_start(context.checker, item, i, band.from_years, previous);
    previous = band.from_years;
    check_unique(context.checker, bands, band.id, item.at("id"), "age band");
    bands.push_back(band);
  }
}

void read_localities(SectionContext& context, ObjectReader& r) {
  auto& localities = context.scenario.population.localities;
  const json* map = r.get("localities");
  if (map == nullptr) {
    localities = {{"all", 1.0}};
    return;
  }
  const std::string at = r.at("localities");
  if (!map->is_object() || map->empty()) {
    context.checker.error(at, fmt::format("is {}; expected an object mapping each locality to "
                                          "{{\"share\": s}}",
                                          describe_type(*map)));
    return;
  }
  double total = 0;
  for (const auto& [id, item_json] : map->items()) {
    ObjectReader item(context.checker, &item_json, pointer_append(at, id),
                      {"share", "label", "notes"});
    Locality l{id, item.quantity("share", 0, kShare, true).value};
    item.string("label", "", false);
    item.string("notes", "", false);
    total += l.share;
    localities.push_back(l);
  }
  check_shares_sum(context.checker, total, at, "the shares of the localities");
  check_count_limit(context.checker, localities.size(), kMaxLocalities, at, "localities",
                    "a family's locality is stored in 8 bits");
}

// `common_loading` is the population's co_occurrence_loading: the default for each factor.
void read_risk_factors(SectionContext& context, ObjectReader& r, double common_loading) {
  auto& factors = context.scenario.population.risk_factors;
  const json* map = r.get("risk_factors");
  if (map == nullptr) return;
  const std::string at = r.at("risk_factors");
  if (!map->is_object()) {
    context.checker.error(at, fmt::format("is {}; expected an object mapping each risk factor to "
                                          "{{\"prevalence\": p}}",
                                          describe_type(*map)));
    return;
  }
  for (const auto& [id, item_json] : map->items()) {
    ObjectReader item(context.checker, &item_json, pointer_append(at, id),
                      {"prevalence", "loading", "label", "notes"});
    RiskFactor f;
    f.id = id;
    f.prevalence = item.quantity("prevalence", 0, kProbability, true).value;
    f.loading = item.quantity("loading", common_loading, kShare, false).value;
    item.string("label", "", false);
    item.string("notes", "", false);
    factors.push_back(f);
  }
  check_count_limit(context.checker, factors.size(), kMaxRiskFactors, at, "risk factors",
                    "a family's risk factors are stored in 16 bits");
}

}  // namespace

bool read_population(SectionContext& context, ObjectReader& top) {
  const json* value = top.get("population");
  if (value == nullptr) {
    top.require("population", "an object describing the council's families");
    return false;
  }
  ObjectReader r(context.checker, value, top.at("population"),
                 {"children", "children_per_family", "child_spacing_years", "age_bands",
                  "localities", "risk_factors", "co_occurrence_loading", "births_per_year",
                  "families_moving_in_per_year", "moving_away_rate_per_year", "notes"});
  read_population_counts(r, context.scenario.population);
  const double common_loading = r.quantity("co_occurrence_loading", 0, kShare, false).value;
  read_children_per_family(context, r);
  read_age_bands(context, r);
  read_localities(context, r);
  read_risk_factors(context, r, common_loading);
  return value->is_object();
}

}  // namespace ehsim
