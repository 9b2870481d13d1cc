#include "engine/staffing_search.hpp"

#include <algorithm>
#include <map>
#include <optional>

namespace ehsim {

double share_within_standard(const std::vector<ReplicationTally>& tallies, int service) {
  // Of the families referred to the service (started at once, or joined its waiting list), the
  // share that started within the standard. Families who wait and never start count against.
  double within = 0, referred = 0;
  for (const auto& t : tallies) {
    for (int q = 0; q < t.quarters; ++q) {
      const ServiceQuarter& s = t.service[t.qk(q, service)];
      within += s.allocated_within_standard;
      referred += (s.allocations - s.allocated_from_wait) + s.joined_waiting_list;
    }
  }
  return referred > 0 ? within / referred : 1.0;
}

namespace {

// The most places the service has at any time under its funding.
int model_places(const Scenario& scenario, int service) {
  const CompiledModel model(scenario);
  int most = 0;
  for (const auto& step : model.services[static_cast<std::size_t>(service)].places) {
    most = std::max(most, step.places);
  }
  return most;
}

// The scenario with the service staffed for exactly `places` places over the whole horizon.
Scenario with_places(const Scenario& base, int service, int places) {
  Scenario s = base;
  Service& sv = s.services[static_cast<std::size_t>(service)];
  sv.budget.clear();
  sv.fte = places / sv.caseload_per_fte;
  return s;
}

// Runs the scenario at a given number of places, once per number.
struct Evaluator {
  const Scenario& scenario;
  int service;
  MonteCarloOptions run;
  std::map<int, double> shares;

  double share(int places) {
    if (auto it = shares.find(places); it != shares.end()) return it->second;
    const Scenario s = with_places(scenario, service, places);
    const CompiledModel model(s);
    return shares[places] = share_within_standard(run_monte_carlo(model, run), service);
  }
};

// Every evaluation starts from the same county: a warm-up with the scenario as funded (or with
// the baseline the run was given); only the staffing from the start date varies. So the counties
// at the start date are simulated once and kept (up to WarmUpCache::kDefaultMaxBytes; beyond
// that, replications simulate their own warm-up).

struct SharedWarmUp {
  explicit SharedWarmUp(const Scenario& scenario, const MonteCarloOptions& run,
                        const StaffingSearchOptions& search)
      : as_funded(scenario), options(run) {
    options.replications = search.replications;
    options.completed = nullptr;
    if (options.warm_up_model == nullptr) options.warm_up_model = &as_funded;
    cache.emplace(*options.warm_up_model, options.seed, WarmUpCache::kDefaultMaxBytes);
    options.warm_up_cache = &*cache;
  }
  const CompiledModel as_funded;
  MonteCarloOptions options;
  std::optional<WarmUpCache> cache;
};

StaffingNeed search_service(const Scenario& scenario, int service, const MonteCarloOptions& options,
                            const StaffingSearchOptions& search) {
  const Service& sv = scenario.services[static_cast<std::size_t>(service)];
  Evaluator evaluate{scenario, service, options, {}};

  // Bracket: `low` places miss the target (none always do), `high` meet it.
  const int funded = std::max(1, model_places(scenario, service));
  int low = 0, high = funded;
  if (evaluate.share(funded) >= search.target_share) {
    for (int p = funded * 4 / 5; p > 0; p = p * 4 / 5) {
      if (evaluate.share(p) < search.target_share) {
        low = p;
        break;
      }
      high = p;
    }
  } else {
    low = funded;
    high = std::max(funded + 1, funded * 5 / 4);
    while (evaluate.share(high) < search.target_share && high < (1 << 20)) {
      low = high;
      high = std::max(high + 1, high * 5 / 4);
    }
  }
  while (high - low > std::max(1, high / 100)) {
    const int mid = low + (high - low) / 2;
    (evaluate.share(mid) >= search.target_share ? high : low) = mid;
  }
  StaffingNeed need;
  need.service = sv.id;
  need.places = high;
  need.fte_needed = high / sv.caseload_per_fte;
  need.share_within_standard = evaluate.share(high);
  need.places_missing = low;
  need.share_at_places_missing = low > 0 ? evaluate.share(low) : 0.0;
  need.target_share = search.target_share;
  need.replications = options.replications;
  need.evaluations = static_cast<int>(evaluate.shares.size());
  return need;
}

}  // namespace

StaffingNeed find_fte_needed(const Scenario& scenario, int service, const MonteCarloOptions& run,
                             const StaffingSearchOptions& search) {
  const SharedWarmUp shared(scenario, run, search);
  return search_service(scenario, service, shared.options, search);
}

std::vector<StaffingNeed> find_staffing_needs(const Scenario& scenario,
                                              const MonteCarloOptions& run,
                                              const StaffingSearchOptions& search) {
  const SharedWarmUp shared(scenario, run, search);  // one warm-up for every service's search
  std::vector<StaffingNeed> needs;
  for (std::size_t k = 0; k < scenario.services.size(); ++k) {
    if (scenario.services[k].capacity_limited) {
      needs.push_back(search_service(scenario, static_cast<int>(k), shared.options, search));
    }
  }
  return needs;
}

}  // namespace ehsim
