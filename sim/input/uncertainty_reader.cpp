#include "input/uncertainty_reader.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "input/section_context.hpp"
#include "random/parameter_distribution.hpp"

namespace ehsim {
namespace {

using nlohmann::json;

// The 95th percentile of the standard normal: a 90% interval is mean +- this many sd.
constexpr double kZ95 = 1.6448536269514722;

// An "uncertainty" as written: which of low, high and sd it gives, for the number `value`.
struct UncertaintyForm {
  const std::string& at;
  double value;
  const Range& range;
  bool has_low = false, has_high = false, has_sd = false;
  double low = 0, high = 0, sd = 0;
};

// Reports a missing parameter the distribution needs; returns whether it is present.
bool require_parameter(Checker& checker, const UncertaintyForm& f, bool present, const char* key,
                       const char* what_it_takes) {
  if (!present) {
    checker.error(pointer_append(f.at, key), std::string("is missing; ") + what_it_takes);
  }
  return present;
}

void resolve_uniform(Checker& checker, const UncertaintyForm& f, ParameterDistribution& d) {
  d.kind = ParameterDistributionKind::uniform;
  const char* takes = "a uniform distribution takes low and high";
  if (require_parameter(checker, f, f.has_low, "low", takes) &&
      require_parameter(checker, f, f.has_high, "high", takes)) {
    d.p1 = f.low, d.p2 = f.high;
  }
}

void resolve_triangular(Checker& checker, const UncertaintyForm& f, ParameterDistribution& d) {
  d.kind = ParameterDistributionKind::triangular;
  const char* takes = "a triangular distribution takes low and high (its mode is the value)";
  if (!require_parameter(checker, f, f.has_low, "low", takes) ||
      !require_parameter(checker, f, f.has_high, "high", takes)) {
    return;
  }
  d.p1 = f.low, d.p2 = f.value, d.p3 = f.high;
  if (!(f.low <= f.value && f.value <= f.high)) {
    checker.error(f.at, fmt::format("low {} and high {} must bracket the value {}, the "
                                    "triangular distribution's mode",
                                    f.low, f.high, f.value));
  }
}

// With sd, low and high truncate (a share or rate cannot go below 0); without, they are the
// 90% interval. Either way the number's own range truncates too.
void resolve_normal(Checker& checker, const UncertaintyForm& f, ParameterDistribution& d) {
  d.kind = ParameterDistributionKind::normal;
  d.p1 = f.value;
  if (f.has_sd) {
    d.p2 = f.sd;
    if (f.has_low) d.lower = f.low;
    if (f.has_high) d.upper = f.high;
  } else if (require_parameter(checker, f, f.has_low && f.has_high, "sd",
                               "a normal distribution takes sd (and optional low and high to "
                               "truncate it), or low and high as its 90% interval")) {
    d.p1 = 0.5 * (f.low + f.high);
    d.p2 = (f.high - f.low) / (2 * kZ95);
  }
  if (std::isfinite(f.range.low) && d.lower < f.range.low) d.lower = f.range.low;
  if (std::isfinite(f.range.high) && d.upper > f.range.high) d.upper = f.range.high;
}

void resolve_lognormal(Checker& checker, const UncertaintyForm& f, ParameterDistribution& d) {
  d.kind = ParameterDistributionKind::lognormal;
  if (f.has_sd && f.value > 0) {
    // Moment matching: mean = value, standard deviation = sd.
    const double s2 = std::log1p(f.sd * f.sd / (f.value * f.value));
    d.p1 = std::log(f.value) - 0.5 * s2;
    d.p2 = std::sqrt(s2);
  } else if (f.has_low && f.has_high && f.low > 0 && f.high > f.low) {
    // A 90% interval: the 5th and 95th percentiles.
    d.p1 = 0.5 * (std::log(f.low) + std::log(f.high));
    d.p2 = (std::log(f.high) - std::log(f.low)) / (2 * kZ95);
  } else {
    checker.error(f.at,
                  "a lognormal distribution takes sd (its mean is the value, > 0), or low "
                  "and high (0 < low < high) as its 90% interval");
  }
}

// Method of moments, mean = value: the share's spread must be possible for a share.
void resolve_beta(Checker& checker, const UncertaintyForm& f, ParameterDistribution& d) {
  d.kind = ParameterDistributionKind::beta;
  const double value = f.value, variance = f.sd * f.sd;
  if (require_parameter(checker, f, f.has_sd, "sd",
                        "a beta distribution takes sd (its mean is the value)") &&
      value > 0 && value < 1 && variance < value * (1 - value)) {
    const double common = value * (1 - value) / variance - 1;
    d.p1 = value * common, d.p2 = (1 - value) * common;
  } else if (f.has_sd) {
    checker.error(f.at, fmt::format("a beta distribution needs a value strictly between 0 and 1 "
                                    "and sd below sqrt(value (1 - value)) = {:.4g}",
                                    std::sqrt(std::max(0.0, value * (1 - value)))));
  }
}

void resolve_gamma(Checker& checker, const UncertaintyForm& f, ParameterDistribution& d) {
  d.kind = ParameterDistributionKind::gamma;
  if (require_parameter(checker, f, f.has_sd, "sd",
                        "a gamma distribution takes sd (its mean is the value, > 0)") &&
      f.value > 0) {
    d.p1 = f.value * f.value / (f.sd * f.sd), d.p2 = f.sd * f.sd / f.value;
  } else if (f.has_sd) {
    checker.error(f.at, "a gamma distribution needs a value > 0 (its mean)");
  }
}

// The distribution `kind` from the form's parameters; false when `kind` is none of those known.
bool resolve_distribution(Checker& checker, const std::string& kind, const UncertaintyForm& f,
                          ParameterDistribution& d) {
  using Resolver = void (*)(Checker&, const UncertaintyForm&, ParameterDistribution&);
  static const std::vector<std::pair<std::string, Resolver>> kResolvers = {
      {"uniform", resolve_uniform}, {"triangular", resolve_triangular},
      {"normal", resolve_normal},   {"lognormal", resolve_lognormal},
      {"beta", resolve_beta},       {"gamma", resolve_gamma}};
  for (const auto& [name, resolve] : kResolvers) {
    if (name != kind) continue;
    resolve(checker, f, d);
    return true;
  }
  return false;
}

// Where the spread comes from: exactly one of "source" and "assumption".
void read_spread_provenance(Checker& checker, ObjectReader& ur, Uncertainty& out) {
  const bool sourced = ur.has("source"), assumed = ur.has("assumption");
  if (sourced == assumed) {
    checker.error(ur.pointer(),
                  "give exactly one of \"source\" (where the spread comes from) or "
                  "\"assumption\" (why it was chosen)");
    return;
  }
  out.assumption = assumed;
  out.source = ur.string(assumed ? "assumption" : "source", "", true);
}

// Every value a draw can take must be one the number may take, or a parameter set would be
// refused in the middle of an analysis. parameter_quantile keeps u within 1e-12 of 0 and 1, so
// its values at 0 and 1 are the extremes a draw can reach.
void check_support_in_range(Checker& checker, const std::string& at, const ParameterDistribution& d,
                            const Range& range) {
  const double lowest = parameter_quantile(d, 0.0), highest = parameter_quantile(d, 1.0);
  const bool below = range.low_open ? lowest <= range.low : lowest < range.low;
  if (below || highest > range.high) {
    checker.error(
        at, fmt::format("a {} distribution here can take values from {:.4g} to {:.4g}, "
                        "but the number must be {}; narrow it, or choose one that "
                        "stays in range (beta for a share, normal with low and high "
                        "to truncate)",
                        parameter_distribution_name(d.kind), lowest, highest, range.expected));
  }
}

}  // namespace

std::optional<Uncertainty> read_uncertainty(Checker& checker, const json& u, const std::string& at,
                                            double value, const Range& range) {
  ObjectReader ur(checker, &u, at,
                  {"distribution", "low", "high", "sd", "source", "assumption", "notes"});
  if (!ur.is_object()) return std::nullopt;
  const std::size_t errors = checker.error_count();
  const std::string kind = ur.string("distribution", "", true);
  UncertaintyForm form{at, value, range};
  form.has_low = ur.has("low"), form.has_high = ur.has("high"), form.has_sd = ur.has("sd");
  form.low = ur.number("low", 0.0, kAnyNumber, false);
  form.high = ur.number("high", 0.0, kAnyNumber, false);
  form.sd = ur.number("sd", 0.0, kPositive, false);
  ur.string("notes", "", false);
  Uncertainty out;
  read_spread_provenance(checker, ur, out);
  if (!resolve_distribution(checker, kind, form, out.distribution) && ur.has("distribution")) {
    checker.error(ur.at("distribution"),
                  fmt::format("is '{}'; expected one of uniform, triangular, normal, lognormal, "
                              "beta, gamma",
                              kind));
  }
  // Bounds given as bounds (not to truncate a normal with sd) must be in order.
  if ((kind == "uniform" || (kind == "normal" && !form.has_sd)) && form.has_low && form.has_high &&
      !(form.low < form.high)) {
    checker.error(pointer_append(at, "high"),
                  fmt::format("is {}; expected a number above low ({})", form.high, form.low));
  }
  if (checker.error_count() == errors) check_support_in_range(checker, at, out.distribution, range);
  if (checker.error_count() != errors) return std::nullopt;
  return out;
}

namespace {

// --- groups -------------------------------------------------------------------------------

const SourcedNumber* quantity_at(const std::vector<SourcedNumber>& quantities,
                                 const std::string& pointer) {
  for (const auto& q : quantities) {
    if (q.pointer == pointer) return &q;
  }
  return nullptr;
}

// The numbers a group names: each the pointer of a number of the scenario, none twice, none in
// another group (`claimed`: pointer -> the group that drew it first).
bool read_group_numbers(Checker& checker, ObjectReader& gr,
                        const std::vector<SourcedNumber>& quantities,
                        std::vector<std::pair<std::string, std::string>>& claimed,
                        const std::string& id, std::vector<std::string>& numbers,
                        std::vector<const SourcedNumber*>& members) {
  const json* list = gr.require("numbers", "an array of the numbers' JSON pointers");
  if (list == nullptr) return false;
  const std::string at = gr.at("numbers");
  if (!list->is_array()) {
    checker.error(at, fmt::format("is {}; expected an array of the JSON pointers of the numbers "
                                  "drawn together, such as "
                                  "[\"/pathway/transitions/cin_plan_ends/outcomes/0/probability\", "
                                  "...]",
                                  describe_type(*list)));
    return false;
  }
  if (list->size() < 2) {
    checker.error(at, fmt::format("names {} number(s); a group draws at least two together (give "
                                  "a single number an \"uncertainty\" of its own)",
                                  list->size()));
    return false;
  }
  bool ok = true;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string item = pointer_append(at, i);
    std::string pointer;
    if (!check_string(checker, (*list)[i], item, pointer)) {
      ok = false;
      continue;
    }
    if (std::find(numbers.begin(), numbers.end(), pointer) != numbers.end()) {
      checker.error(item, fmt::format("names '{}' a second time; name each number once", pointer));
      ok = false;
      continue;
    }
    const auto other = std::find_if(claimed.begin(), claimed.end(),
                                    [&](const auto& c) { return c.first == pointer; });
    if (other != claimed.end()) {
      checker.error(item, fmt::format("'{}' is already drawn by the group '{}'; a number can be "
                                      "in one group only",
                                      pointer, other->second));
      ok = false;
      continue;
    }
    const SourcedNumber* member = quantity_at(quantities, pointer);
    if (member == nullptr) {
      checker.error(item, fmt::format("'{}' names no number in the scenario; expected the JSON "
                                      "pointer of a number, such as "
                                      "/pathway/transitions/cin_plan_ends/outcomes/0/probability "
                                      "(a \"remainder\" probability is not a number: write it out)",
                                      pointer));
      ok = false;
      continue;
    }
    numbers.push_back(pointer);
    members.push_back(member);
  }
  if (ok) {
    for (const auto& pointer : numbers) claimed.emplace_back(pointer, id);
  }
  return ok;
}

// The set a share belongs to: /pathway/transitions/t/outcomes for
// /pathway/transitions/t/outcomes/0/probability ("" when the pointer is too short to have one).
std::string share_set_of(const std::string& pointer) {
  const auto parts = pointer_parts(pointer);
  if (parts.size() < 3) return "";
  std::string set;
  for (std::size_t i = 0; i + 2 < parts.size(); ++i) set = pointer_append(set, parts[i]);
  return set;
}

// The shares of a Dirichlet must be every share of one set, so that the set still sums to 1
// (and is accepted by the loader's own check) whatever is drawn.
void check_one_whole_set(Checker& checker, const std::string& at, const json& merged,
                         const std::vector<std::string>& numbers) {
  const std::string set = share_set_of(numbers.front());
  for (const auto& pointer : numbers) {
    const std::string last = pointer_parts(pointer).back();
    if (last != "probability" && last != "share") {
      checker.error(at, fmt::format("'{}' is not a share; a Dirichlet draws the \"probability\"s "
                                    "of one transition's outcomes or the \"share\"s of one set",
                                    pointer));
      return;
    }
    if (share_set_of(pointer) != set || set.empty()) {
      checker.error(at, fmt::format("'{}' and '{}' are shares of different sets; a Dirichlet "
                                    "draws every share of one set (a transition's outcomes, say)",
                                    numbers.front(), pointer));
      return;
    }
  }
  const json::json_pointer set_pointer(set);
  const std::size_t size = merged.contains(set_pointer) ? merged.at(set_pointer).size() : 0;
  if (size != numbers.size()) {
    checker.error(at, fmt::format("names {} of the {} shares of {}; a Dirichlet draws every share "
                                  "of one set, so name all of them",
                                  numbers.size(), size, set));
  }
}

void read_dirichlet(Checker& checker, ObjectReader& gr, const json& merged,
                    const std::vector<const SourcedNumber*>& members, UncertaintyGroup& g) {
  const bool by_concentration = gr.has("concentration"), by_sample = gr.has("sample_size");
  if (by_concentration == by_sample) {
    checker.error(gr.pointer(),
                  "give exactly one of \"concentration\" (the Dirichlet's alpha_0, the sum of its "
                  "parameters) or \"sample_size\" (how many observations the shares were counted "
                  "from)");
  }
  const double alpha0 =
      gr.number(by_sample ? "sample_size" : "concentration", 0.0, kPositive, false);
  if (gr.has("correlation")) {
    checker.error(gr.at("correlation"),
                  "a dirichlet group takes no correlation: its shares' correlations follow from "
                  "the shares and the concentration; remove it");
  }
  const std::string at = gr.at("numbers");
  double total = 0;
  for (std::size_t i = 0; i < members.size(); ++i) {
    total += members[i]->quantity.value;
    if (members[i]->quantity.uncertainty) {
      checker.error(pointer_append(at, i),
                    fmt::format("'{}' has an \"uncertainty\" of its own; a Dirichlet draws it with "
                                "the other shares: remove its own",
                                g.numbers[i]));
    }
  }
  if (std::abs(total - 1.0) > kShareTolerance) {
    checker.error(at, fmt::format("the shares named sum to {:.6g}; a Dirichlet draws shares that "
                                  "sum to 1, so name every share of one set",
                                  total));
  } else {
    check_one_whole_set(checker, at, merged, g.numbers);
  }
  for (const auto* m : members) g.alpha.push_back(alpha0 * m->quantity.value);
}

// "correlation": one common correlation, or the matrix in the order of "numbers".
std::optional<std::vector<double>> read_correlation(Checker& checker, ObjectReader& gr,
                                                    std::size_t n) {
  const json* c = gr.require("correlation", "a correlation between -1 and 1, or a matrix");
  if (c == nullptr) return std::nullopt;
  const std::string at = gr.at("correlation");
  std::vector<double> matrix(n * n, 0.0);
  if (c->is_number()) {
    const double rho = c->get<double>();
    if (!(rho > -1 && rho < 1)) {
      checker.error(at,
                    fmt::format("is {}; expected a correlation strictly between -1 and 1", rho));
      return std::nullopt;
    }
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j) matrix[i * n + j] = i == j ? 1.0 : rho;
    return matrix;
  }
  const auto square = [&] {
    if (!c->is_array() || c->size() != n) return false;
    for (const auto& row : *c) {
      if (!row.is_array() || row.size() != n) return false;
      for (const auto& x : row)
        if (!x.is_number()) return false;
    }
    return true;
  };
  if (!square()) {
    checker.error(at, fmt::format("is {}; expected a correlation between -1 and 1 (every pair's), "
                                  "or an array of {} rows of {} numbers (the correlation matrix, "
                                  "in the order of \"numbers\")",
                                  describe_type(*c), n, n));
    return std::nullopt;
  }
  bool ok = true;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      const double x = (*c)[i][j].get<double>();
      const std::string cell = pointer_append(pointer_append(at, i), j);
      matrix[i * n + j] = x;
      if (i == j && x != 1.0) {
        checker.error(cell,
                      fmt::format("is {}; expected 1, a number's correlation with itself", x));
        ok = false;
      } else if (i != j && !(x >= -1 && x <= 1)) {
        checker.error(cell, fmt::format("is {}; expected a correlation from -1 to 1", x));
        ok = false;
      } else if (j < i && x != (*c)[j][i].get<double>()) {
        checker.error(
            cell, fmt::format("is {}, but {} is {}; a correlation matrix is symmetric", x,
                              pointer_append(pointer_append(at, j), i), (*c)[j][i].get<double>()));
        ok = false;
      }
    }
  }
  if (!ok) return std::nullopt;
  return matrix;
}

