#pragma once
// The program's version and the git commit it was built from (captured at build time; "-dirty"
// when the tree had uncommitted changes), for provenance in every output.

namespace ehsim {

const char* version();
const char* git_commit();

}  // namespace ehsim
