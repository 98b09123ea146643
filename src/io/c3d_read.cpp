// C3D reader. Layout (c3d.org, "The C3D File Format User Guide"): a 512-byte header block, a parameter
// section starting at block header[0], and frames of point and analog samples from block DATA_START.
// Every read goes through Bytes, which checks bounds and names the offset in errors; allocations are
// made only after the file size has been checked to hold them.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>

#include "files.hpp"
#include "text.hpp"
#include "gaitchain/core/error.hpp"
#include "gaitchain/io/c3d.hpp"

namespace gaitchain::io {

std::string_view to_string(C3dProcessor p) {
  switch (p) {
    case C3dProcessor::intel: return "Intel";
    case C3dProcessor::dec: return "DEC";
    case C3dProcessor::mips: return "MIPS";
  }
  return "?";
}

namespace {

constexpr std::size_t kBlock = 512;

using detail::iequals;

// C3D text is padded with blanks or NULs.
std::string trim(std::string_view s) { return std::string(detail::trim(s, std::string_view(" \0\t\r\n", 5))); }

// Bounds-checked little/big-endian and DEC decoding of the file image.
class Bytes {
 public:
  Bytes(std::span<const std::uint8_t> data, std::string_view name) : data_(data), name_(name) {}

  std::size_t size() const { return data_.size(); }
  std::string_view name() const { return name_; }
  void set_processor(C3dProcessor p) { processor_ = p; }
  C3dProcessor processor() const { return processor_; }

  [[noreturn]] void fail(std::size_t offset, std::string_view message) const {
    throw ParseError::at_byte(name_, offset, message);
  }
  void need(std::size_t offset, std::size_t count, std::string_view what) const {
    if (offset > data_.size() || count > data_.size() - offset)
      fail(offset, std::string(what) + " lies past the end of the file (" + std::to_string(data_.size()) + " bytes)");
  }

  std::uint8_t u8(std::size_t at) const {
    need(at, 1, "a byte");
    return data_[at];
  }
  std::int8_t i8(std::size_t at) const { return static_cast<std::int8_t>(u8(at)); }
  std::uint16_t u16(std::size_t at) const {
    need(at, 2, "a 16-bit word");
    return u16_unchecked(at);
  }
  std::int16_t i16(std::size_t at) const { return static_cast<std::int16_t>(u16(at)); }
  float f32(std::size_t at) const {
    need(at, 4, "a 32-bit float");
    return f32_unchecked(at);
  }
  std::string_view chars(std::size_t at, std::size_t count) const {
    need(at, count, "text");
    return {reinterpret_cast<const char*>(data_.data() + at), count};
  }

  std::uint16_t u16_unchecked(std::size_t at) const {
    const std::uint8_t a = data_[at], b = data_[at + 1];
    return processor_ == C3dProcessor::mips ? static_cast<std::uint16_t>(a << 8 | b) : static_cast<std::uint16_t>(b << 8 | a);
  }
  float f32_unchecked(std::size_t at) const {
    const std::uint8_t* p = data_.data() + at;
    std::uint32_t word = 0;
    switch (processor_) {
      case C3dProcessor::intel: word = std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 | std::uint32_t(p[3]) << 24; break;
      case C3dProcessor::mips: word = std::uint32_t(p[3]) | std::uint32_t(p[2]) << 8 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[0]) << 24; break;
      case C3dProcessor::dec: {
        // VAX F-float: 16-bit words in PDP order (high word first, each little-endian), exponent bias
        // 128 and mantissa 0.1f instead of 1.f. Swapping the words gives an IEEE bit pattern worth 4x.
        word = std::uint32_t(p[2]) | std::uint32_t(p[3]) << 8 | std::uint32_t(p[0]) << 16 | std::uint32_t(p[1]) << 24;
        if ((word & 0x7f800000u) == 0) return 0.0f;  // exponent 0 is zero on a VAX (no denormals)
        return std::bit_cast<float>(word) / 4.0f;
      }
    }
    return std::bit_cast<float>(word);
  }

