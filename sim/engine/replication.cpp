#include "engine/replication.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "engine/arrivals.hpp"
#include "engine/event_queue.hpp"
#include "engine/family.hpp"
#include "engine/hazards.hpp"
#include "engine/huge_pages.hpp"
#include "engine/initial_population.hpp"
#include "engine/population.hpp"
#include "engine/replication_recorder.hpp"
#include "engine/service_teams.hpp"
#include "engine/waiting_list.hpp"
#include "random/stream.hpp"

namespace ehsim {
namespace {

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

}  // namespace

struct ReplicationWorkspace::Buffers {
  std::vector<Family> families;
  CalendarQueue<Event, LaterFirst> queue;
  InitialPopulationScratch initial;
};

// Everything a simulation holds at the moment its warm-up ends, before the main model takes
// over (Simulation::end_warm_up): the tallies are reset there, all but two counters.
struct WarmUpCache::County {
  std::vector<Family> families;
  CalendarQueue<Event, LaterFirst> queue;
  ReplicationRecorder::Snapshot recorder;
  std::vector<TeamState> services;
  Arrivals arrivals{0, 0};  // replaced by the county's
  std::uint64_t sequence = 0;

  std::size_t bytes() const {
    std::size_t waiting = 0;
    for (const auto& team : services) waiting += team.queue.size() * sizeof(WaitEntry);
    return families.size() * sizeof(Family) + queue.bytes() + waiting + sizeof(County);
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

// One replication: the event loop and the pathway's transitions. What it records is kept by
// ReplicationRecorder, the services' places and waiting lists by ServiceTeams, and the families it
// starts with and those arriving come from engine/initial_population.hpp and Arrivals.
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
        arrivals_(seed, replication),
        population_(m_ == &main_ ? &plan.population() : &plan.warm_up_population()),
        buffers_(buffers),
        families_(buffers.families),
        queue_(buffers.queue),
        recorder_(main_, start_),
        teams_(main_, start_, recorder_, families_) {
    families_.clear();
    queue_.reset(main_.horizon_days, 1.0, start_);
    recorder_.use_model(*m_);
    teams_.use_model(*m_);
  }

  ReplicationTally run() {
    if (warm_up_cache_ != nullptr && resume_after_warm_up()) {
      // The warm-up came from the cache: carry on from the start date.
    } else {
      create_initial_population();
      if (start_ < 0) {
        teams_.set_first_places();  // the warm-up's; the main model's come at the start date
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
      recorder_.advance_to(event.time, teams_.states());
      process(event);
      if (++since_cancel_check == 65536) {
        since_cancel_check = 0;
        if (cancel_ != nullptr && cancel_->load(std::memory_order_relaxed)) throw Cancelled{};
      }
    }
    recorder_.advance_to(m_->horizon_days, teams_.states());
    recorder_.close_last_quarter(teams_.states());
    recorder_.count_families_at_end(families_);
    return recorder_.take();
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
    reserve_families();
    ReplicationTally& tally = recorder_.tally();
    tally.children_initial = draw_initial_population(*m_, *population_, seed_, replication_, start_,
                                                     families_, buffers_.initial);
    tally.families_initial = families_.size();
    for (std::size_t i = 0; i < families_.size(); ++i) {
      enter_counts(families_[i], start_);
      schedule_children_change(i, start_);
      schedule_next_transition(i, start_);
    }
  }

  // Room for every family the run will hold, so the array is not copied to a larger one midway
  // (for a moment both copies would be held): at most one family per initial child, and the
  // arrivals expected at the warm-up's and the main model's rates with a margin (a Poisson count
  // exceeds its mean by 5% plus 1,000 with negligible chance at these sizes; if it does, the
  // array simply grows). Held from one replication to the next with the workspace.
  void reserve_families() {
    const double warm_up_days = std::max(0.0, -start_);
    const double arrivals =
        m_->arrivals_per_day * warm_up_days + main_.arrivals_per_day * main_.horizon_days;
    const auto wanted =
        static_cast<std::size_t>(m_->scenario.population.children + 1.05 * arrivals + 1000.0);
    if (wanted <= families_.capacity()) return;
    families_.reserve(wanted);
    advise_huge_pages(families_.data(), families_.capacity() * sizeof(Family));
  }

  // The start date after a warm-up: the main model takes over and nothing before it is counted.
  // Every family's next transition is drawn again under the main model, in the same order in
  // every scenario, so families keep common random numbers; then the main model's places are set
  // and waiting families take any new ones.
  void end_warm_up() {
    teams_.restart_clocks(0.0);
    recorder_.restart_at_start_date(families_);
    m_ = &main_;
    recorder_.use_model(main_);
    teams_.use_model(main_);
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
    arrivals_.new_generation();
    schedule_next_arrival(0.0);
    schedule_capacity_changes();
    // The lists as they stand when reporting starts; families taking the main model's new
    // places on the start date are counted as allocations of the first quarter.
    ReplicationTally& tally = recorder_.tally();
    for (int team = 0; team < teams_.size(); ++team)
      tally.waiting_at_start[static_cast<std::size_t>(team)] = teams_.state(team).waiting;
    for (int team = 0; team < teams_.size(); ++team) allocate_waiting(team, 0.0);
  }

  // ---- the warm-up cache ---------------------------------------------------------------------

  void keep_warm_up() const {
    auto county = std::make_shared<WarmUpCache::County>();
    county->families = families_;
    county->queue = queue_;
    county->recorder = recorder_.snapshot();
    county->services = teams_.states();
    county->arrivals = arrivals_;
    county->sequence = sequence_;
    const std::size_t bytes = county->bytes();
    warm_up_cache_->keep(replication_, std::move(county), bytes);
  }

  // The county as the warm-up left it, then the start date as if its event had been popped.
  bool resume_after_warm_up() {
    const auto county = warm_up_cache_->find(replication_);
    if (county == nullptr) return false;
    families_ = county->families;
    queue_ = county->queue;
    recorder_.restore(county->recorder);
    teams_.states() = county->services;
    arrivals_ = county->arrivals;
    sequence_ = county->sequence;
    end_warm_up();
    ++recorder_.tally().events_processed;  // the start date's event, as process() counts it
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
    ReplicationTally& tally = recorder_.tally();
    switch (e.type) {
      case EventType::places_change:
        teams_.change_places(e.detail, e.time, Start{this, e.time});
        break;
      case EventType::arrival:
        if (e.generation != arrivals_.generation()) {  // drawn under the warm-up's arrival rate
          ++tally.stale_events;
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
          ++tally.stale_events;
          return;
        }
        fire(e.family, e.detail, e.time);
        break;
      }
    }
    ++tally.events_processed;
  }

  // ---- state bookkeeping --------------------------------------------------------------------

  void enter_counts(const Family& f, double now) {
    recorder_.enter_state(f, now);
    teams_.occupy_place(f, now);
  }

  void leave_counts(const Family& f, double now) {
    recorder_.leave_state(f, now);
    teams_.free_place(f, now);
  }

  // Moves family `index` to state `to` now, with all the bookkeeping: tallies, derived events,
  // service places (freeing one may let a waiting family start), waiting lists and exits.
  void move(std::size_t index, int to, double now) {
    Family& f = families_[index];
    const auto& states = m_->scenario.pathway.states;
    const State& from_state = states[static_cast<std::size_t>(f.state)];
    const State& to_state = states[static_cast<std::size_t>(to)];
    recorder_.count_derived_events(f, from_state, to_state);
    if (f.waiting_service >= 0) {
      teams_.leave_waiting_list(f, now,
                                to_state.statutory() ? WaitExit::escalated : WaitExit::moved_on);
    }
    const int freed_service = from_state.service;
    recorder_.count_exit(f.state);
    leave_counts(f, now);
    f.state = static_cast<std::int16_t>(to);
    f.state_entry = now;
    ++f.generation;
    recorder_.count_entry(to, f.children_present);
    if (to_state.absorbing) {
      f.alive = false;
      ++recorder_.tally().families_exited;
      recorder_.accumulate_state(to, now);  // exits are not held as stock
    } else {
      enter_counts(f, now);
      schedule_next_transition(index, now);
    }
    if (freed_service >= 0 && freed_service != to_state.service) {
      allocate_waiting(teams_.team_of(freed_service, families_[index]), now);
    }
  }

  // ---- services -----------------------------------------------------------------------------

  // What ServiceTeams calls to start a family it has given a place: the move into the service.
  struct Start {
    Simulation* simulation;
    double now;
    void operator()(std::size_t index, int target) const { simulation->move(index, target, now); }
  };

  void allocate_waiting(int team, double now) {
    teams_.allocate_waiting(team, now, Start{this, now});
  }

  void schedule_capacity_changes() {
    teams_.schedule_capacity_changes([this](double day, std::uint32_t step, std::int32_t k) {
      push(day, EventClass::capacity, EventType::places_change, 0, step, k);
    });
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
      teams_.leave_waiting_list(f, now, WaitExit::dropped_out);
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
    recorder_.record_events(outcome->events, f, now);
    if (outcome->to == f.state) {
      schedule_next_transition(index, now);  // a counted event that leaves the state unchanged
      return;
    }
    // A family moving between two states of the same service keeps its place.
    const int from_service = m_->scenario.pathway.states[static_cast<std::size_t>(f.state)].service;
    const bool needs_place = to_service >= 0 && to_service != from_service;
    if (needs_place && !teams_.has_free_place(teams_.team_of(to_service, f))) {
      teams_.join_waiting_list(index, to_service, outcome->to, now, sequence_++);
      schedule_next_transition(index, now);
      return;
    }
    if (needs_place) teams_.record_allocation(teams_.team_of(to_service, f), 0.0, false);
    move(index, outcome->to, now);
  }

  // ---- children and arrivals ----------------------------------------------------------------

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
    recorder_.change_children(f.state, present - f.children_present, now);
    f.children_present = static_cast<std::uint8_t>(present);
    schedule_children_change(index, now);
    // Age bands are already part of every sampled time, so pending transitions stay valid.
  }

