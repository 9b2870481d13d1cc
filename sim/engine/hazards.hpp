#pragma once
// Hazards and competing risks: when a family's next transition happens. Pure functions of the
// compiled model, the family and a uniform draw, so each can be tested against a closed form.

#include <utility>

#include "engine/family.hpp"
#include "engine/model.hpp"
#include "random/stream.hpp"

namespace ehsim {

// The product of the transition's risk-factor and locality hazard ratios for the family.
double risk_and_locality_ratio(const Family& f, const CompiledTransition& t);

// The age band of the family's youngest child born by `day`, and the day it next changes (a
// birthday crossing a band boundary, or a sibling's birth).
std::pair<int, double> age_band_at(const CompiledModel& m, const Family& f, double day);

// Time of an exponential transition whose hazard is constant within age bands, from `now`, by
// inverting the piecewise-linear cumulative hazard at -log(u). kNever when it does not happen
// before the horizon.
double sample_rate_time(const CompiledModel& m, const Family& f, const CompiledTransition& t,
                        double now, double u);

// Time of any transition: a rate, or a duration since entry to the state (conditional on the
// time already spent there), under proportional hazards.
double sample_transition_time(const CompiledModel& m, const Family& f,
                              const CompiledTransition& t, double now, RandomStream& stream);

// The pathway's transitions that are not scheduled as their own events.
inline constexpr int kMoveAway = -1;
inline constexpr int kWaitDropout = -2;

struct NextTransition {
  double time = kNever;
  int transition = 0;  // index into the model's transitions, or kMoveAway / kWaitDropout
};

// Competing risks: every transition out of the family's state (except the one to a service it
// already waits for), moving away and dropping off a waiting list get a time; the earliest
// wins. Draws from the family's pathway stream (and its service stream for the drop-out).
NextTransition next_transition(const CompiledModel& m, Family& f, double now,
                               std::uint64_t seed, std::uint32_t replication);

}  // namespace ehsim
