#include "engine/replication.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>

#include "engine/event_queue.hpp"
#include "engine/family.hpp"
#include "engine/hazards.hpp"
#include "engine/population.hpp"
#include "engine/waiting_list.hpp"
#include "random/stream.hpp"

namespace ehsim {
namespace {

constexpr std::uint32_t kArrivalsEntity = 0xFFFFFFFFu;
constexpr std::uint32_t kFirstArrivalId = 0x80000000u;

// Same-time events run in a fixed order: capacity changes first (so freed or added places are
// there for families), then family events, then arrivals; ties within a class by insertion.
enum class EventClass : std::uint64_t { capacity = 0, family = 1, arrival = 2 };
enum class EventType : std::uint8_t {
  places_change,
  transition,
  children_change,
  arrival,
  warm_up_end
};

struct Event {
  double time;
  std::uint64_t order;  // class in the top bits, then insertion sequence
  std::uint32_t family;
  std::uint32_t generation;
  std::int32_t detail;  // transition index, special transition, or service index
  EventType type;
};

struct LaterFirst {
  bool operator()(const Event& a, const Event& b) const {
    if (a.time != b.time) return a.time > b.time;
    return a.order > b.order;
  }
};

enum class WaitExit { dropped_out, moved_on, escalated };

}  // namespace

struct ReplicationWorkspace::Buffers {
  std::vector<Family> families;
  CalendarQueue<Event, LaterFirst> queue;
  std::vector<PlacementDraws> placement_draws;  // each initial family's, in family order
  std::vector<double> entry_draws;              // the draw for the time already in its state
};

// Everything a simulation holds at the moment its warm-up ends, before the main model takes
// over (Simulation::end_warm_up): the tallies are reset there, all but two counters.
struct WarmUpCache::County {
  std::vector<Family> families;
  CalendarQueue<Event, LaterFirst> queue;
  std::vector<double> state_families, state_children, state_last_update;
  std::vector<TeamState> services;
  RandomStream arrivals{0, 0, 0, StreamPurpose::arrivals};  // replaced by the county's
  std::uint32_t arrival_count = 0;
  std::uint64_t sequence = 0;
  int quarter = 0;
  std::uint64_t events_processed = 0, stale_events = 0;

