// C3D writer: Intel byte order, float point and analog data, an EVENT group and 32-bit frame numbers in
// TRIAL:ACTUAL_START_FIELD/END_FIELD. Layout: header block 1, parameter section from block 2, data from
// POINT:DATA_START. The parameter records are built first (they are small), then the whole image is
// allocated once and the data section filled with direct little-endian stores.
//
// POINT:SCALE is -(largest absolute finite coordinate / 32000): negative means float data, and the
// magnitude is the one an integer conversion of the same trial would use. It is also the residual
// quantum: the residual word holds round(residual / |scale|) in its low byte (camera mask 0), stored as
// the float value of that 16-bit word as the C3D guide has it, so residuals above 255 * |scale| are
// clamped. Without any finite coordinate the scale is -0.1.
//
// Every event (header events included) goes to the EVENT group, TIMES split into whole minutes and
// seconds; ICON_IDS are Vicon's (1 Foot Strike, 2 Foot Off, else 0), GENERIC_FLAGS 0. The header's own
// event block is left empty (count 0) but keeps the 12345 key of word 150: a second copy there would
// come back as duplicates wherever float header times and group times differ by more than the reader's
// 1e-4 s tolerance (long trials).
#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cmath>
#include <cstring>
#include <limits>

#include "files.hpp"
#include "gaitchain/core/error.hpp"
#include "gaitchain/io/c3d.hpp"

namespace gaitchain::io {

namespace {

constexpr std::size_t kBlock = 512;
constexpr std::size_t kMaxRecordOffset = 32767;  // the link to the next record is a signed 16-bit word
constexpr std::size_t kMaxDimension = 255;       // dimensions are single bytes
constexpr std::size_t kMaxSectionBlocks = 255;   // byte 2 of the parameter section counts its blocks
constexpr double kMaxFloat = std::numeric_limits<float>::max();

[[noreturn]] void invalid(const std::string& message) { throw InvalidArgument("format_c3d: " + message); }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::toupper(static_cast<unsigned char>(x)) == std::toupper(static_cast<unsigned char>(y));
         });
}

// `name` is `base` or `base` followed by digits (LABELS, LABELS2, ...: continuation parameters).
bool is_continued(std::string_view name, std::string_view base) {
  if (name.size() < base.size() || !iequals(name.substr(0, base.size()), base)) return false;
  return std::all_of(name.begin() + static_cast<std::ptrdiff_t>(base.size()), name.end(),
                     [](char c) { return c >= '0' && c <= '9'; });
}

// Little-endian stores: a plain copy on little-endian hosts (one store the compiler can vectorise).
void put_u16(std::uint8_t* p, std::uint16_t v) {
  if constexpr (std::endian::native != std::endian::little) v = static_cast<std::uint16_t>(v << 8 | v >> 8);
  std::memcpy(p, &v, 2);
}
void put_u32(std::uint8_t* p, std::uint32_t v) {
  if constexpr (std::endian::native != std::endian::little)
    v = (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24);
  std::memcpy(p, &v, 4);
}
void put_f32(std::uint8_t* p, float v) { put_u32(p, std::bit_cast<std::uint32_t>(v)); }

// ---------------------------------------------------------------------------------------------------
// Parameter records

using Type = C3dParameter::Type;

struct Record {
  int group_id = 0;  // negative for a group record
  std::string name;
  std::string description;
  bool locked = false;
  Type type = Type::integer;
  std::vector<int> dimensions;
  std::vector<std::uint8_t> payload;  // the values, already encoded

  std::size_t size() const {
    const std::size_t head = 2 + name.size() + 2;
    if (group_id < 0) return head + 1 + description.size();
    return head + 2 + dimensions.size() + payload.size() + 1 + description.size();
  }
};

std::string where(std::string_view group, std::string_view parameter) {
  return std::string(group) + ":" + std::string(parameter);
}

void check_name(std::string_view name, std::string_view what) {
  if (name.empty()) invalid(std::string(what) + " has an empty name");
  if (name.size() > 127) invalid(std::string(what) + " name '" + std::string(name) + "' is longer than 127 characters");
}

void check_description(std::string_view description, std::string_view what) {
  if (description.size() > 255)
    invalid(std::string(what) + " description is " + std::to_string(description.size()) + " characters (at most 255)");
}

void check_dimensions(const std::vector<int>& dimensions, std::string_view what) {
  if (dimensions.size() > 7)
    invalid(std::string(what) + " has " + std::to_string(dimensions.size()) + " dimensions (at most 7)");
  for (int d : dimensions)
    if (d < 0 || static_cast<std::size_t>(d) > kMaxDimension)
      invalid(std::string(what) + " has dimension " + std::to_string(d) +
              " (each must be 0..255; split longer lists into continuation parameters such as LABELS2)");
}

