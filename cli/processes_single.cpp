// A build without MPI: ehsim is always one process on its own.
#include <cstdlib>
#include <string>

#include <fmt/format.h>

#include "processes.hpp"
#include "subcommand.hpp"

namespace ehsim::cli {

namespace {

// How many processes an MPI launcher started with this one (Open MPI's mpirun; MPICH's and
// srun's PMI), or 1.
int launched_processes() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"}) {
    if (const char* value = std::getenv(name); value != nullptr) return std::atoi(value);
  }
  return 1;
}

}  // namespace

// Several copies of a build without MPI would each run the whole command and write the same
// files at once: refused before anything is read.
Processes::Processes(int&, char**&) {
  if (const int n = launched_processes(); n > 1) {
    fmt::print(stderr,
               "ehsim: started as one of {} MPI processes, but this ehsim was built without MPI: "
               "install libopenmpi-dev and rebuild (docs/performance.md, \"Many machines\"), or "
               "run it without mpirun\n",
               n);
    std::exit(kExitBadInput);
  }
}

Processes::~Processes() = default;

int Processes::finish(int exit_code) {
  return exit_code;
}

}  // namespace ehsim::cli
