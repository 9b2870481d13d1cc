#pragma once
// The pending-event set of one replication: a calendar queue. Events are filed into one-day
// buckets; only the bucket being processed is kept as a binary heap. A county holds hundreds of
// thousands of pending events, and a single heap of them makes every push and pop a chain of
// cache misses; with buckets a push is an append and a pop works on a heap of a few hundred.
// Events leave in exactly the order (time, then tie-break key) a single heap would give, so
// the choice of queue cannot change results.
//
// A day's events wait in a chain of fixed-size chunks drawn from one pool, and the chunks go
// back to the pool when the day is opened. So the queue holds about as much memory as there are
// events pending, and the pool is reused from day to day and from one replication to the next.
// (One growing vector per day kept each day's largest size after the day had passed: over a
// replication, room for every event it ever filed, about 2 GB a thread for England.)
//
// Days are grouped in blocks of 32. An event for a later block waits in that block's chain and
// is moved to its day's chain when the block begins. Most events are filed years ahead, at a day
// touched at random; a block's chain takes them where the last one went (the ends of some 170
// block chains stay in the cache), and the move into days works through one block's 32 days at
// a time. A push is then an append to memory already at hand, not a cache miss.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/huge_pages.hpp"

namespace ehsim {

template <typename Event, typename LaterFirst>
class CalendarQueue {
 public:
  CalendarQueue() = default;

  // Events from `first_day` (which may be negative: a warm-up before the start) to the horizon.
  explicit CalendarQueue(double horizon_days, double bucket_days = 1.0, double first_day = 0.0) {
    reset(horizon_days, bucket_days, first_day);
  }

  // Empties the queue for a new span of days. The chunk pool keeps the memory it has grown to,
  // so a queue reused from one replication to the next stops allocating after the first.
  void reset(double horizon_days, double bucket_days = 1.0, double first_day = 0.0) {
    bucket_days_ = bucket_days;
    first_day_ = first_day;
    buckets_.assign(static_cast<std::size_t>(
                        std::max(1.0, std::ceil((horizon_days - first_day) / bucket_days))) +
                        1,
                    Bucket{});
    blocks_.assign((buckets_.size() + kBlockBuckets - 1) / kBlockBuckets, Bucket{});
    chunks_.clear();
    free_chunks_.clear();
    heap_.clear();
    current_ = 0;
    size_ = 0;
  }

  // Drops every pending event for which `discard(event)` is true. The others leave in the order
  // they would have left in anyway: the order is a property of the events, not of the queue.
  template <typename Discard>
  void discard_if(Discard&& discard) {
    const auto kept = std::remove_if(heap_.begin(), heap_.end(), discard);
    size_ -= static_cast<std::size_t>(heap_.end() - kept);
    heap_.erase(kept, heap_.end());
    std::make_heap(heap_.begin(), heap_.end(), LaterFirst{});
    for (std::size_t b = current_ + 1; b < buckets_.size(); ++b) discard_in(buckets_[b], discard);
    for (std::size_t k = block_of(current_) + 1; k < blocks_.size(); ++k)
      discard_in(blocks_[k], discard);
  }

  // `event.time` must not be earlier than the last popped event's time.
  void push(const Event& event) {
    const std::size_t bucket = bucket_of(event.time);
    if (bucket <= current_) {
      heap_.push_back(event);
      std::push_heap(heap_.begin(), heap_.end(), LaterFirst{});
    } else if (block_of(bucket) == block_of(current_)) {
      append(buckets_[bucket], event);
    } else {
      append(blocks_[block_of(bucket)], event);
    }
    ++size_;
  }

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  std::size_t buckets() const { return buckets_.size(); }

  // The memory the queue holds: its pool of chunks (whether in use or free), its days and the
  // open day's heap.
  std::size_t bytes() const {
    return chunks_.capacity() * sizeof(Chunk) +
           (buckets_.capacity() + blocks_.capacity()) * sizeof(Bucket) +
           free_chunks_.capacity() * sizeof(std::uint32_t) + heap_.capacity() * sizeof(Event);
  }

  // `on_bucket_opened(events)` is called with the events of each day as it is opened, before
  // any of them is processed: the caller can prefetch what they will touch.
  template <typename OnBucketOpened>
  Event pop(OnBucketOpened&& on_bucket_opened) {
    while (heap_.empty()) {
      ++current_;
      if (current_ % kBlockBuckets == 0) spread_block(current_ / kBlockBuckets);
      open(buckets_[current_]);
      on_bucket_opened(static_cast<const std::vector<Event>&>(heap_));
    }
    std::pop_heap(heap_.begin(), heap_.end(), LaterFirst{});
    const Event event = heap_.back();
    heap_.pop_back();
    --size_;
    return event;
  }

 private:
  // 32 events: a kilobyte for the engine's 32-byte events. A day holds at most one chunk that is
  // not full, so the pool's slack is a chunk per day with events pending.
  static constexpr std::uint32_t kChunkEvents = 32;
  static constexpr std::uint32_t kNoChunk = UINT32_MAX;
  static constexpr std::size_t kBlockBuckets = 32;

