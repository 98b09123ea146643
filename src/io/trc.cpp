// TRC marker files: a tolerant reader and an OpenSim-layout writer (see gaitchain/io/trc.hpp).
//
// The layout, as OpenSim's TRCFileAdapter writes it:
//   line 1  PathFileType<tab>4<tab>(X/Y/Z)<tab><file name>
//   line 2  DataRate CameraRate NumFrames NumMarkers Units OrigDataRate OrigDataStartFrame OrigNumFrames
//   line 3  the values of line 2
//   line 4  Frame#<tab>Time<tab><marker 1><tab><tab><tab><marker 2>...
//   line 5  <tab><tab>X1<tab>Y1<tab>Z1<tab>X2...
//   (a blank line, optional)
//   rows    <frame><tab><time><tab><x1><tab><y1><tab><z1>...
// The data are parsed in place with std::from_chars straight into the matrix: no streams, no per-cell strings.
#include "gaitchain/io/trc.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "files.hpp"
#include "text.hpp"
#include "gaitchain/core/error.hpp"

namespace gaitchain::io {
namespace {

using namespace detail;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Plausible sample rates. The bounds also keep (first_frame - 1 + k) / rate finite and exact enough to round
// back to the same frame number.
constexpr double kMinRate = 1e-3;
constexpr double kMaxRate = 1e6;
// Largest |first_frame - 1| accepted: far beyond any capture (11 days at 1 MHz), small enough that time * rate
// rounds back to the exact frame number.
constexpr double kMaxFrame = 1e12;
constexpr std::string_view kHeaderKeys[] = {"DataRate", "CameraRate", "NumFrames", "NumMarkers",
                                            "Units", "OrigDataRate", "OrigDataStartFrame", "OrigNumFrames"};

// Tab-separated cells, each trimmed of spaces.
std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> cells;
  std::size_t start = 0;
  while (true) {
    const std::size_t tab = line.find('\t', start);
    cells.push_back(trim(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start), " "));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return cells;
}

std::vector<std::string_view> non_empty(const std::vector<std::string_view>& cells) {
  std::vector<std::string_view> out;
  for (std::string_view c : cells)
    if (!c.empty()) out.push_back(c);
  return out;
}

// Number of cells in a row, not counting empty cells left by trailing tabs.
std::size_t count_cells(std::string_view line) {
  const std::size_t end = line.find_last_not_of(" \t");
  if (end == std::string_view::npos) return 0;
  return static_cast<std::size_t>(std::count(line.begin(), line.begin() + static_cast<std::ptrdiff_t>(end), '\t')) + 1;
}


class TrcParser {
 public:
  TrcParser(std::string_view text, std::string_view name) : lines_(text), name_(name) {}

  TrcFile parse() {
    TrcFile trc;
    parse_header(trc);
    parse_rows(trc);
    return trc;
  }

 private:
  [[noreturn]] void fail(std::size_t line, const std::string& message) const {
    throw ParseError::at_line(name_, line, message);
  }

  std::string_view header_line(const char* what) {
    std::string_view line;
    if (!lines_.next(line))
      fail(lines_.number() + 1, std::string("the file ends before ") + what + " (a TRC header has 5 lines)");
    return line;
  }

  double header_number(std::string_view key, std::string_view value) const {
    double x = 0.0;
    if (parse_cell(value, x) != Cell::number || !std::isfinite(x))
      fail(3, std::string(key) + " must be a number, found " + quote(value));
    return x;
  }

  double header_rate(std::string_view key, std::string_view value) const {
    const double rate = header_number(key, value);
    if (!(rate >= kMinRate && rate <= kMaxRate))
      fail(3, std::string(key) + " must be a sample rate between 0.001 and 1000000 Hz, found " + quote(value));
    return rate;
  }

