#include "scenario/document.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace ehsim {
namespace {

using nlohmann::json;

struct TooDeep {};

// Line and column (1-based) of a byte offset, for syntax errors a person can find.
std::pair<std::size_t, std::size_t> line_and_column(const std::string& text, std::size_t byte) {
  std::size_t line = 1, column = 1;
  const std::size_t end = std::min(byte, text.size());
  for (std::size_t i = 0; i + 1 < end; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

// nlohmann's message is "[json.exception...] parse error at line L, column C: what"; keep "what".
std::string syntax_explanation(const std::string& what) {
  const auto colon = what.find(": ");
  std::string tail = colon == std::string::npos ? what : what.substr(colon + 2);
  return tail;
}

}  // namespace

bool parse_json_text(const std::string& text, const std::string& name, json& out,
                     Diagnostics& diags) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    diags.add(name, "", "the file is empty; expected a JSON object such as {\"name\": ...}");
    return false;
  }
  const json::parser_callback_t limit_depth = [](int depth, json::parse_event_t, json&) {
    if (depth > kMaxJsonDepth) throw TooDeep{};
    return true;
  };
  try {
    out = json::parse(text, limit_depth);
  } catch (const TooDeep&) {
    diags.add(name, "",
              fmt::format("JSON is nested more than {} levels deep; a scenario needs fewer than 10",
                          kMaxJsonDepth));
    return false;
  } catch (const json::parse_error& e) {
    const auto [line, column] = line_and_column(text, e.byte);
    diags.add(name, "",
              fmt::format("JSON syntax error at line {}, column {}: {}", line, column,
                          syntax_explanation(e.what())));
    return false;
  }
  return true;
}

bool parse_json_file(const std::filesystem::path& path, json& out, Diagnostics& diags) {
  const std::string name = path.string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    diags.add(name, "", "no such file (or it is not a regular file)");
    return false;
  }
  const auto size = std::filesystem::file_size(path, ec);
  if (ec || size > kMaxScenarioBytes) {
    diags.add(name, "",
              fmt::format("the file is {} bytes; a scenario must be under {} bytes", size,
                          kMaxScenarioBytes));
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags.add(name, "", "cannot be opened for reading");
    return false;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return parse_json_text(buffer.str(), name, out, diags);
}

const std::string& ResolvedDocument::origin_of(const std::string& pointer) const {
  for (std::size_t i = 0; i < own.size(); ++i) {
    try {
      if (own[i].contains(json::json_pointer(pointer))) return chain[i];
    } catch (const json::exception&) {
      // a pointer that does not fit this file's shape: the value is not from here
    }
  }
  return chain.front();
}

ResolvedDocument resolve_scenario_file(const std::filesystem::path& path, Diagnostics& diags) {
  ResolvedDocument doc;
  std::vector<std::filesystem::path> seen;
  std::filesystem::path current = path;
  while (true) {
    std::error_code ec;
    const auto canonical = std::filesystem::weakly_canonical(current, ec);
    for (const auto& earlier : seen) {
      if (earlier == canonical) {
        std::string cycle;
        for (const auto& file : doc.chain) cycle += file + " -> ";
        cycle += current.string();
        diags.add(doc.chain.back(), "/extends",
                  fmt::format("extends cycle: {}; a scenario may not extend itself, directly or "
                              "through others",
                              cycle));
        return doc;
      }
    }
    if (seen.size() >= static_cast<std::size_t>(kMaxExtendsChain)) {
      diags.add(doc.chain.back(), "/extends",
                fmt::format("extends chain is longer than {} files", kMaxExtendsChain));
      return doc;
    }
    if (!doc.chain.empty() && !std::filesystem::exists(current, ec)) {
      diags.add(doc.chain.back(), "/extends",
                fmt::format("the parent scenario '{}' does not exist; \"extends\" takes a path "
                            "relative to the file that names it",
                            current.string()));
      return doc;
    }
    json content;
    if (!parse_json_file(current, content, diags)) return doc;
    if (!content.is_object()) {
      diags.add(current.string(), "",
                fmt::format("the top level is a JSON {}; a scenario must be a JSON object {{...}}",
                            content.type_name()));
      return doc;
    }
    seen.push_back(canonical);
    doc.chain.push_back(current.string());
    std::optional<std::filesystem::path> parent;
    if (auto it = content.find("extends"); it != content.end()) {
      if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
        diags.add(current.string(), "/extends",
                  fmt::format("is a {}; expected the path of the parent scenario, as a string",
                              it->type_name()));
        return doc;
      }
      parent = current.parent_path() / it->get<std::string>();
      content.erase(it);
    }
    doc.own.push_back(std::move(content));
    if (!parent) break;
    current = *parent;
  }
  // Apply from the root ancestor down to the named file (RFC 7386: null deletes, arrays replace).
  doc.merged = json::object();
  for (auto it = doc.own.rbegin(); it != doc.own.rend(); ++it) doc.merged.merge_patch(*it);
  return doc;
}

}  // namespace ehsim