  struct Chunk {
    std::array<Event, kChunkEvents> events;
    std::uint32_t count;
    std::uint32_t next;  // the day's next chunk, or kNoChunk
  };
  struct Bucket {
    std::uint32_t first = kNoChunk, last = kNoChunk;
  };

  std::size_t bucket_of(double time) const {
    const double index = std::floor(std::max(0.0, time - first_day_) / bucket_days_);
    return std::min(static_cast<std::size_t>(index), buckets_.size() - 1);
  }

  static std::size_t block_of(std::size_t bucket) { return bucket / kBlockBuckets; }

  // The block beginning now: its events move to their days' chains, in the order they came.
  void spread_block(std::size_t block) {
    if (block >= blocks_.size()) return;
    Bucket& waiting = blocks_[block];
    for (std::uint32_t c = waiting.first; c != kNoChunk;) {
      for (std::uint32_t i = 0; i < chunks_[c].count; ++i) {
        const Event event = chunks_[c].events[i];
        append(buckets_[bucket_of(event.time)], event);
      }
      free_chunks_.push_back(c);
      c = chunks_[c].next;
    }
    waiting = Bucket{};
  }

  std::uint32_t take_chunk() {
    std::uint32_t c;
    if (!free_chunks_.empty()) {
      c = free_chunks_.back();
      free_chunks_.pop_back();
    } else {
      if (chunks_.size() == chunks_.capacity()) grow_pool();
      c = static_cast<std::uint32_t>(chunks_.size());
      chunks_.emplace_back();
    }
    chunks_[c].count = 0;
    chunks_[c].next = kNoChunk;
    return c;
  }

  // Doubles the pool's room. The pool is the queue's largest array, touched at random by every
  // push: it asks for huge pages, so those pushes do not also miss the address translation cache.
  void grow_pool() {
    chunks_.reserve(std::max<std::size_t>(64, 2 * chunks_.capacity()));
    advise_huge_pages(chunks_.data(), chunks_.capacity() * sizeof(Chunk));
  }

  void append(Bucket& bucket, const Event& event) {
    if (bucket.last == kNoChunk || chunks_[bucket.last].count == kChunkEvents) {
      const std::uint32_t c = take_chunk();
      if (bucket.last == kNoChunk) {
        bucket.first = c;
      } else {
        chunks_[bucket.last].next = c;
      }
      bucket.last = c;
    }
    Chunk& chunk = chunks_[bucket.last];
    chunk.events[chunk.count++] = event;
  }

  // The day's events, in the order they were filed, become the heap; its chunks go back to the
  // pool.
  void open(Bucket& bucket) {
    for (std::uint32_t c = bucket.first; c != kNoChunk;) {
      const Chunk& chunk = chunks_[c];
      heap_.insert(heap_.end(), chunk.events.begin(), chunk.events.begin() + chunk.count);
      free_chunks_.push_back(c);
      c = chunk.next;
    }
    bucket = Bucket{};
    std::make_heap(heap_.begin(), heap_.end(), LaterFirst{});
  }

  // Keeps a day's events for which `discard` is false, in their order, packed into the day's
  // first chunks; the chunks left empty go back to the pool.
  template <typename Discard>
  void discard_in(Bucket& bucket, Discard& discard) {
    if (bucket.first == kNoChunk) return;
    std::uint32_t write_chunk = bucket.first;
    std::uint32_t write_at = 0;
    for (std::uint32_t c = bucket.first; c != kNoChunk; c = chunks_[c].next) {
      for (std::uint32_t i = 0; i < chunks_[c].count; ++i) {
        const Event event = chunks_[c].events[i];
        if (discard(event)) {
          --size_;
          continue;
        }
        if (write_at == kChunkEvents) {
          write_chunk = chunks_[write_chunk].next;
          write_at = 0;
        }
        chunks_[write_chunk].events[write_at++] = event;
      }
    }
    // The chunks after the one written last are empty now.
    for (std::uint32_t c = chunks_[write_chunk].next; c != kNoChunk; c = chunks_[c].next) {
      free_chunks_.push_back(c);
    }
    chunks_[write_chunk].next = kNoChunk;
    chunks_[write_chunk].count = write_at;
    bucket.last = write_chunk;
    if (write_at == 0) {  // nothing kept: the first chunk is empty too
      free_chunks_.push_back(write_chunk);
      bucket = Bucket{};
    }
  }

  double bucket_days_ = 1.0;
  double first_day_ = 0.0;
  std::vector<Bucket> buckets_;             // a chain of events for each day of the current block
  std::vector<Bucket> blocks_;              // a chain for each later block of kBlockBuckets days
  std::vector<Chunk> chunks_;               // the pool: every chunk ever taken, in use or free
  std::vector<std::uint32_t> free_chunks_;  // chunks back in the pool, the latest last
  std::vector<Event> heap_;                 // the events of bucket `current_`, as a heap
  std::size_t current_ = 0;
  std::size_t size_ = 0;
};

}  // namespace ehsim
