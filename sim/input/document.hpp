#pragma once
// Reading scenario files: JSON syntax with line and column, a nesting limit, and the "extends"
// chain applied as JSON Merge Patch (RFC 7386), with the file each value came from.

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/diagnostics.hpp"

namespace ehsim {

// Objects and arrays may nest this many levels, counting the top-level object as level 1.
inline constexpr int kMaxJsonDepth = 64;
inline constexpr int kMaxExtendsChain = 32;
inline constexpr std::uintmax_t kMaxScenarioBytes = 16u * 1024u * 1024u;

// Parse one JSON file. Returns false (and adds a diagnostic) on any problem: missing file,
// too large, syntax error (with line and column), nesting deeper than kMaxJsonDepth, a number
// too large for a double, a key repeated in one object.
bool parse_json_file(const std::filesystem::path& path, nlohmann::json& out, Diagnostics& diags);
// The same for text already in memory; `name` is used in messages.
bool parse_json_text(const std::string& text, const std::string& name, nlohmann::json& out,
                     Diagnostics& diags);

struct ResolvedDocument {
  nlohmann::json merged;            // the scenario after applying every "extends"
  std::vector<std::string> chain;   // files, the named one first, then its parent, ...
  std::vector<nlohmann::json> own;  // each file's own content, without "extends"
  // Pointers whose values were set in memory by a ParameterSet (input/parameters.hpp), and
  // what set them: messages about those values name it instead of a file.
  std::vector<std::string> overridden;
  std::string override_origin;

  // The file that set the value at `pointer`: the nearest file in the chain containing it.
  const std::string& origin_of(const std::string& pointer) const;
};

// Load `path`, follow its "extends" chain and merge. Problems go to `diags`; the result is
// only meaningful when no diagnostics were added.
ResolvedDocument resolve_scenario_file(const std::filesystem::path& path, Diagnostics& diags);

}  // namespace ehsim
