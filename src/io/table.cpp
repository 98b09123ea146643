// OpenSim .mot/.sto tables: reader and writer (see gaitchain/io/table.hpp).
//
// Header lines run up to a line holding only "endheader". The first line is the table's name unless it is a
// key=value line; key=value lines are metadata; other lines are free text and are dropped (IK results carry
// "Units are S.I. units (second, meters, Newtons, ...)" and the like). Then comes the column names line, which
// starts with "time", and one row per sample. Cells are separated by tabs; files without a tab in their column
// names line (SIMM-era) are read as separated by runs of spaces.
#include "gaitchain/io/table.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "files.hpp"
#include "text.hpp"
#include "gaitchain/core/error.hpp"

namespace gaitchain::io {
namespace {

using namespace detail;

// The table name from the first line: without spaces, tabs or byte order marks around it (any number of them,
// so that the name the writer puts at the start of a file reads back the same).
std::string_view clean_name(std::string_view line) {
  std::string_view name = trim(line);
  while (name.substr(0, 3) == kBom) name = trim(name.substr(3));
  return name;
}

// The key of a key=value header line, or empty if the line is not one (no '=', or nothing before it).
std::string_view header_key(std::string_view line) {
  const std::size_t eq = line.find('=');
  return eq == std::string_view::npos ? std::string_view{} : trim(line.substr(0, eq));
}

// Header keys the reader consumes and the writer derives from the data.
bool is_row_count_key(std::string_view key) { return iequals(key, "nRows") || iequals(key, "datarows"); }
bool is_derived_key(std::string_view key) {
  return is_row_count_key(key) || iequals(key, "nColumns") || iequals(key, "datacolumns") ||
         iequals(key, "inDegrees");
}

class TableParser {
 public:
  TableParser(std::string_view text, std::string_view name) : lines_(text), name_(name) {}

  Table parse() {
    Table table;
    parse_header(table);
    parse_column_names(table);
    parse_rows(table);
    return table;
  }

 private:
  [[noreturn]] void fail(std::size_t line, const std::string& message) const {
    throw ParseError::at_line(name_, line, message);
  }

  void parse_header(Table& table) {
    if (lines_.rest().empty()) fail(1, "the file is empty; expected an OpenSim table header ending with 'endheader'");
    std::string_view line;
    while (lines_.next(line)) {
      const std::string_view text = trim(line);  // headers often carry trailing tabs (subject01_walk1_grf.mot)
      if (iequals(text, "endheader")) return;
      const std::string_view key = header_key(text);
      if (key.empty()) {
        // Not key=value: the first line is the name, later ones are free text.
        if (lines_.number() == 1) table.name = std::string(clean_name(text));
        continue;
      }
      const std::string_view value = trim(text.substr(text.find('=') + 1));
      if (is_row_count_key(key)) {
        long long n = -1;
        const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
        if (ec != std::errc() || ptr != value.data() + value.size() || n < 0)
          fail(lines_.number(), std::string(key) + " must be a whole number of rows, found " + quote(value));
        declared_rows_ = n;
        declared_rows_line_ = lines_.number();
      } else if (iequals(key, "inDegrees")) {
        if (iequals(value, "yes") || iequals(value, "y") || iequals(value, "true")) {
          table.in_degrees = true;
        } else if (iequals(value, "no") || iequals(value, "n") || iequals(value, "false")) {
          table.in_degrees = false;
        } else {
          fail(lines_.number(), "inDegrees must be yes or no, found " + quote(value));
        }
      } else if (iequals(key, "nColumns") || iequals(key, "datacolumns")) {
        // Not checked: OpenSim itself writes wrong counts (Moco's coordinates.sto says nColumns=40 over 32
        // columns); the column names line is the truth.
      } else {
        if (iequals(key, "DataType") && !iequals(value, "double"))
          fail(lines_.number(), "DataType=" + std::string(value) +
                                    " tables (several numbers per cell) are not supported; expected DataType=double");
        table.metadata.emplace_back(std::string(key), std::string(value));
      }
    }
    fail(lines_.number() + 1, "the file ends without an 'endheader' line closing the header");
  }

  // Cells of a row or of the column names line. Tab-separated (spaces around cells trimmed), or separated by runs
  // of spaces and tabs when the column names line has no tab.
  template <typename F>
  void for_each_cell(std::string_view line, F&& f) const {
    const char* p = line.data();
    const char* const end = p + line.size();
    if (tabs_) {
      while (true) {
        const char* tab = static_cast<const char*>(std::memchr(p, '\t', static_cast<std::size_t>(end - p)));
        f(std::string_view(p, static_cast<std::size_t>((tab ? tab : end) - p)));
        if (!tab) return;
        p = tab + 1;
      }
    }
    while (true) {
      while (p != end && (*p == ' ' || *p == '\t')) ++p;
      if (p == end) return;
      const char* b = p;
      while (p != end && *p != ' ' && *p != '\t') ++p;
      f(std::string_view(b, static_cast<std::size_t>(p - b)));
    }
  }

