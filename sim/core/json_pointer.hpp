#pragma once
// JSON pointers (RFC 6901): how every message, parameter override and target names a value.

#include <cstddef>
#include <string>
#include <vector>

namespace ehsim {

// `pointer` with one more reference token: a key (escaped: ~ as ~0, / as ~1) or an index.
std::string pointer_append(const std::string& pointer, const std::string& key);
std::string pointer_append(const std::string& pointer, std::size_t index);

// "/a/b~1c" -> {"a", "b/c"}: a pointer's reference tokens, unescaped.
std::vector<std::string> pointer_parts(const std::string& pointer);

}  // namespace ehsim