std::vector<std::uint8_t> encode_numbers(Type type, std::span<const double> values, std::string_view what) {
  const std::size_t width = static_cast<std::size_t>(type);
  std::vector<std::uint8_t> out(values.size() * width);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double v = values[i];
    switch (type) {
      case Type::byte:
        if (!(v >= -128 && v <= 255))
          invalid(std::string(what) + " byte value " + std::to_string(v) + " is outside -128..255");
        out[i] = static_cast<std::uint8_t>(static_cast<int>(std::lround(v)) & 0xff);
        break;
      case Type::integer:
        // Counts above 32767 are stored as unsigned 16-bit words (the reader's unsigned_number).
        if (!(v >= -32768 && v <= 65535))
          invalid(std::string(what) + " integer value " + std::to_string(v) + " is outside -32768..65535");
        put_u16(&out[2 * i], static_cast<std::uint16_t>(static_cast<int>(std::lround(v)) & 0xffff));
        break;
      default:
        if (std::isfinite(v) && std::abs(v) > kMaxFloat)
          invalid(std::string(what) + " value " + std::to_string(v) + " does not fit a 32-bit float");
        put_f32(&out[4 * i], static_cast<float>(v));
        break;
    }
  }
  return out;
}

// Strings as a [width, count] character array, blank-padded.
std::vector<std::uint8_t> encode_strings(std::span<const std::string> strings, std::size_t width) {
  std::vector<std::uint8_t> out(strings.size() * width, ' ');
  for (std::size_t i = 0; i < strings.size(); ++i)
    if (!strings[i].empty()) std::memcpy(out.data() + i * width, strings[i].data(), strings[i].size());
  return out;
}

Record numeric(std::string name, std::string description, Type type, std::vector<int> dimensions,
               std::span<const double> values) {
  Record r;
  r.name = std::move(name);
  r.description = std::move(description);
  r.type = type;
  r.dimensions = std::move(dimensions);
  r.payload = encode_numbers(type, values, r.name);
  return r;
}

Record scalar(std::string name, std::string description, Type type, double value) {
  return numeric(std::move(name), std::move(description), type, {}, std::span<const double>(&value, 1));
}

Record text(std::string name, std::string description, std::string_view value) {
  Record r;
  r.name = std::move(name);
  r.description = std::move(description);
  r.type = Type::character;
  r.dimensions = {static_cast<int>(value.size())};
  r.payload.assign(value.begin(), value.end());
  return r;
}

// A list of strings as base, base2, base3... [width, <=255] arrays padded to one common width; a chunk
// also stays below the 32767-byte record limit.
void add_string_list(std::vector<Record>& out, std::string_view base, std::string_view description,
                     const std::vector<std::string>& strings, std::string_view what) {
  std::size_t width = 1;
  for (const std::string& s : strings) width = std::max(width, s.size());
  if (width > kMaxDimension)
    invalid(std::string(what) + " has an entry of " + std::to_string(width) + " characters (at most 255)");
  const std::size_t chunk = std::min(kMaxDimension, (kMaxRecordOffset - 600) / width);
  for (std::size_t begin = 0, k = 1; begin < strings.size(); begin += chunk, ++k) {
    const std::size_t n = std::min(chunk, strings.size() - begin);
    Record r;
    r.name = k == 1 ? std::string(base) : std::string(base) + std::to_string(k);
    r.description = description;
    r.type = Type::character;
    r.dimensions = {static_cast<int>(width), static_cast<int>(n)};
    r.payload = encode_strings(std::span(strings).subspan(begin, n), width);
    out.push_back(std::move(r));
  }
}

// Numbers as base, base2... with `rows` values per entry ([rows, <=255] or [<=255] when rows is 1).
void add_number_list(std::vector<Record>& out, std::string_view base, std::string_view description, Type type,
                     std::span<const double> values, std::size_t rows) {
  const std::size_t entries = values.size() / rows;
  for (std::size_t begin = 0, k = 1; begin < entries; begin += kMaxDimension, ++k) {
    const std::size_t n = std::min(kMaxDimension, entries - begin);
    std::vector<int> dimensions{static_cast<int>(rows), static_cast<int>(n)};
    if (rows == 1) dimensions.erase(dimensions.begin());
    const std::string name = k == 1 ? std::string(base) : std::string(base) + std::to_string(k);
    out.push_back(
        numeric(name, std::string(description), type, std::move(dimensions), values.subspan(begin * rows, n * rows)));
  }
}

