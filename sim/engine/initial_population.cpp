#include "engine/initial_population.hpp"

#include "random/stream.hpp"

namespace ehsim {

double draw_initial_population(const CompiledModel& m, const PopulationSampler& sampler,
                               std::uint64_t seed, std::uint32_t replication, double start,
                               std::vector<Family>& families, InitialPopulationScratch& scratch) {
  std::vector<PlacementDraws>& draws = scratch.placement_draws;
  std::vector<double>& entry_draws = scratch.entry_draws;
  families.clear();
  draws.clear();
  entry_draws.clear();
  double children = 0;
  for (std::uint32_t id = 0; children < m.scenario.population.children && id < kFirstArrivalId;
       ++id) {
    RandomStream demo(seed, replication, id, StreamPurpose::demographics);
    Family f = sampler.make_family(id, false, start, demo);
    if (f.children_present == 0) continue;
    children += f.children_present;
    families.push_back(f);
    const double order = demo.uniform();
    draws.push_back({order, demo.uniform()});
    entry_draws.push_back(demo.uniform());
  }
  const std::vector<int> states = place_initial_caseloads(m, families, draws);
  for (std::size_t i = 0; i < families.size(); ++i) {
    Family& f = families[i];
    f.state = static_cast<std::int16_t>(states[i]);
    f.had_child_protection_plan =
        m.scenario.pathway.states[static_cast<std::size_t>(f.state)].service_status ==
        ServiceStatus::child_protection;
    f.state_entry = initial_entry_day(m, f, start, entry_draws[i]);
  }
  return children;
}

}  // namespace ehsim