void read_copula(Checker& checker, ObjectReader& gr,
                 const std::vector<const SourcedNumber*>& members, UncertaintyGroup& g) {
  for (const char* key : {"concentration", "sample_size"}) {
    if (gr.has(key)) {
      checker.error(gr.at(key), fmt::format("a gaussian_copula group takes \"correlation\", not "
                                            "\"{}\" (a dirichlet's); remove it",
                                            key));
    }
  }
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (!members[i]->quantity.uncertainty) {
      checker.error(pointer_append(gr.at("numbers"), i),
                    fmt::format("'{}' has no \"uncertainty\"; a gaussian_copula correlates the "
                                "numbers' own distributions, so give it one",
                                g.numbers[i]));
    }
  }
  const std::size_t n = members.size();
  const auto matrix = read_correlation(checker, gr, n);
  if (!matrix) return;
  const auto lower = cholesky_lower(*matrix, n);
  if (!lower) {
    checker.error(gr.at("correlation"),
                  fmt::format("is not positive definite: no {} numbers can have these "
                              "correlations together (a and b closely correlated, b and c "
                              "closely, a and c not, say); make them consistent (a common "
                              "correlation must be above -1/(n - 1) = {:.4g})",
                              n, -1.0 / static_cast<double>(n - 1)));
    return;
  }
  g.cholesky = *lower;
}

}  // namespace

