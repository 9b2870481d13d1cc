#pragma once
// Random streams that do not depend on threads or on the order families are simulated.
//
// Draws come from Philox4x32-10 (Random123, a counter-based generator that passes BigCrush) of
// the counter (draw number / 2, purpose, entity id, replication) under the key (master seed),
// each 128-bit block giving two draws. So
// the n-th draw of family f's "pathway" stream in replication r is the same number in every
// run and every scenario with that seed: that is what makes results bit-identical on any
// number of threads, and what gives common random numbers across scenarios.

#include <cstdint>

#include <Random123/philox.h>

namespace ehsim {

// What a stream is for. Separate purposes keep a new draw in one part of the model from
// shifting the numbers used by another.
enum class StreamPurpose : std::uint32_t {
  demographics = 1,  // a family's children, ages, locality, risk factors, initial state
  pathway = 2,       // times to transitions and choice of outcomes
  service = 3,       // waiting-list drop-out and other service events
  arrivals = 4,      // the county's stream of births and moves in (one per replication)
  calibration = 5,   // the calibration's own choices: starting points, proposals
  parameters =
      6,  // draws of uncertain numbers for sensitivity analysis (entity: a hash of the pointer)
};

class RandomStream {
 public:
  RandomStream(std::uint64_t seed, std::uint32_t replication, std::uint32_t entity,
               StreamPurpose purpose, std::uint32_t next_draw = 0)
      : key_{{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}},
        replication_(replication),
        entity_(entity),
        purpose_(static_cast<std::uint32_t>(purpose)),
        next_draw_(next_draw) {}

  // A uniform number in the open interval (0, 1), 53 bits of resolution: never 0 or 1, so it
  // is safe for log() and inverse distribution functions. One Philox block (128 bits) gives
  // two uniforms: draw 2k and 2k+1 share the block with counter k.
  double uniform() {
    const std::uint32_t block = next_draw_ >> 1;
    if (block != cached_block_) {
      const r123::Philox4x32::ctr_type counter{{block, purpose_, entity_, replication_}};
      cached_ = generator_(counter, key_);
      cached_block_ = block;
    }
    const unsigned half = (next_draw_++ & 1u) * 2u;
    const std::uint64_t bits = (static_cast<std::uint64_t>(cached_.v[half]) << 21) ^
                               static_cast<std::uint64_t>(cached_.v[half + 1]);
    const std::uint64_t mantissa = bits & ((std::uint64_t{1} << 53) - 1);
    return (static_cast<double>(mantissa) + 0.5) * 0x1.0p-53;
  }

  std::uint32_t draws_used() const { return next_draw_; }

 private:
  r123::Philox4x32 generator_;
  r123::Philox4x32::key_type key_;
  std::uint32_t replication_;
  std::uint32_t entity_;
  std::uint32_t purpose_;
  std::uint32_t next_draw_;
  std::uint32_t cached_block_ = 0xFFFFFFFFu;  // no block computed yet
  r123::Philox4x32::ctr_type cached_{};
};

}  // namespace ehsim