  void schedule_next_arrival(double now) {
    if (m_->arrivals_per_day <= 0) return;
    push(arrivals_.next_day(now, m_->arrivals_per_day), EventClass::arrival, EventType::arrival, 0,
         arrivals_.generation(), 0);
  }

  void arrive(double now) {
    Family f = arrivals_.draw_family(now, *m_, *population_);
    schedule_next_arrival(now);
    if (f.children_present == 0) return;
    f.state = static_cast<std::int16_t>(m_->scenario.pathway.entry_state);
    f.state_entry = now;
    families_.push_back(f);
    ++recorder_.tally().families_arrived;
    const std::size_t index = families_.size() - 1;
    recorder_.count_entry(f.state, f.children_present);
    enter_counts(families_[index], now);
    schedule_children_change(index, now);
    schedule_next_transition(index, now);
  }

  const ReplicationPlan& plan_;
  const CompiledModel& main_;
  const CompiledModel* m_;  // the model in force: the warm-up's before the start date
  double start_;            // the first day simulated: minus the warm-up's length
  std::uint64_t seed_;
  std::uint32_t replication_;
  const std::atomic<bool>* cancel_;
  WarmUpCache* warm_up_cache_;  // nullptr: none, or no warm-up to share
  Arrivals arrivals_;
  const PopulationSampler* population_;  // the model in force's
  ReplicationWorkspace::Buffers& buffers_;
  std::vector<Family>& families_;
  CalendarQueue<Event, LaterFirst>& queue_;
  std::uint64_t sequence_ = 0;  // insertion order: events' tie-break, and waiting lists'
  ReplicationRecorder recorder_;
  ServiceTeams teams_;
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