 private:
  std::span<const std::uint8_t> data_;
  std::string_view name_;
  C3dProcessor processor_ = C3dProcessor::intel;
};

// ---------------------------------------------------------------------------------------------------
// Parameter section

struct RawParameter {
  int group_id = 0;
  C3dParameter parameter;
};

C3dParameter::Type parameter_type(const Bytes& in, std::size_t at) {
  switch (in.i8(at)) {
    case -1: return C3dParameter::Type::character;
    case 1: return C3dParameter::Type::byte;
    case 2: return C3dParameter::Type::integer;
    case 4: return C3dParameter::Type::real;
    default: in.fail(at, "parameter data type " + std::to_string(in.i8(at)) + " is not -1, 1, 2 or 4");
  }
}

void decode_values(const Bytes& in, std::size_t at, C3dParameter& p) {
  std::size_t count = 1;
  for (int d : p.dimensions) count *= static_cast<std::size_t>(d);  // each dimension <= 255, at most 7 dims
  const std::size_t width = p.type == C3dParameter::Type::character ? 1 : static_cast<std::size_t>(p.type);
  in.need(at, count * width, "the values of parameter " + p.name);
  if (p.type == C3dParameter::Type::character) {
    const std::string_view text = in.chars(at, count);
    if (p.dimensions.size() <= 1) {
      p.strings.push_back(trim(text));
    } else {
      const std::size_t length = static_cast<std::size_t>(p.dimensions[0]);
      if (length == 0) return;
      for (std::size_t i = 0; i + length <= text.size(); i += length) p.strings.push_back(trim(text.substr(i, length)));
    }
    return;
  }
  p.numbers.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    switch (p.type) {
      case C3dParameter::Type::byte: p.numbers[i] = in.i8(at + i); break;
      case C3dParameter::Type::integer: p.numbers[i] = in.i16(at + 2 * i); break;
      default: p.numbers[i] = in.f32(at + 4 * i); break;
    }
  }
}

std::vector<C3dGroup> read_parameters(const Bytes& in, std::size_t section) {
  // Records start inside the section the file declares (byte 3 of the section: its block count); the
  // last one may run past it (BTK's parameterOverflow.c3d), but the chain is not followed beyond it:
  // some writers (c3d.org sgi_*.c3d) leave a last link that points into the data.
  const std::size_t section_end = std::min(in.size(), section + std::max<std::size_t>(in.u8(section + 2), 1) * kBlock);
  std::map<int, C3dGroup> groups;   // by group id (positive)
  std::vector<int> group_order;
  std::vector<RawParameter> parameters;
  std::size_t at = section + 4;
  // Each record points to the next; a pointer that does not move forward ends the section (some
  // writers leave 0 in the last record), so a malformed chain cannot loop.
  while (at + 2 <= section_end) {
    const std::int8_t name_length_signed = in.i8(at);
    if (name_length_signed == 0) break;
    const bool locked = name_length_signed < 0;
    const std::size_t name_length = static_cast<std::size_t>(std::abs(int(name_length_signed)));
    const std::int8_t id = in.i8(at + 1);
    if (id == 0) in.fail(at + 1, "parameter record with group id 0");
    const std::string name = trim(in.chars(at + 2, name_length));
    const std::size_t link = at + 2 + name_length;
    const std::int16_t offset = in.i16(link);
    const std::size_t end = offset > 0 ? link + static_cast<std::size_t>(offset) : in.size();
    if (offset > 0 && end > in.size())
      in.fail(link, "parameter " + name + " points to a next record at byte " + std::to_string(end) +
                        ", past the end of the file (" + std::to_string(in.size()) + " bytes)");
    if (id < 0) {
      C3dGroup g;
      g.name = name;
      g.locked = locked;
      if (link + 2 < end) {
        const std::size_t description_length = in.u8(link + 2);
        if (link + 3 + description_length <= end) g.description = trim(in.chars(link + 3, description_length));
      }
      const int gid = -id;
      auto [it, inserted] = groups.try_emplace(gid, std::move(g));
      if (!inserted) {  // a second record for the same id: keep the first name, no data is lost
        if (it->second.name.empty()) it->second.name = g.name;
      } else {
        group_order.push_back(gid);
      }
    } else {
      RawParameter raw;
      raw.group_id = id;
      C3dParameter& p = raw.parameter;
      p.name = name;
      p.locked = locked;
      std::size_t cursor = link + 2;
      p.type = parameter_type(in, cursor);
      const std::size_t dimension_count = in.u8(cursor + 1);
      cursor += 2;
      if (dimension_count > 7) in.fail(cursor - 1, "parameter " + name + " has " + std::to_string(dimension_count) + " dimensions (at most 7)");
      for (std::size_t d = 0; d < dimension_count; ++d) p.dimensions.push_back(in.u8(cursor + d));
      cursor += dimension_count;
      decode_values(in, cursor, p);
      std::size_t count = 1;
      for (int d : p.dimensions) count *= static_cast<std::size_t>(d);
      cursor += count * (p.type == C3dParameter::Type::character ? 1 : static_cast<std::size_t>(p.type));
      // The description is optional in practice: some writers (mocap36.c3d) leave out its length byte.
      if (cursor < end) {
        const std::size_t description_length = in.u8(cursor);
        if (cursor + 1 + description_length <= end) p.description = trim(in.chars(cursor + 1, description_length));
      }
      parameters.push_back(std::move(raw));
    }
    if (offset <= 0) break;
    at = end;
  }
  for (RawParameter& raw : parameters) {
    auto it = groups.find(raw.group_id);
    if (it == groups.end()) {  // a parameter without a group record: keep it in a group named by its id
      C3dGroup g;
      g.name = "GROUP" + std::to_string(raw.group_id);
      it = groups.emplace(raw.group_id, std::move(g)).first;
      group_order.push_back(raw.group_id);
    }
    it->second.parameters.push_back(std::move(raw.parameter));
  }
  std::vector<C3dGroup> ordered;
  ordered.reserve(group_order.size());
  for (int gid : group_order) ordered.push_back(std::move(groups[gid]));
  return ordered;
}