  std::size_t bytes() const {
    std::size_t waiting = 0;
    for (const auto& team : services) waiting += team.queue.size() * sizeof(WaitEntry);
    return families.size() * sizeof(Family) + queue.size() * sizeof(Event) +
           queue.buckets() * sizeof(std::vector<Event>) + waiting + sizeof(County);
  }
};

WarmUpCache::WarmUpCache(const CompiledModel& warm_up, std::uint64_t seed, std::size_t max_bytes)
    : warm_up_(warm_up), seed_(seed), max_bytes_(max_bytes) {}
WarmUpCache::~WarmUpCache() = default;

std::size_t WarmUpCache::bytes() const {
  const std::lock_guard lock(mutex_);
  return bytes_;
}

std::size_t WarmUpCache::counties() const {
  const std::lock_guard lock(mutex_);
  return counties_.size();
}

std::shared_ptr<const WarmUpCache::County> WarmUpCache::find(std::uint32_t replication) const {
  const std::lock_guard lock(mutex_);
  const auto it = counties_.find(replication);
  return it == counties_.end() ? nullptr : it->second;
}

void WarmUpCache::keep(std::uint32_t replication, std::shared_ptr<const County> county,
                       std::size_t bytes) {
  const std::lock_guard lock(mutex_);
  if (bytes_ + bytes > max_bytes_ || counties_.count(replication) != 0) return;
  counties_.emplace(replication, std::move(county));
  bytes_ += bytes;
}

ReplicationWorkspace::ReplicationWorkspace() : buffers_(std::make_unique<Buffers>()) {}
ReplicationWorkspace::~ReplicationWorkspace() = default;
ReplicationWorkspace::ReplicationWorkspace(ReplicationWorkspace&&) noexcept = default;
ReplicationWorkspace& ReplicationWorkspace::operator=(ReplicationWorkspace&&) noexcept = default;

namespace {

class Simulation {
 public:
  // `warm_up` runs the years before the start date (the baseline's model when an alternative is
  // compared with it); `model` runs from the start date on. They share states and services.
  Simulation(const ReplicationPlan& plan, std::uint64_t seed, std::uint32_t replication,
             ReplicationWorkspace::Buffers& buffers, const std::atomic<bool>* cancel,
             WarmUpCache* warm_up_cache)
      : plan_(plan),
        main_(plan.model()),
        m_(main_.calendar.warm_up_days() > 0 ? &plan.warm_up() : &main_),
        start_(-main_.calendar.warm_up_days()),
        seed_(seed),
        replication_(replication),
        cancel_(cancel),
        warm_up_cache_(start_ < 0 ? warm_up_cache : nullptr),
        arrivals_(seed, replication, kArrivalsEntity, StreamPurpose::arrivals),
        population_(m_ == &main_ ? &plan.population() : &plan.warm_up_population()),
        buffers_(buffers),
        families_(buffers.families),
        queue_(buffers.queue) {
    families_.clear();
    queue_.reset(main_.horizon_days, 1.0, start_);
    const auto& s = main_.scenario;
    tally_.resize(static_cast<int>(main_.calendar.quarters().size()),
                  static_cast<int>(s.pathway.states.size()), kEventKindCount,
                  static_cast<int>(main_.team_service.size()));
    state_families_.assign(s.pathway.states.size(), 0);
    state_children_.assign(s.pathway.states.size(), 0);
    state_last_update_.assign(s.pathway.states.size(), start_);
    services_.resize(main_.team_service.size());
    for (auto& team : services_) team.last_update = start_;
  }

  ReplicationTally run() {
    if (warm_up_cache_ != nullptr && resume_after_warm_up()) {
      // The warm-up came from the cache: carry on from the start date.
    } else {
      create_initial_population();
      if (start_ < 0) {
        set_first_places();  // the warm-up model's; the main model's come at the start date
        push(0.0, EventClass::capacity, EventType::warm_up_end, 0, 0, 0);
      } else {
        schedule_capacity_changes();
      }
      schedule_next_arrival(start_);
    }
    std::uint64_t since_cancel_check = 0;
    while (!queue_.empty()) {
      const Event event =
          queue_.pop([this](const std::vector<Event>& day) { prefetch_families(day); });
      advance_to(event.time);
      process(event);
      if (++since_cancel_check == 65536) {
        since_cancel_check = 0;
        if (cancel_ != nullptr && cancel_->load(std::memory_order_relaxed)) throw Cancelled{};
      }
    }
    advance_to(m_->horizon_days);
    close_last_quarter();
    for (const auto& f : families_) {
      tally_.families_present_at_end += f.alive ? 1 : 0;
      tally_.families_waiting_at_end += (f.alive && f.waiting_service >= 0) ? 1 : 0;
    }
    return std::move(tally_);
  }

 private:
  // Each event touches one family at random in a large array; asking for a day's families at
  // once lets the memory system fetch them in parallel instead of one miss at a time.
  void prefetch_families(const std::vector<Event>& day) const {
    for (const Event& e : day) {
      if (e.type != EventType::arrival && e.type != EventType::places_change) {
        __builtin_prefetch(&families_[e.family]);
      }
    }
  }

  // ---- population ------------------------------------------------------------------------

