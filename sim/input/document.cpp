#include "input/document.hpp"

#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "input/reader.hpp"

namespace ehsim {
namespace {

using nlohmann::json;

struct TooDeep {};

// Line and column (1-based) of a byte offset, for syntax errors a person can find. Columns count
// characters, not bytes: UTF-8 continuation bytes (10xxxxxx) do not start a new column.
std::pair<std::size_t, std::size_t> line_and_column(const std::string& text, std::size_t byte) {
  std::size_t line = 1, column = 1;
  const std::size_t end = std::min(byte, text.size());
  for (std::size_t i = 0; i + 1 < end; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((c & 0xC0u) != 0x80u) {
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

// Follows the parse through nlohmann's callback: refuses nesting deeper than kMaxJsonDepth
// containers (the top-level value is level 1), records repeated keys, and knows the JSON pointer
// of the value being read, so that a number too large for a double can be located.
class ParseWatcher {
 public:
  bool operator()(int, json::parse_event_t event, const json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
        open(false);
        break;
      case json::parse_event_t::array_start:
        open(true);
        break;
      case json::parse_event_t::key:
        on_key(parsed.get<std::string>());
        break;
      case json::parse_event_t::value:
        element_done();
        break;
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        frames_.pop_back();
        element_done();
        break;
    }
    return true;
  }

  const std::vector<std::string>& duplicates() const { return duplicates_; }

  // The pointer of the value being read when the parse stopped.
  std::string pointer() const { return pointer_of(frames_.size()); }

 private:
  struct Frame {
    bool array = false;
    std::size_t index = 0;  // arrays: the element being read
    std::string key;        // objects: the member being read
    std::set<std::string> keys;
  };

  void open(bool array) {
    if (frames_.size() >= static_cast<std::size_t>(kMaxJsonDepth)) throw TooDeep{};
    frames_.push_back(Frame{array, 0, {}, {}});
  }

  void on_key(const std::string& key) {
    Frame& top = frames_.back();
    top.key = key;
    if (!top.keys.insert(key).second) duplicates_.push_back(pointer_of(frames_.size()));
  }

  void element_done() {
    if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
  }

  std::string pointer_of(std::size_t depth) const {
    std::string pointer;
    for (std::size_t i = 0; i < depth; ++i) {
      const Frame& f = frames_[i];
      pointer = f.array ? pointer_append(pointer, f.index) : pointer_append(pointer, f.key);
    }
    return pointer;
  }

  std::vector<Frame> frames_;
  std::vector<std::string> duplicates_;
};

void report_duplicates(const std::vector<std::string>& pointers, const std::string& name,
                       Diagnostics& diags) {
  for (const auto& pointer : pointers) {
    diags.add(name, pointer,
              "this key appears more than once in the same object; keep one (JSON readers "
              "disagree about which one wins)");
  }
}

// nlohmann's message for 1e400 is "... number overflow parsing '1e400'"; keep the number.
std::string overflowing_number(const std::string& what) {
  const auto open = what.find('\'');
  const auto close = what.rfind('\'');
  if (open == std::string::npos || close <= open) return "a number";
  return what.substr(open + 1, close - open - 1);
}

// The "extends" value of `file`: a non-empty string.
bool extends_is_valid(const json& value, const std::string& file, Diagnostics& diags) {
  if (!value.is_string()) {
    diags.add(file, "/extends",
              fmt::format("is {}; expected the path of the parent scenario, as a string",
                          describe_type(value)));
    return false;
  }
  if (value.get_ref<const std::string&>().empty()) {
    diags.add(file, "/extends",
              "is an empty string; expected the path of the parent scenario file, relative to "
              "this file (or remove \"extends\")");
    return false;
  }
  return true;
}

// The parent named by `child`'s "extends" exists and is a file; problems are the child's.
bool parent_is_usable(const std::filesystem::path& parent, const std::string& child,
                      Diagnostics& diags) {
  std::error_code ec;
  if (!std::filesystem::exists(parent, ec)) {
    diags.add(child, "/extends",
              fmt::format("the parent scenario '{}' does not exist; \"extends\" takes a path "
                          "relative to the file that names it",
                          parent.string()));
    return false;
  }
  if (!std::filesystem::is_regular_file(parent, ec)) {
    diags.add(child, "/extends",
              fmt::format("names '{}', which is {}; expected the path of a parent scenario file, "
                          "relative to the file that names it",
                          parent.string(),
                          std::filesystem::is_directory(parent, ec) ? "a directory"
                                                                    : "not a regular file"));
    return false;
  }
  return true;
}

}  // namespace

bool parse_json_text(const std::string& text, const std::string& name, json& out,
                     Diagnostics& diags) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    diags.add(name, "", "the file is empty; expected a JSON object such as {\"name\": ...}");
    return false;
  }
  ParseWatcher watcher;
  const json::parser_callback_t callback = [&watcher](int depth, json::parse_event_t event,
                                                      json& parsed) {
    return watcher(depth, event, parsed);
  };
  try {
    out = json::parse(text, callback);
  } catch (const TooDeep&) {
    diags.add(name, "",
              fmt::format("JSON is nested more than {} levels deep (counting the top-level object "
                          "as level 1); a scenario needs fewer than 10",
                          kMaxJsonDepth));
    return false;
  } catch (const json::parse_error& e) {
    const auto [line, column] = line_and_column(text, e.byte);
    diags.add(name, "",
              fmt::format("JSON syntax error at line {}, column {}: {}", line, column,
                          syntax_explanation(e.what())));
    return false;
  } catch (const json::out_of_range& e) {
    diags.add(name, watcher.pointer(),
              fmt::format("the number {} is too large to hold (the largest allowed is about "
                          "1.8e308); write a number in the range this key allows",
                          overflowing_number(e.what())));
    return false;
  } catch (const json::exception& e) {
    diags.add(name, watcher.pointer(),
              fmt::format("the JSON cannot be read: {}", syntax_explanation(e.what())));
    return false;
  }
  report_duplicates(watcher.duplicates(), name, diags);
  return watcher.duplicates().empty();
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
  for (const auto& set : overridden) {  // the number, or the "value" of a sourced number
    if (pointer == set || pointer == set + "/value") return override_origin;
  }
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
    if (!doc.chain.empty() && !parent_is_usable(current, doc.chain.back(), diags)) return doc;
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
      if (!extends_is_valid(*it, current.string(), diags)) return doc;
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
