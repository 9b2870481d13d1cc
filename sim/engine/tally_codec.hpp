#pragma once
// Replication tallies as bytes, to send them between processes (MPI ranks) and back unchanged:
// every double and count is copied bit for bit, so a run split over processes summarises to
// exactly the bytes of a run in one process.
//
// The format is explicit, not a memory dump of the struct: a header ("EHTL", format version,
// a byte-order mark, the number of tallies), then per tally its four dimensions, its counters
// and each array as a length followed by its elements, in the order of tally_codec.cpp. Both
// ends must be the same build of ehsim on machines of the same byte order (checked).

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "engine/tally.hpp"

namespace ehsim {

std::string encode_tallies(std::span<const ReplicationTally> tallies);

// Throws std::runtime_error on bytes that are not a whole encoding of this format.
std::vector<ReplicationTally> decode_tallies(const std::string& bytes);

}  // namespace ehsim