  void create_initial_population() {
    const auto& s = m_->scenario;
    std::vector<PlacementDraws>& draws = buffers_.placement_draws;
    std::vector<double>& entry_draws = buffers_.entry_draws;
    draws.clear();
    entry_draws.clear();
    double children = 0;
    // Families are drawn until they hold the county's children. Each family's demographic
    // stream then gives its placement draws and its time in state, taken here in stream order
    // so that the streams (48 bytes each, a county's worth) need not be kept.
    for (std::uint32_t id = 0; children < s.population.children && id < kFirstArrivalId; ++id) {
      RandomStream demo(seed_, replication_, id, StreamPurpose::demographics);
      Family f = population_->make_family(id, false, start_, demo);
      if (f.children_present == 0) continue;
      children += f.children_present;
      families_.push_back(f);
      const double order = demo.uniform();
      draws.push_back({order, demo.uniform()});
      entry_draws.push_back(demo.uniform());
    }
    tally_.families_initial = families_.size();
    tally_.children_initial = children;
    const std::vector<int> states = place_initial_caseloads(*m_, families_, draws);
    for (std::size_t i = 0; i < families_.size(); ++i) {
      Family& f = families_[i];
      f.state = static_cast<std::int16_t>(states[i]);
      f.had_child_protection_plan =
          m_->scenario.pathway.states[static_cast<std::size_t>(f.state)].service_status ==
          ServiceStatus::child_protection;
      f.state_entry = initial_entry_day(*m_, f, start_, entry_draws[i]);
      enter_counts(f, start_);
      schedule_children_change(i, start_);
      schedule_next_transition(i, start_);
    }
  }

  // The start date after a warm-up: the main model takes over and nothing before it is counted.
  // Every family's next transition is drawn again under the main model, in the same order in
  // every scenario, so families keep common random numbers; then the main model's places are set
  // and waiting families take any new ones.
  void end_warm_up() {
    for (std::size_t s = 0; s < state_families_.size(); ++s) state_last_update_[s] = 0.0;
    for (auto& team : services_) team.last_update = 0.0;
    const std::uint64_t processed = tally_.events_processed, stale = tally_.stale_events;
    tally_.resize(tally_.quarters, tally_.states, tally_.event_kinds, tally_.services);
    tally_.events_processed = processed;
    tally_.stale_events = stale;
    tally_.families_initial = tally_.families_arrived = tally_.families_exited = 0;
    tally_.children_initial = 0;
    for (const auto& f : families_) {
      if (!f.alive) continue;
      tally_.families_initial += 1;
      tally_.children_initial += f.children_present;
    }
    m_ = &main_;
    population_ = &plan_.population();
    // Every pending transition and arrival was drawn under the warm-up's model and is drawn
    // again below: drop them now rather than pop each one later as stale. The events kept leave
    // in the order they would have anyway.
    queue_.discard_if([](const Event& e) {
      return e.type == EventType::transition || e.type == EventType::arrival;
    });
    for (std::size_t i = 0; i < families_.size(); ++i) {
      if (families_[i].alive) schedule_next_transition(i, 0.0);
    }
    ++arrival_generation_;
    schedule_next_arrival(0.0);
    schedule_capacity_changes();
    // The lists as they stand when reporting starts; families taking the main model's new
    // places on the start date are counted as allocations of the first quarter.
    for (std::size_t team = 0; team < services_.size(); ++team)
      tally_.waiting_at_start[team] = services_[team].waiting;
    for (int team = 0; team < static_cast<int>(services_.size()); ++team) {
      allocate_waiting(team, 0.0);
    }
  }

  // ---- the warm-up cache ---------------------------------------------------------------------

  void keep_warm_up() const {
    auto county = std::make_shared<WarmUpCache::County>();
    county->families = families_;
    county->queue = queue_;
    county->state_families = state_families_;
    county->state_children = state_children_;
    county->state_last_update = state_last_update_;
    county->services = services_;
    county->arrivals = arrivals_;
    county->arrival_count = arrival_count_;
    county->sequence = sequence_;
    county->quarter = quarter_;
    county->events_processed = tally_.events_processed;
    county->stale_events = tally_.stale_events;
    const std::size_t bytes = county->bytes();
    warm_up_cache_->keep(replication_, std::move(county), bytes);
  }