// ---------------------------------------------------------------------------------------------------
// Helpers over the decoded parameters

double number(const C3dParameter* p, double fallback, std::size_t i = 0) {
  return p && i < p->numbers.size() ? p->numbers[i] : fallback;
}

// A count stored as a signed 16-bit integer (or a float by some writers).
long count(const C3dParameter* p, long fallback) {
  if (!p || p->numbers.empty()) return fallback;
  if (p->type == C3dParameter::Type::integer) return static_cast<long>(p->unsigned_number(0));
  const double v = p->numbers[0];
  return std::isfinite(v) && v >= 0 && v < 1e9 ? static_cast<long>(std::lround(v)) : fallback;
}

// LABELS, LABELS2, LABELS3, ... concatenated (continuation parameters for more than 255 entries), for the
// strings or the numbers of the parameters.
template <class T>
std::vector<T> continued(const C3dGroup* g, std::string_view base, std::vector<T> C3dParameter::*values) {
  std::vector<T> out;
  if (!g) return out;
  for (int k = 1; k < 1000; ++k) {
    const C3dParameter* p = g->find(k == 1 ? std::string(base) : std::string(base) + std::to_string(k));
    if (!p) break;
    out.insert(out.end(), (p->*values).begin(), (p->*values).end());
  }
  return out;
}

// TRIAL:ACTUAL_START_FIELD / ACTUAL_END_FIELD: a 32-bit frame number as two 16-bit words (low, high).
long field_32(const C3dParameter* p) {
  if (!p || p->numbers.size() < 2 || p->type != C3dParameter::Type::integer) return -1;
  return static_cast<long>(p->unsigned_number(0)) + 65536L * static_cast<long>(p->unsigned_number(1));
}

void read_events(const Bytes& in, const C3d& c3d, std::vector<C3dEvent>& events) {
  if (const C3dGroup* g = c3d.group("EVENT")) {
    const std::vector<std::string> labels = continued(g, "LABELS", &C3dParameter::strings);
    const std::vector<std::string> contexts = continued(g, "CONTEXTS", &C3dParameter::strings);
    const std::vector<std::string> descriptions = continued(g, "DESCRIPTIONS", &C3dParameter::strings);
    const std::vector<std::string> subjects = continued(g, "SUBJECTS", &C3dParameter::strings);
    const std::vector<double> times = continued(g, "TIMES", &C3dParameter::numbers);
    long used = count(g->find("USED"), static_cast<long>(times.size() / 2));
    used = std::min<long>(used, static_cast<long>(times.size() / 2));
    for (long i = 0; i < used; ++i) {
      C3dEvent e;
      const auto k = static_cast<std::size_t>(i);
      e.time = times[2 * k] * 60.0 + times[2 * k + 1];  // TIMES(1,i) minutes, TIMES(2,i) seconds
      if (!std::isfinite(e.time)) continue;
      e.label = k < labels.size() ? labels[k] : "";
      e.context = k < contexts.size() ? contexts[k] : "";
      e.description = k < descriptions.size() ? descriptions[k] : "";
      e.subject = k < subjects.size() ? subjects[k] : "";
      events.push_back(std::move(e));
    }
  }
  // Header event block: word 151 = count (at most 18), times at bytes 304.., labels (4 chars) at 396...
  const std::size_t header_events = std::min<std::size_t>(in.u16(300), 18);
  for (std::size_t i = 0; i < header_events; ++i) {
    C3dEvent e;
    e.time = in.f32(304 + 4 * i);
    e.label = trim(in.chars(396 + 4 * i, 4));
    e.from_header = true;
    if (!std::isfinite(e.time)) continue;
    const bool duplicate = std::any_of(events.begin(), events.end(), [&](const C3dEvent& x) {
      return !x.from_header && std::abs(x.time - e.time) < 1e-4;
    });
    if (!duplicate) events.push_back(std::move(e));
  }
  std::stable_sort(events.begin(), events.end(), [](const C3dEvent& a, const C3dEvent& b) { return a.time < b.time; });
}

}  // namespace

