#pragma once
// Writing outputs whole or not at all: each file goes to a temporary name in its directory and
// is renamed into place only when every file has been written. And output directories that
// cannot be lost or mixed: one that already holds results is refused unless forced, one that
// cannot be written is found before any simulation, and every file of a run carries its run id.

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace ehsim {

// Writes every (name, content) into `dir` atomically per file; all temporary files are written
// before any is renamed, so an error (a full disk, a kill) leaves the previous outputs
// untouched. A name may have directories in it ("scenarios/base/summary.json"): they are made.
//
// Test hook: when the environment variable EHSIM_TEST_FAIL_WRITE_AFTER is a number N, the write
// fails as a full disk would after N temporary files have been written.
void write_files_atomically(const std::filesystem::path& dir,
                            const std::vector<std::pair<std::string, std::string>>& files);

// ISO 8601 UTC time, for manifests.
std::string utc_now_iso8601();

// The names of ehsim's result files (and the scenarios/ folder of a comparison) in `dir`,
// relative to it: what a new run there would replace or mix with. Empty when there are none.
std::vector<std::string> results_in_directory(const std::filesystem::path& dir);

// Checks before anything is simulated that `dir` can take a command's outputs. Throws
// InputError (exit 2) naming `option` when the path is a file, cannot be created or written,
// or already holds results and `force` is false (naming the files and the run that wrote them).
// Leaves nothing behind: a directory it had to create to test is removed again.
void check_output_directory(const std::filesystem::path& dir, const std::string& option,
                            bool force);

// After a forced write: removes ehsim's result files in `dir` that this run did not write
// (`written`, relative names), so the directory holds one run's results only.
void remove_other_results(const std::filesystem::path& dir,
                          const std::vector<std::string>& written);

// The run ids recorded by the result files in `dir` (comparison.json, manifest.json,
// summary.json, and the same under scenarios/*/), as (file, run id); a file written before run
// ids existed has an empty id.
std::vector<std::pair<std::string, std::string>> run_ids_in_directory(
    const std::filesystem::path& dir);

}  // namespace ehsim