  // The county as the warm-up left it, then the start date as if its event had been popped.
  bool resume_after_warm_up() {
    const auto county = warm_up_cache_->find(replication_);
    if (county == nullptr) return false;
    families_ = county->families;
    queue_ = county->queue;
    state_families_ = county->state_families;
    state_children_ = county->state_children;
    state_last_update_ = county->state_last_update;
    services_ = county->services;
    arrivals_ = county->arrivals;
    arrival_count_ = county->arrival_count;
    sequence_ = county->sequence;
    quarter_ = county->quarter;
    tally_.events_processed = county->events_processed;
    tally_.stale_events = county->stale_events;
    end_warm_up();
    ++tally_.events_processed;  // the start date's event, as process() counts it
    return true;
  }

  // ---- event queue -----------------------------------------------------------------------

  void push(double time, EventClass cls, EventType type, std::uint32_t family,
            std::uint32_t generation, std::int32_t detail) {
    if (!(time < m_->horizon_days)) return;  // beyond the horizon: costs nothing
    queue_.push(Event{time, (static_cast<std::uint64_t>(cls) << 56) | sequence_++, family,
                      generation, detail, type});
  }

  void process(const Event& e) {
    switch (e.type) {
      case EventType::places_change:
        change_places(e.detail, e.time);
        break;
      case EventType::arrival:
        if (e.generation != arrival_generation_) {  // drawn under the warm-up's arrival rate
          ++tally_.stale_events;
          return;
        }
        arrive(e.time);
        break;
      case EventType::warm_up_end:
        if (warm_up_cache_ != nullptr) keep_warm_up();
        end_warm_up();
        break;
      case EventType::children_change:
        children_change(e.family, e.time);
        break;
      case EventType::transition: {
        Family& f = families_[e.family];
        if (!f.alive || f.generation != e.generation) {
          ++tally_.stale_events;
          return;
        }
        fire(e.family, e.detail, e.time);
        break;
      }
    }
    ++tally_.events_processed;
  }

  // ---- reporting periods -------------------------------------------------------------------

  void advance_to(double day) {
    const auto& quarters = m_->calendar.quarters();
    while (quarter_ < static_cast<int>(quarters.size()) &&
           day >= quarters[static_cast<std::size_t>(quarter_)].end_day &&
           quarter_ + 1 < static_cast<int>(quarters.size())) {
      close_quarter(quarters[static_cast<std::size_t>(quarter_)].end_day);
      ++quarter_;
    }
  }

  void close_quarter(double boundary) {
    for (std::size_t s = 0; s < state_families_.size(); ++s) {
      accumulate_state(static_cast<int>(s), boundary);
      tally_.families_at_end[tally_.qs(quarter_, static_cast<int>(s))] = state_families_[s];
      tally_.children_at_end[tally_.qs(quarter_, static_cast<int>(s))] = state_children_[s];
    }
    for (std::size_t k = 0; k < services_.size(); ++k) {
      accumulate_service(static_cast<int>(k), boundary);
      service_quarter(static_cast<int>(k)).waiting_at_end = services_[k].waiting;
    }
  }

  void close_last_quarter() { close_quarter(m_->horizon_days); }

  void accumulate_state(int s, double now) {
    const auto i = static_cast<std::size_t>(s);
    const double dt = now - state_last_update_[i];
    if (dt > 0) {
      tally_.family_days[tally_.qs(quarter_, s)] += dt * state_families_[i];
      tally_.child_days[tally_.qs(quarter_, s)] += dt * state_children_[i];
    }
    state_last_update_[i] = now;
  }

  // Service bookkeeping is per team (a locality team, or the service's single area-wide team).
  int team_of(int service, const Family& f) const { return m_->team_of(service, f.locality); }
  const CompiledService& service_of_team(int team) const {
    return m_->services[static_cast<std::size_t>(m_->team_service[static_cast<std::size_t>(team)])];
  }