  // Number of cells in a line, not counting empty cells left by trailing tabs.
  std::size_t count_cells(std::string_view line) const {
    std::size_t n = 0, non_empty = 0;
    for_each_cell(line, [&](std::string_view cell) {
      ++n;
      if (!is_blank(cell)) non_empty = n;
    });
    return non_empty;
  }

  void parse_column_names(Table& table) {
    std::string_view line;
    do {
      if (!lines_.next(line))
        fail(lines_.number() + 1,
             "the file ends after 'endheader'; expected the column names line starting with 'time'");
    } while (is_blank(line));
    names_line_ = lines_.number();
    tabs_ = line.find('\t') != std::string_view::npos;
    std::vector<std::string_view> names;
    for_each_cell(line, [&](std::string_view cell) { names.push_back(trim(cell, " ")); });
    while (!names.empty() && names.back().empty()) names.pop_back();  // trailing tabs
    if (names.empty() || !iequals(names[0], "time"))
      fail(names_line_, "expected the column names line to start with 'time', found " + quote(line));
    for (std::size_t i = 1; i < names.size(); ++i)
      if (names[i].empty()) fail(names_line_, "column " + std::to_string(i + 1) + " has no name");
    // Duplicated names are kept as written: old GRF files repeat them per plate and OpenSim reads those too.
    table.column_names.assign(names.begin() + 1, names.end());
  }

  [[noreturn]] void fail_width(const Table& table, std::string_view line) const {
    fail(lines_.number(), "row has " + std::to_string(count_cells(line)) + " cells but the column names line (line " +
                              std::to_string(names_line_) + ") names " +
                              std::to_string(table.column_names.size() + 1) + " columns (time and " +
                              std::to_string(table.column_names.size()) + " values)");
  }

  std::string describe_column(const Table& table, std::size_t column) const {
    return "column " + std::to_string(column + 1) + " (" +
           (column == 0 ? std::string("time") : quote(table.column_names[column - 1])) + ")";
  }

  // Parses one row into `out`; returns its time.
  double parse_row(const Table& table, std::string_view line, double* out) const {
    const std::size_t expected = table.column_names.size() + 1;
    // A row needs at least expected - 1 separators: reject short lines before writing anything.
    if (line.size() + 1 < expected) fail_width(table, line);
    double time = 0.0;
    std::size_t column = 0;
    for_each_cell(line, [&](std::string_view cell) {
      if (column < expected) {
        double value = 0.0;
        const Cell kind = parse_cell(cell, value);
        // Blank cells are refused, not read as NaN: OpenSim writes "NaN" and cannot read blanks either, and in
        // rows that end with a tab (test_small.mot) a blank last cell is what a row that lost a cell looks like.
        if (kind == Cell::bad || kind == Cell::out_of_range || kind == Cell::blank)
          fail(lines_.number(), describe_column(table, column) + ": expected a number" +
                                    (column ? " or NaN" : "") + ", found " +
                                    (kind == Cell::blank ? std::string("a blank cell") : quote(cell)) +
                                    (kind == Cell::out_of_range ? " (out of the range of a double)" : ""));
        if (column == 0) {
          if (!std::isfinite(value))
            fail(lines_.number(), describe_column(table, 0) + ": expected a finite time, found " + quote(cell));
          time = value;
        } else {
          out[column - 1] = value;
        }
      } else if (!is_blank(cell)) {
        fail_width(table, line);  // too many cells; empty ones from trailing tabs are fine
      }
      ++column;
    });
    if (column < expected) fail_width(table, line);
    return time;
  }

  void parse_rows(Table& table) {
    const auto columns = static_cast<Eigen::Index>(table.column_names.size());
    // Capacity from the text actually present (never from nRows): no more rows than lines, each row at least
    // `columns + 1` bytes. Grows by doubling if short; trimmed at the end.
    const std::string_view rest = lines_.rest();
    Eigen::Index capacity =
        static_cast<Eigen::Index>(std::min(count_lines(rest), rest.size() / (table.column_names.size() + 1) + 1));
    table.values.resize(capacity, columns);
    table.time.reserve(static_cast<std::size_t>(capacity));
    Eigen::Index rows = 0;
    std::string_view line;
    while (lines_.next(line)) {
      if (is_blank(line)) continue;
      if (rows == capacity) {
        capacity *= 2;
        table.values.conservativeResize(capacity, Eigen::NoChange);
      }
      table.time.push_back(parse_row(table, line, table.values.data() + rows * columns));
      ++rows;
    }
    if (rows == 0) fail(lines_.number() + 1, "no data rows after the column names line");
    table.values.conservativeResize(rows, Eigen::NoChange);
    if (declared_rows_ && *declared_rows_ != rows)
      fail(declared_rows_line_, "the header declares " + std::to_string(*declared_rows_) + " rows but the file has " +
                                    std::to_string(rows) + " (truncated or edited file?)");
  }

