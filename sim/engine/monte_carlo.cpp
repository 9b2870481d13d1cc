#include "engine/monte_carlo.hpp"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "engine/process_group.hpp"

namespace ehsim {

int default_thread_count() {
  return tbb::info::default_concurrency();
}

std::vector<ReplicationTally> run_monte_carlo(const CompiledModel& model,
                                              const MonteCarloOptions& options) {
  std::vector<ReplicationTally> tallies(static_cast<std::size_t>(options.replications));
  const int threads = options.threads > 0 ? options.threads : default_thread_count();
  const ReplicationPlan plan(model, options.warm_up_model);
  // One workspace per thread: a replication's result does not depend on which one ran it.
  tbb::enumerable_thread_specific<ReplicationWorkspace> workspaces;
  // Under MPI each process runs its share of the replications and receives the others'
  // (engine/process_group.hpp); alone, the share is all of them.
  run_shared_across_processes(
      tallies,
      [&](int begin, int end) {
        tbb::task_arena arena(threads);
        arena.execute([&] {
          tbb::parallel_for(
              tbb::blocked_range<int>(begin, end, 1), [&](const tbb::blocked_range<int>& range) {
                ReplicationWorkspace& workspace = workspaces.local();
                for (int r = range.begin(); r != range.end(); ++r) {
                  // Also between replications: a small one may end before its first check.
                  if (options.cancel != nullptr && options.cancel->load()) throw Cancelled{};
                  tallies[static_cast<std::size_t>(r)] = run_replication(
                      plan, options.seed, options.first_replication + static_cast<std::uint32_t>(r),
                      workspace, options.cancel, options.warm_up_cache);
                  if (options.completed != nullptr) options.completed->fetch_add(1);
                }
              });
        });
      },
      options.completed);
  return tallies;
}

}  // namespace ehsim