  void accumulate_service(int team, double now) {
    TeamState& sv = services_[static_cast<std::size_t>(team)];
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

  // ---- state bookkeeping --------------------------------------------------------------------

  void enter_counts(const Family& f, double now) {
    accumulate_state(f.state, now);
    state_families_[static_cast<std::size_t>(f.state)] += 1;
    state_children_[static_cast<std::size_t>(f.state)] += f.children_present;
    const int k = m_->scenario.pathway.states[static_cast<std::size_t>(f.state)].service;
    if (k >= 0) {
      const int team = team_of(k, f);
      accumulate_service(team, now);
      services_[static_cast<std::size_t>(team)].occupied += 1;
    }
  }

  void leave_counts(const Family& f, double now) {
    accumulate_state(f.state, now);
    state_families_[static_cast<std::size_t>(f.state)] -= 1;
    state_children_[static_cast<std::size_t>(f.state)] -= f.children_present;
    const int k = m_->scenario.pathway.states[static_cast<std::size_t>(f.state)].service;
    if (k >= 0) {
      const int team = team_of(k, f);
      accumulate_service(team, now);
      services_[static_cast<std::size_t>(team)].occupied -= 1;
    }
  }

  void count_event(EventKind kind, const Family& f) {
    const int e = static_cast<int>(kind);
    tally_.events_families[tally_.qe(quarter_, e)] += 1;
    tally_.events_children[tally_.qe(quarter_, e)] += f.children_present;
  }

  void record_events(const std::vector<EventKind>& events, Family& f, double now) {
    for (EventKind kind : events) {
      count_event(kind, f);
      if (kind == EventKind::referral) {
        if (now - f.last_referral <= kReReferralWindowDays) count_event(EventKind::re_referral, f);
        f.last_referral = now;
      }
    }
  }

  // Child protection plans and care episodes as DfE counts them: by service status, so a
  // pathway may hold several child protection states.
  void count_status_changes(Family& f, const State& from, const State& to) {
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

  // Moves family `index` to state `to` now, with all the bookkeeping: tallies, derived events,
  // service places (freeing one may let a waiting family start), waiting lists and exits.
  void move(std::size_t index, int to, double now) {
    Family& f = families_[index];
    const auto& states = m_->scenario.pathway.states;
    const State& from_state = states[static_cast<std::size_t>(f.state)];
    const State& to_state = states[static_cast<std::size_t>(to)];
    if (!from_state.statutory() && to_state.statutory())
      count_event(EventKind::escalation_to_statutory, f);
    if (from_state.early_help() && to_state.statutory()) count_event(EventKind::step_up, f);
    if (from_state.statutory() && to_state.early_help()) count_event(EventKind::step_down, f);
    if (from_state.statutory() && !to_state.statutory())
      count_event(EventKind::statutory_episode_end, f);
    count_status_changes(f, from_state, to_state);
    if (f.waiting_service >= 0) {
      leave_waiting_list(f, now, to_state.statutory() ? WaitExit::escalated : WaitExit::moved_on);
    }
    const int freed_service = from_state.service;
    tally_.exits[tally_.qs(quarter_, f.state)] += 1;
    leave_counts(f, now);
    f.state = static_cast<std::int16_t>(to);
    f.state_entry = now;
    ++f.generation;
    tally_.entries[tally_.qs(quarter_, to)] += 1;
    tally_.entries_children[tally_.qs(quarter_, to)] += f.children_present;
    if (to_state.absorbing) {
      f.alive = false;
      ++tally_.families_exited;
      accumulate_state(to, now);  // exits are not held as stock
    } else {
      enter_counts(f, now);
      schedule_next_transition(index, now);
    }
    if (freed_service >= 0 && freed_service != to_state.service) {
      allocate_waiting(team_of(freed_service, families_[index]), now);
    }
  }

  // ---- transitions ------------------------------------------------------------------------

  // Competing risks (engine/hazards.hpp): the earliest of the family's possible transitions is
  // scheduled; earlier pending events are made stale.
  void schedule_next_transition(std::size_t index, double now) {
    Family& f = families_[index];
    ++f.generation;
    const NextTransition next = next_transition(*m_, f, now, seed_, replication_);
    push(next.time, EventClass::family, EventType::transition, static_cast<std::uint32_t>(index),
         f.generation, next.transition);
  }

  void fire(std::size_t index, int transition, double now) {
    Family& f = families_[index];
    if (transition == kMoveAway) {
      move(index, m_->scenario.pathway.moved_away_state, now);
      return;
    }
    if (transition == kWaitDropout) {
      leave_waiting_list(f, now, WaitExit::dropped_out);
      schedule_next_transition(index, now);
      return;
    }
    const CompiledTransition& t = m_->transitions[static_cast<std::size_t>(transition)];
    const CompiledOutcome* outcome = &t.outcomes.front();
    if (t.outcomes.size() > 1) {
      RandomStream stream(seed_, replication_, f.id, StreamPurpose::pathway, f.pathway_draws);
      const double u = stream.uniform();
      f.pathway_draws = stream.draws_used();
      outcome = &*std::find_if(t.outcomes.begin(), t.outcomes.end(), [u](const CompiledOutcome& o) {
        return u < o.cumulative_probability;
      });
    }
    const int to_service =
        m_->scenario.pathway.states[static_cast<std::size_t>(outcome->to)].service;
    if (f.waiting_service >= 0 && to_service == f.waiting_service) {
      schedule_next_transition(index, now);  // already waiting for that service: nothing new
      return;
    }
    record_events(outcome->events, f, now);
    if (outcome->to == f.state) {
      schedule_next_transition(index, now);  // a counted event that leaves the state unchanged
      return;
    }
    // A family moving between two states of the same service keeps its place.
    const int from_service = m_->scenario.pathway.states[static_cast<std::size_t>(f.state)].service;
    const bool needs_place = to_service >= 0 && to_service != from_service;
    if (needs_place && !has_free_place(team_of(to_service, f))) {
      join_waiting_list(index, to_service, outcome->to, now);
      return;
    }
    if (needs_place) record_allocation(team_of(to_service, f), 0.0, false);
    move(index, outcome->to, now);
  }

  // ---- children, arrivals and exits ----------------------------------------------------------

  void schedule_children_change(std::size_t index, double now) {
    const Family& f = families_[index];
    push(next_children_change(f, now, m_->spacing_days, kAdultAgeDays), EventClass::family,
         EventType::children_change, static_cast<std::uint32_t>(index), 0, 0);
  }

  void children_change(std::uint32_t index, double now) {
    Family& f = families_[index];
    if (!f.alive) return;
    const int present = children_present_at(f, now, m_->spacing_days, kAdultAgeDays);
    if (present == 0) {  // the youngest child has reached 18
      move(index, m_->scenario.pathway.aged_out_state, now);
      return;
    }
    accumulate_state(f.state, now);
    state_children_[static_cast<std::size_t>(f.state)] += present - f.children_present;
    f.children_present = static_cast<std::uint8_t>(present);
    schedule_children_change(index, now);
    // Age bands are already part of every sampled time, so pending transitions stay valid.
  }

  void schedule_next_arrival(double now) {
    if (m_->arrivals_per_day <= 0) return;
    push(now - std::log(arrivals_.uniform()) / m_->arrivals_per_day, EventClass::arrival,
         EventType::arrival, 0, arrival_generation_, 0);
  }

  void arrive(double now) {
    const bool newborn = arrivals_.uniform() < m_->birth_share_of_arrivals;
    const auto id = kFirstArrivalId + arrival_count_++;
    RandomStream demo(seed_, replication_, id, StreamPurpose::demographics);
    Family f = population_->make_family(id, newborn, now, demo);
    schedule_next_arrival(now);
    if (f.children_present == 0) return;
    f.state = static_cast<std::int16_t>(m_->scenario.pathway.entry_state);
    f.state_entry = now;
    families_.push_back(f);
    ++tally_.families_arrived;
    const std::size_t index = families_.size() - 1;
    tally_.entries[tally_.qs(quarter_, f.state)] += 1;
    tally_.entries_children[tally_.qs(quarter_, f.state)] += f.children_present;
    enter_counts(families_[index], now);
    schedule_children_change(index, now);
    schedule_next_transition(index, now);
  }

  // ---- services and waiting lists -------------------------------------------------------------

  bool has_free_place(int team) const {
    return services_[static_cast<std::size_t>(team)].has_free_place(
        service_of_team(team).capacity_limited);
  }

  // Places from the active model's first budget step: at the first day simulated, and again at
  // the start date after a warm-up (no time has passed since the teams' last update either way).
  void set_first_places() {
    for (std::size_t k = 0; k < m_->services.size(); ++k) {
      const CompiledService& service = m_->services[k];
      const auto& steps = service.places;
      for (int t = 0; !steps.empty() && t < service.teams; ++t) {
        const int team = service.first_team + t;
        services_[static_cast<std::size_t>(team)].places =
            steps.front().team_places[static_cast<std::size_t>(t)];
      }
    }
  }

  void schedule_capacity_changes() {
    set_first_places();
    for (std::size_t k = 0; k < m_->services.size(); ++k) {
      const auto& steps = m_->services[k].places;
      for (std::size_t i = 1; i < steps.size(); ++i) {
        push(steps[i].from_day, EventClass::capacity, EventType::places_change, 0,
             static_cast<std::uint32_t>(i), static_cast<std::int32_t>(k));
      }
    }
  }

  void change_places(int k, double now) {
    const CompiledService& service = m_->services[static_cast<std::size_t>(k)];
    for (int t = 0; t < service.teams; ++t) {
      const int team = service.first_team + t;
      accumulate_service(team, now);
      // The step in force now is the last one that has started.
      for (const auto& step : service.places) {
        if (step.from_day <= now) {
          services_[static_cast<std::size_t>(team)].places =
              step.team_places[static_cast<std::size_t>(t)];
        }
      }
      allocate_waiting(team, now);
    }
  }

  void join_waiting_list(std::size_t index, int k, int target, double now) {
    Family& f = families_[index];
    // A family waits for one service at a time: referred elsewhere, it leaves its old list.
    if (f.waiting_service >= 0) leave_waiting_list(f, now, WaitExit::moved_on);
    const int team = team_of(k, f);
    auto& sv = services_[static_cast<std::size_t>(team)];
    accumulate_service(team, now);
    sv.waiting += 1;
    f.waiting_service = static_cast<std::int16_t>(k);
    f.waiting_target = static_cast<std::int16_t>(target);
    f.wait_start = now;
    ++f.wait_ticket;
    const double need =
        m_->scenario.pathway
            .need_levels[static_cast<std::size_t>(std::max(
                0, m_->scenario.pathway.states[static_cast<std::size_t>(f.state)].need_level))]
            .level;
    sv.queue.push({m_->services[static_cast<std::size_t>(k)].by_need ? need : 0.0, sequence_++,
                   static_cast<std::uint32_t>(index), f.wait_ticket});
    ++service_quarter(team).joined_waiting_list;
    schedule_next_transition(index, now);
  }

  // The family leaves the list without being allocated. Its queue entry is left to go stale.
  void leave_waiting_list(Family& f, double now, WaitExit reason) {
    const int team = team_of(f.waiting_service, f);
    accumulate_service(team, now);
    services_[static_cast<std::size_t>(team)].waiting -= 1;
    ServiceQuarter& q = service_quarter(team);
    if (reason == WaitExit::dropped_out) {
      q.dropped_out += 1;
    } else {
      q.left_while_waiting += 1;
      if (reason == WaitExit::escalated) q.escalated_while_waiting += 1;
    }
    f.waiting_service = -1;
    f.waiting_target = -1;
  }

  void record_allocation(int team, double waited, bool from_wait) {
    ServiceQuarter& q = service_quarter(team);
    q.allocations += 1;
    if (waited <= service_of_team(team).waiting_standard_days) q.allocated_within_standard += 1;
    if (!from_wait) return;
    q.allocated_from_wait += 1;
    q.wait_days_sum += waited;
    const auto bin = static_cast<std::size_t>(std::min<double>(waited, kWaitHistogramDays - 1));
    tally_.wait_histogram[static_cast<std::size_t>(team) * kWaitHistogramDays + bin] += 1;
  }

  // Fills free places from the waiting list in the service's order, skipping entries of
  // families that have moved on since they joined.
  void allocate_waiting(int team, double now) {
    auto& sv = services_[static_cast<std::size_t>(team)];
    const int k = m_->team_service[static_cast<std::size_t>(team)];
    const auto still_waiting = [&](const WaitEntry& entry) {
      const Family& f = families_[entry.family];
      return f.alive && f.waiting_service == k && f.wait_ticket == entry.ticket;
    };
    WaitEntry entry{};
    while (sv.occupied < sv.places && next_waiting(sv, still_waiting, entry)) {
      Family& f = families_[entry.family];
      accumulate_service(team, now);
      sv.waiting -= 1;
      const int target = f.waiting_target;
      f.waiting_service = -1;
      f.waiting_target = -1;
      record_allocation(team, now - f.wait_start, true);
      move(entry.family, target, now);
    }
  }

  const ReplicationPlan& plan_;
  const CompiledModel& main_;
  const CompiledModel* m_;  // the model in force: the warm-up's before the start date
  double start_;            // the first day simulated: minus the warm-up's length
  std::uint64_t seed_;
  std::uint32_t replication_;
  const std::atomic<bool>* cancel_;
  WarmUpCache* warm_up_cache_;  // nullptr: none, or no warm-up to share
  RandomStream arrivals_;
  const PopulationSampler* population_;  // the model in force's
  std::uint32_t arrival_count_ = 0;
  std::uint32_t arrival_generation_ = 0;  // bumped when the arrival rate changes
  ReplicationTally tally_;
  ReplicationWorkspace::Buffers& buffers_;
  std::vector<Family>& families_;
  CalendarQueue<Event, LaterFirst>& queue_;
  std::uint64_t sequence_ = 0;
  int quarter_ = 0;
  std::vector<double> state_families_, state_children_, state_last_update_;
  std::vector<TeamState> services_;
};

}  // namespace

ReplicationPlan::ReplicationPlan(const CompiledModel& model, const CompiledModel* warm_up)
    : model_(model),
      warm_up_(warm_up != nullptr ? *warm_up : model),
      population_(model_),
      warm_up_population_(warm_up_) {}

ReplicationTally run_replication(const ReplicationPlan& plan, std::uint64_t seed,
                                 std::uint32_t replication, ReplicationWorkspace& workspace,
                                 const std::atomic<bool>* cancel, WarmUpCache* warm_up_cache) {
  if (warm_up_cache != nullptr && !warm_up_cache->serves(plan.warm_up(), seed)) {
    throw std::logic_error("run_replication: the warm-up cache is for another model or seed");
  }
  Simulation simulation(plan, seed, replication, workspace.buffers(), cancel, warm_up_cache);
  return simulation.run();
}

ReplicationTally run_replication(const CompiledModel& model, std::uint64_t seed,
                                 std::uint32_t replication, const std::atomic<bool>* cancel,
                                 const CompiledModel* warm_up) {
  const ReplicationPlan plan(model, warm_up);
  ReplicationWorkspace workspace;
  return run_replication(plan, seed, replication, workspace, cancel);
}

}  // namespace ehsim
