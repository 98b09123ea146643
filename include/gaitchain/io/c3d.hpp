#pragma once
// C3D files (c3d.org): the binary format of optical motion capture with analog channels, force plates
// and events. `read_c3d` gives the file's content as stored (lab frame, file units, every parameter);
// `read_trial` (io/trial_io.hpp) turns it into a Trial in the internal frame and SI units.
//
// The reader handles the three processor formats (Intel, DEC/VAX, MIPS/SGI), integer and float data,
// invalid samples (negative residual -> NaN), label continuation parameters (LABELS2, ...), analog
// scaling (ANALOG:SCALE, OFFSET, GEN_SCALE, unsigned formats), EVENT group and header-block events and
// TRIAL:ACTUAL_START_FIELD/END_FIELD for long trials. Malformed files raise ParseError naming the byte
// offset; no allocation is larger than what the file's size can hold.
#include <Eigen/Core>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gaitchain/core/trial.hpp"

namespace gaitchain::io {

enum class C3dProcessor { intel, dec, mips };

std::string_view to_string(C3dProcessor p);

// One parameter with its values decoded to host types.
struct C3dParameter {
  enum class Type : std::int8_t { character = -1, byte = 1, integer = 2, real = 4 };
  std::string name;
  std::string description;
  Type type = Type::real;
  std::vector<int> dimensions;       // as stored; empty for a scalar
  std::vector<double> numbers;       // byte, integer and real values in storage (column-major) order
  std::vector<std::string> strings;  // character data: one string per column of the first dimension,
                                     // trailing blanks removed (a 1-D character parameter is one string)
  bool locked = false;

  // Integer parameters are signed 16-bit in the file; counts above 32767 (POINT:USED, ...) are stored as
  // negative numbers. This reads value i as unsigned 16-bit for such counts.
  double unsigned_number(std::size_t i) const;
};

struct C3dGroup {
  std::string name;
  std::string description;
  std::vector<C3dParameter> parameters;
  bool locked = false;

  const C3dParameter* find(std::string_view parameter) const;  // case-insensitive; nullptr if absent
};

// An event as stored (EVENT group or the header's event block).
struct C3dEvent {
  std::string label;        // "Foot Strike", "Foot Off", "RHS", ...
  std::string context;      // "Right", "Left", "General"; empty for header events
  std::string description;
  std::string subject;
  double time = 0.0;        // s on the capture clock (frame 1 at 0 s)
  bool from_header = false;
};

struct C3d {
  std::string source;            // the path or name it was parsed from (for messages)
  std::vector<std::string> notes;  // what the reader repaired or skipped, in plain words
  C3dProcessor processor = C3dProcessor::intel;
  std::vector<C3dGroup> groups;  // every parameter group in file order

  // POINT data in the lab frame and file units (POINT:UNITS), NaN for invalid samples.
  std::vector<std::string> point_labels;       // POINT:LABELS, LABELS2, ... (as many as POINT:USED)
  std::vector<std::string> point_descriptions;  // same length as point_labels ("" where absent)
  std::string point_units = "mm";
  double point_rate = 0.0;          // Hz
  long first_frame = 1;             // 1-based capture frame number of row 0
  PointArray points;                // frames x 3*points
  Eigen::MatrixXf residuals;        // frames x points; -1 where invalid

  // ANALOG data in physical units: (raw - OFFSET) * SCALE * GEN_SCALE, samples x channels.
  std::vector<std::string> analog_labels;
  std::vector<std::string> analog_units;
  double analog_rate = 0.0;         // Hz; samples per point frame = analog_rate / point_rate
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> analogs;

  std::vector<C3dEvent> events;     // EVENT group entries, then header events not duplicated there

  std::size_t frame_count() const { return static_cast<std::size_t>(points.rows()); }
  std::size_t analog_samples_per_frame() const;
  const C3dGroup* group(std::string_view name) const;                            // case-insensitive
  const C3dParameter* parameter(std::string_view group, std::string_view name) const;
};

// Force plates of the FORCE_PLATFORM group (types 1 to 4), in the lab frame and SI units. Channel
// units come from ANALOG:UNITS (N, N mm or N m; plate geometry in POINT:UNITS). FORCE_PLATFORM:ZERO,
// when it names a range of frames, gives the baseline removed from each channel. A type-2/4 ORIGIN
// with a positive Z (the old AMTI/Vicon sign) is read as pointing the other way, as BTK and ezc3d do.
// Plates of other types are skipped with a note in `c3d.notes`. ParseError naming the parameter for
// inconsistent plate parameters (channels out of range, missing corners, type 4 without CAL_MATRIX).
std::vector<ForcePlate> c3d_force_plates(const C3d& c3d, std::vector<std::string>* notes = nullptr);

// Parses a C3D image held in memory; `name` (usually the path) is used in error messages.
C3d parse_c3d(std::span<const std::uint8_t> bytes, std::string_view name);

// Reads a file; IoError if it cannot be read, ParseError if it is malformed.
C3d read_c3d(const std::filesystem::path& path);

// A C3D image of points (float format, Intel byte order), analogs (float, already scaled: SCALE 1,
// OFFSET 0, GEN_SCALE 1) and events (EVENT group). POINT, ANALOG, EVENT and TRIAL parameters that
// describe the data are written from the fields above; every other parameter in `groups` (SUBJECTS,
// FORCE_PLATFORM, ...) is copied unchanged. InvalidArgument if the fields are inconsistent.
std::vector<std::uint8_t> format_c3d(const C3d& c3d);

// Writes format_c3d(c3d) through a temporary file and a rename (no partial files). IoError on failure.
void write_c3d(const std::filesystem::path& path, const C3d& c3d);

}  // namespace gaitchain::io
