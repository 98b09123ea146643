#pragma once
// TRC marker files (OpenSim, Motion Analysis Cortex, Pose2Sim, ...): a reader that copes with the
// variants labs produce, and a writer whose files OpenSim loads.
//
// What the reader accepts, all seen in real files: a file path (Windows or POSIX) on the first line,
// header values separated by single or double tabs, trailing tabs at the end of rows, a rounded time
// column, blank or NaN cells for missing markers, CRLF line ends, units mm, cm or m. Sample spacing
// comes from DataRate, never from the time column; the time of the first row places the samples on the
// capture clock (first_frame).
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "gaitchain/core/trial.hpp"

namespace gaitchain::io {

struct TrcFile {
  std::vector<std::string> marker_names;
  double data_rate = 0.0;    // Hz (DataRate)
  double camera_rate = 0.0;  // Hz (CameraRate; equals data_rate when the header leaves it out)
  std::string units = "mm";  // Units as written in the header: "mm", "cm" or "m"
  // 1-based capture frame of the first row: round(time of row 0 * data_rate) + 1, so that row k lies
  // at (first_frame - 1 + k) / data_rate, the clock of the file's time column.
  long first_frame = 1;
  PointArray points;  // frames x 3*markers, file units and file axes, NaN where a cell is blank or NaN
};

// Parses TRC text held in memory. `name` (usually the path) is used in error messages. Throws
// ParseError naming the line for malformed input: bad header, marker count disagreeing with the
// columns, non-numeric cells, rows of the wrong width, rates that are not positive finite numbers.
TrcFile parse_trc(std::string_view text, std::string_view name);

// Reads a file; IoError if it cannot be opened, ParseError if it is malformed.
TrcFile read_trc(const std::filesystem::path& path);

// Text of a TRC file (tab-separated, OpenSim's header layout, missing samples as empty cells).
// Throws InvalidArgument if the TrcFile is inconsistent (names vs columns, rate, empty names).
std::string format_trc(const TrcFile& trc);

// Writes format_trc(trc) to a temporary file beside `path`, then renames it over `path`, so a failed
// write never leaves a partial file. IoError on failure.
void write_trc(const std::filesystem::path& path, const TrcFile& trc);

}  // namespace gaitchain::io
