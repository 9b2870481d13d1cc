#pragma once
// A family as the simulation holds it: one cache line, its children as birth days derived from
// the eldest's and a fixed spacing, its state and its place in the random streams.

#include <algorithm>
#include <cstdint>
#include <limits>

namespace ehsim {

inline constexpr double kNever = std::numeric_limits<double>::infinity();

struct alignas(64) Family {  // one cache line
  double first_birth = 0;    // day the eldest child was born (negative: before the start)
  double state_entry = 0;    // day the family entered its current state
  double last_referral = -kNever;
  double wait_start = 0;
  std::uint32_t id = 0;          // entity id of the family's random streams
  std::uint32_t generation = 0;  // bumped on every state change: pending events go stale
  std::uint32_t pathway_draws = 0;
  std::uint32_t service_draws = 0;
  std::uint32_t wait_ticket = 0;
  std::uint16_t risk_mask = 0;
  std::int16_t state = 0;
  std::int16_t waiting_service = -1;
  std::int16_t waiting_target = -1;  // the state the family waits to enter
  std::uint8_t children_total = 1;
  std::uint8_t children_present = 0;
  std::uint8_t locality = 0;
  bool alive : 1 = true;
  bool had_child_protection_plan : 1 = false;  // in this run, including its warm-up
};

inline double birth_day(const Family& f, int child, double spacing_days) {
  return f.first_birth + child * spacing_days;
}

// Children aged 0-17 on `day`.
inline int children_present_at(const Family& f, double day, double spacing_days,
                               double adult_age_days) {
  int present = 0;
  for (int i = 0; i < f.children_total; ++i) {
    const double birth = birth_day(f, i, spacing_days);
    present += (birth <= day && day < birth + adult_age_days) ? 1 : 0;
  }
  return present;
}

// Day of the next birth or 18th birthday after `day`.
inline double next_children_change(const Family& f, double day, double spacing_days,
                                   double adult_age_days) {
  double next = kNever;
  for (int i = 0; i < f.children_total; ++i) {
    const double birth = birth_day(f, i, spacing_days);
    if (birth > day) next = std::min(next, birth);
    if (birth + adult_age_days > day) next = std::min(next, birth + adult_age_days);
  }
  return next;
}

}  // namespace ehsim
