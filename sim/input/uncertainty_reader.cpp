#include "input/uncertainty_reader.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

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

}  // namespace ehsim
