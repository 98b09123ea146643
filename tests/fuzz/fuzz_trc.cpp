// libFuzzer harness for the TRC reader: any input either parses or throws a gaitchain::Error; whatever parses must
// survive format_trc then parse_trc unchanged (shape, names, rate, units, first frame, values and NaN positions).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "gaitchain/core/error.hpp"
#include "gaitchain/io/trc.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  gaitchain::io::TrcFile first;
  try {
    first = gaitchain::io::parse_trc(text, "fuzz.trc");
  } catch (const gaitchain::Error&) {
    return 0;  // malformed input is expected; anything else escaping (std::bad_alloc, ...) is a finding
  }
  // What the reader accepts, the writer must accept, and the writer's text must read back: errors here are bugs.
  gaitchain::io::TrcFile second;
  try {
    second = gaitchain::io::parse_trc(gaitchain::io::format_trc(first), "fuzz-again.trc");
  } catch (const gaitchain::Error&) {
    std::abort();
  }
  if (second.points.rows() != first.points.rows() || second.points.cols() != first.points.cols() ||
      second.marker_names != first.marker_names || second.data_rate != first.data_rate ||
      second.camera_rate != first.camera_rate || second.units != first.units || second.first_frame != first.first_frame)
    std::abort();
  for (Eigen::Index i = 0; i < first.points.size(); ++i) {
    const double a = first.points.data()[i], b = second.points.data()[i];
    if (std::isnan(a) != std::isnan(b) || (!std::isnan(a) && a != b)) std::abort();
  }
  return 0;
}
