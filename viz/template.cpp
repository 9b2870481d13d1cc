#include "template.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "format.hpp"

namespace ehsim::viz {

std::string fill_template(std::string_view name, std::string_view text,
                          const TemplateValues& values) {
  std::vector<bool> used(values.size(), false);
  auto value_of = [&](std::string_view key) -> std::string_view {
    const auto it =
        std::find_if(values.begin(), values.end(), [&](const auto& v) { return v.first == key; });
    if (it == values.end()) {
      throw TemplateError(
          fmt::format("template {} uses {{{{{}}}}}, which the report does not give", name, key));
    }
    used[static_cast<std::size_t>(it - values.begin())] = true;
    return it->second;
  };
  std::string out;
  out.reserve(text.size());
  std::size_t at = 0;
  while (true) {
    const std::size_t open = text.find("{{", at);
    out.append(
        text.substr(at, open == std::string_view::npos ? std::string_view::npos : open - at));
    if (open == std::string_view::npos) break;
    const bool raw = text.substr(open, 3) == "{{{";
    const std::string_view close_tag = raw ? "}}}" : "}}";
    const std::size_t inner = open + close_tag.size();
    const std::size_t close = text.find(close_tag, inner);
    if (close == std::string_view::npos) {
      throw TemplateError(
          fmt::format("template {} has an unclosed {} at byte {}", name, raw ? "{{{" : "{{", open));
    }
    at = close + close_tag.size();
    const std::string_view key = text.substr(inner, close - inner);
    if (!raw && key.starts_with('!')) {
      if (at < text.size() && text[at] == '\n') ++at;
      continue;
    }
    const std::string_view value = value_of(key);
    out += raw ? std::string(value) : html_escape(std::string(value));
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!used[i]) {
      throw TemplateError(fmt::format("template {} does not use {{{{{}}}}}, which the report gives",
                                      name, values[i].first));
    }
  }
  return out;
}

}  // namespace ehsim::viz
