#pragma once
// OpenSim tables: .mot and .sto files (joint angles, ground reaction forces, states), old SIMM-style
// headers (nRows/nColumns) and version=1 headers alike, in degrees or radians.
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gaitchain/core/trial.hpp"

namespace gaitchain::io {

struct Table {
  std::string name;                        // first header line (OpenSim's table name); may be empty
  std::vector<std::string> column_names;   // the data columns after "time", as written
  std::vector<double> time;                // s, one per row
  CoordinateArray values;                  // rows x columns, as stored (degrees when in_degrees)
  bool in_degrees = false;                 // header inDegrees=yes
  // Every other key=value header line in file order (version, OpenSimVersion, DataRate, ...), without
  // nRows/nColumns/datarows/datacolumns/inDegrees, which the writer derives from the data.
  std::vector<std::pair<std::string, std::string>> metadata;
};

// Parses MOT/STO text held in memory. `name` (usually the path) is used in error messages. Throws
// ParseError naming the line: missing endheader, no time column, rows of the wrong width, non-numeric
// cells, row counts that disagree with nRows.
Table parse_table(std::string_view text, std::string_view name);

// Reads a file; IoError if it cannot be opened, ParseError if it is malformed.
Table read_table(const std::filesystem::path& path);

// Text of a .mot/.sto file in the layout OpenSim 4 reads (name line, version=1, nRows, nColumns,
// inDegrees, metadata, endheader, tab-separated header row starting with "time"). InvalidArgument if
// the table is inconsistent.
std::string format_table(const Table& table);

// Writes format_table(table) through a temporary file and a rename. IoError on failure.
void write_table(const std::filesystem::path& path, const Table& table);

}  // namespace gaitchain::io
