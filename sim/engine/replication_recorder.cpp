#include "engine/replication_recorder.hpp"

namespace ehsim {

ReplicationRecorder::ReplicationRecorder(const CompiledModel& model, double start)
    : model_(&model) {
  const std::size_t states = model.scenario.pathway.states.size();
  tally_.resize(static_cast<int>(model.calendar.quarters().size()), static_cast<int>(states),
                kEventKindCount, static_cast<int>(model.team_service.size()));
  state_families_.assign(states, 0);
  state_children_.assign(states, 0);
  state_last_update_.assign(states, start);
}

void ReplicationRecorder::close_quarter(double boundary, std::vector<TeamState>& teams) {
  for (std::size_t s = 0; s < state_families_.size(); ++s) {
    accumulate_state(static_cast<int>(s), boundary);
    tally_.families_at_end[tally_.qs(quarter_, static_cast<int>(s))] = state_families_[s];
    tally_.children_at_end[tally_.qs(quarter_, static_cast<int>(s))] = state_children_[s];
  }
  for (std::size_t k = 0; k < teams.size(); ++k) {
    accumulate_team(static_cast<int>(k), teams[k], boundary);
    service_quarter(static_cast<int>(k)).waiting_at_end = teams[k].waiting;
  }
}

void ReplicationRecorder::restart_at_start_date(const std::vector<Family>& families) {
  for (double& last_update : state_last_update_) last_update = 0.0;
  const std::uint64_t processed = tally_.events_processed, stale = tally_.stale_events;
  tally_.resize(tally_.quarters, tally_.states, tally_.event_kinds, tally_.services);
  tally_.events_processed = processed;
  tally_.stale_events = stale;
  tally_.families_initial = tally_.families_arrived = tally_.families_exited = 0;
  tally_.children_initial = 0;
  for (const auto& f : families) {
    if (!f.alive) continue;
    tally_.families_initial += 1;
    tally_.children_initial += f.children_present;
  }
}

void ReplicationRecorder::count_families_at_end(const std::vector<Family>& families) {
  for (const auto& f : families) {
    tally_.families_present_at_end += f.alive ? 1 : 0;
    tally_.families_waiting_at_end += (f.alive && f.waiting_service >= 0) ? 1 : 0;
  }
}

ReplicationRecorder::Snapshot ReplicationRecorder::snapshot() const {
  return {state_families_, state_children_,         state_last_update_,
          quarter_,        tally_.events_processed, tally_.stale_events};
}

void ReplicationRecorder::restore(const Snapshot& saved) {
  state_families_ = saved.state_families;
  state_children_ = saved.state_children;
  state_last_update_ = saved.state_last_update;
  quarter_ = saved.quarter;
  tally_.events_processed = saved.events_processed;
  tally_.stale_events = saved.stale_events;
}

}  // namespace ehsim
