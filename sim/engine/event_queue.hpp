#pragma once
// The pending-event set of one replication: a calendar queue. Events are filed into one-day
// buckets; only the bucket being processed is kept as a binary heap. A county holds hundreds of
// thousands of pending events, and a single heap of them makes every push and pop a chain of
// cache misses; with buckets a push is an append and a pop works on a heap of a few hundred.
// Events leave in exactly the order (time, then tie-break key) a single heap would give, so
// the choice of queue cannot change results.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace ehsim {

template <typename Event, typename LaterFirst>
class CalendarQueue {
 public:
  CalendarQueue() = default;

  // Events from `first_day` (which may be negative: a warm-up before the start) to the horizon.
  explicit CalendarQueue(double horizon_days, double bucket_days = 1.0, double first_day = 0.0) {
    reset(horizon_days, bucket_days, first_day);
  }

  // Empties the queue for a new span of days. The buckets keep the memory they have grown to, so
  // a queue reused from one replication to the next stops allocating after the first.
  void reset(double horizon_days, double bucket_days = 1.0, double first_day = 0.0) {
    bucket_days_ = bucket_days;
    first_day_ = first_day;
    for (auto& bucket : buckets_) bucket.clear();
    buckets_.resize(static_cast<std::size_t>(
                        std::max(1.0, std::ceil((horizon_days - first_day) / bucket_days))) +
                    1);
    heap_.clear();
    current_ = 0;
    size_ = 0;
  }

  // Drops every pending event for which `discard(event)` is true. The others leave in the order
  // they would have left in anyway: the order is a property of the events, not of the queue.
  template <typename Discard>
  void discard_if(Discard&& discard) {
    const auto erase_from = [&](std::vector<Event>& events) {
      const auto kept = std::remove_if(events.begin(), events.end(), discard);
      size_ -= static_cast<std::size_t>(events.end() - kept);
      events.erase(kept, events.end());
    };
    erase_from(heap_);
    std::make_heap(heap_.begin(), heap_.end(), LaterFirst{});
    for (std::size_t b = current_ + 1; b < buckets_.size(); ++b) erase_from(buckets_[b]);
  }

  // `event.time` must not be earlier than the last popped event's time.
  void push(const Event& event) {
    const std::size_t bucket = bucket_of(event.time);
    if (bucket <= current_) {
      heap_.push_back(event);
      std::push_heap(heap_.begin(), heap_.end(), LaterFirst{});
    } else {
      buckets_[bucket].push_back(event);
    }
    ++size_;
  }

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  std::size_t buckets() const { return buckets_.size(); }

  // `on_bucket_opened(events)` is called with the events of each day as it is opened, before
  // any of them is processed: the caller can prefetch what they will touch.
  template <typename OnBucketOpened>
  Event pop(OnBucketOpened&& on_bucket_opened) {
    while (heap_.empty()) {
      ++current_;
      heap_.swap(buckets_[current_]);
      std::make_heap(heap_.begin(), heap_.end(), LaterFirst{});
      on_bucket_opened(static_cast<const std::vector<Event>&>(heap_));
    }
    std::pop_heap(heap_.begin(), heap_.end(), LaterFirst{});
    const Event event = heap_.back();
    heap_.pop_back();
    --size_;
    return event;
  }

 private:
  std::size_t bucket_of(double time) const {
    const double index = std::floor(std::max(0.0, time - first_day_) / bucket_days_);
    return std::min(static_cast<std::size_t>(index), buckets_.size() - 1);
  }

  double bucket_days_ = 1.0;
  double first_day_ = 0.0;
  std::vector<std::vector<Event>> buckets_;
  std::vector<Event> heap_;  // the events of bucket `current_`, as a heap
  std::size_t current_ = 0;
  std::size_t size_ = 0;
};

}  // namespace ehsim
