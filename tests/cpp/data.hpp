#pragma once
// Paths of the real trials and parser fixtures in ../shared/data (beside the checkout, as in CI).
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace gaitchain::test {

inline std::filesystem::path shared_data(std::string_view relative) {
  const std::filesystem::path path = std::filesystem::path(GAITCHAIN_SHARED_DATA) / relative;
  if (!std::filesystem::exists(path))
    throw std::runtime_error("test data missing: " + path.string() + " (../shared/data must lie beside the checkout)");
  return path;
}

}  // namespace gaitchain::test