// A parameter of `groups` re-encoded unchanged: the stored dimensions are kept when the values still fit
// them; a 1-D parameter (or a character list whose entries no longer fit) takes the size of its values.
Record copy_parameter(const C3dParameter& p, std::string_view group) {
  const std::string what = where(group, p.name);
  check_name(p.name, "parameter " + what);
  check_description(p.description, "parameter " + what);
  check_dimensions(p.dimensions, "parameter " + what);
  Record r;
  r.name = p.name;
  r.description = p.description;
  r.locked = p.locked;
  r.type = p.type;
  r.dimensions = p.dimensions;
  std::size_t count = 1;
  for (int d : p.dimensions) count *= static_cast<std::size_t>(d);
  if (p.type == Type::character) {
    std::size_t longest = 0;
    for (const std::string& s : p.strings) longest = std::max(longest, s.size());
    if (p.dimensions.size() <= 1 && p.strings.size() <= 1) {
      // One string: the reader gives a 1-D (or scalar) character parameter as one string.
      const std::string value = p.strings.empty() ? std::string() : p.strings[0];
      const std::size_t stored = p.dimensions.empty() ? 1 : static_cast<std::size_t>(p.dimensions[0]);
      const std::size_t width = value.size() <= stored ? stored : value.size();
      if (width > kMaxDimension)
        invalid("parameter " + what + " holds " + std::to_string(width) + " characters (at most 255)");
      if (width != stored || (p.dimensions.empty() && width != 1)) r.dimensions = {static_cast<int>(width)};
      r.payload.assign(width, ' ');
      if (!value.empty()) std::memcpy(r.payload.data(), value.data(), value.size());  // empty: payload may be null
    } else {
      const std::size_t width = p.dimensions.size() >= 2 ? static_cast<std::size_t>(p.dimensions[0]) : 0;
      const bool fits = p.dimensions.size() >= 2 && longest <= width &&
                        (width == 0 ? p.strings.empty() : p.strings.size() == count / width);
      if (fits) {
        r.payload = encode_strings(p.strings, width);
        r.payload.resize(count, ' ');
      } else {
        const std::size_t w = std::max<std::size_t>(longest, 1);
        if (w > kMaxDimension)
          invalid("parameter " + what + " has an entry of " + std::to_string(w) + " characters (at most 255)");
        if (p.strings.size() > kMaxDimension)
          invalid("parameter " + what + " has " + std::to_string(p.strings.size()) +
                  " entries (at most 255; split them into continuation parameters)");
        r.dimensions = {static_cast<int>(w), static_cast<int>(p.strings.size())};
        r.payload = encode_strings(p.strings, w);
      }
    }
  } else {
    if (p.type != Type::byte && p.type != Type::integer && p.type != Type::real)
      invalid("parameter " + what + " has type " + std::to_string(static_cast<int>(p.type)) + " (not -1, 1, 2 or 4)");
    if (p.numbers.size() != count) {
      if (p.dimensions.size() > 1)
        invalid("parameter " + what + " has " + std::to_string(p.numbers.size()) + " values for dimensions holding " +
                std::to_string(count));
      if (p.numbers.size() > kMaxDimension)
        invalid("parameter " + what + " has " + std::to_string(p.numbers.size()) +
                " values (at most 255 in one dimension; split them into continuation parameters)");
      r.dimensions = {static_cast<int>(p.numbers.size())};
    }
    for (double v : p.numbers)
      if (p.type != Type::real && !std::isfinite(v)) invalid("parameter " + what + " has a non-finite integer value");
    r.payload = encode_numbers(p.type, p.numbers, what);
  }
  return r;
}

// ---------------------------------------------------------------------------------------------------
// Validation of the data fields

struct Shape {
  Eigen::Index frames = 0;
  Eigen::Index points = 0;
  Eigen::Index channels = 0;
  Eigen::Index samples_per_frame = 0;  // analog samples per point frame; 0 without analog channels
  bool residuals = false;              // false: an empty residual matrix, every valid sample gets 0
};