  void parse_header(TrcFile& trc) {
    std::string_view line;
    if (!lines_.next(line)) fail(1, "the file is empty; expected a TRC header starting with 'PathFileType'");
    // Line 1: "PathFileType 4 (X/Y/Z) <path>", separated by tabs or spaces; only the first word matters.
    const std::string_view first = trim(line, " \t");
    if (!iequals(first.substr(0, first.find_first_of(" \t")), "PathFileType"))
      fail(1, "expected a TRC header starting with 'PathFileType', found " + quote(line));

    // Lines 2 and 3: header keys and their values. Real files pad with spaces and separate with one or two tabs
    // (Rajagopal's motion_capture_walk.trc), so empty cells are dropped -- OpenSim does the same -- unless that
    // leaves a count that disagrees while the raw cells agree (a value left blank).
    const std::vector<std::string_view> keys = non_empty(split_tabs(header_line("the header field names")));
    std::vector<std::string_view> raw = split_tabs(header_line("the header values"));
    while (!raw.empty() && raw.back().empty()) raw.pop_back();
    std::vector<std::string_view> values = non_empty(raw);
    if (values.size() != keys.size() && raw.size() == keys.size()) values = raw;
    if (values.size() != keys.size()) {
      std::string names;
      for (std::string_view k : keys) {
        if (!names.empty()) names += ' ';
        names += k;
      }
      fail(3, "expected " + std::to_string(keys.size()) + " header values, one for each field on line 2 (" +
                  names + "), found " + std::to_string(values.size()));
    }
    auto field = [&](std::string_view key) -> const std::string_view* {
      for (std::size_t i = 0; i < keys.size(); ++i)
        if (iequals(keys[i], key)) return &values[i];
      return nullptr;
    };
    auto required = [&](std::string_view key) {
      const std::string_view* v = field(key);
      if (!v) {
        std::string expected;
        for (std::string_view k : kHeaderKeys) {
          if (!expected.empty()) expected += ' ';
          expected += k;
        }
        fail(2, "the header has no " + std::string(key) + " field (expected " + expected + ")");
      }
      return *v;
    };

    trc.data_rate = header_rate("DataRate", required("DataRate"));
    const std::string_view* camera = field("CameraRate");
    trc.camera_rate = camera && !camera->empty() ? header_rate("CameraRate", *camera) : trc.data_rate;
    const std::string_view units = required("Units");
    trc.units = lower(units);
    if (trc.units != "mm" && trc.units != "cm" && trc.units != "m")
      fail(3, "Units must be mm, cm or m, found " + quote(units));
    const std::string_view num_markers_text = required("NumMarkers");
    const double num_markers = header_number("NumMarkers", num_markers_text);
    if (num_markers < 0 || num_markers != std::floor(num_markers))
      fail(3, "NumMarkers must be a whole number, found " + quote(num_markers_text));
    // NumFrames and the Orig* fields are not used: the rows present are the data (see parse_rows).

    // Line 4: "Frame#", "Time", then the marker names, each followed by two blank cells spanning its Y and Z
    // columns. Names are the non-empty cells. Count them before building strings, so that a bogus NumMarkers
    // or a huge line cannot make us allocate by the header's claim.
    const std::string_view names_line = header_line("the marker names line");
    const std::size_t names_line_number = lines_.number();
    const std::vector<std::string_view> labels = non_empty(split_tabs(names_line));
    if (labels.size() < 2 || !iequals(labels[0].substr(0, 5), "Frame") || !iequals(labels[1], "Time"))
      fail(names_line_number, "expected the column names 'Frame#<tab>Time<tab><marker names>', found " +
                                  quote(names_line));
    const std::size_t marker_count = labels.size() - 2;
    if (static_cast<double>(marker_count) != num_markers)
      fail(names_line_number, "the line names " + std::to_string(marker_count) +
                                  " markers but the header declares NumMarkers " + std::string(num_markers_text));
    if (marker_count == 0) fail(names_line_number, "the file has no markers (NumMarkers is 0)");
    std::unordered_map<std::string_view, std::size_t> seen;
    seen.reserve(marker_count);
    for (std::size_t i = 0; i < marker_count; ++i) {
      const auto [it, inserted] = seen.emplace(labels[i + 2], i);
      if (!inserted)
        fail(names_line_number, "marker name " + quote(labels[i + 2]) + " is used twice (markers " +
                                    std::to_string(it->second + 1) + " and " + std::to_string(i + 1) + ")");
    }
    trc.marker_names.assign(labels.begin() + 2, labels.end());

    // Line 5: X1 Y1 Z1 X2 ... one label per coordinate column (blank cells under Frame# and Time).
    const std::string_view axes_line = header_line("the coordinate labels line (X1 Y1 Z1 ...)");
    const std::vector<std::string_view> axes = non_empty(split_tabs(axes_line));
    if (axes.size() != 3 * marker_count)
      fail(lines_.number(), "expected " + std::to_string(3 * marker_count) + " coordinate labels (X1 Y1 Z1 ... Z" +
                                std::to_string(marker_count) + ") for " + std::to_string(marker_count) +
                                " markers, found " + std::to_string(axes.size()));
    for (std::size_t i = 0; i < axes.size(); ++i) {
      const char expected = "XYZ"[i % 3];
      if ((axes[i][0] & ~0x20) != expected)
        fail(lines_.number(), "coordinate label " + std::to_string(i + 1) + " should start with '" + expected +
                                  "' (" + expected + std::to_string(i / 3 + 1) + "), found " + quote(axes[i]));
    }
  }

