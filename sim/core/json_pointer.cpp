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

}  // namespace ehsim
