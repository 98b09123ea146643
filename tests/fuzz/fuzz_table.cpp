// libFuzzer harness for the MOT/STO reader: any input either parses or throws a gaitchain::Error; whatever parses
// must survive format_table then parse_table unchanged (shape, names, times, values, NaN positions, in_degrees,
// metadata -- plus the version=1 line the writer adds when the metadata has none).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "gaitchain/core/error.hpp"
#include "gaitchain/io/table.hpp"

namespace {

bool has_version(const gaitchain::io::Table& table) {
  for (const auto& [key, value] : table.metadata) {
    if (key.size() != 7) continue;
    bool same = true;
    for (std::size_t i = 0; i < 7; ++i) same = same && (key[i] | 0x20) == "version"[i];
    if (same) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  gaitchain::io::Table first;
  try {
    first = gaitchain::io::parse_table(text, "fuzz.mot");
  } catch (const gaitchain::Error&) {
    return 0;  // malformed input is expected; anything else escaping (std::bad_alloc, ...) is a finding
  }
  gaitchain::io::Table second;
  try {
    second = gaitchain::io::parse_table(gaitchain::io::format_table(first), "fuzz-again.mot");
  } catch (const gaitchain::Error&) {
    std::abort();  // the writer must accept what the reader produced, and read back its own text
  }
  auto metadata = first.metadata;
  if (!has_version(first)) metadata.insert(metadata.begin(), {"version", "1"});
  if (second.values.rows() != first.values.rows() || second.values.cols() != first.values.cols() ||
      second.column_names != first.column_names || second.name != first.name || second.time != first.time ||
      second.in_degrees != first.in_degrees || second.metadata != metadata)
    std::abort();
  for (Eigen::Index i = 0; i < first.values.size(); ++i) {
    const double a = first.values.data()[i], b = second.values.data()[i];
    if (std::isnan(a) != std::isnan(b) || (!std::isnan(a) && a != b)) std::abort();
  }
  return 0;
}
