#pragma once
// A path in the system's temporary folder that belongs to this test process alone: the process id
// is part of the name, so two suites running at once (a developer's and CI's, or two build trees)
// never write into, or remove, each other's folders.

#include <unistd.h>

#include <filesystem>
#include <string>

namespace ehsim::test {

inline std::filesystem::path temp_path(const std::string& name) {
  return std::filesystem::temp_directory_path() /
         (name + "-" + std::to_string(static_cast<long>(::getpid())));
}

}  // namespace ehsim::test
