#pragma once
// The program's version and the git commit it was built from (captured at build time; "-dirty"
// when the tree had uncommitted changes), for provenance in every output.

namespace ehsim {

const char* version();
const char* git_commit();

// The version of every output file's layout (summary.json, manifest.json, comparison.json,
// fit.json): written into each, and checked when a file is read back.
inline constexpr int kOutputSchemaVersion = 1;

}  // namespace ehsim
