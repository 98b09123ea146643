#pragma once
// TRC marker files (OpenSim, Motion Analysis Cortex, Pose2Sim, ...): a reader that copes with the
// variants labs produce, and a writer whose files OpenSim loads.
//
// What the reader accepts, all seen in real files: a file path (Windows or POSIX) on the first line,
// header values separated by single or double tabs and padded with spaces, trailing tabs at the end of
// rows, a rounded time column, blank or NaN cells for missing markers, LF, CRLF or lone-CR line ends, a
// UTF-8 byte order mark, blank lines before or between rows, units mm, cm or m. Sample spacing comes
// from DataRate, never from the time column; the time of the first row places the samples on the
// capture clock (first_frame).
//
// Choices worth knowing:
// - Header fields are found by name (DataRate, NumMarkers and Units are required; CameraRate, NumFrames
//   and the Orig* fields may be absent). NumFrames is not trusted: the rows present are the data, whether
//   the header claims more or fewer. The Orig* fields are ignored on read.
// - Rates must lie between 0.001 and 1e6 Hz; NumMarkers must equal the names on line 4 (names unique).
// - Every row must have exactly Frame#, Time and 3 cells per marker (extra empty cells from trailing
//   tabs are fine). A marker is present or missing as a whole: a NaN coordinate makes all three NaN (as
//   OpenSim does), while one or two blank cells among three is a ParseError -- that is what a row which
//   lost a cell looks like when rows end with a tab, and reading it would shift the rest of the row.
// - Infinite coordinates are a ParseError. Memory is allocated from the text present, never from the
//   header's counts.
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

// Text of a TRC file in OpenSim's layout: the 8 header fields (NumFrames and OrigNumFrames = rows,
// OrigDataRate = data_rate, OrigDataStartFrame = first_frame, CameraRate = data_rate when camera_rate is
// 0), a blank line before the data, Frame# from first_frame, time (first_frame - 1 + k) / data_rate,
// values in the shortest text that reads back exactly, missing markers as three empty cells. Line 1
// carries no file name (write_trc adds the file's name). Throws InvalidArgument if the TrcFile is
// inconsistent: names vs columns, empty/duplicate names or names with tabs, line breaks or surrounding
// spaces, no frames, rates outside 0.001..1e6 Hz, units other than mm/cm/m, infinite values.
std::string format_trc(const TrcFile& trc);

// Writes format_trc(trc) to a temporary file beside `path`, then renames it over `path`, so a failed
// write never leaves a partial file. IoError on failure.
void write_trc(const std::filesystem::path& path, const TrcFile& trc);

}  // namespace gaitchain::io