// ---------------------------------------------------------------------------------------------------

double C3dParameter::unsigned_number(std::size_t i) const {
  if (i >= numbers.size()) return 0.0;
  const double v = numbers[i];
  return type == Type::integer && v < 0 ? v + 65536.0 : v;
}

const C3dParameter* C3dGroup::find(std::string_view parameter) const {
  for (const C3dParameter& p : parameters)
    if (iequals(p.name, parameter)) return &p;
  return nullptr;
}

const C3dGroup* C3d::group(std::string_view name) const {
  for (const C3dGroup& g : groups)
    if (iequals(g.name, name)) return &g;
  return nullptr;
}

const C3dParameter* C3d::parameter(std::string_view group_name, std::string_view name) const {
  const C3dGroup* g = group(group_name);
  return g ? g->find(name) : nullptr;
}

std::size_t C3d::analog_samples_per_frame() const {
  if (!(point_rate > 0) || analogs.cols() == 0) return 0;
  return static_cast<std::size_t>(std::lround(analog_rate / point_rate));
}

C3d parse_c3d(std::span<const std::uint8_t> bytes, std::string_view name) {
  Bytes in(bytes, name);
  if (bytes.size() < kBlock) in.fail(0, "file is " + std::to_string(bytes.size()) + " bytes, shorter than the 512-byte C3D header");
  if (bytes[1] != 0x50) in.fail(1, "not a C3D file (byte 2 is " + std::to_string(bytes[1]) + ", the C3D key is 80)");
  if (bytes[0] == 0) in.fail(0, "the header gives parameter block 0 (blocks are numbered from 1)");
  const std::size_t section = (static_cast<std::size_t>(bytes[0]) - 1) * kBlock;
  in.need(section, 4, "the parameter section");
  C3d c3d;
  c3d.source = std::string(name);
  switch (bytes[section + 3]) {
    case 84: c3d.processor = C3dProcessor::intel; break;
    case 85: c3d.processor = C3dProcessor::dec; break;
    case 86: c3d.processor = C3dProcessor::mips; break;
    default:
      in.fail(section + 3, "unknown processor type " + std::to_string(bytes[section + 3]) + " (84 Intel, 85 DEC, 86 MIPS)");
  }
  in.set_processor(c3d.processor);
  c3d.groups = read_parameters(in, section);

  // Header words (bytes): 2 point count, 4 analog values per frame, 6 first frame, 8 last frame,
  // 12 scale (float), 16 data start block, 18 analog samples per frame, 20 frame rate (float).
  const C3dGroup* point = c3d.group("POINT");
  const C3dGroup* analog = c3d.group("ANALOG");
  const long point_count = count(point ? point->find("USED") : nullptr, in.u16(2));
  const double header_scale = in.f32(12);
  double scale = number(point ? point->find("SCALE") : nullptr, header_scale);
  if (!std::isfinite(scale) || scale == 0.0) scale = std::isfinite(header_scale) && header_scale != 0.0 ? header_scale : -1.0;
  const bool real = scale < 0;
  const double header_rate = in.f32(20);
  double rate = number(point ? point->find("RATE") : nullptr, header_rate);
  if (!(std::isfinite(rate) && rate > 0)) rate = header_rate;
  if (!(std::isfinite(rate) && rate > 0 && rate < 1e7)) in.fail(20, "the point frame rate is not a positive number of Hz");
  c3d.point_rate = rate;

  long first = in.u16(6);
  long last = in.u16(8);
  if (const C3dGroup* trial = c3d.group("TRIAL")) {  // 32-bit frame numbers for trials over 65535 frames
    const long start = field_32(trial->find("ACTUAL_START_FIELD"));
    const long end = field_32(trial->find("ACTUAL_END_FIELD"));
    if (start >= 1 && end >= start) first = start, last = end;
  }
  long frames = last >= first ? last - first + 1 : 0;
  if (point) {  // POINT:FRAMES is authoritative where the 16-bit header saturates
    const long declared = count(point->find("FRAMES"), -1);
    if (declared > frames && last == 65535) frames = declared;
  }
  c3d.first_frame = std::max<long>(first, 1);

  const long channels = std::max<long>(count(analog ? analog->find("USED") : nullptr, 0), 0);
  long samples_per_frame = in.u16(18);
  const double analog_rate = number(analog ? analog->find("RATE") : nullptr, 0.0);
  if (channels > 0 && std::isfinite(analog_rate) && analog_rate > 0) {
    const double ratio = analog_rate / rate;
    // The header holds samples per frame in 16 bits: a larger ratio is a corrupt rate, not a file's layout.
    if (std::abs(ratio - std::round(ratio)) < 1e-3 && ratio >= 1 && ratio <= 65535) samples_per_frame = std::lround(ratio);
  }
  if (channels > 0 && samples_per_frame <= 0) {
    const long per_frame = in.u16(4);  // header: channels x samples per frame
    samples_per_frame = per_frame % channels == 0 ? per_frame / channels : 0;
    if (samples_per_frame <= 0) in.fail(4, "cannot tell how many analog samples there are per frame");
  }
  const long analog_per_frame = channels > 0 ? channels * samples_per_frame : 0;
  c3d.analog_rate = channels > 0 ? rate * static_cast<double>(samples_per_frame) : 0.0;

  long data_block = count(point ? point->find("DATA_START") : nullptr, in.u16(16));
  if (data_block <= 0) data_block = in.u16(16);
  if (data_block <= 0) in.fail(16, "the data start block is 0");
  const std::size_t data_start = (static_cast<std::size_t>(data_block) - 1) * kBlock;
  if (data_start <= section) in.fail(16, "the data section (block " + std::to_string(data_block) + ") starts before the parameter section ends");

  // Labels and units.
  c3d.point_labels = continued(point, "LABELS", &C3dParameter::strings);
  c3d.point_descriptions = continued(point, "DESCRIPTIONS", &C3dParameter::strings);
  if (point && point->find("UNITS") && !point->find("UNITS")->strings.empty()) c3d.point_units = point->find("UNITS")->strings[0];
  c3d.point_labels.resize(static_cast<std::size_t>(std::max<long>(point_count, 0)));
  c3d.point_descriptions.resize(c3d.point_labels.size());
  for (std::size_t i = 0; i < c3d.point_labels.size(); ++i)
    if (c3d.point_labels[i].empty()) c3d.point_labels[i] = "uname*" + std::to_string(i + 1);

  // Check the data fit in the file before allocating anything for them.
  const std::size_t width = real ? 4 : 2;
  const std::size_t frame_values = static_cast<std::size_t>(point_count) * 4 + static_cast<std::size_t>(analog_per_frame);
  const std::size_t frame_bytes = frame_values * width;
  const std::size_t available = bytes.size() > data_start ? bytes.size() - data_start : 0;
  if (frame_bytes > 0 && static_cast<std::size_t>(frames) > available / frame_bytes) {
    // A file cut inside its data (an interrupted export): keep the complete frames and say so. With
    // not even one complete frame there is nothing to keep.
    const auto complete = static_cast<long>(available / frame_bytes);
    if (complete == 0)
      in.fail(data_start, "the header declares " + std::to_string(frames) + " frames of " + std::to_string(frame_bytes) +
                              " bytes but only " + std::to_string(available) + " bytes follow the data start: the file is truncated");
    c3d.notes.push_back("the file declares " + std::to_string(frames) + " frames but holds only " + std::to_string(complete) +
                        " complete frames (truncated); read those");
    frames = complete;
  }
  if (frame_bytes == 0) frames = std::min<long>(frames, 0);

  const auto nframes = static_cast<Eigen::Index>(frames);
  const auto npoints = static_cast<Eigen::Index>(point_count);
  c3d.points.setConstant(nframes, 3 * npoints, std::numeric_limits<double>::quiet_NaN());
  c3d.residuals.setConstant(nframes, npoints, -1.0f);

  // Analog scaling.
  std::vector<double> offsets = continued(analog, "OFFSET", &C3dParameter::numbers);
  std::vector<double> scales = continued(analog, "SCALE", &C3dParameter::numbers);
  const double gen_scale = number(analog ? analog->find("GEN_SCALE") : nullptr, 1.0);
  bool unsigned_analog = false;
  if (analog && analog->find("FORMAT") && !analog->find("FORMAT")->strings.empty())
    unsigned_analog = iequals(analog->find("FORMAT")->strings[0], "UNSIGNED");
  if (channels > 0) {
    const C3dParameter* o = analog ? analog->find("OFFSET") : nullptr;
    for (std::size_t i = 0; i < offsets.size(); ++i)  // offsets of unsigned data are unsigned too
      if (unsigned_analog && o && o->type == C3dParameter::Type::integer && offsets[i] < 0) offsets[i] += 65536.0;
    offsets.resize(static_cast<std::size_t>(channels), 0.0);
    scales.resize(static_cast<std::size_t>(channels), 1.0);
    c3d.analog_labels = continued(analog, "LABELS", &C3dParameter::strings);
    c3d.analog_units = continued(analog, "UNITS", &C3dParameter::strings);
    c3d.analog_labels.resize(static_cast<std::size_t>(channels));
    c3d.analog_units.resize(static_cast<std::size_t>(channels));
    for (std::size_t i = 0; i < c3d.analog_labels.size(); ++i)
      if (c3d.analog_labels[i].empty()) c3d.analog_labels[i] = "channel" + std::to_string(i + 1);
  }
  c3d.analogs.setZero(nframes * samples_per_frame * (channels > 0 ? 1 : 0), channels);

  const double point_scale = std::abs(scale);
  std::size_t at = data_start;
  for (Eigen::Index f = 0; f < nframes; ++f) {
    for (Eigen::Index m = 0; m < npoints; ++m, at += 4 * width) {
      double x, y, z, word;
      if (real) {
        x = in.f32_unchecked(at), y = in.f32_unchecked(at + 4), z = in.f32_unchecked(at + 8);
        word = in.f32_unchecked(at + 12);
      } else {
        x = static_cast<std::int16_t>(in.u16_unchecked(at)) * point_scale;
        y = static_cast<std::int16_t>(in.u16_unchecked(at + 2)) * point_scale;
        z = static_cast<std::int16_t>(in.u16_unchecked(at + 4)) * point_scale;
        word = static_cast<std::int16_t>(in.u16_unchecked(at + 6));
      }
      // The fourth word: camera mask (high byte) and residual / |scale| (low byte); negative = invalid.
      if (!(word >= 0) || !std::isfinite(x) || !std::isfinite(y) || !std::isfinite(z)) continue;
      const auto packed = static_cast<std::int32_t>(std::clamp(word, 0.0, 32767.0));
      c3d.residuals(f, m) = static_cast<float>((packed & 0xff) * point_scale);
      c3d.points(f, 3 * m) = x, c3d.points(f, 3 * m + 1) = y, c3d.points(f, 3 * m + 2) = z;
    }
    for (long s = 0; s < samples_per_frame && channels > 0; ++s) {
      const Eigen::Index row = f * samples_per_frame + s;
      for (long ch = 0; ch < channels; ++ch, at += width) {
        double raw;
        if (real) raw = in.f32_unchecked(at);
        else if (unsigned_analog) raw = in.u16_unchecked(at);
        else raw = static_cast<std::int16_t>(in.u16_unchecked(at));
        const auto c = static_cast<std::size_t>(ch);
        c3d.analogs(row, ch) = (raw - offsets[c]) * scales[c] * gen_scale;
      }
    }
  }
  read_events(in, c3d, c3d.events);
  return c3d;
}

C3d read_c3d(const std::filesystem::path& path) {
  const std::string bytes = detail::read_file(path);
  return parse_c3d(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()), path.string());
}

}  // namespace gaitchain::io
