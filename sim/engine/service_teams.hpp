#pragma once
// The services' teams during one replication: each team's places (as the budget steps set them
// over time), the families holding them, and its waiting list (engine/waiting_list.hpp). A team
// is a locality team, or a service's single area-wide team. Every change of a team's occupancy,
// list or places is recorded (engine/replication_recorder.hpp) before it is made, so its
// time-weighted days are exact.
//
// Starting a family in a service moves it in the pathway, which the simulation does: the calls
// that may start families take a `start(family_index, target_state)` callback. Small members are
// defined here, in the header, so that they inline into the event loop.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/family.hpp"
#include "engine/model.hpp"
#include "engine/replication_recorder.hpp"
#include "engine/waiting_list.hpp"

namespace ehsim {

// Why a family leaves a waiting list without a place: it gave up waiting, or its needs changed
// (it moved elsewhere in the pathway, moved away or aged out), or, a case of the latter, it
// escalated to statutory care.
enum class WaitExit { dropped_out, moved_on, escalated };

class ServiceTeams {
 public:
  // One team per entry of the main model's team_service, empty, with uncapped places until
  // set_first_places; their clocks at `start`. `families` is the simulation's family array,
  // indexed by the waiting lists' entries.
  ServiceTeams(const CompiledModel& model, double start, ReplicationRecorder& recorder,
               std::vector<Family>& families);

  // The model in force (the warm-up's before the start date): its places and queue orders.
  void use_model(const CompiledModel& model) { model_ = &model; }

  std::vector<TeamState>& states() { return teams_; }
  const std::vector<TeamState>& states() const { return teams_; }
  const TeamState& state(int team) const { return teams_[static_cast<std::size_t>(team)]; }
  int size() const { return static_cast<int>(teams_.size()); }

  int team_of(int service, const Family& f) const { return model_->team_of(service, f.locality); }
  const CompiledService& service_of_team(int team) const {
    return model_
        ->services[static_cast<std::size_t>(model_->team_service[static_cast<std::size_t>(team)])];
  }
  bool has_free_place(int team) const {
    return teams_[static_cast<std::size_t>(team)].has_free_place(
        service_of_team(team).capacity_limited);
  }

  // Every team's clock restarts at `day` (the start date after a warm-up: nothing before it
  // counts).
  void restart_clocks(double day) {
    for (auto& team : teams_) team.last_update = day;
  }

  // Places from the model in force's first budget step: at the first day simulated, and again at
  // the start date after a warm-up (no time has passed since the teams' last update either way).
  void set_first_places();

  // The first places, then `schedule(day, step, service)` for each later budget step, to call
  // change_places(service, day) then.
  template <typename Schedule>
  void schedule_capacity_changes(Schedule&& schedule) {
    set_first_places();
    for (std::size_t k = 0; k < model_->services.size(); ++k) {
      const auto& steps = model_->services[k].places;
      for (std::size_t i = 1; i < steps.size(); ++i) {
        schedule(steps[i].from_day, static_cast<std::uint32_t>(i), static_cast<std::int32_t>(k));
      }
    }
  }

  // Service `k`'s teams take the places of the budget step in force now; families waiting take
  // any places freed.
  template <typename Start>
  void change_places(int k, double now, Start&& start) {
    const CompiledService& service = model_->services[static_cast<std::size_t>(k)];
    for (int t = 0; t < service.teams; ++t) {
      const int team = service.first_team + t;
      recorder_.accumulate_team(team, teams_[static_cast<std::size_t>(team)], now);
      // The step in force now is the last one that has started.
      for (const auto& step : service.places) {
        if (step.from_day <= now) {
          teams_[static_cast<std::size_t>(team)].places =
              step.team_places[static_cast<std::size_t>(t)];
        }
      }
      allocate_waiting(team, now, start);
    }
  }

  // A family entering or leaving a state provided by a service takes or gives up a place in its
  // team; states without a service hold none.
  void occupy_place(const Family& f, double now) { change_occupancy(f, now, +1); }
  void free_place(const Family& f, double now) { change_occupancy(f, now, -1); }

