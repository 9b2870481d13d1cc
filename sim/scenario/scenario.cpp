#include "scenario/scenario.hpp"

#include <array>
#include <chrono>

namespace ehsim {
namespace {
constexpr std::array<const char*, kEventKindCount> kEventNames = {
    "identification",   "early_help_assessment",       "referral",
    "assessment",       "no_further_action",           "assessed_not_in_need", "section_47",
    "child_protection_conference", "care_proceedings", "placement_start",
    "case_closure",     "re_referral",                 "escalation_to_statutory",
    "statutory_episode_end", "step_up",                "step_down",
    "child_protection_plan_start", "child_protection_plan_repeat",
    "child_protection_plan_end", "care_entry"};
constexpr std::array<const char*, static_cast<int>(ServiceStatus::count_)> kStatusNames = {
    "none",           "single_agency_early_help", "targeted_early_help",
    "intensive_family_intervention", "child_in_need", "child_protection",
    "looked_after"};
}  // namespace

const char* event_kind_name(EventKind kind) { return kEventNames.at(static_cast<int>(kind)); }

std::optional<EventKind> event_kind_from_name(const std::string& name) {
  for (int i = 0; i < kEventKindCount; ++i) {
    if (name == kEventNames[i]) return static_cast<EventKind>(i);
  }
  return std::nullopt;
}

const char* service_status_name(ServiceStatus status) {
  return kStatusNames.at(static_cast<int>(status));
}

std::optional<ServiceStatus> service_status_from_name(const std::string& name) {
  for (std::size_t i = 0; i < kStatusNames.size(); ++i) {
    if (name == kStatusNames[i]) return static_cast<ServiceStatus>(i);
  }
  return std::nullopt;
}

int Scenario::state_index(const std::string& id) const {
  for (std::size_t i = 0; i < pathway.states.size(); ++i) {
    if (pathway.states[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

double Scenario::horizon_days() const { return horizon_years * 365.25; }

}  // namespace ehsim
