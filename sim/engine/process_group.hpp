#pragma once
// Several processes (MPI ranks, on one machine or many) sharing the work of one ehsim command.
//
// Every process runs the whole command identically; only the Monte Carlo is split. Each
// process runs its share of the replication indices and all of them then receive every
// tally, in replication order, so everything after a Monte Carlo (summaries, economics, the
// staffing search's next step, a calibration's next point, the next PSA parameter set) is
// computed identically everywhere, and only the primary process writes files and prints.
//
// The group describes the process, as the number of cores does, so it is set once for the
// process (by the program, when it was started by mpirun or srun), not passed down. Without a
// group, or in a group of one, run_monte_carlo behaves exactly as it always has.

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "engine/tally.hpp"

namespace ehsim {

class ProcessGroup {
 public:
  virtual ~ProcessGroup() = default;
  virtual int rank() const = 0;  // 0 is the primary process
  virtual int size() const = 0;
  // Collective (every process calls it, in the same order): each process's bytes in, every
  // process's bytes out, indexed by rank.
  virtual std::vector<std::string> all_gather(const std::string& mine) = 0;
};

// The process's group; nullptr (the default) is a process working alone. Not owned.
void set_process_group(ProcessGroup* group);
ProcessGroup* process_group();

// True in a process working alone, and in rank 0 of a group: the one that writes and prints.
bool is_primary_process();

// Replications [begin, end) of `replications` are process `rank`'s of `size`: contiguous
// blocks in rank order, the first `replications % size` one longer.
struct ReplicationShare {
  int begin = 0, end = 0;
};
ReplicationShare replication_share(int replications, int rank, int size);

// Runs `run_range(begin, end)` for this process's share of tallies' indices, then fills every
// index from the process that ran it. The processes agree on failures first: if any process
// was cancelled or failed, every process throws (Cancelled, or std::runtime_error naming the
// process), so no process is left waiting for tallies that will not come. `completed`, when
// given, is advanced by the replications the other processes ran once they arrive.
void run_shared_across_processes(std::vector<ReplicationTally>& tallies,
                                 const std::function<void(int begin, int end)>& run_range,
                                 std::atomic<int>* completed);

// Runs `decide` on the primary process only (a check with side effects, such as trying to
// create the output directory), and makes its outcome every process's: an InputError it
// throws is thrown, with the same message, on every process. Alone, it just runs `decide`.
void decide_on_primary(const std::function<void()>& decide);

}  // namespace ehsim