  // Family `index` waits for service `k`, to enter state `target` when it gets a place, in the
  // service's order (highest need first, or first come); `sequence` breaks ties, first come
  // first. A family waits for one service at a time: referred elsewhere, it leaves its old list.
  void join_waiting_list(std::size_t index, int k, int target, double now, std::uint64_t sequence) {
    Family& f = families_[index];
    if (f.waiting_service >= 0) leave_waiting_list(f, now, WaitExit::moved_on);
    const int team = team_of(k, f);
    auto& sv = teams_[static_cast<std::size_t>(team)];
    recorder_.accumulate_team(team, sv, now);
    sv.waiting += 1;
    f.waiting_service = static_cast<std::int16_t>(k);
    f.waiting_target = static_cast<std::int16_t>(target);
    f.wait_start = now;
    ++f.wait_ticket;
    const auto& pathway = model_->scenario.pathway;
    const double need = pathway
                            .need_levels[static_cast<std::size_t>(std::max(
                                0, pathway.states[static_cast<std::size_t>(f.state)].need_level))]
                            .level;
    sv.queue.push({model_->services[static_cast<std::size_t>(k)].by_need ? need : 0.0, sequence,
                   static_cast<std::uint32_t>(index), f.wait_ticket});
    ++recorder_.service_quarter(team).joined_waiting_list;
  }

  // The family leaves its list without a place. Its entry stays in the queue, to be skipped as
  // stale when it reaches the front (its ticket no longer matches): cheaper than finding it.
  void leave_waiting_list(Family& f, double now, WaitExit reason) {
    const int team = team_of(f.waiting_service, f);
    recorder_.accumulate_team(team, teams_[static_cast<std::size_t>(team)], now);
    teams_[static_cast<std::size_t>(team)].waiting -= 1;
    ServiceQuarter& q = recorder_.service_quarter(team);
    if (reason == WaitExit::dropped_out) {
      q.dropped_out += 1;
    } else {
      q.left_while_waiting += 1;
      if (reason == WaitExit::escalated) q.escalated_while_waiting += 1;
    }
    f.waiting_service = -1;
    f.waiting_target = -1;
  }

  // A family starts with `team` after `waited` days: 0 and not `from_wait` when a place was free
  // on referral.
  void record_allocation(int team, double waited, bool from_wait) {
    ServiceQuarter& q = recorder_.service_quarter(team);
    q.allocations += 1;
    if (waited <= service_of_team(team).waiting_standard_days) q.allocated_within_standard += 1;
    if (!from_wait) return;
    q.allocated_from_wait += 1;
    q.wait_days_sum += waited;
    const auto bin = static_cast<std::size_t>(std::min<double>(waited, kWaitHistogramDays - 1));
    recorder_.tally().wait_histogram[static_cast<std::size_t>(team) * kWaitHistogramDays + bin] +=
        1;
  }

  // Fills the team's free places from its list in the service's order, skipping entries of
  // families that have moved on since they joined; each family allocated is started with
  // `start(index, target)`, which may free places elsewhere and so call this again.
  template <typename Start>
  void allocate_waiting(int team, double now, Start&& start) {
    auto& sv = teams_[static_cast<std::size_t>(team)];
    const int k = model_->team_service[static_cast<std::size_t>(team)];
    const auto still_waiting = [&](const WaitEntry& entry) {
      const Family& f = families_[entry.family];
      return f.alive && f.waiting_service == k && f.wait_ticket == entry.ticket;
    };
    WaitEntry entry{};
    while (sv.occupied < sv.places && next_waiting(sv, still_waiting, entry)) {
      Family& f = families_[entry.family];
      recorder_.accumulate_team(team, sv, now);
      sv.waiting -= 1;
      const int target = f.waiting_target;
      f.waiting_service = -1;
      f.waiting_target = -1;
      record_allocation(team, now - f.wait_start, true);
      start(static_cast<std::size_t>(entry.family), target);
    }
  }

 private:
  void change_occupancy(const Family& f, double now, int change) {
    const int k = model_->scenario.pathway.states[static_cast<std::size_t>(f.state)].service;
    if (k < 0) return;
    const int team = team_of(k, f);
    recorder_.accumulate_team(team, teams_[static_cast<std::size_t>(team)], now);
    teams_[static_cast<std::size_t>(team)].occupied += change;
  }

  const CompiledModel* model_;
  ReplicationRecorder& recorder_;
  std::vector<Family>& families_;
  std::vector<TeamState> teams_;
};

}  // namespace ehsim
