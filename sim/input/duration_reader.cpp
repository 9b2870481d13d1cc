#include "input/duration_reader.hpp"

#include <algorithm>

#include "input/section_context.hpp"

namespace ehsim {
namespace {

using nlohmann::json;

// Each distribution takes only its own parameters: a parameter of another one (mean_days on
// a weibull) would otherwise be ignored without a word.
void refuse_other_parameters(Checker& checker, ObjectReader& r, const std::string& kind) {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> kParameters = {
      {"exponential", {"mean_days"}},
      {"weibull", {"shape", "scale_days"}},
      {"lognormal", {"median_days", "sigma"}},
      {"empirical", {"bins"}}};
  const auto own = std::find_if(kParameters.begin(), kParameters.end(),
                                [&](const auto& entry) { return entry.first == kind; });
  if (own == kParameters.end()) return;  // unknown or missing distribution: reported elsewhere
  const char* article = kind == "exponential" || kind == "empirical" ? "an" : "a";
  for (const auto& [other, keys] : kParameters) {
    if (other == kind) continue;
    for (const auto& key : keys) {
      if (!r.has(key)) continue;
      checker.error(r.at(key), fmt::format("is a parameter of the {} distribution, not of {}; {} "
                                           "{} duration takes {} (besides distribution and notes)",
                                           other, kind, article, kind, join_words(own->second)));
    }
  }
}

void read_bins(Checker& checker, ObjectReader& r, DurationDistribution& d) {
  const json* list = r.require("bins", "an array of {\"upper_days\", \"share\"}");
  if (list == nullptr) return;
  const std::string at = r.at("bins");
  if (!list->is_array() || list->empty()) {
    checker.error(at, fmt::format("is {}; expected a non-empty array of {{\"upper_days\", "
                                  "\"share\"}}",
                                  describe_type(*list)));
    return;
  }
  double total = 0, previous = 0;
  for (std::size_t i = 0; i < list->size(); ++i) {
    ObjectReader item(checker, &(*list)[i], pointer_append(at, i), {"upper_days", "share"});
    EmpiricalBin bin;
    bin.upper_days = item.number("upper_days", previous + 1, kPositive, true);
    bin.share = item.quantity("share", 0, kShare, true).value;
    if (bin.upper_days <= previous) {
      checker.error(item.at("upper_days"),
                    fmt::format("is {}; bin upper bounds must increase (previous {})",
                                bin.upper_days, previous));
    }
    previous = bin.upper_days;
    total += bin.share;
    d.bins.push_back(bin);
  }
  check_shares_sum(checker, total, at, "the shares of the bins");
}

// The parameters of distribution `kind`; false when `kind` is none of the four.
bool read_distribution_parameters(Checker& checker, ObjectReader& r, const std::string& kind,
                                  DurationDistribution& d) {
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
    read_bins(checker, r, d);
  } else {
    return false;
  }
  return true;
}

}  // namespace

DurationDistribution read_duration(Checker& checker, const json& value,
                                   const std::string& pointer) {
  ObjectReader r(checker, &value, pointer,
                 {"distribution", "mean_days", "shape", "scale_days", "median_days", "sigma",
                  "bins", "notes"});
  DurationDistribution d;
  if (!r.is_object()) return d;
  r.string("notes", "", false);
  const std::string kind = r.string("distribution", "", true);
  refuse_other_parameters(checker, r, kind);
  if (!read_distribution_parameters(checker, r, kind, d) && r.has("distribution")) {
    checker.error(r.at("distribution"),
                  fmt::format("is '{}'; expected one of exponential, weibull, lognormal, "
                              "empirical",
                              kind));
  }
  return d;
}

}  // namespace ehsim
