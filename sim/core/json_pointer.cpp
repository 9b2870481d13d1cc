#include "core/json_pointer.hpp"

namespace ehsim {

std::string pointer_append(const std::string& pointer, const std::string& key) {
  std::string escaped;
  escaped.reserve(key.size());
  for (char c : key) {
    if (c == '~') {
      escaped += "~0";
    } else if (c == '/') {
      escaped += "~1";
    } else {
      escaped += c;
    }
  }
  return pointer + "/" + escaped;
}

std::string pointer_append(const std::string& pointer, std::size_t index) {
  return pointer + "/" + std::to_string(index);
}

std::vector<std::string> pointer_parts(const std::string& pointer) {
  std::vector<std::string> parts;
  std::size_t at = 1;
  while (at <= pointer.size()) {
    std::size_t end = pointer.find('/', at);
    if (end == std::string::npos) end = pointer.size();
    std::string part;
    for (std::size_t i = at; i < end; ++i) {
      if (pointer[i] == '~' && i + 1 < end) {
        part += pointer[++i] == '1' ? '/' : '~';
      } else {
        part += pointer[i];
      }
    }
    parts.push_back(std::move(part));
    at = end + 1;
  }
  return parts;
}

}  // namespace ehsim
