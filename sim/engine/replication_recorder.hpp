#pragma once
// What one replication records as it runs, quarter by quarter, into its ReplicationTally: the
// families and children in each state (as stocks, and as time-weighted days), entries, exits,
// counted events, and each team's places and waiting list as time-weighted days. Stocks are
// integrated lazily: a state's or team's days are added only when its stock is about to change
// or a quarter closes, so each event costs a few additions, not a pass over every state.
//
// Small members are defined here, in the header, because the event loop calls them for every
// event and they must inline into it (engine/replication.cpp).

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "engine/family.hpp"
#include "engine/model.hpp"
#include "engine/tally.hpp"
#include "engine/waiting_list.hpp"

namespace ehsim {

class ReplicationRecorder {
 public:
  // Sized for the main model's quarters, states and teams, with every stock empty and every
  // state's clock at `start` (the first day simulated); the model in force is the main model
  // until use_model says otherwise.
  ReplicationRecorder(const CompiledModel& model, double start);

  // The model in force (the warm-up's before the start date): its calendar closes the quarters.
  void use_model(const CompiledModel& model) { model_ = &model; }

  ReplicationTally& tally() { return tally_; }
  const ReplicationTally& tally() const { return tally_; }
  int quarter() const { return quarter_; }
  double families_in(int state) const { return state_families_[static_cast<std::size_t>(state)]; }
  double children_in(int state) const { return state_children_[static_cast<std::size_t>(state)]; }

  // Closes every quarter that ends at or before `day` (never the last: run() closes it at the
  // horizon), integrating states and `teams` up to each boundary.
  void advance_to(double day, std::vector<TeamState>& teams) {
    const auto& quarters = model_->calendar.quarters();
    while (quarter_ < static_cast<int>(quarters.size()) &&
           day >= quarters[static_cast<std::size_t>(quarter_)].end_day &&
           quarter_ + 1 < static_cast<int>(quarters.size())) {
      close_quarter(quarters[static_cast<std::size_t>(quarter_)].end_day, teams);
      ++quarter_;
    }
  }
  void close_last_quarter(std::vector<TeamState>& teams) {
    close_quarter(model_->horizon_days, teams);
  }

  // Adds state `s`'s family and child days since its last update to the current quarter.
  void accumulate_state(int s, double now) {
    const auto i = static_cast<std::size_t>(s);
    const double dt = now - state_last_update_[i];
    if (dt > 0) {
      tally_.family_days[tally_.qs(quarter_, s)] += dt * state_families_[i];
      tally_.child_days[tally_.qs(quarter_, s)] += dt * state_children_[i];
    }
    state_last_update_[i] = now;
  }

  // The same for team `team` (whose state is `sv`): families held, waiting, and places.
  void accumulate_team(int team, TeamState& sv, double now) {
    const double dt = now - sv.last_update;
    if (dt > 0) {
      ServiceQuarter& q = tally_.service[tally_.qk(quarter_, team)];
      q.occupied_family_days += dt * sv.occupied;
      q.waiting_family_days += dt * sv.waiting;
      // Funded places, also for a service that takes everyone: its utilisation above 1 is the
      // caseload carried beyond what its staff are funded for.
      q.place_days += dt * sv.places;
    }
    sv.last_update = now;
  }

  ServiceQuarter& service_quarter(int team) { return tally_.service[tally_.qk(quarter_, team)]; }

  // The family joins or leaves its state's stock (its children with it).
  void enter_state(const Family& f, double now) {
    accumulate_state(f.state, now);
    state_families_[static_cast<std::size_t>(f.state)] += 1;
    state_children_[static_cast<std::size_t>(f.state)] += f.children_present;
  }
  void leave_state(const Family& f, double now) {
    accumulate_state(f.state, now);
    state_families_[static_cast<std::size_t>(f.state)] -= 1;
    state_children_[static_cast<std::size_t>(f.state)] -= f.children_present;
  }
  // A child born or turned 18 in a family that stays in `state`.
  void change_children(int state, int change, double now) {
    accumulate_state(state, now);
    state_children_[static_cast<std::size_t>(state)] += change;
  }

  void count_entry(int state, int children) {
    tally_.entries[tally_.qs(quarter_, state)] += 1;
    tally_.entries_children[tally_.qs(quarter_, state)] += children;
  }
  void count_exit(int state) { tally_.exits[tally_.qs(quarter_, state)] += 1; }

  void count_event(EventKind kind, const Family& f) {
    const int e = static_cast<int>(kind);
    tally_.events_families[tally_.qe(quarter_, e)] += 1;
    tally_.events_children[tally_.qe(quarter_, e)] += f.children_present;
  }

  // A transition's declared events; a referral within a year of the family's last is also a
  // re-referral.
  void record_events(const std::vector<EventKind>& events, Family& f, double now) {
    for (EventKind kind : events) {
      count_event(kind, f);
      if (kind == EventKind::referral) {
        if (now - f.last_referral <= kReReferralWindowDays) count_event(EventKind::re_referral, f);
        f.last_referral = now;
      }
    }
  }

  // The events derived from the states' attributes when a family moves from `from` to `to`, so
  // that no scenario can mislabel them: episodes of need, steps up and down, and child protection
  // plans and care episodes as DfE counts them (by service status, so a pathway may hold several
  // child protection states).
  void count_derived_events(Family& f, const State& from, const State& to) {
    if (!from.statutory() && to.statutory()) count_event(EventKind::escalation_to_statutory, f);
    if (from.early_help() && to.statutory()) count_event(EventKind::step_up, f);
    if (from.statutory() && to.early_help()) count_event(EventKind::step_down, f);
    if (from.statutory() && !to.statutory()) count_event(EventKind::statutory_episode_end, f);
    const auto is = [](const State& s, ServiceStatus status) {
      return !s.absorbing && s.service_status == status;
    };
    const bool was_cp = is(from, ServiceStatus::child_protection);
    const bool now_cp = is(to, ServiceStatus::child_protection);
    if (!was_cp && now_cp) {
      count_event(EventKind::child_protection_plan_start, f);
      if (f.had_child_protection_plan) count_event(EventKind::child_protection_plan_repeat, f);
      f.had_child_protection_plan = true;
    }
    if (was_cp && !now_cp) count_event(EventKind::child_protection_plan_end, f);
    if (!is(from, ServiceStatus::looked_after) && is(to, ServiceStatus::looked_after))
      count_event(EventKind::care_entry, f);
  }

  // The start date after a warm-up: nothing before it is counted. Every tally is emptied but the
  // two event counters (events processed and stale, which cover the whole run); the families
  // alive now are the initial population; the states' clocks restart at day 0.
  void restart_at_start_date(const std::vector<Family>& families);

  // The families still present, and still waiting, at the end of the run.
  void count_families_at_end(const std::vector<Family>& families);

  // The stocks and counters the warm-up cache keeps (engine/replication.hpp: WarmUpCache).
  struct Snapshot {
    std::vector<double> state_families, state_children, state_last_update;
    int quarter = 0;
    std::uint64_t events_processed = 0, stale_events = 0;
  };
  Snapshot snapshot() const;
  void restore(const Snapshot& saved);

  ReplicationTally take() { return std::move(tally_); }

 private:
  void close_quarter(double boundary, std::vector<TeamState>& teams);

  const CompiledModel* model_;
  ReplicationTally tally_;
  int quarter_ = 0;
  std::vector<double> state_families_, state_children_, state_last_update_;
};

}  // namespace ehsim
