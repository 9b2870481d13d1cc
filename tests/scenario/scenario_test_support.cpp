#include "scenario_test_support.hpp"
#include "test_temp_path.hpp"

#include <atomic>
#include <fstream>
#include <random>

#include <gtest/gtest.h>

namespace ehsim::testing {

TempDir::TempDir() {
  // Tests of one binary may run in parallel under ctest: a random suffix keeps them apart.
  static std::atomic<int> counter{0};
  std::random_device entropy;
  const std::string name = "ehsim-scenario-test-" + std::to_string(entropy()) + "-" +
                           std::to_string(counter.fetch_add(1));
  path_ = test::temp_path(name);
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::filesystem::path TempDir::write(const std::string& name, const std::string& content) const {
  const auto file = path_ / name;
  std::filesystem::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary);
  out << content;
  EXPECT_TRUE(out.good()) << "could not write " << file;
  return file;
}

std::string deeply_nested_arrays(int depth) {
  const auto n = static_cast<std::size_t>(depth);
  return std::string(n, '[') + std::string(n, ']');
}

std::string deeply_nested_arrays_with_value(int depth) {
  const auto n = static_cast<std::size_t>(depth);
  return std::string(n, '[') + "1" + std::string(n, ']');
}

std::string deeply_nested_objects(int depth) {
  std::string text;
  text.reserve(static_cast<std::size_t>(depth) * 7 + 1);
  for (int i = 0; i < depth; ++i) text += "{\"a\":";
  text += '1';
  text.append(static_cast<std::size_t>(depth), '}');
  return text;
}

bool same_file(const std::filesystem::path& a, const std::filesystem::path& b) {
  std::error_code ec;
  return std::filesystem::weakly_canonical(a, ec) == std::filesystem::weakly_canonical(b, ec);
}

bool has_diagnostic(const Diagnostics& diags, const std::filesystem::path& file,
                    const std::string& pointer, const std::string& fragment) {
  for (const auto& d : diags.items()) {
    if (d.pointer == pointer && d.message.find(fragment) != std::string::npos &&
        same_file(d.file, file)) {
      return true;
    }
  }
  return false;
}

}  // namespace ehsim::testing