Shape check_data(const C3d& c3d) {
  Shape s;
  if (!(std::isfinite(c3d.point_rate) && c3d.point_rate > 0 && c3d.point_rate <= kMaxFloat))
    invalid("point_rate " + std::to_string(c3d.point_rate) + " is not a positive finite number of Hz");
  if (c3d.points.cols() % 3 != 0)
    invalid("points has " + std::to_string(c3d.points.cols()) + " columns, not a multiple of 3 (x, y, z per point)");
  s.frames = c3d.points.rows();
  s.points = c3d.points.cols() / 3;
  if (static_cast<Eigen::Index>(c3d.point_labels.size()) != s.points)
    invalid(std::to_string(c3d.point_labels.size()) + " point labels for " + std::to_string(s.points) + " points (" +
            std::to_string(c3d.points.cols()) + " columns / 3)");
  if (!c3d.point_descriptions.empty() && c3d.point_descriptions.size() != c3d.point_labels.size())
    invalid(std::to_string(c3d.point_descriptions.size()) + " point descriptions for " + std::to_string(s.points) +
            " points (give one per point or none)");
  if (s.points > 65535) invalid(std::to_string(s.points) + " points (at most 65535)");
  if (c3d.residuals.rows() == s.frames && c3d.residuals.cols() == s.points) {
    s.residuals = true;
  } else if (c3d.residuals.size() != 0) {
    invalid("residuals is " + std::to_string(c3d.residuals.rows()) + " x " + std::to_string(c3d.residuals.cols()) +
            ", expected " +
            std::to_string(s.frames) + " x " + std::to_string(s.points) + " (frames x points) or empty");
  }
  if (c3d.point_units.size() > 255) invalid("point_units is longer than 255 characters");
  if (c3d.first_frame < 1)
    invalid("first_frame " + std::to_string(c3d.first_frame) + " is below 1 (frames are numbered from 1)");
  if (static_cast<long long>(c3d.first_frame) + s.frames - 1 > 0xffffffffLL)
    invalid("the last frame number does not fit 32 bits (first_frame " + std::to_string(c3d.first_frame) + ")");

  s.channels = c3d.analogs.cols();
  if (static_cast<Eigen::Index>(c3d.analog_labels.size()) != s.channels)
    invalid(std::to_string(c3d.analog_labels.size()) + " analog labels for " + std::to_string(s.channels) +
            " analog channels");
  if (!c3d.analog_units.empty() && c3d.analog_units.size() != c3d.analog_labels.size())
    invalid(std::to_string(c3d.analog_units.size()) + " analog units for " + std::to_string(s.channels) +
            " channels (give one per channel or none)");
  if (s.channels > 0) {
    if (!(std::isfinite(c3d.analog_rate) && c3d.analog_rate > 0))
      invalid("analog_rate " + std::to_string(c3d.analog_rate) + " is not a positive finite number of Hz");
    const double ratio = c3d.analog_rate / c3d.point_rate;
    const double whole = std::round(ratio);
    if (whole < 1 || std::abs(ratio - whole) > 1e-6 * whole)
      invalid("analog_rate " + std::to_string(c3d.analog_rate) + " Hz is not an integer multiple of point_rate " +
              std::to_string(c3d.point_rate) + " Hz");
    s.samples_per_frame = static_cast<Eigen::Index>(whole);
    if (c3d.analogs.rows() != s.frames * s.samples_per_frame)
      invalid("analogs has " + std::to_string(c3d.analogs.rows()) + " rows, expected " + std::to_string(s.frames) +
              " frames x " + std::to_string(s.samples_per_frame) + " samples per frame = " +
              std::to_string(s.frames * s.samples_per_frame));
    if (s.channels > 65535 || s.channels * s.samples_per_frame > 65535)
      invalid(std::to_string(s.channels) + " analog channels x " + std::to_string(s.samples_per_frame) +
              " samples per frame do not fit the header's 16-bit count (at most 65535)");
  }
  for (const C3dEvent& e : c3d.events)
    if (!std::isfinite(e.time)) invalid("event '" + e.label + "' has a non-finite time");
  if (c3d.events.size() > 65535) invalid(std::to_string(c3d.events.size()) + " events (at most 65535)");
  return s;
}

// Largest absolute finite coordinate (NaN samples are gaps) as a float; InvalidArgument if one exceeds a float.
double largest_coordinate(const PointArray& points) {
  // Four running maxima: one would chain every comparison on the previous one.
  std::array<double, 4> top{};
  const double* p = points.data();
  const std::size_t n = static_cast<std::size_t>(points.size());
  constexpr double finite = std::numeric_limits<double>::max();
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4)
    for (std::size_t k = 0; k < 4; ++k) {
      const double a = std::abs(p[i + k]);
      top[k] = a <= finite && a > top[k] ? a : top[k];  // skips NaN and infinities
    }
  for (; i < n; ++i) {
    const double a = std::abs(p[i]);
    top[0] = a <= finite && a > top[0] ? a : top[0];
  }
  const double largest = std::max(std::max(top[0], top[1]), std::max(top[2], top[3]));
  if (largest > kMaxFloat) invalid("a coordinate (" + std::to_string(largest) + ") does not fit a 32-bit float");
  // As stored: the scale then depends only on the float coordinates, so rewriting a file read back
  // gives the same bytes.
  return static_cast<float>(largest);
}

