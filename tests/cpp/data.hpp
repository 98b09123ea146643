#pragma once
// Test support: paths of the real trials and parser fixtures in ../shared/data (beside the checkout, as in
// CI), scratch folders, file bytes, and NaN-aware equality.
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace gaitchain::test {

inline std::filesystem::path shared_data(std::string_view relative) {
  const std::filesystem::path path = std::filesystem::path(GAITCHAIN_SHARED_DATA) / relative;
  if (!std::filesystem::exists(path))
    throw std::runtime_error("test data missing: " + path.string() + " (../shared/data must lie beside the checkout)");
  return path;
}

// A scratch folder removed at the end of the test.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::random_device seed;
    path = std::filesystem::temp_directory_path() / ("gaitchain_test_" + std::to_string(seed()));
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

inline std::vector<std::uint8_t> file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Equal values, NaN equal to NaN.
inline bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

}  // namespace gaitchain::test
