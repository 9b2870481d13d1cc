// A build with MPI. Started by mpirun or srun, ehsim joins the job and shares every Monte
// Carlo run's replications among the ranks (engine/process_group.hpp); started on its own it
// never initialises MPI, so it behaves, and costs, exactly as a build without MPI.
//
// How a job ends without a rank waiting for ever. MPI_Finalize waits for every rank (Open MPI
// synchronises there), and a rank in an exchange of tallies waits for every rank too, so a rank
// that stops early must not simply finalise while the others still run:
//
//  - Bad input (exit 2) is found by every rank alike: every rank reads the same files with the
//    same code, and the checks with side effects (the output directory) are made by rank 0
//    alone and shared (decide_on_primary). Such an error reaches every rank at the same point,
//    so all arrive at the exit together, finalise, and exit with the same code; only rank 0's
//    message is seen.
//  - A rank that stops on its own (a failure only it meets, such as a file it cannot read on
//    its node) waits at the exit for the others only kAloneAfter; if they have not come by then
//    they are busy elsewhere, and it shows what it printed and ends the job with MPI_Abort.
//  - A failure or Ctrl-C during a Monte Carlo is agreed in the exchange itself: every rank
//    throws, so every rank exits together (130 for Ctrl-C: mpirun passes it on as SIGTERM).
#include <mpi.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <unistd.h>

#include "engine/process_group.hpp"
#include "processes.hpp"

namespace ehsim::cli {

namespace {

// Long enough for every rank to reach an error found on every rank (they leave each exchange
// of tallies together); short enough not to keep a failed job's nodes for long.
constexpr std::chrono::seconds kAloneAfter{30};
// MPI counts in int: larger messages go in pieces.
constexpr std::size_t kPiece = std::size_t{1} << 30;

// Set by mpirun (Open MPI), by PMIx launchers (Open MPI, srun --mpi=pmix) or PMI-1/2 ones
// (MPICH, srun --mpi=pmi2) in each process they start.
bool started_by_mpi_launcher() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK"}) {
    if (std::getenv(name) != nullptr) return true;
  }
  return false;
}

class MpiProcessGroup final : public ProcessGroup {
 public:
  explicit MpiProcessGroup(MPI_Comm comm) : comm_(comm) {
    MPI_Comm_rank(comm_, &rank_);
    MPI_Comm_size(comm_, &size_);
  }
  int rank() const override { return rank_; }
  int size() const override { return size_; }

  // Every rank's length, then each rank's bytes broadcast from it in turn (in pieces that fit
  // MPI's int counts, so no total is too large for an MPI_Allgatherv's int displacements).
  std::vector<std::string> all_gather(const std::string& mine) override {
    std::vector<std::uint64_t> lengths(static_cast<std::size_t>(size_));
    const std::uint64_t length = mine.size();
    MPI_Allgather(&length, 1, MPI_UINT64_T, lengths.data(), 1, MPI_UINT64_T, comm_);
    std::vector<std::string> all(static_cast<std::size_t>(size_));
    for (int root = 0; root < size_; ++root) {
      std::string& bytes = all[static_cast<std::size_t>(root)];
      bytes = root == rank_ ? mine : std::string(lengths[static_cast<std::size_t>(root)], '\0');
      for (std::size_t at = 0; at < bytes.size(); at += kPiece) {
        const auto piece = static_cast<int>(std::min(kPiece, bytes.size() - at));
        MPI_Bcast(bytes.data() + at, piece, MPI_BYTE, root, comm_);
      }
    }
    return all;
  }

 private:
  MPI_Comm comm_;
  int rank_ = 0, size_ = 1;
};

struct Job {
  MPI_Comm work = MPI_COMM_NULL;  // the exchanges of tallies and verdicts
  MPI_Comm exit = MPI_COMM_NULL;  // the exit agreement, apart so it never meets an exchange
  std::unique_ptr<MpiProcessGroup> group;
  std::FILE* captured = nullptr;  // a non-primary rank's stdout and stderr
  int real_stderr = -1;
};

Job* g_job = nullptr;

// Non-primary ranks print nothing (the primary prints the same) unless they fail alone.
void capture_output(Job& job) {
  std::fflush(stdout);
  std::fflush(stderr);
  job.captured = std::tmpfile();
  if (job.captured == nullptr) return;  // then they print as rank 0 does: noisy, not wrong
  job.real_stderr = ::dup(STDERR_FILENO);
  ::dup2(::fileno(job.captured), STDOUT_FILENO);
  ::dup2(::fileno(job.captured), STDERR_FILENO);
}

// What a rank that failed alone printed, on the terminal, under a line saying which rank.
void show_captured_output(const Job& job, int exit_code) {
  std::fflush(stdout);
  std::fflush(stderr);
  const int rank = job.group->rank(), size = job.group->size();
  std::string text = fmt::format(
      "ehsim: process {} of {} stopped on its own (exit code {}) while the others ran on; "
      "stopping them all\n",
      rank, size, exit_code);
  if (job.captured != nullptr) {
    std::rewind(job.captured);
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, job.captured)) > 0;) {
      text.append(buffer, n);
    }
  }
  const int fd = job.real_stderr >= 0 ? job.real_stderr : STDERR_FILENO;
  for (std::size_t at = 0; at < text.size();) {
    const ssize_t n = ::write(fd, text.data() + at, text.size() - at);
    if (n <= 0) break;
    at += static_cast<std::size_t>(n);
  }
}

// True when every rank reached the exit, within kAloneAfter unless told to wait for ever.
bool all_ranks_exit(const Job& job, bool wait_for_ever) {
  MPI_Request request;
  MPI_Ibarrier(job.exit, &request);
  if (wait_for_ever) {
    MPI_Wait(&request, MPI_STATUS_IGNORE);
    return true;
  }
  const auto give_up = std::chrono::steady_clock::now() + kAloneAfter;
  for (int done = 0;;) {
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    if (done != 0) return true;
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace

Processes::Processes(int& argc, char**& argv) {
  if (!started_by_mpi_launcher()) return;
  // Only the main thread calls MPI; oneTBB's worker threads never do.
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  g_job = new Job;
  MPI_Comm_dup(MPI_COMM_WORLD, &g_job->work);
  MPI_Comm_dup(MPI_COMM_WORLD, &g_job->exit);
  g_job->group = std::make_unique<MpiProcessGroup>(g_job->work);
  set_process_group(g_job->group.get());
  if (g_job->group->rank() != 0) {
    capture_output(*g_job);
  } else if (g_job->group->size() > 1) {
    // Says that the split is working (the MPI test looks for it), once, before anything else.
    fmt::print(stderr, "ehsim: {} processes (MPI ranks) share the replications; rank 0 writes\n",
               g_job->group->size());
  }
}

// finish() ends the job; an exception escaping main ends the process without it, and mpirun
// then stops the other ranks.
Processes::~Processes() = default;

int Processes::finish(int exit_code) {
  if (g_job == nullptr) return exit_code;
  std::fflush(stdout);
  std::fflush(stderr);
  if (!all_ranks_exit(*g_job, exit_code == 0)) {
    show_captured_output(*g_job, exit_code);
    MPI_Abort(MPI_COMM_WORLD, exit_code);
  }
  set_process_group(nullptr);
  MPI_Comm_free(&g_job->work);
  MPI_Comm_free(&g_job->exit);
  if (g_job->captured != nullptr) std::fclose(g_job->captured);
  delete g_job;
  g_job = nullptr;
  MPI_Finalize();
  return exit_code;
}

}  // namespace ehsim::cli