// ---------------------------------------------------------------------------------------------------
// The data-describing groups

// Description and lock of a parameter we write, taken from the input's parameter of that name if any.
Record& adopt(Record& r, const C3dGroup* source) {
  if (const C3dParameter* p = source ? source->find(r.name) : nullptr) {
    if (!p->description.empty() && p->description.size() <= 255) r.description = p->description;
    r.locked = p->locked;
  }
  return r;
}

bool written_point(std::string_view n) {
  return iequals(n, "USED") || iequals(n, "FRAMES") || iequals(n, "LONG_FRAMES") || iequals(n, "DATA_START") ||
         iequals(n, "SCALE") || iequals(n, "RATE") || iequals(n, "UNITS") || is_continued(n, "LABELS") ||
         is_continued(n, "DESCRIPTIONS");
}
bool written_analog(std::string_view n) {
  return iequals(n, "USED") || iequals(n, "RATE") || iequals(n, "GEN_SCALE") || iequals(n, "FORMAT") ||
         is_continued(n, "LABELS") || is_continued(n, "UNITS") || is_continued(n, "SCALE") || is_continued(n, "OFFSET");
}
bool written_event(std::string_view n) {
  return iequals(n, "USED") || is_continued(n, "CONTEXTS") || is_continued(n, "LABELS") ||
         is_continued(n, "DESCRIPTIONS") || is_continued(n, "SUBJECTS") || is_continued(n, "TIMES") ||
         is_continued(n, "ICON_IDS") || is_continued(n, "GENERIC_FLAGS");
}
bool written_trial(std::string_view n) { return iequals(n, "ACTUAL_START_FIELD") || iequals(n, "ACTUAL_END_FIELD"); }

struct DataParameters {
  float scale = -0.1f;
  std::size_t data_start_record = 0;  // index in the POINT records of DATA_START (patched once sizes are known)
};

std::vector<Record> point_records(const C3d& c3d, const Shape& s, const C3dGroup* source, DataParameters& out) {
  std::vector<Record> r;
  r.push_back(scalar("USED", "Number of points", Type::integer, static_cast<double>(s.points)));
  // POINT:FRAMES as an unsigned 16-bit integer when it fits, else a float (TRIAL fields are exact).
  const auto frames = static_cast<double>(s.frames);
  r.push_back(scalar("FRAMES", "Number of frames", frames <= 65535 ? Type::integer : Type::real, frames));
  if (source && source->find("LONG_FRAMES")) r.push_back(scalar("LONG_FRAMES", "Number of frames", Type::real, frames));
  out.data_start_record = r.size();
  r.push_back(scalar("DATA_START", "Number of the first block of data", Type::integer, 0));
  r.push_back(scalar("SCALE", "3D scale factor (negative: float data)", Type::real, out.scale));
  r.push_back(scalar("RATE", "Frame rate (Hz)", Type::real, c3d.point_rate));
  r.push_back(text("UNITS", "Units of distance", c3d.point_units));
  for (Record& x : r) adopt(x, source);
  if (s.points > 0) {
    std::size_t first = r.size();
    add_string_list(r, "LABELS", "Point labels", c3d.point_labels, "point_labels");
    std::vector<std::string> descriptions = c3d.point_descriptions;
    descriptions.resize(c3d.point_labels.size());
    add_string_list(r, "DESCRIPTIONS", "Point descriptions", descriptions, "point_descriptions");
    for (; first < r.size(); ++first) adopt(r[first], source);
  }
  return r;
}

std::vector<Record> analog_records(const C3d& c3d, const Shape& s, const C3dGroup* source) {
  std::vector<Record> r;
  r.push_back(scalar("USED", "Number of analog channels", Type::integer, static_cast<double>(s.channels)));
  const double rate = s.channels > 0 ? c3d.point_rate * static_cast<double>(s.samples_per_frame) : c3d.point_rate;
  r.push_back(scalar("RATE", "Analog sample rate (Hz)", Type::real, rate));
  r.push_back(scalar("GEN_SCALE", "General scale factor", Type::real, 1.0));
  r.push_back(text("FORMAT", "Integer format (float data here)", "SIGNED"));
  if (s.channels > 0) {
    const auto n = static_cast<std::size_t>(s.channels);
    add_number_list(r, "SCALE", "Channel scale factors", Type::real, std::vector<double>(n, 1.0), 1);
    add_number_list(r, "OFFSET", "Channel offsets", Type::integer, std::vector<double>(n, 0.0), 1);
    add_string_list(r, "LABELS", "Channel labels", c3d.analog_labels, "analog_labels");
    std::vector<std::string> units = c3d.analog_units;
    units.resize(n);
    add_string_list(r, "UNITS", "Channel units", units, "analog_units");
  }
  for (Record& x : r) adopt(x, source);
  return r;
}