  // Where column `column` (0-based) sits, for error messages.
  std::string describe_column(const TrcFile& trc, std::size_t column) const {
    std::string where = "column " + std::to_string(column + 1);
    if (column == 0) return where + " (Frame#)";
    if (column == 1) return where + " (Time)";
    const std::size_t c = column - 2;
    return where + " (" + "XYZ"[c % 3] + " of marker " + quote(trc.marker_names[c / 3]) + ")";
  }

  [[noreturn]] void fail_width(const TrcFile& trc, std::string_view line, std::size_t expected) const {
    fail(lines_.number(), "row has " + std::to_string(count_cells(line)) + " cells but the header declares " +
                              std::to_string(trc.marker_names.size()) + " markers (" + std::to_string(expected) +
                              " cells: Frame#, Time and " + std::to_string(expected - 2) + " coordinates)");
  }

  // Parses one data row into `out` (3 * markers values); returns the time cell.
  double parse_row(const TrcFile& trc, std::string_view line, double* out) const {
    const std::size_t expected = 3 * trc.marker_names.size() + 2;
    // A row needs expected - 1 tabs: reject a short line before touching the output, so a huge marker count
    // with short rows fails fast.
    if (line.size() + 1 < expected) fail_width(trc, line, expected);
    double time = 0.0;
    int blanks = 0;  // blank cells among the current marker's coordinates
    const char* p = line.data();
    const char* const end = p + line.size();
    std::size_t column = 0;
    while (true) {
      const char* tab = static_cast<const char*>(std::memchr(p, '\t', static_cast<std::size_t>(end - p)));
      const char* cell_end = tab ? tab : end;
      const std::string_view cell(p, static_cast<std::size_t>(cell_end - p));
      if (column < expected) {
        double value = 0.0;
        const Cell kind = parse_cell(cell, value);
        if (kind == Cell::bad || kind == Cell::out_of_range || (kind == Cell::blank && column < 2))
          fail(lines_.number(), describe_column(trc, column) + ": expected a number, found " + quote(cell) +
                                    (kind == Cell::out_of_range ? " (out of the range of a double)" : ""));
        if (std::isinf(value) || (column < 2 && std::isnan(value)))
          fail(lines_.number(), describe_column(trc, column) + ": expected a finite number, found " + quote(cell));
        if (column == 1) time = value;
        if (column >= 2) {
          out[column - 2] = value;
          blanks += kind == Cell::blank;
          if ((column - 2) % 3 == 2) {
            // Writers blank a missing marker's three cells together. One or two blanks is what a row that lost a
            // cell looks like when it ends with a tab (as gait2354's rows do): the final empty cell fills the gap
            // and every value after the loss is shifted. Refuse it rather than read shifted data.
            if (blanks == 1 || blanks == 2)
              fail(lines_.number(), "marker " + quote(trc.marker_names[(column - 2) / 3]) + " (columns " +
                                        std::to_string(column - 1) + "-" + std::to_string(column + 1) + ") has " +
                                        std::to_string(blanks) + " blank cell" + (blanks == 1 ? "" : "s") +
                                        " of 3: a missing marker has all three blank; is a cell missing from the row?");
            blanks = 0;
          }
        }
      } else if (!is_blank(cell)) {
        fail_width(trc, line, expected);  // too many cells; empty ones from trailing tabs are fine
      }
      ++column;
      if (!tab) break;
      p = tab + 1;
    }
    if (column < expected) fail_width(trc, line, expected);
    // A marker is present or missing as a whole (as in OpenSim): a NaN coordinate makes all three NaN.
    for (std::size_t m = 0; m < trc.marker_names.size(); ++m) {
      double* xyz = out + 3 * m;
      if (std::isnan(xyz[0]) || std::isnan(xyz[1]) || std::isnan(xyz[2])) xyz[0] = xyz[1] = xyz[2] = kNaN;
    }
    return time;
  }

