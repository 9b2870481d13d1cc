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
  // Events from `first_day` (which may be negative: a warm-up before the start) to the horizon.
  explicit CalendarQueue(double horizon_days, double bucket_days = 1.0, double first_day = 0.0)
      : bucket_days_(bucket_days),
        first_day_(first_day),
        buckets_(static_cast<std::size_t>(std::max(
                     1.0, std::ceil((horizon_days - first_day) / bucket_days))) +
                 1) {}

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

  double bucket_days_;
  double first_day_;
  std::vector<std::vector<Event>> buckets_;
  std::vector<Event> heap_;  // the events of bucket `current_`, as a heap
  std::size_t current_ = 0;
  std::size_t size_ = 0;
};

}  // namespace ehsim