std::vector<Record> trial_records(const C3d& c3d, const Shape& s, const C3dGroup* source) {
  // Frame numbers as two unsigned 16-bit words (low, high) so trials over 65535 frames keep theirs.
  const auto first = static_cast<std::uint32_t>(c3d.first_frame);
  const auto last = static_cast<std::uint32_t>(c3d.first_frame + static_cast<long>(s.frames) - 1);
  const std::array<double, 2> start{double(first & 0xffff), double(first >> 16)};
  const std::array<double, 2> end{double(last & 0xffff), double(last >> 16)};
  std::vector<Record> r;
  r.push_back(numeric("ACTUAL_START_FIELD", "First frame number (low, high word)", Type::integer, {2}, start));
  r.push_back(numeric("ACTUAL_END_FIELD", "Last frame number (low, high word)", Type::integer, {2}, end));
  for (Record& x : r) adopt(x, source);
  return r;
}

std::vector<Record> event_records(const C3d& c3d, const C3dGroup* source) {
  std::vector<Record> r;
  const std::size_t n = c3d.events.size();
  r.push_back(scalar("USED", "Number of events", Type::integer, static_cast<double>(n)));
  if (n > 0) {
    std::vector<std::string> contexts(n), labels(n), descriptions(n), subjects(n);
    std::vector<double> times(2 * n), icons(n), flags(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      const C3dEvent& e = c3d.events[i];
      contexts[i] = e.context, labels[i] = e.label, descriptions[i] = e.description, subjects[i] = e.subject;
      // Minutes and seconds: whole minutes keep the seconds small, so float seconds keep ~4 us.
      const double minutes = std::floor(e.time / 60.0);
      times[2 * i] = minutes;
      times[2 * i + 1] = e.time - 60.0 * minutes;
      icons[i] = iequals(e.label, "Foot Strike") ? 1 : iequals(e.label, "Foot Off") ? 2 : 0;  // Vicon's icons
    }
    add_string_list(r, "CONTEXTS", "Event contexts", contexts, "event contexts");
    add_string_list(r, "LABELS", "Event labels", labels, "event labels");
    add_string_list(r, "DESCRIPTIONS", "Event descriptions", descriptions, "event descriptions");
    add_string_list(r, "SUBJECTS", "Event subjects", subjects, "event subjects");
    add_number_list(r, "TIMES", "Event times (minutes, seconds)", Type::real, times, 2);
    add_number_list(r, "ICON_IDS", "Event icons", Type::integer, icons, 1);
    add_number_list(r, "GENERIC_FLAGS", "Generic event flags", Type::integer, flags, 1);
  }
  for (Record& x : r) adopt(x, source);
  return r;
}

struct GroupOut {
  std::string name;
  std::string description;
  bool locked = false;
  std::vector<Record> parameters;
};