  // Data rows: every non-blank line after the header (OpenSim writes one blank line before them). NumFrames is
  // not trusted: files whose rows were trimmed keep the old count, so the rows present are the data.
  void parse_rows(TrcFile& trc) {
    const auto columns = static_cast<Eigen::Index>(3 * trc.marker_names.size());
    const std::size_t cells = 3 * trc.marker_names.size() + 2;
    // Capacity from the text actually present: no more rows than lines, and each row takes at least `cells`
    // bytes. Grows by doubling if the estimate is ever short; trimmed at the end.
    const std::string_view rest = lines_.rest();
    Eigen::Index capacity = static_cast<Eigen::Index>(std::min(count_lines(rest), rest.size() / cells + 1));
    trc.points.resize(capacity, columns);
    Eigen::Index rows = 0;
    double first_time = 0.0;
    std::size_t first_line = 0;
    std::string_view line;
    while (lines_.next(line)) {
      if (is_blank(line)) continue;
      if (rows == capacity) {
        capacity *= 2;
        trc.points.conservativeResize(capacity, Eigen::NoChange);
      }
      const double time = parse_row(trc, line, trc.points.row(rows).data());
      if (rows == 0) {
        first_time = time;
        first_line = lines_.number();
      }
      ++rows;
    }
    if (rows == 0) fail(lines_.number() + 1, "no data rows after the header");
    trc.points.conservativeResize(rows, Eigen::NoChange);

    // The first row's time places the samples on the capture clock; later times are not used (they are often
    // rounded, e.g. to 3 decimals in gait2354's subject01_walk1.trc): DataRate gives the spacing.
    const double frame = first_time * trc.data_rate;
    if (!(std::fabs(frame) <= kMaxFrame))
      fail(first_line, "the first row's time " + std::to_string(first_time) + " s is out of range");
    trc.first_frame = static_cast<long>(std::llround(frame)) + 1;
  }

  LineReader lines_;
  std::string_view name_;
};

void append_integer(std::string& out, long long x) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
  out.append(buffer, result.ptr);
}

bool valid_rate(double rate) { return rate >= kMinRate && rate <= kMaxRate; }

void validate(const TrcFile& trc) {
  const std::string what = "format_trc: ";
  if (trc.marker_names.empty()) throw InvalidArgument(what + "no markers");
  std::unordered_map<std::string_view, std::size_t> seen;
  for (std::size_t i = 0; i < trc.marker_names.size(); ++i) {
    const std::string& name = trc.marker_names[i];
    // The reader splits on tabs and line ends and trims spaces, so such names would not read back.
    if (name.empty() || name.find_first_of("\t\r\n") != std::string::npos || name.front() == ' ' ||
        name.back() == ' ')
      throw InvalidArgument(what + "marker " + std::to_string(i + 1) + " has an unusable name " + quote(name) +
                            " (empty, tab or line break inside, or spaces around it)");
    if (!seen.emplace(name, i).second) throw InvalidArgument(what + "marker name " + quote(name) + " is used twice");
  }
  if (trc.points.cols() != static_cast<Eigen::Index>(3 * trc.marker_names.size()))
    throw InvalidArgument(what + "points has " + std::to_string(trc.points.cols()) + " columns but " +
                          std::to_string(trc.marker_names.size()) + " markers need " +
                          std::to_string(3 * trc.marker_names.size()));
  if (trc.points.rows() == 0) throw InvalidArgument(what + "points has no frames");
  if (!valid_rate(trc.data_rate))
    throw InvalidArgument(what + "data_rate must be between 0.001 and 1000000 Hz, got " +
                          std::to_string(trc.data_rate));
  if (trc.camera_rate != 0.0 && !valid_rate(trc.camera_rate))
    throw InvalidArgument(what + "camera_rate must be 0 (same as data_rate) or between 0.001 and 1000000 Hz, got " +
                          std::to_string(trc.camera_rate));
  const std::string units = lower(trc.units);
  if (units != "mm" && units != "cm" && units != "m")
    throw InvalidArgument(what + "units must be mm, cm or m, got " + quote(trc.units));
  if (!(std::fabs(static_cast<double>(trc.first_frame) - 1.0) <= kMaxFrame))
    throw InvalidArgument(what + "first_frame " + std::to_string(trc.first_frame) + " is out of range");
  const double* data = trc.points.data();
  for (Eigen::Index i = 0; i < trc.points.size(); ++i)
    if (std::isinf(data[i]))
      throw InvalidArgument(what + "points holds an infinite value at frame " +
                            std::to_string(i / trc.points.cols()) + ", column " +
                            std::to_string(i % trc.points.cols()));
}