std::vector<UncertaintyGroup> read_uncertainty_groups(
    Checker& checker, const json& groups, const std::string& at, const json& merged,
    const std::vector<SourcedNumber>& quantities) {
  std::vector<UncertaintyGroup> out;
  if (!groups.is_object()) {
    checker.error(at, fmt::format("is {}; expected an object mapping group ids to groups, each "
                                  "{{\"distribution\", \"numbers\", ...}}",
                                  describe_type(groups)));
    return out;
  }
  std::vector<std::pair<std::string, std::string>> claimed;
  for (const auto& [id, group] : groups.items()) {
    const std::size_t errors = checker.error_count();
    ObjectReader gr(checker, &group, pointer_append(at, id),
                    {"distribution", "numbers", "concentration", "sample_size", "correlation",
                     "source", "assumption", "notes"});
    if (!gr.is_object()) continue;
    UncertaintyGroup g;
    g.id = id;
    g.pointer = gr.pointer();
    const std::string kind = gr.string("distribution", "", true);
    gr.string("notes", "", false);
    Uncertainty provenance;
    read_spread_provenance(checker, gr, provenance);
    g.source = provenance.source;
    g.assumption = provenance.assumption;
    std::vector<const SourcedNumber*> members;
    if (!read_group_numbers(checker, gr, quantities, claimed, id, g.numbers, members)) continue;
    if (kind == "dirichlet") {
      g.kind = UncertaintyGroupKind::dirichlet;
      read_dirichlet(checker, gr, merged, members, g);
    } else if (kind == "gaussian_copula") {
      g.kind = UncertaintyGroupKind::gaussian_copula;
      read_copula(checker, gr, members, g);
    } else if (gr.has("distribution")) {
      checker.error(gr.at("distribution"),
                    fmt::format("is '{}'; expected dirichlet (the shares of one set drawn "
                                "together) or gaussian_copula (numbers with correlated draws, "
                                "each keeping its own distribution)",
                                kind));
    }
    if (checker.error_count() == errors) out.push_back(std::move(g));
  }
  return out;
}

}  // namespace ehsim
