#pragma once
// Writing outputs whole or not at all: each file goes to a temporary name in the same
// directory and is renamed into place only when everything has been written.

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace ehsim {

// Writes every (name, content) into `dir` atomically per file; all temporary files are written
// before any is renamed, so an error leaves the previous outputs untouched.
void write_files_atomically(const std::filesystem::path& dir,
                            const std::vector<std::pair<std::string, std::string>>& files);

// ISO 8601 UTC time, for manifests.
std::string utc_now_iso8601();

}  // namespace ehsim