GroupOut copy_group(const C3dGroup& g, bool (*written)(std::string_view), std::vector<Record> first) {
  check_name(g.name, "a group");
  check_description(g.description, "group " + g.name);
  GroupOut out{g.name, g.description, g.locked, std::move(first)};
  for (const C3dParameter& p : g.parameters)
    if (!written || !written(p.name)) out.parameters.push_back(copy_parameter(p, g.name));
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------------------

std::vector<std::uint8_t> format_c3d(const C3d& c3d) {
  const Shape s = check_data(c3d);
  DataParameters data;
  const double largest = largest_coordinate(c3d.points);
  data.scale = static_cast<float>(-largest / 32000.0);
  if (!(data.scale < 0)) data.scale = -0.1f;

  // Groups: the input's in order with the data-describing parameters replaced; POINT and ANALOG first
  // and TRIAL and EVENT last when the input has none.
  for (std::size_t i = 0; i < c3d.groups.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (iequals(c3d.groups[i].name, c3d.groups[j].name)) invalid("two groups are named " + c3d.groups[i].name);
  const C3dGroup* point = c3d.group("POINT");
  const C3dGroup* analog = c3d.group("ANALOG");
  const C3dGroup* trial = c3d.group("TRIAL");
  const C3dGroup* event = c3d.group("EVENT");
  const auto fresh = [](const char* name, const char* description, std::vector<Record> records) {
    return GroupOut{name, description, false, std::move(records)};
  };
  std::vector<GroupOut> groups;
  groups.reserve(c3d.groups.size() + 4);
  if (!point) groups.push_back(fresh("POINT", "3-D point parameters", point_records(c3d, s, nullptr, data)));
  if (!analog) groups.push_back(fresh("ANALOG", "Analog data parameters", analog_records(c3d, s, nullptr)));
  for (const C3dGroup& g : c3d.groups) {
    if (&g == point) groups.push_back(copy_group(g, written_point, point_records(c3d, s, point, data)));
    else if (&g == analog) groups.push_back(copy_group(g, written_analog, analog_records(c3d, s, analog)));
    else if (&g == trial) groups.push_back(copy_group(g, written_trial, trial_records(c3d, s, trial)));
    else if (&g == event) groups.push_back(copy_group(g, written_event, event_records(c3d, event)));
    else groups.push_back(copy_group(g, nullptr, {}));
  }
  if (!trial) groups.push_back(fresh("TRIAL", "Trial parameters", trial_records(c3d, s, nullptr)));
  if (!event && !c3d.events.empty()) groups.push_back(fresh("EVENT", "Event parameters", event_records(c3d, nullptr)));
  if (groups.size() > 127) invalid(std::to_string(groups.size()) + " groups (group ids are at most 127)");

  // Section size: 4 bytes, the records, then a zero byte that ends the chain, rounded up to whole blocks.
  std::size_t records_size = 0;
  for (std::size_t gi = 0; gi < groups.size(); ++gi) {
    GroupOut& g = groups[gi];
    Record head;
    head.group_id = -1;
    head.name = g.name;
    head.description = g.description;
    records_size += head.size();
    for (Record& p : g.parameters) {
      p.group_id = static_cast<int>(gi + 1);
      if (p.size() - (2 + p.name.size()) > kMaxRecordOffset)
        invalid("parameter " + where(g.name, p.name) + " needs " + std::to_string(p.size()) +
                " bytes, more than one parameter record can hold (32767)");
      records_size += p.size();
    }
  }
  const std::size_t section_blocks = (4 + records_size + 1 + kBlock - 1) / kBlock;
  if (section_blocks > kMaxSectionBlocks)
    invalid("the parameters need " + std::to_string(section_blocks) +
            " blocks of 512 bytes (a C3D file holds at most 255)");
  const std::size_t data_block = 2 + section_blocks;
  for (GroupOut& g : groups)
    if (iequals(g.name, "POINT"))
      put_u16(g.parameters[data.data_start_record].payload.data(), static_cast<std::uint16_t>(data_block));

  const auto frames = static_cast<std::size_t>(s.frames);
  const auto npoints = static_cast<std::size_t>(s.points);
  const auto analog_values = static_cast<std::size_t>(s.channels * s.samples_per_frame);
  const std::size_t frame_bytes = 4 * (4 * npoints + analog_values);
  const std::size_t data_bytes = frames * frame_bytes;
  const std::size_t data_start = (data_block - 1) * kBlock;
  std::vector<std::uint8_t> image(data_start + (data_bytes + kBlock - 1) / kBlock * kBlock, 0);
  std::uint8_t* const h = image.data();

  // Header block (16-bit words; byte offsets below).
  const long last_frame = c3d.first_frame + static_cast<long>(frames) - 1;
  const auto header_first = static_cast<std::uint16_t>(std::min<long>(c3d.first_frame, 65535));
  const auto header_last = frames == 0 ? static_cast<std::uint16_t>(header_first - 1)  // saturates at 65535 otherwise
                                       : static_cast<std::uint16_t>(std::min<long>(last_frame, 65535));
  h[0] = 2;     // parameter section block
  h[1] = 0x50;  // C3D key
  put_u16(h + 2, static_cast<std::uint16_t>(npoints));
  put_u16(h + 4, static_cast<std::uint16_t>(analog_values));
  put_u16(h + 6, header_first);
  put_u16(h + 8, header_last);
  put_u16(h + 10, 0);  // maximum interpolation gap
  put_f32(h + 12, data.scale);
  put_u16(h + 16, static_cast<std::uint16_t>(data_block));
  put_u16(h + 18, static_cast<std::uint16_t>(s.samples_per_frame));
  put_f32(h + 20, static_cast<float>(c3d.point_rate));
  put_u16(h + 298, 12345);  // word 150: 4-character event labels supported; the header event block stays empty
  put_u16(h + 300, 0);

  // Parameter section.
  std::uint8_t* p = image.data() + kBlock;
  p[0] = 1, p[1] = 0x50, p[2] = static_cast<std::uint8_t>(section_blocks), p[3] = 84;  // 84: Intel
  std::size_t at = kBlock + 4;
  const auto put_record = [&](const Record& r) {
    std::uint8_t* q = image.data() + at;
    const auto name_length = static_cast<std::int8_t>(r.name.size());
    q[0] = static_cast<std::uint8_t>(r.locked ? -name_length : name_length);
    q[1] = static_cast<std::uint8_t>(static_cast<std::int8_t>(r.group_id));
    std::memcpy(q + 2, r.name.data(), r.name.size());
    q += 2 + r.name.size();
    put_u16(q, static_cast<std::uint16_t>(r.size() - (2 + r.name.size())));  // to the next record
    q += 2;
    if (r.group_id > 0) {
      q[0] = static_cast<std::uint8_t>(static_cast<std::int8_t>(r.type));
      q[1] = static_cast<std::uint8_t>(r.dimensions.size());
      for (std::size_t d = 0; d < r.dimensions.size(); ++d) q[2 + d] = static_cast<std::uint8_t>(r.dimensions[d]);
      q += 2 + r.dimensions.size();
      if (!r.payload.empty()) std::memcpy(q, r.payload.data(), r.payload.size());
      q += r.payload.size();
    }
    q[0] = static_cast<std::uint8_t>(r.description.size());
    std::memcpy(q + 1, r.description.data(), r.description.size());
    at += r.size();
  };
  for (std::size_t gi = 0; gi < groups.size(); ++gi) {
    Record head;
    head.group_id = -static_cast<int>(gi + 1);
    head.name = groups[gi].name;
    head.description = groups[gi].description;
    head.locked = groups[gi].locked;
    put_record(head);
    for (const Record& r : groups[gi].parameters) put_record(r);
  }
  // image[at] is already 0: the name length that ends the chain.

  // Data: per frame, x y z residual-word floats per point, then samples_per_frame rows of analog floats.
  const double per_quantum = 1.0 / std::abs(static_cast<double>(data.scale));  // a multiply per sample, not a divide
  const double* xyz = c3d.points.data();
  const float* residuals = c3d.residuals.data();
  const double* analog_row = c3d.analogs.data();
  bool analog_overflow = false;
  std::uint8_t* out = image.data() + data_start;
  for (std::size_t f = 0; f < frames; ++f) {
    for (std::size_t m = 0; m < npoints; ++m, xyz += 3, out += 16) {
      const double x = xyz[0], y = xyz[1], z = xyz[2];
      // Residuals are column-major: one stream per point, few enough to stay in cache across frames.
      const double residual = s.residuals ? static_cast<double>(residuals[m * frames + f]) : 0.0;
      // Branch-free: gaps are irregular, so a branch per sample would be mispredicted often.
      constexpr double finite = std::numeric_limits<double>::max();
      const bool valid = (std::abs(x) <= finite) & (std::abs(y) <= finite) & (std::abs(z) <= finite) & !(residual < 0);
      put_f32(out, valid ? static_cast<float>(x) : 0.0f);  // invalid samples: zeros and a word of -1
      put_f32(out + 4, valid ? static_cast<float>(y) : 0.0f);
      put_f32(out + 8, valid ? static_cast<float>(z) : 0.0f);
      // Residual quanta rounded half up in the low byte, camera mask (high byte) 0; a NaN residual on a
      // valid sample means "unknown": 0.
      const double quanta = residual > 0 ? std::min(residual * per_quantum, 255.0) : 0.0;
      put_f32(out + 12, valid ? static_cast<float>(static_cast<int>(quanta + 0.5)) : -1.0f);
    }
    for (std::size_t i = 0; i < analog_values; ++i) {
      const double v = analog_row[i];
      const auto value = static_cast<float>(v);
      // Bitwise, not short-circuit: no branch, so the loop vectorises.
      analog_overflow |= (std::abs(value) > kMaxFloat) & (std::abs(v) <= std::numeric_limits<double>::max());
      put_f32(out + 4 * i, value);
    }
    analog_row += analog_values;
    out += 4 * analog_values;
  }
  if (analog_overflow) invalid("an analog value does not fit a 32-bit float");
  return image;
}

void write_c3d(const std::filesystem::path& path, const C3d& c3d) {
  const std::vector<std::uint8_t> image = format_c3d(c3d);
  detail::write_file_atomically(path, std::string_view(reinterpret_cast<const char*>(image.data()), image.size()));
}

}  // namespace gaitchain::io
