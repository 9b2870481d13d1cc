#include "core/files.hpp"

#include <chrono>
#include <fstream>
#include <stdexcept>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <unistd.h>

namespace ehsim {

void write_files_atomically(const std::filesystem::path& dir,
                            const std::vector<std::pair<std::string, std::string>>& files) {
  std::filesystem::create_directories(dir);
  std::vector<std::pair<std::filesystem::path, std::filesystem::path>> renames;
  try {
    for (const auto& [name, content] : files) {
      const auto final_path = dir / name;
      const auto temp_path = dir / fmt::format(".{}.tmp-{}", name, ::getpid());
      std::ofstream out(temp_path, std::ios::binary | std::ios::trunc);
      out.write(content.data(), static_cast<std::streamsize>(content.size()));
      out.close();
      if (!out) throw std::runtime_error("cannot write " + temp_path.string());
      renames.emplace_back(temp_path, final_path);
    }
  } catch (...) {
    for (const auto& [temp, _] : renames) std::filesystem::remove(temp);
    throw;
  }
  for (const auto& [temp, final_path] : renames) std::filesystem::rename(temp, final_path);
}

std::string utc_now_iso8601() {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", now);
}

}  // namespace ehsim