std::string format(const TrcFile& trc, std::string_view file_name) {
  validate(trc);
  const Eigen::Index rows = trc.points.rows();
  const std::size_t markers = trc.marker_names.size();
  const double camera_rate = trc.camera_rate == 0.0 ? trc.data_rate : trc.camera_rate;

  std::string out;
  // ~12 characters per coordinate in practice (shortest round-trip digits of mm values); a guess, not a limit.
  out.reserve(static_cast<std::size_t>(rows) * (markers * 3 * 12 + 32) + markers * 24 + 256);
  out += "PathFileType\t4\t(X/Y/Z)";
  if (!file_name.empty() && file_name.find_first_of("\t\r\n") == std::string_view::npos) {
    out += '\t';
    out += file_name;
  }
  out += '\n';
  for (std::size_t i = 0; i < std::size(kHeaderKeys); ++i) {
    if (i) out += '\t';
    out += kHeaderKeys[i];
  }
  out += '\n';
  append_number(out, trc.data_rate);
  out += '\t';
  append_number(out, camera_rate);
  out += '\t';
  append_integer(out, rows);
  out += '\t';
  append_integer(out, static_cast<long long>(markers));
  out += '\t';
  out += lower(trc.units);
  out += '\t';
  append_number(out, trc.data_rate);
  out += '\t';
  append_integer(out, trc.first_frame);
  out += '\t';
  append_integer(out, rows);
  out += "\nFrame#\tTime";
  for (const std::string& name : trc.marker_names) {
    out += '\t';
    out += name;
    out += "\t\t";
  }
  out += "\n\t";
  for (std::size_t m = 1; m <= markers; ++m) {
    const std::string index = std::to_string(m);
    out += "\tX" + index + "\tY" + index + "\tZ" + index;
  }
  out += "\n\n";  // OpenSim writes (and tolerates) a blank line before the data, as in gait2354's files

  for (Eigen::Index r = 0; r < rows; ++r) {
    const long long frame = static_cast<long long>(trc.first_frame) + r;
    append_integer(out, frame);
    out += '\t';
    append_number(out, static_cast<double>(frame - 1) / trc.data_rate);
    const double* xyz = trc.points.row(r).data();
    for (std::size_t m = 0; m < markers; ++m, xyz += 3) {
      // Missing markers are blank cells, all three together (the reader blanks a marker with any blank cell).
      if (std::isnan(xyz[0]) || std::isnan(xyz[1]) || std::isnan(xyz[2])) {
        out += "\t\t\t";
        continue;
      }
      for (int k = 0; k < 3; ++k) {
        out += '\t';
        append_number(out, xyz[k]);
      }
    }
    out += '\n';
  }
  return out;
}

}  // namespace

TrcFile parse_trc(std::string_view text, std::string_view name) {
  return TrcParser(without_bom(text), name).parse();
}

TrcFile read_trc(const std::filesystem::path& path) { return parse_trc(detail::read_file(path), path.string()); }

std::string format_trc(const TrcFile& trc) { return format(trc, {}); }

void write_trc(const std::filesystem::path& path, const TrcFile& trc) {
  detail::write_file_atomically(path, format(trc, path.filename().string()));
}

}  // namespace gaitchain::io
