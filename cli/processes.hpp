#pragma once
// The processes this command runs in. Started by mpirun or srun in a build with MPI, ehsim is
// one of several ranks that share the Monte Carlo (engine/process_group.hpp); otherwise, and
// always in a build without MPI, it is one process on its own, exactly as before.

namespace ehsim::cli {

class Processes {
 public:
  // Joins the MPI job when there is one. On every rank but the primary (rank 0), what the
  // command prints goes to a temporary file instead: it is shown only if that rank fails alone.
  Processes(int& argc, char**& argv);
  ~Processes();
  Processes(const Processes&) = delete;
  Processes& operator=(const Processes&) = delete;

  // Leaves the MPI job and returns the exit code to use; see processes_mpi.cpp for how a rank
  // that fails alone stops the others instead of waiting for them.
  int finish(int exit_code);
};

}  // namespace ehsim::cli
