#include "engine/service_teams.hpp"

namespace ehsim {

ServiceTeams::ServiceTeams(const CompiledModel& model, double start, ReplicationRecorder& recorder,
                           std::vector<Family>& families)
    : model_(&model), recorder_(recorder), families_(families), teams_(model.team_service.size()) {
  restart_clocks(start);
}

void ServiceTeams::set_first_places() {
  for (std::size_t k = 0; k < model_->services.size(); ++k) {
    const CompiledService& service = model_->services[k];
    const auto& steps = service.places;
    for (int t = 0; !steps.empty() && t < service.teams; ++t) {
      const int team = service.first_team + t;
      teams_[static_cast<std::size_t>(team)].places =
          steps.front().team_places[static_cast<std::size_t>(t)];
    }
  }
}

}  // namespace ehsim