  LineReader lines_;
  std::string_view name_;
  std::optional<long long> declared_rows_;
  std::size_t declared_rows_line_ = 0;
  std::size_t names_line_ = 0;
  bool tabs_ = true;
};

// Tables write NaN as "NaN" (OpenSim reads no blank cells).
void append_cell(std::string& out, double x) {
  if (std::isnan(x)) out += "NaN";
  else append_number(out, x);
}

// True if `s` reads back unchanged from a header line or cell: no line breaks, no spaces or tabs around it.
bool survives_trim(std::string_view s) {
  return s.find_first_of("\r\n") == std::string_view::npos && trim(s) == s;
}

void validate(const Table& table) {
  const std::string what = "format_table: ";
  if (clean_name(table.name) != table.name || table.name.find_first_of("\r\n") != std::string::npos ||
      !header_key(table.name).empty() || iequals(table.name, "endheader"))
    throw InvalidArgument(what + "the name " + quote(table.name) +
                          " would not read back (line break, key=value form, spaces around it, or 'endheader')");
  for (const auto& [key, value] : table.metadata) {
    if (key.empty() || !survives_trim(key) || key.find('=') != std::string::npos || !survives_trim(value))
      throw InvalidArgument(what + "metadata " + quote(key) + "=" + quote(value) +
                            " would not read back (empty key, '=' in the key, line break, or spaces around)");
    if (is_derived_key(key))
      throw InvalidArgument(what + "metadata key " + quote(key) +
                            " is written from the data (nRows, nColumns, inDegrees); remove it");
    if (iequals(key, "DataType") && !iequals(value, "double"))
      throw InvalidArgument(what + "DataType must be double, got " + quote(value));
  }
  for (std::size_t i = 0; i < table.column_names.size(); ++i) {
    const std::string& name = table.column_names[i];
    if (name.empty() || !survives_trim(name) || name.find('\t') != std::string::npos)
      throw InvalidArgument(what + "column " + std::to_string(i + 1) + " has an unusable name " + quote(name) +
                            " (empty, tab or line break inside, or spaces around it)");
  }
  if (table.values.cols() != static_cast<Eigen::Index>(table.column_names.size()))
    throw InvalidArgument(what + "values has " + std::to_string(table.values.cols()) + " columns but there are " +
                          std::to_string(table.column_names.size()) + " column names");
  if (table.values.rows() != static_cast<Eigen::Index>(table.time.size()))
    throw InvalidArgument(what + "values has " + std::to_string(table.values.rows()) + " rows but time has " +
                          std::to_string(table.time.size()));
  if (table.time.empty()) throw InvalidArgument(what + "the table has no rows");
  for (std::size_t r = 0; r < table.time.size(); ++r)
    if (!std::isfinite(table.time[r]))
      throw InvalidArgument(what + "time of row " + std::to_string(r) + " is not a finite number");
}

}  // namespace

Table parse_table(std::string_view text, std::string_view name) {
  return TableParser(without_bom(text), name).parse();
}

Table read_table(const std::filesystem::path& path) { return parse_table(detail::read_file(path), path.string()); }

std::string format_table(const Table& table) {
  validate(table);
  const std::size_t rows = table.time.size();
  const std::size_t columns = table.column_names.size();
  std::string out;
  out.reserve(rows * (columns + 1) * 14 + 512);
  out += table.name;
  out += '\n';
  // OpenSim's Storage treats a .mot without a version line as a SIMM file and forces degrees: always write one.
  const bool has_version = std::any_of(table.metadata.begin(), table.metadata.end(),
                                       [](const auto& kv) { return iequals(kv.first, "version"); });
  if (!has_version) out += "version=1\n";
  out += "nRows=" + std::to_string(rows) + "\n";
  out += "nColumns=" + std::to_string(columns + 1) + "\n";
  out += table.in_degrees ? "inDegrees=yes\n" : "inDegrees=no\n";
  for (const auto& [key, value] : table.metadata) out += key + "=" + value + "\n";
  out += "endheader\ntime";
  for (const std::string& name : table.column_names) {
    out += '\t';
    out += name;
  }
  out += '\n';
  for (std::size_t r = 0; r < rows; ++r) {
    append_cell(out, table.time[r]);
    const double* row = table.values.data() + r * columns;
    for (std::size_t c = 0; c < columns; ++c) {
      out += '\t';
      append_cell(out, row[c]);
    }
    out += '\n';
  }
  return out;
}

void write_table(const std::filesystem::path& path, const Table& table) {
  detail::write_file_atomically(path, format_table(table));
}

}  // namespace gaitchain::io
