// libFuzzer target: any byte string given to the C3D reader either parses or raises gaitchain::Error.
// What parses must also convert to a Trial (force plates, lab frame) and survive a write/read round trip.
#include <cstdint>
#include <cstdlib>
#include <span>

#include "gaitchain/core/error.hpp"
#include "gaitchain/io/c3d.hpp"
#include "gaitchain/io/trial_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gaitchain;
  io::C3d c3d;
  try {
    c3d = io::parse_c3d(std::span(data, size), "fuzz.c3d");
  } catch (const Error&) {
    return 0;
  }
  try {
    (void)io::trial_from_c3d(c3d);
  } catch (const Error&) {
  }
  std::vector<std::uint8_t> image;
  try {
    image = io::format_c3d(c3d);
  } catch (const InvalidArgument&) {
    return 0;  // content the writer cannot represent (e.g. no points and no analogs)
  }
  const io::C3d again = io::parse_c3d(image, "roundtrip.c3d");  // our own output must always parse
  if (again.frame_count() != c3d.frame_count() || again.point_labels.size() != c3d.point_labels.size() ||
      again.analogs.rows() != c3d.analogs.rows() || again.analogs.cols() != c3d.analogs.cols())
    std::abort();
  return 0;
}
